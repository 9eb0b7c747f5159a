/**
 * The REAL sync server (apps/sync-server `createServer`), started in this test process with a
 * temp DATA_DIR, the SQLite store and local auth, plus the calls the dashboard makes against it.
 *
 * The server is loaded by a computed path: its sources need decorator settings the watch's
 * tsconfig does not have, so the watch typecheck must not follow the import. The small interface
 * below is the part of its API these tests use.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createReplica,
  DEVICE_ID_HEADER,
  HTTP_ROUTES,
  type HttpSyncResponse,
  type LocalLoginResponse,
  type OpPayload,
  PROTOCOL_VERSION,
  type PairingCode,
  type Replica,
  type ServerOp,
  type SessionRecord,
} from '@unknot/stretch-model';
import { WATCH_DIR } from './sim-helpers.js';

interface RunningServer {
  url: string;
  loginToken: string | null;
  close(): Promise<void>;
}

interface ServerModule {
  loadConfig(env: Record<string, string | undefined>): { tuning: Record<string, number> };
  createServer(config: unknown, options: { quiet: boolean }): Promise<RunningServer>;
}

export interface RealServer {
  url: string;
  /** The dashboard user's bearer token (signed in with the one-time login link). */
  token: string;
  dispose(): Promise<void>;
}

export async function startRealServer(): Promise<RealServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'unknot-watch-e2e-'));
  const entry = pathToFileURL(resolve(WATCH_DIR, '../sync-server/src/index.ts')).href;
  const mod = (await import(entry)) as ServerModule;
  const config = mod.loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    STORE: 'sqlite',
    AUTH_MODE: 'local',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
  });
  const server = await mod.createServer(config, { quiet: true });
  // The dashboard's sign-in: the one-time login link's token for a session token.
  const login = await call<LocalLoginResponse>(server.url, 'POST', HTTP_ROUTES.localLogin, {
    body: { loginToken: server.loginToken },
  });
  return {
    url: server.url,
    token: login.token,
    async dispose() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function call<T>(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  o: { body?: unknown; auth?: string; headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
  if (o.auth) headers.authorization = o.auth;
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Devices → Pair on the dashboard: a fresh single-use code. */
export async function newPairingCode(server: RealServer): Promise<string> {
  const res = await call<PairingCode>(server.url, 'POST', HTTP_ROUTES.pairingCodes, {
    auth: `Bearer ${server.token}`,
  });
  return res.code;
}

/** Everything on the server for this user, pulled page by page like a browser replica would. */
export async function pullAll(server: RealServer): Promise<ServerOp[]> {
  const all: ServerOp[] = [];
  let cursor = 0;
  for (;;) {
    const res = await call<HttpSyncResponse>(server.url, 'POST', HTTP_ROUTES.sync, {
      auth: `Bearer ${server.token}`,
      headers: { [DEVICE_ID_HEADER]: 'web-watchtest' },
      body: { protocolVersion: PROTOCOL_VERSION, ops: [], cursor },
    });
    if (!res.ok) throw new Error(`pull failed: ${res.error.code}`);
    all.push(...res.ops);
    cursor = res.cursor;
    if (!res.hasMore) return all;
  }
}

export function sessionsOf(ops: readonly ServerOp[]): SessionRecord[] {
  return ops.flatMap((op) => (op.type === 'session.finished' ? [op.payload] : []));
}

/** The dashboard's reminder editor: a `register.set` of `settings.reminders` from a browser replica. */
export async function pushReminders(
  server: RealServer,
  value: OpPayload<'register.set'>['value'],
  now: number,
): Promise<void> {
  await pushRegister(server, 'settings.reminders', value, now);
}

const webReplicas = new WeakMap<RealServer, { clock: { now: number }; replica: Replica }>();

/** A dashboard editor's save: a `register.set` of `key` from a browser replica, stamped at `now`. */
export async function pushRegister(
  server: RealServer,
  key: string,
  value: OpPayload<'register.set'>['value'],
  now: number,
): Promise<void> {
  // One browser replica per server, so a second save gets the next seq (a fresh replica would
  // reuse opId web-watchtest:1 with other content: conflictingOpId).
  let web = webReplicas.get(server);
  if (!web) {
    const clock = { now };
    web = { clock, replica: createReplica({ deviceId: 'web-watchtest', now: () => clock.now }) };
    webReplicas.set(server, web);
  }
  web.clock.now = now;
  const { replica } = web;
  const recorded = replica.record('register.set', { key, value });
  if (!recorded.ok) throw new Error(`bad register: ${recorded.error.message}`);
  const res = await call<HttpSyncResponse>(server.url, 'POST', HTTP_ROUTES.sync, {
    auth: `Bearer ${server.token}`,
    headers: { [DEVICE_ID_HEADER]: 'web-watchtest' },
    body: { protocolVersion: PROTOCOL_VERSION, ops: replica.takeOutbox(), cursor: 0 },
  });
  if (!res.ok || !res.acks.every((a) => a.ok)) throw new Error(`${key} push refused`);
}

/** Devices → Revoke on the dashboard (`DELETE /v1/devices/:deviceId`). */
export async function revokeDevice(server: RealServer, deviceId: string): Promise<void> {
  const res = await fetch(`${server.url}${HTTP_ROUTES.devices}/${encodeURIComponent(deviceId)}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${server.token}` },
  });
  if (res.status >= 300) throw new Error(`revoke ${deviceId}: HTTP ${res.status} ${await res.text()}`);
}
