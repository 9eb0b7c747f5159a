/**
 * The whole path with real parts: the real watch app in firmware-sim → BLE link → the phone side
 * service → HTTP → the real sync server (SQLite) → socket.io → the real dashboard in Chromium, and
 * back from the dashboard's routine editor to a watch screen. The sim's clock is moved by the test
 * (a 2-minute desk break runs in a second or two); everything else runs at its own pace.
 */
import { join } from 'node:path';
import { getBuiltinRoutine } from '@unknot/stretch-model';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSystem, startSystem } from '../system/harness.js';
import {
  DASHBOARD_DOCS,
  ensureDashboardBuilt,
  go,
  homeSyncLine,
  launchChromium,
  linkQuiet,
  SCREENSHOTS,
  syncedSince,
  tapText,
  tempDir,
} from './support.js';

let dir: ReturnType<typeof tempDir>;
let system: RunningSystem;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ensureDashboardBuilt();
  dir = tempDir('unknot-e2e-full-');
  [system, browser] = await Promise.all([
    startSystem({
      dataDir: dir.path,
      clock: 'manual',
      env: { PORT: '0', LOG_LEVEL: 'warn' },
      quiet: true,
      deviceCode: 'build',
    }),
    launchChromium(),
  ]);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  await page.goto(system.loginUrl ?? '');
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  await page.getByTestId('connection-label').filter({ hasText: 'Online' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await system?.close();
  dir?.remove();
});

describe('watch → phone → server → dashboard, and back', () => {
  it('a desk break run on the simulated watch appears in History without a reload', async () => {
    await go(page, 'History');
    await page.getByText('0 sessions in total').waitFor();
    const quick = getBuiltinRoutine('desk-upper');
    if (!quick) throw new Error('the desk break routine is missing');

    const sync = await system.driver.exclusive(async (sim) => {
      expect(sim.screen.page()).toBe('page/home/index');
      await sim.until(() => homeSyncLine(sim).startsWith('Synced'), { timeoutMs: 10_000, stepMs: 50 });
      await tapText(sim, 'Quick break');
      await tapText(sim, 'Start');
      await sim.until(() => sim.screen.page() === 'page/summary/index', {
        timeoutMs: 10 * 60_000,
        stepMs: 1000,
      });
      await tapText(sim, 'Skip rating');
      const done = sim.clock.now();
      await tapText(sim, 'Done');
      // Home syncs as soon as it is shown: the watch asks the phone, the phone posts to the server.
      await syncedSince(sim, done);
      await sim.until(() => homeSyncLine(sim) === 'Synced just now', { timeoutMs: 10_000, stepMs: 50 });
      expect(sim.errors).toEqual([]);
      return sim.phone.fetchLog().filter((f) => f.url.endsWith('/v1/sync')).length;
    });
    expect(sync).toBeGreaterThan(0);

    // Pushed live to the open page over socket.io: no reload, no navigation.
    const list = page.getByTestId('session-list');
    await list.getByText(quick.name).waitFor({ timeout: 5000 });
    await page.getByText('1 session in total').waitFor();
  });

  it('a routine renamed in the dashboard shows on the watch and in the Watch view', async () => {
    await go(page, 'Routine');
    await page.getByLabel('Routine', { exact: true }).selectOption('desk-upper');
    await page.getByLabel('Name', { exact: true }).fill('Lunchtime unknot');
    await page.getByRole('button', { name: 'Save routine' }).click();
    await page.getByText(/^Saved\./).waitFor();
    // Pushed over the dashboard's socket: the connection indicator has nothing waiting.
    await page.getByTestId('connection-label').filter({ hasText: 'Online' }).waitFor();
    await new Promise((r) => setTimeout(r, 300));

    await system.driver.exclusive(async (sim) => {
      // The watch syncs whenever home is shown; open the app again, as a person would.
      await linkQuiet(sim);
      const before = sim.clock.now();
      await sim.relaunch();
      await syncedSince(sim, before);
      await tapText(sim, 'Routines');
      expect(sim.screen.page()).toBe('page/picker/index');
      expect(sim.screen.findByText(/^Lunchtime unknot\s+\(\d+ min\)$/)).toBeDefined();
    });

    // The same screen in the dashboard's Watch view, and a tap through it.
    await go(page, 'Watch');
    const screenImg = page.getByTestId('watch-screen');
    await screenImg.waitFor();
    await page.getByRole('img', { name: /Lunchtime unknot/ }).waitFor();
    if (SCREENSHOTS) await page.screenshot({ path: join(DASHBOARD_DOCS, 'watch-sim-desktop.png') });
    const target = page
      .getByRole('list', { name: 'Tap on the watch' })
      .getByRole('button', { name: /Lunchtime unknot/ });
    await target.click();
    await page.getByTestId('watch-status').filter({ hasText: 'Page: runner' }).waitFor({ timeout: 5000 });
    expect(system.sim.screen.page()).toBe('page/runner/index');
    expect(system.sim.errors).toEqual([]);
  });

  it('a watch revoked on the Devices page says so on its own screen and in the Watch view; the row can then go', async () => {
    await go(page, 'Devices');
    // the browser itself has no Revoke button, so the one there is the watch's
    const revoke = page.getByRole('button', { name: /^Revoke / });
    await revoke.click();
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await page.getByText('Revoked', { exact: true }).waitFor();

    await system.driver.exclusive(async (sim) => {
      await linkQuiet(sim);
      await sim.relaunch();
      // home asks the phone to sync; the server refuses the revoked credential and the phone says so
      await sim.until(() => sim.screen.texts().some((t) => /^Removed from your account\./.test(t)), {
        timeoutMs: 30_000,
        stepMs: 50,
      });
      expect(homeSyncLine(sim)).not.toMatch(/waiting to sync|^Synced/);
      expect(sim.errors).toEqual([]);
    });

    await go(page, 'Watch');
    await page.getByRole('img', { name: /Removed from your account/ }).waitFor({ timeout: 10_000 });
    if (SCREENSHOTS) await page.screenshot({ path: join(DASHBOARD_DOCS, 'watch-sim-removed-desktop.png') });

    await go(page, 'Devices');
    const remove = page.getByRole('button', { name: /^Remove from list: / });
    const rows = await page.getByRole('row').count();
    await remove.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove from list' }).click();
    await expect.poll(() => page.getByRole('row').count()).toBe(rows - 1);
    await expect(page.getByRole('button', { name: /^Remove from list: / }).count()).resolves.toBe(0);
  });
});
