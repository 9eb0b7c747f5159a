import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_ROUTES, PROTOCOL_VERSION, type RedeemResponse } from '../src/core';
import { axeViolations } from './axe';
import { launchChromium, pairFromDevicesPage, signInWithLink, startServer } from './harness';

// Devices that tell the truth (issue 14): a watch paired through the real API and syncing the way
// its phone relays it (POST /v1/sync with the watch's credential, pull only) shows a recent last
// contact and its pending changes; it is renamed in place (a blank name refused in the app's
// words, the new name still there after a reload), revoked, then removed from the list. axe-core
// runs on each state at desktop and phone width.

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  await signInWithLink(server, page);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

async function goToDevices() {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Devices', exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Devices' }).waitFor();
}

/** Opens the page again (it lists the devices at once, without waiting for its 5 s refresh). */
async function reopenDevices() {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Overview', exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  await goToDevices();
}

async function expectNoAxeViolations() {
  expect(await axeViolations(page)).toEqual([]);
}

/** axe at desktop width, then at 390 px, then back. */
async function expectAccessibleAtBothWidths() {
  await expectNoAxeViolations();
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoAxeViolations();
  await page.setViewportSize({ width: 1280, height: 800 });
}

let watch: RedeemResponse;

describe('the devices page', () => {
  it('shows a watch syncing through its phone as in contact just now, with its waiting changes', async () => {
    await goToDevices();
    // paired as a person does it: a code from the page, typed into the phone (the real redeem API)
    watch = await pairFromDevicesPage(page, server.url, { deviceKind: 'watch' });
    await page.getByRole('button', { name: 'Done' }).click();
    await reopenDevices();

    const row = page.getByTestId(`device-${watch.deviceId}`);
    await row.getByText('Never in contact yet').waitFor();
    expect(await row.getByText('Connected now').count()).toBe(0);

    // the phone pulls for its watch with the watch's credential and says 2 changes still wait
    const pulled = await fetch(`${server.url}${HTTP_ROUTES.sync}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Device ${watch.deviceId}:${watch.secret}`,
      },
      body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, cursor: 0, outboxSize: 2 }),
    });
    expect(pulled.status).toBe(200);
    await reopenDevices();
    await row.getByTestId('last-contact').filter({ hasText: 'Last contact just now' }).waitFor();
    await row.getByText('Connected now', { exact: true }).waitFor();
    expect(await row.getByTestId('pending').textContent()).toBe(
      '2 changes waiting on the watch (as of just now)',
    );
    expect(await row.textContent()).not.toMatch(/not connected|never/i);
    await expectAccessibleAtBothWidths();
  });

  it('renames it in place, refuses a blank name in its own words, and keeps the name after a reload', async () => {
    const row = page.getByTestId(`device-${watch.deviceId}`);
    await row.getByRole('button', { name: 'Rename watch' }).click();
    const input = row.getByRole('textbox', { name: 'Name for this watch' });
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);

    await input.fill('    ');
    await row.getByRole('button', { name: 'Save' }).click();
    await row.getByRole('alert').filter({ hasText: 'Please give the device a name.' }).waitFor();
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    await expectAccessibleAtBothWidths();

    // Escape leaves the name as it was, and focus on Rename
    await input.press('Escape');
    await row
      .getByTestId('device-name')
      .filter({ hasText: /^watch$/ })
      .waitFor();
    expect(
      await row.getByRole('button', { name: 'Rename watch' }).evaluate((el) => el === document.activeElement),
    ).toBe(true);

    await row.getByRole('button', { name: 'Rename watch' }).click();
    await input.fill('  Kitchen watch ');
    await input.press('Enter');
    await row
      .getByTestId('device-name')
      .filter({ hasText: /^Kitchen watch$/ })
      .waitFor();
    expect(
      await row
        .getByRole('button', { name: 'Rename Kitchen watch' })
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Devices' }).waitFor();
    await row
      .getByTestId('device-name')
      .filter({ hasText: /^Kitchen watch$/ })
      .waitFor();
  });

  it('revokes it, then removes the revoked row after the confirmation', async () => {
    const row = page.getByTestId(`device-${watch.deviceId}`);
    await row.getByRole('button', { name: 'Revoke Kitchen watch' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await row.getByText('Revoked', { exact: true }).waitFor();
    expect(await row.getByText('Connected now').count()).toBe(0);
    await expectAccessibleAtBothWidths();

    // the confirmation at phone width: Escape keeps the row
    await page.setViewportSize({ width: 390, height: 844 });
    const remove = row.getByRole('button', { name: 'Remove from list: Kitchen watch' });
    await remove.click();
    const dialog = page.getByRole('dialog', { name: 'Remove Kitchen watch from the list?' });
    await dialog.waitFor();
    await expectNoAxeViolations();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await remove.waitFor();

    await page.setViewportSize({ width: 1280, height: 800 });
    await remove.click();
    await dialog.waitFor();
    await expectNoAxeViolations();
    await dialog.getByRole('button', { name: 'Remove from list' }).click();
    await row.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Devices' }).waitFor();
    await page
      .getByTestId('device-table')
      .or(page.getByText('No devices yet. Pair your watch above.'))
      .waitFor();
    expect(await row.count()).toBe(0);
    await expectAccessibleAtBothWidths();

    // its old credential still hears why it stopped working
    const again = await fetch(`${server.url}${HTTP_ROUTES.sync}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Device ${watch.deviceId}:${watch.secret}`,
      },
      body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, cursor: 0 }),
    });
    expect(again.status).toBe(403);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('deviceRevoked');
  });
});
