import { buildSession } from '@unknot/stretch-model/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSessionNote } from '../src/core';
import { axeViolations } from './axe';
import {
  connectDevice,
  type FakeDevice,
  launchChromium,
  pairFromDevicesPage,
  signInWithLink,
  startServer,
} from './harness';

const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';

// Notes and where it hurts (issue 16), in Chromium against the real server: a watch's session
// arrives, the person adds a note and two areas in History, the watch pulls exactly that note;
// a reload still shows it; the edit form and the saved note have no axe violations at 1280 and
// 390 px.

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watch: FakeDevice;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  await signInWithLink(server, page);
  // a watch paired with a code from the Devices page, as a person does it
  await go('Devices');
  watch = await connectDevice(
    server.url,
    await pairFromDevicesPage(page, server.url, { deviceKind: 'watch' }),
  );
});

afterAll(async () => {
  watch?.close();
  await context?.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

async function go(label: string) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

async function expectAccessibleAtBothWidths() {
  expect(await axeViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await axeViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('notes and where it hurts', () => {
  it('a note added in History reaches the watch, stays after a reload, and is accessible', async () => {
    const startedAt = Date.now() - 2 * 3_600_000;
    const session = buildSession({
      id: `${watch.deviceId}:s${startedAt}`,
      deviceId: watch.deviceId,
      routineName: 'Desk break',
      startedAt,
      endedAt: startedAt + 4 * 60_000,
    });
    expect(watch.replica.record('session.finished', session).ok).toBe(true);
    await watch.sync();

    await go('History');
    const row = page.getByTestId('session-list').getByRole('listitem').filter({ hasText: 'Desk break' });
    await row.getByText('Desk break').click();
    await row.getByRole('button', { name: 'Add a note' }).click();
    const text = row.getByRole('textbox', { name: 'Note' });
    await text.fill('Stiff after a long meeting');
    await row.getByText('26 of 280 characters').waitFor();
    await row.getByRole('checkbox', { name: 'Lower back' }).check();
    await row
      .getByRole('radiogroup', { name: 'Lower back: side' })
      .getByRole('radio', { name: 'Left' })
      .check();
    await row.getByRole('checkbox', { name: 'Shoulder' }).check();
    await row
      .getByRole('radiogroup', { name: 'Shoulder: side' })
      .getByRole('radio', { name: 'Right' })
      .check();
    await expectAccessibleAtBothWidths();
    await page.setViewportSize({ width: 390, height: 844 });
    if (SCREENSHOTS)
      await row.getByRole('form').screenshot({
        path: new URL('../docs/history-note-editor-phone.png', import.meta.url).pathname,
      });
    await page.setViewportSize({ width: 1280, height: 800 });
    await row.getByRole('button', { name: 'Save note' }).click();
    await row.getByRole('status').filter({ hasText: 'Note saved.' }).waitFor();
    await expect
      .poll(() => row.getByTestId('note-hint').textContent())
      .toBe('“Stiff after a long meeting” · Where it hurt: Lower back (left), Shoulder (right)');
    await expectAccessibleAtBothWidths();

    // the watch pulls exactly that note through the real server
    const expected = {
      sessionId: session.id,
      note: 'Stiff after a long meeting',
      areas: [
        { area: 'lowerBack', side: 'left' },
        { area: 'shoulder', side: 'right' },
      ],
    };
    await expect
      .poll(
        async () => {
          await watch.sync();
          return getSessionNote(watch.replica.state(), session.id);
        },
        { timeout: 10_000 },
      )
      .toEqual(expected);

    // after a reload the note is still there
    await page.reload();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await go('History');
    const again = page.getByTestId('session-list').getByRole('listitem').filter({ hasText: 'Desk break' });
    await again.getByTestId('note-hint').filter({ hasText: 'Stiff after a long meeting' }).waitFor();
    await again.getByText('Desk break').click();
    await again
      .getByTestId('session-note')
      .filter({ hasText: 'Where it hurt: Lower back (left), Shoulder (right)' })
      .waitFor();
    if (SCREENSHOTS)
      await again.screenshot({ path: new URL('../docs/history-note-desktop.png', import.meta.url).pathname });
  });
});
