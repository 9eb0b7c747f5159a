/**
 * `npm start`'s harness (tests/system): started programmatically on a temp data dir and a free
 * port, then restarted on the same data; and the real entry point under Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  createReplica,
  DEVICE_ID_HEADER,
  type DeviceInfo,
  getBuiltinRoutine,
  HTTP_ROUTES,
  type HttpSyncResponse,
  type LocalLoginResponse,
  PROTOCOL_VERSION,
  type ServerOp,
} from '@unknot/stretch-model';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningSystem, startSystem } from '../system/harness.js';
import { storedCredential } from '../system/pairing.js';
import { REPO_ROOT } from '../system/paths.js';
import type { SimInfo } from '../system/sim-api.js';
import { ensureDashboardBuilt, lastWatchSync, tempDir } from './support.js';

const dir = tempDir('unknot-e2e-start-');
let system: RunningSystem | null = null;
afterAll(async () => {
  await system?.close();
  dir.remove();
});

async function json<T>(
  url: string,
  init: RequestInit & { token?: string } = {},
): Promise<{ status: number; body: T }> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.body) headers.set('content-type', 'application/json');
  const res = await fetch(url, { ...init, headers });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function simInfo(s: RunningSystem, token: string): Promise<SimInfo> {
  const res = await json<SimInfo>(`${s.url}/sim/info`, { token });
  expect(res.status).toBe(200);
  return res.body;
}

/** Real time: the harness's clock follows the wall clock, so wait like a person would. */
async function eventually<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function pullAll(url: string, token: string): Promise<ServerOp[]> {
  const res = await json<HttpSyncResponse>(`${url}${HTTP_ROUTES.sync}`, {
    method: 'POST',
    token,
    headers: { [DEVICE_ID_HEADER]: 'web-e2estart' },
    body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, ops: [], cursor: 0, acceptSnapshot: false }),
  });
  if (!res.body.ok) throw new Error('pull failed');
  return res.body.ops;
}

describe('the npm start harness', () => {
  let token = '';
  let deviceId = '';

  it('starts the server and a paired simulated watch; the login link works; /sim shows and taps', async () => {
    ensureDashboardBuilt();
    system = await startSystem({
      dataDir: dir.path,
      env: { PORT: '0', LOG_LEVEL: 'warn' },
      quiet: true,
      deviceCode: 'build',
    });
    const s = system;
    expect(s.loginUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/login#token=/);
    expect(s.pairing.reused).toBe(false);
    deviceId = s.pairing.deviceId;

    // The printed link: the page is the dashboard, and its token signs the owner in (once).
    const page = await fetch((s.loginUrl ?? '').split('#')[0] ?? '');
    expect(await page.text()).toContain('<div id="root">');
    const loginToken = new URL(s.loginUrl ?? '').hash.replace('#token=', '');
    const login = await json<LocalLoginResponse>(`${s.url}${HTTP_ROUTES.localLogin}`, {
      method: 'POST',
      body: JSON.stringify({ loginToken }),
    });
    expect(login.status).toBe(200);
    token = login.body.token;
    const again = await json(`${s.url}${HTTP_ROUTES.localLogin}`, {
      method: 'POST',
      body: JSON.stringify({ loginToken }),
    });
    expect(again.status).toBeGreaterThanOrEqual(400);

    // Paired to this owner: the server lists the sim's watch, and the watch syncs through its phone.
    const devices = await json<DeviceInfo[]>(`${s.url}${HTTP_ROUTES.devices}`, { token });
    expect(devices.body.map((d) => d.deviceId)).toEqual([deviceId]);
    await eventually(async () => lastWatchSync(s.sim) !== null);
    expect((await simInfo(s, token)).texts).toContain('Synced just now');
    // and the devices page agrees: the phone relayed it with the watch's credential, so the
    // server counts that as the watch's contact (no socket, yet in contact just now)
    const listed = await json<DeviceInfo[]>(`${s.url}${HTTP_ROUTES.devices}`, { token });
    const watchRow = listed.body.find((d) => d.deviceId === deviceId);
    expect(Date.now() - (watchRow?.lastContactAt ?? 0)).toBeLessThan(60_000);
    expect(watchRow?.connected).toBe(true);

    // The screen, for the owner only.
    expect((await fetch(`${s.url}/sim/screen.svg`)).status).toBe(401);
    const svgRes = await fetch(`${s.url}/sim/screen.svg`, { headers: { authorization: `Bearer ${token}` } });
    expect(svgRes.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const before = await svgRes.text();
    expect(before).toMatch(/^<svg[^>]*width="466"/);
    expect(before).toContain('Quick break');

    // A tap at the Routines button's coordinates opens the picker.
    const info = await simInfo(s, token);
    expect(info.page).toBe('page/home/index');
    const routines = info.targets.find((t) => t.label === 'Routines');
    if (!routines) throw new Error(`no Routines button in ${JSON.stringify(info.targets)}`);
    const tap = await json<{ hit: { text: string } | null; page: string }>(`${s.url}/sim/tap`, {
      method: 'POST',
      token,
      body: JSON.stringify({ x: routines.x + routines.w / 2, y: routines.y + routines.h / 2 }),
    });
    expect(tap.body).toMatchObject({ hit: { text: 'Routines' }, page: 'page/picker/index' });
    const after = await (
      await fetch(`${s.url}/sim/screen.svg`, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    expect(after).not.toBe(before);
    // Long labels wrap onto two lines on the round screen: "Desk break: upper" / "back (2 min)".
    expect(after).toContain('Desk break: upper');
    const back = await json<{ page: string }>(`${s.url}/sim/key`, {
      method: 'POST',
      token,
      body: JSON.stringify({ key: 'back' }),
    });
    expect(back.body.page).toBe('page/home/index');
    expect((await json(`${s.url}/sim/tap`, { method: 'POST', token, body: '{"x":-1}' })).status).toBe(400);

    // A change made in the dashboard (a browser replica renames a routine), to find after the restart.
    const replica = createReplica({ deviceId: 'web-e2estart', now: Date.now });
    const routine = getBuiltinRoutine('desk-upper');
    replica.record('register.set', {
      key: 'routine.desk-upper',
      value: routine ? { ...routine, name: 'Kept across restarts' } : null,
    });
    const push = await json<HttpSyncResponse>(`${s.url}${HTTP_ROUTES.sync}`, {
      method: 'POST',
      token,
      headers: { [DEVICE_ID_HEADER]: 'web-e2estart' },
      body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, ops: replica.takeOutbox(), cursor: 0 }),
    });
    expect(push.body.ok && push.body.acks.every((a) => a.ok)).toBe(true);

    await s.close();
    system = null;
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
  });

  it('restarts on the same data: data kept, still paired with the same credential, sessions still valid', async () => {
    const startedAt = Date.now();
    system = await startSystem({
      dataDir: dir.path,
      env: { PORT: '0', LOG_LEVEL: 'warn' },
      quiet: true,
      deviceCode: 'build',
    });
    const s = system;
    expect(s.pairing).toMatchObject({ reused: true, deviceId });
    expect(storedCredential(s.driver)?.serverUrl).toBe(s.url);
    // The owner's session from before the restart is still good (the session secret is in the data dir).
    const devices = await json<DeviceInfo[]>(`${s.url}${HTTP_ROUTES.devices}`, { token });
    expect(devices.status).toBe(200);
    // One watch, not a second pairing (the browser replica that pushed is listed as `web`).
    expect(devices.body.filter((d) => d.kind !== 'web').map((d) => d.deviceId)).toEqual([deviceId]);
    const ops = await pullAll(s.url, token);
    expect(ops.some((op) => op.type === 'register.set' && op.payload.key === 'routine.desk-upper')).toBe(
      true,
    );

    // The watch syncs on start (its home shows the last sync's time at once: wait for a new one)
    // and shows the renamed routine in its picker.
    await eventually(async () => (lastWatchSync(s.sim) ?? 0) >= startedAt);
    const info = await simInfo(s, token);
    const routines = info.targets.find((t) => t.label === 'Routines');
    if (!routines) throw new Error('no Routines button');
    await json(`${s.url}/sim/tap`, {
      method: 'POST',
      token,
      body: JSON.stringify({ x: routines.x + routines.w / 2, y: routines.y + routines.h / 2 }),
    });
    expect((await simInfo(s, token)).texts.some((t) => t.startsWith('Kept across restarts'))).toBe(true);
    await s.close();
    system = null;
  });

  it('the real entry point (npm start) prints the link and stops cleanly on Ctrl-C', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=@unknot/source', '--import', 'tsx', 'system/start.ts'],
      {
        cwd: join(REPO_ROOT, 'tests'),
        env: { ...process.env, DATA_DIR: dir.path, PORT: '0', INIT_CWD: REPO_ROOT },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      out += b.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await eventually(async () => out.includes('Press Ctrl-C to stop.'), 60_000);
      expect(out).toContain('kept from the last run');
      expect(out).toContain(deviceId);
      const url = /Dashboard\s+(http:\/\/\S+)\//.exec(out)?.[1];
      // shown as localhost (passkeys need a host name), and reachable there
      expect(url).toMatch(/^http:\/\/localhost:\d+$/);
      expect(out).toMatch(/Sign in \(once\)\s+http:\/\/localhost:\d+\/login#token=/);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(out).toContain('Stopped.');
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
