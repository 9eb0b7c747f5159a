import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSession } from '@unknot/stretch-model/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../src/i18n/catalogs/en-US.json';
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
const DOCS = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs');

// The dashboard in its four languages (issue 15), in Chromium against the real server: one
// server, one browser, one account with one session from a paired watch (Tue 3 Nov 2026, 09:30
// in Berlin, pain 6 → 4). Each language gets a fresh browser profile whose `navigator.languages`
// asks for it; Overview, History and the plan editor then speak it, with its dates and numbers,
// `<html lang>` set, no catalog key left on the page, and no axe violations.

/** What each language must say, written out by hand (not taken from the catalogs). */
const EXPECT = {
  'en-US': {
    overview: 'Overview',
    history: 'History',
    routine: 'Routine',
    plan: 'Your plan',
    pain: 'Pain',
    navHistory: 'History',
    // the day filter's count line, with the long date
    dayLine: '1 session on Tuesday, November 3, 2026',
    // the session's start in the list (weekday, date, time)
    when: 'Tue, Nov 3, 2026, 9:30 AM',
    painBefore: '6.0',
  },
  'de-DE': {
    overview: 'Übersicht',
    history: 'Verlauf',
    routine: 'Routine',
    plan: 'Dein Plan',
    pain: 'Schmerz',
    navHistory: 'Verlauf',
    dayLine: '1 Einheit am Dienstag, 3. November 2026',
    when: 'Di., 3. Nov. 2026, 09:30',
    painBefore: '6,0',
  },
  'es-ES': {
    overview: 'Resumen',
    history: 'Historial',
    routine: 'Rutina',
    plan: 'Tu plan',
    pain: 'Dolor',
    navHistory: 'Historial',
    dayLine: '1 sesión el martes, 3 de noviembre de 2026',
    when: 'mar, 3 nov 2026, 09:30',
    painBefore: '6,0',
  },
  'zh-CN': {
    overview: '概览',
    history: '历史',
    routine: '练习',
    plan: '你的计划',
    pain: '疼痛',
    navHistory: '历史',
    dayLine: '2026年11月3日星期二：1 次练习',
    when: '2026年11月3日周二 09:30',
    painBefore: '6.0',
  },
} as const;
type Locale = keyof typeof EXPECT;
const SESSION_DAY = '2026-11-03';

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let watch: FakeDevice;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  // the owner, in English, sets up the account and pairs a watch that sends one session
  const page = await newPage('en-US');
  await signInWithLink(server, page);
  await page.getByRole('button', { name: 'Save and start' }).click();
  await page.getByTestId('first-run-done').waitFor();
  await go(page, 'Devices', 'Devices');
  watch = await connectDevice(
    server.url,
    await pairFromDevicesPage(page, server.url, { deviceKind: 'watch' }),
  );
  const startedAt = Date.UTC(2026, 10, 3, 8, 30); // 09:30 in Berlin (UTC+1)
  const session = buildSession({
    id: `${watch.deviceId}:s${startedAt}`,
    deviceId: watch.deviceId,
    startedAt,
    endedAt: startedAt + 6 * 60_000,
    timeZone: 'Europe/Berlin',
    utcOffsetMinutes: 60,
    painBefore: 6,
    painAfter: 4,
  });
  expect(watch.replica.record('session.finished', session).ok).toBe(true);
  await watch.sync();
});

afterAll(async () => {
  watch?.close();
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

async function newPage(locale: Locale, width = 1280): Promise<Page> {
  const context = await browser.newContext({
    locale, // navigator.languages = [locale]
    timezoneId: 'Europe/Berlin',
    viewport: { width, height: width < 600 ? 844 : 800 },
  });
  contexts.push(context);
  return context.newPage();
}

async function go(page: Page, nav: string, heading: string) {
  try {
    await page
      .getByRole('navigation')
      .first()
      .getByRole('link', { name: nav, exact: true })
      .click({ timeout: 8000 });
    await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 8000 });
  } catch (e) {
    await page.screenshot({ path: '/tmp/locales-fail.png' });
    console.log(await page.evaluate(() => document.body.textContent?.slice(0, 1500)));
    throw e;
  }
}

/** No catalog key (or unfilled placeholder) shows anywhere on the page, and axe finds nothing. */
async function expectCleanPage(page: Page, locale: Locale) {
  expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
  const text = await page.evaluate(
    () =>
      document.body.textContent +
      [...document.querySelectorAll('[aria-label],[title],[alt]')]
        .map(
          (e) =>
            `${e.getAttribute('aria-label') ?? ''} ${e.getAttribute('title') ?? ''} ${e.getAttribute('alt') ?? ''}`,
        )
        .join(' ') +
      document.title,
  );
  const keys = Object.keys(en).filter((k) => text.includes(k));
  expect(keys, 'catalog keys on the page').toEqual([]);
  expect(text).not.toMatch(/\{[a-zA-Z]+\}|\{[a-z]+, plural/);
  expect(await axeViolations(page)).toEqual([]);
}

describe('the dashboard in each language', () => {
  for (const locale of Object.keys(EXPECT) as Locale[]) {
    it(`${locale}: Overview, History and the plan editor in its words, dates and numbers`, async () => {
      const say = EXPECT[locale];
      const page = await newPage(locale);
      const link = await server.services.localLogin?.issueLoginToken();
      if (!link) throw new Error('local sign-in expected');
      await page.goto(`${server.url}/login#token=${link.token}`);

      await page.getByRole('heading', { level: 1, name: say.overview }).waitFor({ timeout: 8000 });
      await page.getByTestId('current-streak').waitFor({ timeout: 8000 });
      await expectCleanPage(page, locale);

      await go(page, say.navHistory, say.history);
      await page.getByTestId('session-list').getByText(say.when).waitFor({ timeout: 8000 });
      await page.locator('#day-filter').fill(SESSION_DAY);
      await page.getByText(say.dayLine, { exact: true }).waitFor({ timeout: 8000 });
      await expectCleanPage(page, locale);

      await go(page, say.routine, say.routine);
      await page.getByRole('heading', { level: 2, name: say.plan }).waitFor();
      await expectCleanPage(page, locale);

      // a decimal number the locale's way: the pain before stretching, over the last 12 months
      await go(page, say.pain, say.pain);
      await page.locator('main select').first().selectOption('365');
      expect(await page.locator('#pb-h + .stat').textContent()).toBe(say.painBefore);

      if (SCREENSHOTS) {
        const phone = await newPage(locale, 390);
        // a new browser profile at phone width, signed in with its own link
        const again = await server.services.localLogin?.issueLoginToken();
        await phone.goto(`${server.url}/login#token=${again?.token}`);
        await phone.getByRole('heading', { level: 1, name: say.overview }).waitFor();
        await phone.locator('.connection[data-status="online"]').waitFor();
        await phone.getByTestId('current-streak').waitFor();
        mkdirSync(DOCS, { recursive: true });
        await phone.screenshot({ path: join(DOCS, `locale-${locale}.png`), fullPage: true });
      }
    }, 120_000);
  }

  it('switches language from the header without a reload, remembers it, and reads it after a reload', async () => {
    const page = await newPage('en-US');
    await signInWithLink(server, page);
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 42;
    });
    await page.getByRole('banner').getByLabel('Language').selectOption('de-DE');
    await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42); // no reload
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de-DE');
    expect(await page.title()).toBe('Übersicht · Unknot');
    expect(await page.evaluate(() => localStorage.getItem('unknot.locale'))).toBe('de-DE');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
    await page.getByRole('banner').getByLabel('Sprache').selectOption('zh-CN');
    await page.getByRole('heading', { level: 1, name: '概览' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });
});
