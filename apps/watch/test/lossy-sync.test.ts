/**
 * Sync over a lossy link converges in minutes. Sessions made while the phone is offline reach
 * the REAL sync server (in this process, SQLite, local auth) exactly once over a BLE link that
 * loses 30 % of its frames (at the sim's default 4 KB/s), while the server restarts twice; the
 * drain time — virtual minutes from the phone coming back to an empty outbox — is printed and
 * must stay in minutes, not hours.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HTTP_ROUTES, type LocalLoginResponse, listSessions, type ServerOp } from '@unknot/stretch-model';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sim } from '../../../firmware-sim/src/index.js';
import { fitPullForWatch } from '../app-side/pull-fit.js';
import { pairLikeAUser } from './phone-helpers.js';
import { call, newPairingCode, pullAll, type RealServer, sessionsOf } from './server-support.js';
import { launchWatch, WATCH_DIR, quickBreak, watchReplica } from './sim-helpers.js';

const MINUTE = 60_000;
/** The drain must end within this (the issue's target: minutes, not hours). */
const DRAIN_LIMIT_MIN = 20;
/** ~1 KB each: more than one push batch (`RELAY_LIMITS.pushBytes`). */
const SESSIONS = 10;
/** Each server restart keeps it down this long (virtual): requests meanwhile get "unreachable". */
const DOWN_MS = 45_000;

interface RunningServer {
  url: string;
  port: number;
  loginToken: string | null;
  close(): Promise<void>;
}
interface ServerModule {
  loadConfig(env: Record<string, string | undefined>): unknown;
  createServer(config: unknown, options: { quiet: boolean }): Promise<RunningServer>;
}

/** The real server on a fixed data dir, secret and port, so it can stop and come back as itself. */
interface RestartableServer extends RealServer {
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function startRestartableServer(): Promise<RestartableServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'unknot-lossy-'));
  const entry = pathToFileURL(resolve(WATCH_DIR, '../sync-server/src/index.ts')).href;
  const mod = (await import(entry)) as ServerModule;
  const secret = randomBytes(32).toString('hex');
  const boot = (port: number) =>
    mod.createServer(
      mod.loadConfig({
        PORT: String(port),
        DATA_DIR: dataDir,
        STORE: 'sqlite',
        AUTH_MODE: 'local',
        SESSION_SECRET: secret,
        LOG_LEVEL: 'warn',
      }),
      { quiet: true },
    );
  let running: RunningServer | null = await boot(0);
  const port = running.port;
  const login = await call<LocalLoginResponse>(running.url, 'POST', HTTP_ROUTES.localLogin, {
    body: { loginToken: running.loginToken },
  });
  return {
    url: running.url,
    token: login.token,
    async stop() {
      await running?.close();
      running = null;
    },
    async start() {
      running = await boot(port);
    },
    async dispose() {
      await running?.close();
      running = null;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let sim: Sim | undefined;
let server: RestartableServer | undefined;
afterEach(async () => {
  sim?.dispose();
  sim = undefined;
  await server?.dispose();
  server = undefined;
});

/**
 * How the person uses the watch once the phone is back: `watching` keeps looking at the open app
 * (no screen time-out), `glancing` opens Unknot every `GLANCE_MS` and lets the screen time out
 * (the system then closes the app 10 s after the screen went off), as on a real watch.
 */
type Person = 'watching' | 'glancing';
const GLANCE_MS = 3 * MINUTE;

async function drainOverLossyLink(seed: number, lossRate: number, person: Person): Promise<number> {
  server = await startRestartableServer();
  sim = await launchWatch({
    seed,
    screenTimeout: person === 'glancing',
    // A private copy of the build's device JS (dist/ is rebuilt by other work meanwhile).
    ...(process.env.UNKNOT_DEVICE_JS ? { deviceJsDir: process.env.UNKNOT_DEVICE_JS } : {}),
  });
  const s = sim;
  const srv = server;
  await pairLikeAUser(s, srv.url, await newPairingCode(srv));
  await s.relaunch();
  await s.until(() => s.screen.findByText(/^Synced/) !== undefined, { timeoutMs: 2 * MINUTE, stepMs: 100 });

  // Offline: SESSIONS quick breaks, half an hour apart, the app closed in between.
  s.phone.setOnline(false);
  for (let i = 0; i < SESSIONS; i++) {
    if (i > 0) {
      await s.clock.advance(30 * MINUTE);
      await s.launch();
    }
    await quickBreak(s);
    await s.exit();
  }
  const offline = watchReplica(s);
  const local = listSessions(offline.state());
  expect(local).toHaveLength(SESSIONS);
  const outbox = offline.toJSON().outbox;
  const sizes = outbox.map((op) => Buffer.byteLength(JSON.stringify(op)));
  const sessionSizes = outbox.flatMap((op, i) => (op.type === 'session.finished' ? [sizes[i] ?? 0] : []));
  console.log(
    `outbox: ${outbox.length} ops, ${sizes.reduce((a, b) => a + b, 0)} bytes; session op ${Math.min(...sessionSizes)}–${Math.max(...sessionSizes)} bytes`,
  );

  // A quiet link before the phone comes back: the last run's summary may still have a request in
  // flight, and ZML 0.0.43 throws on a reply that reaches the next app run (README, Not done).
  await s.clock.advance(5_000);

  // The phone is back over a lossy link; home opens and keeps syncing until the outbox is empty.
  s.phone.setOnline(true);
  s.link.configure({ lossRate });
  const back = s.clock.now();
  await s.launch();
  let opens = 1;
  let lastOpen = back;
  // Two restarts inside the drain: one as the phone comes back, one once the first batch is in.
  const firstPending = watchReplica(s).pendingCount();
  let restarts = 0;
  let downUntil: number | null = null;
  for (;;) {
    const pending = watchReplica(s).pendingCount();
    if (pending === 0) break;
    const elapsed = s.clock.now() - back;
    if (elapsed > DRAIN_LIMIT_MIN * MINUTE * 3) break;
    const due = restarts === 0 ? elapsed >= 5_000 : restarts === 1 && pending < firstPending;
    if (downUntil === null && due) {
      restarts++;
      await srv.stop();
      downUntil = s.clock.now() + DOWN_MS;
    }
    if (downUntil !== null && s.clock.now() >= downUntil) {
      await srv.start();
      downUntil = null;
    }
    if (person === 'glancing' && s.clock.now() - lastOpen >= GLANCE_MS) {
      lastOpen = s.clock.now();
      if (!s.watch?.alive) {
        await s.launch();
        opens++;
      }
    }
    await s.clock.advance(1000);
  }
  if (downUntil !== null) await srv.start();
  const drainMin = (s.clock.now() - back) / MINUTE;
  const posts = s.phone.fetchLog().filter((f) => f.url.endsWith('/v1/sync') && f.t >= back);
  const dropped = s.link.stats.toPhone.dropped + s.link.stats.toWatch.dropped;
  const sent = s.link.stats.toPhone.sent + s.link.stats.toWatch.sent;
  console.log(
    `BLE loss ${lossRate}, seed ${seed}, ${person}${person === 'glancing' ? ` (${opens} opens)` : ''}: drained ${outbox.length} ops in ${drainMin.toFixed(1)} virtual min ` +
      `(${posts.length} sync POSTs, ${posts.filter((p) => p.error !== undefined).length} failed; ${dropped}/${sent} frames dropped; ` +
      `${restarts} server restarts)`,
  );

  if (process.env.LOSSY_DEBUG) {
    console.log(s.system.localStorage.value['unknot.sync.v1'], Object.keys(s.system.localStorage.value));
    console.log(JSON.stringify(s.errors).slice(0, 3000));
    console.log(
      s.timeline.entries
        .filter((e) => e.t >= back && !String(e.event).startsWith('ui.'))
        .slice(0, 120)
        .map((e) => JSON.stringify(e).slice(0, 300))
        .join('\n'),
    );
  }
  if (process.env.LOSSY_DEBUG)
    console.log(
      posts.map((p) => `${((p.t - back) / 1000).toFixed(0)}s ${p.status ?? p.error}`).join('\n'),
      JSON.stringify(s.link.stats),
    );
  // Every session is on the server exactly once.
  const onServer = sessionsOf(await pullAll(srv));
  const ids = onServer.map((r) => r.id).sort();
  expect(ids).toEqual(local.map((r) => r.id).sort());
  expect(new Set(ids).size).toBe(SESSIONS);
  expect(restarts).toBe(2);
  expect(s.errors).toEqual([]);
  return drainMin;
}

/** BLE fault seeds (each run takes a few real minutes in QuickJS); `LOSSY_SEEDS=7,8,9` for a sweep. */
const SEEDS = (process.env.LOSSY_SEEDS ?? '7')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n));

describe('sync over a lossy BLE link', () => {
  for (const seed of SEEDS) {
    it(`drains ${SESSIONS} offline sessions in minutes at 30 % frame loss, through two server restarts (seed ${seed}, app kept open)`, async () => {
      const minutes = await drainOverLossyLink(seed, 0.3, 'watching');
      expect(minutes).toBeLessThanOrEqual(DRAIN_LIMIT_MIN);
    }, 300_000);
  }
  for (const seed of SEEDS.map((n) => n + 1)) {
    it(`drains them too when the app is only opened every few minutes and closes with the screen (seed ${seed})`, async () => {
      const minutes = await drainOverLossyLink(seed, 0.3, 'glancing');
      expect(minutes).toBeLessThanOrEqual(DRAIN_LIMIT_MIN * 2);
    }, 300_000);
  }
});

describe('the phone fits pulled pages to the watch', () => {
  const op = (serverSeq: number, deviceId: string, seq: number, pad = 0): ServerOp =>
    ({
      opId: `${deviceId}:${seq}`,
      deviceId,
      seq,
      hlc: `${String(1736150400000 + serverSeq).padStart(15, '0')}:00000:${deviceId}`,
      type: 'register.set',
      payload: { key: 'settings.reminders', value: { note: 'x'.repeat(pad) } },
      serverSeq,
    }) as unknown as ServerOp;
  const page = (ops: ServerOp[], hasMore = false) => ({
    ok: true as const,
    acks: [],
    ops,
    cursor: ops.length > 0 ? (ops[ops.length - 1]?.serverSeq ?? 0) : 10,
    hasMore,
  });

  it('cuts at the byte budget (at least one op) and moves the cursor only over what it sends', () => {
    const res = fitPullForWatch(
      page([op(11, 'web-a', 1, 3000), op(12, 'web-a', 2, 3000), op(13, 'web-a', 3)]),
      10,
      {
        deviceId: 'watch-1',
        ownSeq: 0,
        maxBytes: 4000,
      },
    );
    expect(res.ops.map((o) => o.serverSeq)).toEqual([11]);
    expect(res).toMatchObject({ cursor: 11, hasMore: true });
    const one = fitPullForWatch(page([op(11, 'web-a', 1, 9000)]), 10, {
      deviceId: 'watch-1',
      ownSeq: 0,
      maxBytes: 100,
    });
    expect(one).toMatchObject({ cursor: 11, hasMore: false });
    expect(one.ops).toHaveLength(1);
  });

  it("leaves out the watch's own ops it holds, passes over them, and sends none for pullBytes 0", () => {
    const ops = [op(11, 'watch-1', 4), op(12, 'watch-1', 5), op(13, 'web-a', 1), op(14, 'watch-1', 6)];
    const res = fitPullForWatch(page(ops), 10, { deviceId: 'watch-1', ownSeq: 5, maxBytes: 6000 });
    expect(res.ops.map((o) => o.serverSeq)).toEqual([13, 14]);
    expect(res).toMatchObject({ cursor: 14, hasMore: false });
    const mine = fitPullForWatch(page(ops.slice(0, 2)), 10, {
      deviceId: 'watch-1',
      ownSeq: 5,
      maxBytes: 6000,
    });
    expect(mine).toMatchObject({ ops: [], cursor: 12, hasMore: false });
    const none = fitPullForWatch(page(ops), 10, { deviceId: 'watch-1', ownSeq: 5, maxBytes: 0 });
    expect(none).toMatchObject({ ops: [], cursor: 10, hasMore: true });
  });
});
