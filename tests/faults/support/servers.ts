/**
 * The real sync server, two ways: in this process (`createServer`, shared by most schedules, a
 * fresh user per schedule) and as a child process that can be SIGKILLed and restarted on the same
 * port and DATA_DIR. Plus the two things a schedule needs from it: a user session token (what the
 * dashboard holds after sign-in) and the pairing flow that gives a watch its device credential.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HTTP_ROUTES, type PairingCode, type RedeemResponse } from '@unknot/stretch-model';
import { createServer, DEFAULT_TUNING, loadConfig, type RunningServer } from '@unknot/sync-server';
// The server's own token signer and store (local auth mode): a token for any user id with its
// stored session, as if they signed in (a token without a stored session is refused).
import { SessionTokens } from '../../../apps/sync-server/src/auth/session-tokens.js';
import { SqliteStore } from '../../../apps/sync-server/src/stores/sqlite.store.js';
import { FAULT_TUNING } from './tuning.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const TESTS_DIR = join(HERE, '..', '..');

/** What a schedule sees of "the server". */
export interface FaultServer {
  readonly kind: 'in-process' | 'child-process';
  url(): string;
  tokenFor(userId: string): Promise<string>;
  isUp(): boolean;
  /** child-process only: SIGKILL now (no graceful shutdown, nothing flushed beyond what was committed) */
  kill?(): Promise<void>;
  /** child-process only: start again on the same port and DATA_DIR */
  restart?(): Promise<void>;
  close(): Promise<void>;
}

const TOKEN_TTL_MS = 24 * 3600_000;

/** In-process: the server's own session service. */
function inProcessTokens(server: RunningServer): (userId: string) => Promise<string> {
  return async (userId) => (await server.services.sessions.issue(userId, TOKEN_TTL_MS)).token;
}

/**
 * Child process: the session is written into the child's SQLite file through a second
 * connection (WAL), which works whether the child is up or killed at that moment.
 */
function childTokens(secret: string, dataDir: string): (userId: string) => Promise<string> {
  const tokens = new SessionTokens(secret, TOKEN_TTL_MS);
  return async (userId) => {
    const sessionId = `s-${randomBytes(18).toString('base64url')}`;
    const signed = await tokens.sign(userId, sessionId);
    const store = new SqliteStore({ file: join(dataDir, 'unknot.db'), backgroundCheckpoint: false });
    try {
      await store.createSession({
        sessionId,
        userId,
        createdAt: Date.now(),
        expiresAt: signed.expiresAt,
        endedAt: null,
        webDeviceId: null,
      });
    } finally {
      await store.close();
    }
    return signed.token;
  };
}

/** One in-process server (SQLite in a temp dir, local auth) for the whole run. */
export async function startInProcessServer(): Promise<FaultServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'unknot-faults-'));
  const secret = randomBytes(32).toString('hex');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SESSION_SECRET: secret,
    LOG_LEVEL: 'silent',
  });
  config.tuning = { ...DEFAULT_TUNING, ...FAULT_TUNING };
  const server: RunningServer = await createServer(config, { quiet: true });
  return {
    kind: 'in-process',
    url: () => server.url,
    tokenFor: inProcessTokens(server),
    isUp: () => true,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface Child {
  proc: ChildProcess;
  exited: Promise<void>;
  stderr: () => string;
}

function spawnChild(env: Record<string, string>): Promise<Child> {
  const proc = fork(join(HERE, 'server-child.ts'), [], {
    cwd: TESTS_DIR,
    execArgv: ['--conditions=@unknot/source', '--import', 'tsx'],
    env: { ...process.env, METADATA_SERVER_DETECTION: 'none', ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`fault server child did not warm up in 90 s\n${stderr}`));
    }, 90_000);
    proc.on('message', (msg: { type?: string }) => {
      if (msg.type !== 'warm') return;
      clearTimeout(timer);
      resolve({ proc, exited, stderr: () => stderr });
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`fault server child exited while warming up\n${stderr}`));
    });
  });
}

function activate(child: Child): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not listen in 30 s\n${child.stderr()}`)),
      30_000,
    );
    const onMessage = (msg: { type?: string; url?: string }) => {
      if (msg.type !== 'listening') return;
      clearTimeout(timer);
      child.proc.off('message', onMessage);
      resolve(String(msg.url));
    };
    child.proc.on('message', onMessage);
    void child.exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited at start\n${child.stderr()}`));
    });
    child.proc.send('start');
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface ChildServerStats {
  starts: number;
  kills: number;
}

/**
 * A child-process server on a fixed port and DATA_DIR, with a warm standby process so that a
 * restart after SIGKILL costs the store opening, not the module loading (~4 CPU-seconds here).
 */
export async function startChildServer(): Promise<FaultServer & { stats: ChildServerStats }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'unknot-faults-kill-'));
  const secret = randomBytes(32).toString('hex');
  const port = await freePort();
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SESSION_SECRET: secret,
    LOG_LEVEL: 'error',
  };
  const stats: ChildServerStats = { starts: 0, kills: 0 };
  let standby: Promise<Child> = spawnChild(env);
  // a failed standby must not surface as an unhandled rejection before anyone awaits it
  standby.catch(() => undefined);
  let active: Child | null = null;
  let url = `http://127.0.0.1:${port}`;
  let closed = false;

  const start = async (): Promise<void> => {
    const next = await standby;
    url = await activate(next);
    active = next;
    stats.starts++;
    if (!closed) {
      standby = spawnChild(env);
      standby.catch(() => undefined);
    }
  };
  await start();

  return {
    kind: 'child-process',
    stats,
    url: () => url,
    tokenFor: childTokens(secret, dataDir),
    isUp: () => active !== null,
    async kill() {
      const victim = active;
      if (!victim) return;
      active = null;
      victim.proc.kill('SIGKILL');
      await victim.exited;
      stats.kills++;
    },
    async restart() {
      if (active) return;
      await start();
    },
    async close() {
      closed = true;
      const procs: Child[] = [];
      if (active) procs.push(active);
      active = null;
      try {
        procs.push(await standby);
      } catch {
        // the standby never came up: nothing to stop
      }
      for (const child of procs) {
        if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGTERM');
        const forced = setTimeout(() => child.proc.kill('SIGKILL'), 5000);
        await child.exited;
        clearTimeout(forced);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---- pairing (the dashboard shows a code, the phone redeems it) ----

let redeems = 0;
/**
 * Redeem is brute-force limited per client address (10 tries, then one per 6 s). Every schedule
 * pairs fresh devices, so the pairing requests come from rotating loopback addresses
 * (127.0.x.y all reach the server on Linux) instead of waiting out the brake.
 */
function nextLocalAddress(): string {
  const n = Math.floor(redeems++ / 8);
  return `127.0.${1 + Math.floor(n / 250)}.${1 + (n % 250)}`;
}

function requestJson<T>(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; auth?: string; localAddress?: string },
): Promise<{ status: number; body: T }> {
  const url = new URL(path, baseUrl);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        localAddress: options.localAddress,
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(options.auth ? { authorization: options.auth } : {}),
        },
        timeout: 10_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as T });
          } catch {
            reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Pairs a watch for the user behind `userToken`: a pairing code, redeemed like the phone does. */
export async function pairWatch(baseUrl: string, userToken: string, name: string): Promise<RedeemResponse> {
  const code = await requestJson<PairingCode>(baseUrl, 'POST', HTTP_ROUTES.pairingCodes, {
    auth: `Bearer ${userToken}`,
  });
  if (code.status !== 201) throw new Error(`pairing code: ${code.status} ${JSON.stringify(code.body)}`);
  const redeemed = await requestJson<RedeemResponse>(baseUrl, 'POST', HTTP_ROUTES.pairingRedeem, {
    body: { code: code.body.code, deviceName: name, deviceKind: 'watch' },
    localAddress: nextLocalAddress(),
  });
  if (redeemed.status !== 200)
    throw new Error(`pairing redeem: ${redeemed.status} ${JSON.stringify(redeemed.body)}`);
  return redeemed.body;
}
