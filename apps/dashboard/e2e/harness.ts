import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
// The real sync server, started in-process (see apps/sync-server/src/server.ts).
import { loadConfig } from '../../sync-server/src/config.js';
import { createServer, type RunningServer } from '../../sync-server/src/server.js';
import {
  type ClientToServerEvents,
  createReplica,
  HTTP_ROUTES,
  PROTOCOL_VERSION,
  type RedeemResponse,
  type Replica,
  type ServerToClientEvents,
  SOCKET_PATH,
  SYNC_NAMESPACE,
  syncOnce,
} from '../src/core';

export const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
/** `vite build --mode bench`: the dashboard plus its /bench view, for the benchmarks only. */
export const DIST_BENCH = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist-bench');

export async function startServer(
  dashboardDir: string = DIST,
): Promise<RunningServer & { dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'unknot-dash-e2e-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DASHBOARD_DIR: dashboardDir,
    LOG_LEVEL: 'warn',
  });
  config.tuning = { ...config.tuning, pairingCodesPerWindow: 100 };
  const server = await createServer(config);
  return {
    ...server,
    async dispose() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Signs `page` in as the owner with a fresh printed-link token (as a person opens the link the
 * server prints) and waits for Overview; `online` (default) also waits for the socket.
 */
export async function signInWithLink(
  server: RunningServer,
  page: Page,
  { online = true }: { online?: boolean } = {},
): Promise<void> {
  const local = server.services.localLogin;
  if (!local) throw new Error('local sign-in expected');
  const link = await local.issueLoginToken();
  await page.goto(`${server.url}/login#token=${link.token}`);
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  if (online) await page.getByTestId('connection-label').filter({ hasText: 'Online' }).waitFor();
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A paired device (what the watch's phone side service would be), talking socket.io. */
export interface FakeDevice {
  deviceId: string;
  socket: ClientSocket;
  replica: Replica;
  sync(): Promise<void>;
  close(): void;
}

/**
 * Redeems a pairing code through the real API, as the phone does: a named sim device by default;
 * `{ deviceKind: 'watch' }` with no name redeems as the watch app does (the server names it).
 */
export async function redeem(
  url: string,
  code: string,
  device: string | { deviceName?: string; deviceKind: 'watch' | 'sim' } = 'Test watch',
): Promise<RedeemResponse> {
  const body = typeof device === 'string' ? { deviceName: device, deviceKind: 'sim' } : device;
  const res = await fetch(`${url}${HTTP_ROUTES.pairingRedeem}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, ...body }),
  });
  if (!res.ok) throw new Error(`redeem failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as RedeemResponse;
}

/**
 * On the Devices page: makes a pairing code with its button, reads it off the page and redeems it
 * (see `redeem`), as a person pairing a watch does.
 */
export async function pairFromDevicesPage(
  page: Page,
  url: string,
  device?: Parameters<typeof redeem>[2],
): Promise<RedeemResponse> {
  await page.getByRole('button', { name: 'Make a pairing code' }).click();
  const code = ((await page.getByTestId('pairing-code').textContent()) ?? '').replace('-', '');
  return redeem(url, code, device);
}

export async function connectDevice(url: string, creds: RedeemResponse): Promise<FakeDevice> {
  const socket: ClientSocket = io(`${url}${SYNC_NAMESPACE}`, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    reconnection: false,
    auth: {
      protocolVersion: PROTOCOL_VERSION,
      kind: 'device',
      deviceId: creds.deviceId,
      secret: creds.secret,
    },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('ready', () => resolve());
    socket.once('connect_error', reject);
  });
  const replica = createReplica({ deviceId: creds.deviceId, now: Date.now });
  socket.on('ops', (ev) => replica.receive(ev.ops));
  const transport = {
    push: (ops: unknown[]) => socket.timeout(10_000).emitWithAck('push', { ops }),
    pull: (cursor: number) => socket.timeout(10_000).emitWithAck('pull', { cursor }),
  };
  return {
    deviceId: creds.deviceId,
    socket,
    replica,
    async sync() {
      const res = await syncOnce(replica, transport, { maxAttempts: 1 });
      if (!res.ok) throw new Error(`device sync failed: ${res.error.code} ${res.error.message}`);
    },
    close: () => socket.close(),
  };
}
