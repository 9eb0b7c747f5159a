import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildSession, holdResult } from '@unknot/stretch-model/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../src/i18n/catalogs/en-US.json';
import { ROUTES } from '../src/routing/router';
import { axeViolations } from './axe';
import { connectDevice, launchChromium, pairFromDevicesPage, signInWithLink, startServer } from './harness';

// The product around the rules (issue 14): the first-run setup, editors that refuse what cannot
// work in the app's own words, routines made, copied, deleted and reset, and the small things
// (not-found page, page titles, the current tab in view at phone width). One server, one account:
// the first-run test comes first, while the account has no plan yet.

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

/** The zone the first-run test saves as the plan's home zone. */
const PLAN_ZONE = 'America/Los_Angeles';

/** A zone's UTC offset at an instant, read from Intl (not from the code under test). */
function zoneOffsetMinutes(timeZone: string, at: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name ?? '');
  if (!m) throw new Error(`no offset for ${timeZone}: ${name}`);
  return m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** A fresh browser profile signed in with a new one-time link. */
async function signedIn(
  options: { timezoneId?: string; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    ...options,
  });
  contexts.push(context);
  const page = await context.newPage();
  await signInWithLink(server, page);
  return page;
}

async function go(page: Page, label: string) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

/** No validator text ever reaches the person. */
async function expectOwnWords(page: Page) {
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text).not.toMatch(/Invalid (length|integer|type)|Expected|Received/);
}

describe('first run, in a browser in Los Angeles', () => {
  it('offers the setup once, takes the browser’s zone, and saves plan and reminders', async () => {
    const page = await signedIn({ timezoneId: PLAN_ZONE });
    const setup = page.getByTestId('first-run');
    await setup.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await setup.getByLabel('Your time zone').inputValue()).toBe('America/Los_Angeles');
    // weekdays only, the desk break as the daily routine
    await setup.getByRole('checkbox', { name: 'Saturday' }).uncheck();
    await setup.getByRole('checkbox', { name: 'Sunday' }).uncheck();
    await setup.getByLabel('Daily routine').selectOption({ label: 'Desk break: upper back' });
    // a window that ends before it starts is refused until it is said to be overnight
    await setup.getByLabel('From').fill('17:00');
    await setup.getByLabel('Until').fill('08:00');
    await setup.getByRole('button', { name: 'Save and start' }).click();
    await setup.getByText('This window ends before it starts.', { exact: false }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await setup.getByLabel('Until').fill('18:30');
    await setup.getByLabel('From').fill('08:30');
    await setup.getByRole('button', { name: 'Save and start' }).click();
    await page.getByTestId('first-run-done').waitFor();

    // what it saved shows where it can be changed later
    await go(page, 'Routine');
    expect(await page.getByLabel('Home time zone').inputValue()).toBe('America/Los_Angeles');
    expect(await page.getByLabel('Planned routine').inputValue()).toBe('desk-upper');
    expect(await page.getByRole('checkbox', { name: 'Saturday' }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'Monday' }).isChecked()).toBe(true);
    await go(page, 'Reminders');
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('08:30');
    expect(await page.getByLabel('Until', { exact: true }).inputValue()).toBe('18:30');

    // not offered again: not after a reload, not in another browser of the account
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Reminders' }).waitFor();
    await go(page, 'Overview');
    const other = await signedIn({ timezoneId: 'Europe/Berlin' });
    await other.getByTestId('connection-label').filter({ hasText: 'Online' }).waitFor();
    await other.waitForTimeout(300);
    expect(await other.getByTestId('first-run').count()).toBe(0);
    expect(await page.getByTestId('first-run').count()).toBe(0);
  });
});

describe('the reminders editor refuses what cannot work, in its own words', () => {
  it('from = until, an end before the start (unless overnight), no days, an inverted quiet period, a routine reminder with no time', async () => {
    const page = await signedIn();
    await go(page, 'Reminders');
    const from = page.getByLabel('From', { exact: true });
    const until = page.getByLabel('Until', { exact: true });
    const save = page.getByRole('button', { name: 'Save reminders' });
    const status = page.getByTestId('reminder-status');

    await from.fill('09:00');
    await until.fill('09:00');
    await page
      .getByText('From and until are the same time, so a reminder could never come.', { exact: false })
      .waitFor();
    await save.click();
    await status.filter({ hasText: 'Please fix the highlighted fields first.' }).waitFor();

    await until.fill('07:00');
    await page.getByText('This window ends before it starts.', { exact: false }).waitFor();
    expect(await until.getAttribute('aria-invalid')).toBe('true');
    // a night shift: said to be overnight, it is fine
    await page.getByRole('checkbox', { name: 'Overnight' }).check();
    await page
      .getByText('This window ends before it starts.', { exact: false })
      .waitFor({ state: 'detached' });
    // overnight for hours within one day is refused too
    await from.fill('06:00');
    await until.fill('07:00');
    await page.getByText('An overnight window ends the next day', { exact: false }).waitFor();
    await page.getByRole('checkbox', { name: 'Overnight' }).uncheck();

    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'])
      await page.getByRole('checkbox', { name: day }).uncheck();
    await page.getByText('Pick at least one day when reminders may come.').waitFor();
    await page.getByRole('checkbox', { name: 'Wednesday' }).check();
    await page.getByText('Pick at least one day when reminders may come.').waitFor({ state: 'detached' });

    await page.getByLabel('Quiet 1 from').fill('13:00');
    await page.getByLabel('until', { exact: true }).fill('12:00');
    await page.getByText('This quiet period ends before it starts.', { exact: false }).waitFor();
    await save.click();
    await status.filter({ hasText: 'Please fix the highlighted fields first.' }).waitFor();
    await expectOwnWords(page);
    expect(await axeViolations(page)).toEqual([]);

    // the routine reminder: on without a time is refused in its own words
    const remindRoutine = page.getByRole('checkbox', { name: 'Remind me to do my routine' });
    const routineAt = page.getByLabel('Routine reminder at', { exact: true });
    await remindRoutine.check();
    await routineAt.fill('');
    await page.getByText('Choose a time of day for the routine reminder', { exact: false }).waitFor();
    await save.click();
    await status.filter({ hasText: 'Please fix the highlighted fields first.' }).waitFor();
    await expectOwnWords(page);
    expect(await axeViolations(page)).toEqual([]);

    // fixed, it saves, and the routine reminder is there after a reload
    await routineAt.fill('07:30');
    await page.getByLabel('until', { exact: true }).fill('14:00');
    await save.click();
    await status.filter({ hasText: 'Saved.' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Reminders' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Remind me to do my routine' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Routine reminder at', { exact: true }).inputValue()).toBe('07:30');
  });
});

describe('the routine editor refuses what cannot work, in its own words', () => {
  it('blank and 10,000-character names, 2.5, a cleared rest; no duplicate adds; under a minute', async () => {
    const page = await signedIn();
    await go(page, 'Routine');
    const name = page.getByLabel('Name', { exact: true });
    const save = page.getByRole('button', { name: 'Save routine' });
    const status = page.getByTestId('routine-status');

    await name.fill('    ');
    await page.getByText('Give the routine a name.').waitFor();
    await save.click();
    await status.filter({ hasText: 'Please fix the highlighted fields first.' }).waitFor();
    await name.fill('x'.repeat(10_000));
    await page.getByText('Keep the name to 80 characters or fewer.').waitFor();
    await name.fill('Morning');

    const hold = page.getByTestId('routine-item-0').getByLabel('Hold (seconds)');
    await hold.fill('2.5');
    await page.getByText('Use a whole number of seconds.').waitFor();
    await hold.fill('30');
    await page.getByLabel('Rest between stretches (s)').fill('');
    await page.getByText('Rest between stretches should be 0–60 seconds.').waitFor();
    await expectOwnWords(page);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Rest between stretches (s)').fill('10');

    // the full routine has all six stretches: nothing left to add
    const add = page.getByRole('button', { name: 'Add a stretch' });
    expect(await add.isDisabled()).toBe(true);
    await page.getByText('Every stretch is in this routine already.').waitFor();
    await page
      .getByTestId('routine-item-5')
      .getByRole('button', { name: /^Remove / })
      .click();
    expect(await add.isDisabled()).toBe(false);
    await add.click();
    expect(await add.isDisabled()).toBe(true);

    // one stretch of 10 s: "Under a minute", never "About 0 min"
    for (let i = 1; i < 6; i++)
      await page.getByTestId(`routine-item-${i}`).getByRole('checkbox', { name: 'On' }).uncheck();
    await hold.fill('10');
    await status.filter({ hasText: 'Each run takes under a minute.' }).waitFor();
    expect(await status.textContent()).not.toContain('0 min');
    await page.getByRole('button', { name: 'Undo changes' }).click();
  });
});

describe('routines are made, copied, deleted and reset', () => {
  it('new, duplicate, delete (Escape cancels first), reset to the built-in', async () => {
    const page = await signedIn();
    await go(page, 'Routine');
    const picker = page.getByLabel('Routine', { exact: true });
    const status = page.getByTestId('routine-status');

    await page.getByRole('button', { name: 'New routine' }).click();
    await status.filter({ hasText: 'New routine made.' }).waitFor();
    expect(await picker.locator('option:checked').textContent()).toBe('My routine');
    await page.getByLabel('Name', { exact: true }).fill('Evening unwind');
    await page.getByRole('button', { name: 'Save routine' }).click();
    await status.filter({ hasText: 'Saved.' }).waitFor();

    await page.getByRole('button', { name: 'Duplicate' }).click();
    await status.filter({ hasText: 'Made a copy of “Evening unwind”.' }).waitFor();
    expect(await picker.locator('option:checked').textContent()).toBe('Copy of Evening unwind');
    const names = async () => picker.locator('option').allTextContents();
    expect(await names()).toEqual(expect.arrayContaining(['Evening unwind', 'Copy of Evening unwind']));

    // delete asks first; Escape cancels and focus goes back to the button
    const del = page.getByRole('button', { name: 'Delete routine' });
    await del.click();
    const dialog = page.getByRole('dialog', { name: 'Delete “Copy of Evening unwind”?' });
    await dialog.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.textContent === 'Delete routine');
    expect(await names()).toContain('Copy of Evening unwind');
    await del.click();
    await dialog.getByRole('button', { name: 'Delete routine' }).click();
    await status.filter({ hasText: '“Copy of Evening unwind” was deleted.' }).waitFor();
    expect(await names()).not.toContain('Copy of Evening unwind');
    expect(await names()).toContain('Evening unwind');

    // a built-in is never deleted, only reset — and only once it has changes of its own
    await picker.selectOption({ label: 'Full back routine' });
    const reset = page.getByRole('button', { name: 'Reset to built-in' });
    expect(await reset.isDisabled()).toBe(true);
    const hold = page.getByTestId('routine-item-0').getByLabel('Hold (seconds)');
    await hold.fill('45');
    await page.getByRole('button', { name: 'Save routine' }).click();
    await status.filter({ hasText: 'Saved.' }).waitFor();
    expect(await names()).toContain('Full back routine (edited)');
    await reset.click();
    const resetDialog = page.getByRole('dialog', { name: 'Reset “Full back routine”?' });
    await resetDialog.getByRole('button', { name: 'Reset routine' }).click();
    await status.filter({ hasText: 'is back to the built-in version.' }).waitFor();
    expect(await hold.inputValue()).toBe('30');
    expect(await names()).not.toContain('Full back routine (edited)');
  });
});

describe('details', () => {
  it('unknown addresses get a not-found page; every page has its own title', async () => {
    const page = await signedIn();
    for (const route of ROUTES) {
      const label = en[route.label]; // the route's name in en-US (ROUTES hold catalog keys)
      await go(page, label);
      await expect.poll(() => page.title(), { timeout: 2000 }).toBe(`${label} · Unknot`);
    }
    await page.goto(`${server.url}/no-such-page`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor({ timeout: 5000 });
    expect(await page.title()).toBe('Page not found · Unknot');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Go to the overview' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  });

  it('the pain chart shows a single rating as a point, "over 1 rated session"', async () => {
    const page = await signedIn();
    await go(page, 'Devices');
    const device = await connectDevice(server.url, await pairFromDevicesPage(page, server.url, 'Pain watch'));
    try {
      const endedAt = Date.now() - 60_000;
      const rec = device.replica.record(
        'session.finished',
        buildSession({
          deviceId: device.deviceId,
          startedAt: endedAt - 5 * 60_000,
          endedAt,
          // in the plan's zone (the first-run test saved Los Angeles): recorded in UTC, the
          // session's own day is tomorrow there from 00:00 to 08:00 UTC, past the range's end
          timeZone: PLAN_ZONE,
          utcOffsetMinutes: zoneOffsetMinutes(PLAN_ZONE, endedAt - 5 * 60_000),
          painBefore: 5,
          painAfter: 3,
          stretches: [holdResult('upper-back', 30, 30)],
        }),
      );
      expect(rec.ok).toBe(true);
      await device.sync();
      await go(page, 'Pain');
      await page.getByText('eased on average, over 1 rated session', { exact: true }).waitFor();
      // one point per series (before, after), drawn as dots since a line needs two
      await page.locator('.recharts-line-dot').first().waitFor();
      expect(await page.locator('.recharts-line-dot').count()).toBeGreaterThanOrEqual(2);
    } finally {
      device.close();
    }
  });

  it('at 390 px the current page’s tab is scrolled into view', async () => {
    const page = await signedIn({ viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/export`);
    await page.getByRole('heading', { level: 1, name: 'Export' }).waitFor();
    const tab = page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Export', exact: true });
    await expect
      .poll(async () => {
        const box = await tab.boundingBox();
        return box !== null && box.x >= 0 && box.x + box.width <= 390;
      })
      .toBe(true);
    // the pages this work touched, at phone width, with no axe violation
    for (const label of ['Routine', 'Reminders', 'Pain', 'Overview']) {
      await go(page, label);
      expect(await axeViolations(page), label).toEqual([]);
    }
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('dialog', { name: 'Sign out?' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
  });
});
