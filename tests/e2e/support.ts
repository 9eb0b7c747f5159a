/** Shared pieces of the whole-system tests: Chromium, the dashboard build, temp folders, the sim. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sim } from '@unknot/firmware-sim';
import type { Page } from 'playwright-core';
import { DASHBOARD_DIST, REPO_ROOT } from '../system/paths.js';

const DASHBOARD_DIR = join(REPO_ROOT, 'apps', 'dashboard');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** The tests drive the production build; rebuild it when the dashboard's sources are newer. */
export function ensureDashboardBuilt(): void {
  const index = join(DASHBOARD_DIST, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(join(DASHBOARD_DIR, 'src'))) return;
  const vite = join(DASHBOARD_DIR, 'node_modules', '.bin', 'vite');
  const res = spawnSync(vite, ['build', '--logLevel', 'warn'], {
    cwd: DASHBOARD_DIR,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (res.status !== 0) throw new Error(`dashboard build failed (exit ${res.status ?? res.signal})`);
}

// One Chromium launch (Debian's build, flags for a machine with no outside network) for every browser test.
export { launchChromium } from '../../apps/dashboard/e2e/harness.js';

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The sync line on the watch's home page: "Synced just now", "1 waiting to sync", "Not paired"… */
export function homeSyncLine(sim: Sim): string {
  return sim.screen.page() === 'page/home/index'
    ? (sim.screen.texts().find((t) => /sync|paired/i.test(t)) ?? '')
    : '';
}

/** When the watch last synced successfully (its sync status in watch storage), or null. */
export function lastWatchSync(sim: Sim): number | null {
  const raw = sim.system.localStorage.value['unknot.sync.v1'];
  if (typeof raw !== 'string') return null;
  const status = JSON.parse(raw) as { lastSuccessAt?: unknown };
  return typeof status.lastSuccessAt === 'number' ? status.lastSuccessAt : null;
}

/** Waits (in virtual time) for a successful watch sync that started at or after `since`. */
export async function syncedSince(sim: Sim, since: number): Promise<void> {
  await sim.until(() => (lastWatchSync(sim) ?? -1) >= since, { timeoutMs: 30_000, stepMs: 50 });
}

/**
 * Waits until nothing is travelling over BLE for 2 s of sim time. A person who closes the app while
 * a reply is still on its way makes ZML (0.0.43) in the next app run throw on that stray reply
 * ("cannot read property 'handler'"), a known gap listed in apps/watch/README.md.
 */
export async function linkQuiet(sim: Sim): Promise<void> {
  const inFlight = () =>
    sim.link.stats.toPhone.sent -
    sim.link.stats.toPhone.delivered -
    sim.link.stats.toPhone.dropped +
    sim.link.stats.toWatch.sent -
    sim.link.stats.toWatch.delivered -
    sim.link.stats.toWatch.dropped;
  let quietSince = sim.clock.now();
  let last = JSON.stringify(sim.link.stats);
  await sim.until(
    () => {
      const now = JSON.stringify(sim.link.stats);
      if (now !== last || inFlight() !== 0) {
        last = now;
        quietSince = sim.clock.now();
      }
      return sim.clock.now() - quietSince >= 2000;
    },
    { timeoutMs: 60_000, stepMs: 100 },
  );
}

export async function tapText(sim: Sim, text: string | RegExp): Promise<void> {
  await sim.tap(sim.screen.getByText(text));
}

/** Client-side navigation through the dashboard's main nav (the socket stays up). */
export async function go(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
export const DASHBOARD_DOCS = join(DASHBOARD_DIR, 'docs');
