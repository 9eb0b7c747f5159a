import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildSession, holdResult, repsResult } from '@unknot/stretch-model/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpsEvent, Routine, SessionRecord } from '../src/core';
import { generateHistory } from '../src/fixtures/generate-history';
import type { BenchResult } from '../src/views/BenchView';
import { connectDevice, DIST_BENCH, type FakeDevice, launchChromium, redeem, startServer } from './harness';

const DOCS = join(import.meta.dirname, '..', 'docs');
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let device: FakeDevice | null = null;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  page = await context.newPage();
});

afterAll(async () => {
  device?.close();
  await browser?.close();
  await server?.dispose();
});

/** Client-side navigation, as a person clicking the nav would do (the socket stays up). */
async function go(label: string) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

function liveSession(deviceId: string, name: string): SessionRecord {
  const endedAt = Date.now() - 1000;
  const startedAt = endedAt - 6 * 60_000;
  return buildSession({
    deviceId,
    routineName: name,
    startedAt,
    endedAt,
    timeZone: 'UTC',
    utcOffsetMinutes: 0,
    stretches: [holdResult('upper-back', 30, 28), repsResult(8, 8)],
  });
}

describe('dashboard in Chromium against the real sync server', () => {
  it('signs in with the one-time login link, and stays signed in across a reload', async () => {
    expect(server.loginUrl).toMatch(/\/login#token=/);
    await page.goto(server.loginUrl ?? '');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(page.url()).not.toContain('token=');
    await page.getByTestId('connection-label').filter({ hasText: 'Online' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  });

  it('pairs a new device with the code it shows, and lists it as connected', async () => {
    await go('Devices');
    await page.getByRole('button', { name: 'Make a pairing code' }).click();
    const shown = (await page.getByTestId('pairing-code').textContent()) ?? '';
    expect(shown).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await page.getByRole('img', { name: /QR code for pairing code/ }).waitFor();
    const creds = await redeem(server.url, shown.replace('-', ''), 'Test watch');
    device = await connectDevice(server.url, creds);
    const row = page.getByTestId(`device-${creds.deviceId}`);
    await row.getByText('Connected now', { exact: true }).waitFor({ timeout: 8000 });
    expect(await row.textContent()).toContain('Test watch');
  });

  it('a routine edit reaches a socket.io client of the same user', async () => {
    if (!device) throw new Error('needs the paired device');
    const received = new Promise<Routine>((resolve) => {
      device?.socket.on('ops', (ev: OpsEvent) => {
        for (const op of ev.ops)
          if (op.type === 'register.set' && op.payload.key === 'routine.full-back')
            resolve(op.payload.value as Routine);
      });
    });
    await go('Routine');
    const hold = page.getByTestId('routine-item-0').getByLabel('Hold (seconds)');
    await hold.fill('42');
    await page.getByRole('button', { name: 'Save routine' }).click();
    const routine = await received;
    expect(routine.items[0]).toMatchObject({ stretchId: 'upper-back', holdSeconds: 42 });
    await page.getByTestId('connection-label').filter({ hasText: 'up to date' }).waitFor();
  });

  it('a session pushed by another client appears within 1 s, without a reload', async () => {
    if (!device) throw new Error('needs the paired device');
    await go('History');
    const rec = device.replica.record(
      'session.finished',
      liveSession(device.deviceId, 'Live from the watch'),
    );
    expect(rec.ok).toBe(true);
    await device.sync();
    const pushedAt = Date.now();
    await page.getByTestId('session-list').getByText('Live from the watch').waitFor({ timeout: 1000 });
    expect(Date.now() - pushedAt).toBeLessThanOrEqual(1000);
  });

  it('shows the drawing of each stretch on Stretches and in a session, loaded under the CSP', async () => {
    await go('Stretches');
    const pictures = page.locator('img.stretch-picture:not(.stretch-picture-small)');
    await pictures.first().waitFor();
    const shown = await pictures.evaluateAll((imgs) =>
      (imgs as HTMLImageElement[]).map((i) => ({ alt: i.alt, loaded: i.complete && i.naturalWidth > 0 })),
    );
    // six stretches, each picture decoded (an SVG the CSP or the build lost would have width 0)
    expect(shown).toHaveLength(6);
    for (const p of shown) {
      expect(p.loaded, p.alt).toBe(true);
      expect(p.alt.length).toBeGreaterThan(20);
    }
    expect(shown.map((p) => p.alt)).toContain(
      "Child's pose: sitting back on the heels, arms forward, forehead resting on the floor",
    );
    await go('History');
    await page.getByTestId('session-list').getByText('Live from the watch').first().click();
    const rowPictures = page.locator('.session-detail img.stretch-picture-small');
    await rowPictures.first().waitFor();
    const rows = await rowPictures.evaluateAll((imgs) =>
      (imgs as HTMLImageElement[]).map((i) => ({ alt: i.alt, loaded: i.complete && i.naturalWidth > 0 })),
    );
    // the live session has an upper-back hold and cat-cow reps; beside their names, decorative
    expect(rows).toEqual([
      { alt: '', loaded: true },
      { alt: '', loaded: true },
    ]);
  });

  it('exports a correct CSV of sessions', async () => {
    await go('Export');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Sessions (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('unknot-sessions.csv');
    const path = await download.path();
    const csv = readFileSync(path, 'utf8');
    const [header, ...rows] = csv.trim().split(/\r?\n/);
    expect(header).toMatch(/id/);
    expect(header).toMatch(/routineName|routine/);
    expect(rows.some((r) => r.includes('Live from the watch'))).toBe(true);
  });

  // Measured, not asserted against the clock: a timed assertion flakes on a shared 2-core machine.
  // The numbers are printed as a table and written to bench-results/render.json; the README
  // reports them against the 100 ms budget. What is asserted is that the bench rendered it all.
  it('measures rendering three years of history in Chromium', async () => {
    // /bench is not in the production build: a second server serves the bench build (dist-bench)
    const benchServer = await startServer(DIST_BENCH);
    const bench = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await bench.goto(`${benchServer.url}/bench`);
    const out = bench.getByTestId('bench-result');
    await out.and(bench.locator('[data-result^="{"]')).waitFor({ timeout: 20_000 });
    const result = JSON.parse((await out.getAttribute('data-result')) ?? '{}') as BenchResult;
    expect(result.sessions).toBeGreaterThan(1000);
    expect(result.heatmapDays).toBe(365);
    expect(result.listedSessions).toBe(30);
    expect(result.renderMs).toBeGreaterThan(0);
    const resultsDir = join(import.meta.dirname, '..', 'bench-results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'render.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      `| dashboard render (3 years) | sessions | median of fresh mounts (ms) | budget (ms) |\n` +
        `| --- | --- | --- | --- |\n| Overview + History | ${result.sessions} | ${result.renderMs.toFixed(1)} | 100 |`,
    );
    await bench.close();
    await benchServer.dispose();
  });

  it('leaves /bench out of the production dashboard', async () => {
    const other = await browser.newPage();
    await other.goto(`${server.url}/bench`);
    await other.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await other.getByTestId('bench-result').count()).toBe(0);
    await other.close();
  });

  it.runIf(SCREENSHOTS)('takes screenshots of every view at desktop and phone width', async () => {
    if (!device) throw new Error('needs the paired device');
    const h = generateHistory({
      endAt: Date.now() - 3600_000,
      days: 400,
      deviceId: device.deviceId,
      seed: 3,
    });
    for (const s of h.sessions) device.replica.record('session.finished', s);
    for (const e of h.nudgeEvents) device.replica.record('nudge.event', e);
    await device.sync();
    const views = [
      'Overview',
      'History',
      'Stretches',
      'Pain',
      'Nudges',
      'Routine',
      'Reminders',
      'Devices',
      'Export',
    ];
    for (const [size, viewport] of [
      ['desktop', { width: 1280, height: 800 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(viewport);
      for (const v of views) {
        await go(v);
        await page.waitForTimeout(v === 'Devices' ? 400 : 150);
        await page.screenshot({
          path: join(DOCS, `${v.toLowerCase()}-${size}.png`),
          fullPage: size === 'desktop',
        });
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('revoking a device disconnects it', async () => {
    if (!device) throw new Error('needs the paired device');
    const socket = device.socket;
    const gone = new Promise<string>((resolve) => {
      socket.on('revoked', (err) => resolve(`revoked:${err.code}`));
      socket.on('disconnect', (reason) => resolve(`disconnect:${reason}`));
    });
    await go('Devices');
    await page.getByRole('button', { name: 'Revoke Test watch' }).click();
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    expect(await gone).toMatch(/revoked|disconnect/);
    await page.getByTestId(`device-${device.deviceId}`).getByText('revoked').waitFor();
  });
});
