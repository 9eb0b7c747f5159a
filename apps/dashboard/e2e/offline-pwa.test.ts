import { inflateSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildSession, holdResult } from '@unknot/stretch-model/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createReplica,
  DEFAULT_REMINDER_SETTINGS,
  type OpsEvent,
  type PersistedReplica,
  type ReminderSettings,
  type Routine,
  unseal,
} from '../src/core';
import { connectDevice, type FakeDevice, launchChromium, pairFromDevicesPage, startServer } from './harness';

// The dashboard as an installable PWA: the service worker serves the shell offline, the replica
// (and its queued ops) lives in IndexedDB, and an older dashboard's localStorage replica moves in.

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let device: FakeDevice;

const SESSION_NAME = 'Kept for offline';

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
});

afterAll(async () => {
  device?.close();
  await browser?.close();
  await server?.dispose();
});

const label = () => page.getByTestId('connection-label');

/** The persisted replica in a stored value (the dashboard stores it sealed: a checksum line first). */
function persistedOf(value: string): PersistedReplica {
  const u = unseal(value);
  if (u.kind === 'corrupt') throw new Error(u.message);
  return JSON.parse(u.json) as PersistedReplica;
}

/** The replica as stored in IndexedDB (idb-keyval: database "unknot", store "replicas"). */
function readIdbReplica(p: Page): Promise<{ key: string; value: string } | null> {
  return p.evaluate(
    () =>
      new Promise<{ key: string; value: string } | null>((resolve, reject) => {
        const open = indexedDB.open('unknot');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('replicas', 'readonly');
          const req = tx.objectStore('replicas').openCursor();
          req.onsuccess = () => {
            const c = req.result;
            db.close();
            resolve(c ? { key: String(c.key), value: String(c.value) } : null);
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

function deleteIdbReplica(p: Page, key: string): Promise<void> {
  return p.evaluate(
    (k) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('unknot');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('replicas', 'readwrite');
          tx.objectStore('replicas').delete(k);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    key,
  );
}

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function nextOp(key: string): Promise<unknown> {
  return new Promise((resolve) => {
    device.socket.on('ops', (ev: OpsEvent) => {
      for (const op of ev.ops)
        if (op.type === 'register.set' && op.payload.key === key) resolve(op.payload.value);
    });
  });
}

describe('the dashboard offline and installable (Chromium, real sync server)', () => {
  it('signs in and shows a session from a paired watch', async () => {
    await page.goto(server.loginUrl ?? '');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices' }).click();
    device = await connectDevice(server.url, await pairFromDevicesPage(page, server.url));
    const endedAt = Date.now() - 60_000;
    const rec = device.replica.record(
      'session.finished',
      buildSession({
        deviceId: device.deviceId,
        routineName: SESSION_NAME,
        startedAt: endedAt - 5 * 60_000,
        endedAt,
        timeZone: 'UTC',
        utcOffsetMinutes: 0,
        stretches: [holdResult('upper-back', 30, 30)],
      }),
    );
    expect(rec.ok).toBe(true);
    await device.sync();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByText(SESSION_NAME).first().waitFor({ timeout: 5000 });
  });

  it('meets the installability criteria: a complete manifest and a service worker controlling the page', async () => {
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 20_000 });
    const sw = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return { scope: reg.scope, script: navigator.serviceWorker.controller?.scriptURL ?? null };
    });
    expect(sw.scope).toBe(`${server.url}/`);
    expect(sw.script).toBe(`${server.url}/sw.js`);

    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const res = await fetch(`${server.url}${href}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/manifest\+json/);
    const manifest = (await res.json()) as {
      name: string;
      short_name: string;
      start_url: string;
      display: string;
      theme_color: string;
      background_color: string;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(manifest.name).toMatch(/Unknot/);
    expect(manifest.short_name).toBe('Unknot');
    expect(manifest.start_url).toBe('/');
    expect(manifest.display).toBe('standalone');
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
    expect(await page.locator('meta[name="theme-color"]').getAttribute('content')).toBe(manifest.theme_color);
    for (const size of [192, 512]) {
      const icon = manifest.icons.find((i) => i.sizes === `${size}x${size}` && i.purpose !== 'maskable');
      expect(icon, `${size} px icon`).toBeDefined();
      const png = Buffer.from(await (await fetch(`${server.url}${icon?.src}`)).arrayBuffer());
      expect(pngSize(png)).toEqual({ width: size, height: size });
      inflateSync(png.subarray(41, png.length - 12)); // its pixel data is intact
    }

    // Chromium's own verdict, over the DevTools protocol (as the install prompt would judge it)
    const cdp = await context.newCDPSession(page);
    const parsed = (await cdp.send('Page.getAppManifest')) as { errors: { message: string }[] };
    expect(parsed.errors).toEqual([]);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    // a Playwright context is an off-the-record profile, where Chromium never offers an install
    expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
    await cdp.detach();
  });

  it('reloads while offline into the dashboard with its data, not the browser’s error page', async () => {
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByText(SESSION_NAME).first().waitFor();
    await label()
      .filter({ hasText: /^Offline/ })
      .waitFor();
    // a client-side route of the shell too
    await page.goto(`${server.url}/history`);
    await page.getByRole('heading', { level: 1, name: 'History' }).waitFor();
    await page.getByTestId('session-list').getByText(SESSION_NAME).waitFor();
  });

  it('keeps an edit queued offline across a reload (IndexedDB), and sends it once back online', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Routine' }).click();
    await page.getByTestId('routine-item-0').getByLabel('Hold (seconds)').fill('37');
    await page.getByRole('button', { name: 'Save routine' }).click();
    await label().filter({ hasText: 'Offline · 1 change waiting' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Routine' }).waitFor();
    await label().filter({ hasText: 'Offline · 1 change waiting' }).waitFor();
    const stored = await readIdbReplica(page);
    expect(stored?.key).toMatch(/^unknot\.replica\./);
    const persisted = persistedOf(stored?.value ?? '{}');
    expect(persisted.outbox).toHaveLength(1);
    expect(await page.evaluate((k) => localStorage.getItem(k), stored?.key ?? '')).toBeNull();

    const received = nextOp('routine.full-back');
    await context.setOffline(false);
    expect(((await received) as Routine).items[0]).toMatchObject({
      stretchId: 'upper-back',
      holdSeconds: 37,
    });
    await label().filter({ hasText: 'up to date' }).waitFor({ timeout: 15_000 });
  });

  it('moves an older dashboard’s localStorage replica into IndexedDB once, its unsent op included', async () => {
    const stored = await readIdbReplica(page);
    if (!stored) throw new Error('no stored replica');
    const persisted = persistedOf(stored.value);
    // what the localStorage dashboard left behind: the same replica plus one unsent edit
    let legacy = stored.value;
    const older = createReplica({
      deviceId: persisted.deviceId,
      now: Date.now,
      storage: { get: () => legacy, set: (v) => (legacy = v) },
    });
    const value: ReminderSettings = { ...DEFAULT_REMINDER_SETTINGS, snoozeMinutes: 25 };
    expect(older.record('register.set', { key: 'settings.reminders', value }).ok).toBe(true);
    expect(older.pendingCount()).toBe(1);

    await context.setOffline(true);
    await deleteIdbReplica(page, stored.key);
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [stored.key, legacy] as const);
    await page.reload();
    await label().filter({ hasText: 'Offline · 1 change waiting' }).waitFor();
    expect(await page.evaluate((k) => localStorage.getItem(k), stored.key)).toBeNull();
    const moved = await readIdbReplica(page);
    expect(persistedOf(moved?.value ?? '{}').outbox).toHaveLength(1);

    const received = nextOp('settings.reminders');
    await context.setOffline(false);
    expect(await received).toMatchObject({ snoozeMinutes: 25 });
    await label().filter({ hasText: 'up to date' }).waitFor({ timeout: 15_000 });
  });
});
