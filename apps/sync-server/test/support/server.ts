import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ConnectErrorData,
  type DeviceInfo,
  HTTP_ROUTES,
  type OpsEvent,
  PROTOCOL_VERSION,
  type PullResponse,
  type PushResponse,
  type ReadyEvent,
  type RedeemResponse,
  SOCKET_PATH,
  type SocketAuth,
  SYNC_NAMESPACE,
  type SyncError,
} from '@unknot/stretch-model';
import { io, type Socket } from 'socket.io-client';
import { DEFAULT_TUNING, loadConfig, type ServerConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createServer, type RunningServer } from '../../src/server.js';

export interface TestServer extends RunningServer {
  dataDir: string;
  sessionSecret: string;
  /** a session token (with its stored session) for any user id, as if that user signed in */
  tokenFor(userId: string): Promise<string>;
  dispose(): Promise<void>;
}

/** A sqlite + local-auth server on 127.0.0.1:random in a temp data dir. */
export async function startTestServer(
  overrides: Partial<ServerConfig> = {},
  env: Record<string, string> = {},
): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'unknot-sync-'));
  const sessionSecret = randomBytes(32).toString('hex');
  const config: ServerConfig = {
    ...loadConfig({ PORT: '0', DATA_DIR: dataDir, SESSION_SECRET: sessionSecret, LOG_LEVEL: 'warn', ...env }),
    ...overrides,
  };
  // tests pair many devices; the pairing rate limit has its own test with the default
  config.tuning = { ...DEFAULT_TUNING, pairingCodesPerWindow: 1000, ...overrides.tuning };
  const server = await createServer(config, { logger: createLogger(config.logLevel), quiet: true });
  const secret = config.sessionSecret ?? sessionSecret;
  return {
    ...server,
    dataDir,
    sessionSecret: secret,
    tokenFor: async (userId) => (await server.services.sessions.issue(userId, 3600_000)).token,
    async dispose() {
      await server.close();
      if (!overrides.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function http<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; auth?: string; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<{ status: number; body: T; text: string; headers: Headers }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth) headers.authorization = options.auth;
  if (options.body !== undefined || options.rawBody !== undefined)
    headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (CSV, metrics): keep the text
  }
  return { status: res.status, body: body as T, text, headers: res.headers };
}

/** Signs in as the local owner with the server's one-time link. */
export async function loginOwner(server: RunningServer): Promise<{ token: string; userId: string }> {
  const res = await http<{ ok: true; token: string; user: { userId: string } }>(
    server.url,
    'POST',
    HTTP_ROUTES.localLogin,
    {
      body: { loginToken: server.loginToken },
    },
  );
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return { token: res.body.token, userId: res.body.user.userId };
}

/** Pairs a new device for the user behind `userToken`. */
export async function pairDevice(
  baseUrl: string,
  userToken: string,
  deviceKind: 'watch' | 'phone' | 'sim' = 'watch',
): Promise<RedeemResponse> {
  const code = await http<{ code: string }>(baseUrl, 'POST', HTTP_ROUTES.pairingCodes, {
    auth: `Bearer ${userToken}`,
  });
  if (code.status !== 201) throw new Error(`pairing code failed: ${code.status} ${code.text}`);
  const res = await http<RedeemResponse>(baseUrl, 'POST', HTTP_ROUTES.pairingRedeem, {
    body: { code: code.body.code, deviceName: `test ${deviceKind}`, deviceKind },
  });
  if (res.status !== 200) throw new Error(`redeem failed: ${res.status} ${res.text}`);
  return res.body;
}

export function deviceAuth(d: { deviceId: string; secret: string }): SocketAuth {
  return { protocolVersion: PROTOCOL_VERSION, kind: 'device', deviceId: d.deviceId, secret: d.secret };
}

export function userAuth(token: string, deviceId: string): SocketAuth {
  return { protocolVersion: PROTOCOL_VERSION, kind: 'user', token, deviceId };
}

/** A connected sync client that records live ops and revocations. */
export interface SyncClient {
  socket: Socket;
  ready: ReadyEvent;
  received: OpsEvent[];
  revoked: SyncError[];
  push(ops: unknown[], outboxSize?: number): Promise<PushResponse>;
  pull(cursor: number, limit?: number, acceptSnapshot?: boolean): Promise<PullResponse>;
  /** resolves once `count` live ops arrived in total */
  waitForOps(count: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

export interface ConnectOptions {
  /** extra handshake headers (e.g. an `origin`, as a browser would send) */
  headers?: Record<string, string>;
  transports?: ('websocket' | 'polling')[];
}

export function connectSync(
  baseUrl: string,
  auth: SocketAuth | Record<string, unknown>,
  options: ConnectOptions = {},
): Promise<SyncClient> {
  const socket = io(`${baseUrl}${SYNC_NAMESPACE}`, {
    path: SOCKET_PATH,
    auth,
    transports: options.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(options.headers ? { extraHeaders: options.headers } : {}),
  });
  const received: OpsEvent[] = [];
  const revoked: SyncError[] = [];
  socket.on('ops', (ev: OpsEvent) => received.push(ev));
  socket.on('revoked', (ev: SyncError) => revoked.push(ev));
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (err: Error & { data?: ConnectErrorData }) => {
      socket.close();
      reject(Object.assign(new Error(err.message), { data: err.data }));
    });
    socket.once('ready', (ready: ReadyEvent) => {
      resolve({
        socket,
        ready,
        received,
        revoked,
        push: (ops, outboxSize) => socket.timeout(10_000).emitWithAck('push', { ops, outboxSize }),
        pull: (cursor, limit, acceptSnapshot) =>
          socket.timeout(10_000).emitWithAck('pull', { cursor, limit, acceptSnapshot }),
        waitForOps: (count, timeoutMs = 5000) =>
          waitUntil(
            () => received.reduce((n, e) => n + e.ops.length, 0) >= count,
            timeoutMs,
            `${count} live ops`,
          ),
        close: () => socket.close(),
      });
    });
  });
}

/** The connect_error data a refused handshake produces. */
export async function refusedWith(
  baseUrl: string,
  auth: SocketAuth | Record<string, unknown>,
  options: ConnectOptions = {},
): Promise<ConnectErrorData> {
  try {
    const c = await connectSync(baseUrl, auth, options);
    c.close();
  } catch (err) {
    return (err as { data: ConnectErrorData }).data;
  }
  throw new Error('connection was accepted');
}

export async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function listDevices(baseUrl: string, token: string): Promise<DeviceInfo[]> {
  const res = await http<DeviceInfo[]>(baseUrl, 'GET', HTTP_ROUTES.devices, { auth: `Bearer ${token}` });
  return res.body;
}
