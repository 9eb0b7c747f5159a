/**
 * End-to-end latency: a session finished on the simulated watch → visible in the dashboard's
 * History in Chromium, with the same harness as tests/e2e (real watch app in firmware-sim, BLE
 * link, phone side service, HTTP, real sync server on SQLite, socket.io, production dashboard).
 *
 * The routine itself runs on the sim's manual clock (a two-minute break in a second or so). From
 * the tap that finishes the session the watch's clock follows the wall clock, so the modelled BLE
 * latency and the watch's and phone's timers cost real milliseconds, as they would on a wrist.
 *
 * Timestamps, all wall-clock epoch ms on this machine:
 *  - finish:   just before the tap on "Skip rating" (the session record is written in that tap);
 *  - server:   a Node socket.io client signed in as the owner receives the op from the server's
 *              fan-out (the server has stored it: it fans out after the durable write);
 *  - phoneAck: the phone's POST /v1/sync got its response;
 *  - dom:      the History page's "N sessions in total" changed (MutationObserver in the page,
 *              performance.timeOrigin + performance.now(), corrected by the measured clock offset);
 *  - seen:     Node's page.waitForFunction resolved (includes Playwright's polling).
 *
 * The floor: a paired Node socket.io device pushes a session directly (no watch, BLE or phone) and
 * the same page shows it; runs alternate with the watch runs so both see the same machine load.
 */
import {
  type ClientToServerEvents,
  createReplica,
  getBuiltinRoutine,
  HTTP_ROUTES,
  type OpsEvent,
  PROTOCOL_VERSION,
  type PairingCode,
  type RedeemResponse,
  type ServerToClientEvents,
  SOCKET_PATH,
  type SessionRecord,
  SYNC_NAMESPACE,
  syncOnce,
} from '@unknot/stretch-model';
import { buildSession, repsResult } from '@unknot/stretch-model/testing';
import type { Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import {
  ensureDashboardBuilt,
  go,
  homeSyncLine,
  lastWatchSync,
  launchChromium,
  tapText,
  tempDir,
} from '../e2e/support.js';
import { type RunningSystem, startSystem } from '../system/harness.js';
import { ownerToken } from '../system/pairing.js';
import { type Summary, summarise } from './stats.js';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface WatchRun {
  finishToServerMs: number | null;
  /** the phone side service starts its POST /v1/sync (watch clock, which follows the wall clock) */
  finishToPhoneRequestMs: number | null;
  finishToPhoneAckMs: number | null;
  finishToDomMs: number;
  serverToDomMs: number | null;
  finishToSeenMs: number;
  /** the watch's own sync (BLE round trip included) finished, relative to the finish tap */
  finishToWatchSyncedMs: number | null;
  /** wall time the manual-clock routine took to run (not part of the latency) */
  routineWallMs: number;
}

export interface FloorRun {
  pushToAckMs: number;
  pushToServerMs: number | null;
  pushToDomMs: number;
  serverToDomMs: number | null;
}

export interface LatencyResult {
  runs: number;
  warmupRuns: number;
  routine: string;
  clockOffsetMs: number;
  watch: {
    finishToDomMs: Summary | null;
    finishToServerMs: Summary | null;
    finishToPhoneRequestMs: Summary | null;
    finishToPhoneAckMs: Summary | null;
    serverToDomMs: Summary | null;
    finishToSeenMs: Summary | null;
    finishToWatchSyncedMs: Summary | null;
    samples: WatchRun[];
  };
  floor: {
    pushToDomMs: Summary | null;
    pushToAckMs: Summary | null;
    serverToDomMs: Summary | null;
    samples: FloorRun[];
  };
  wallSeconds: number;
}

interface PageBench {
  count: number;
  at: Record<string, number>;
}
type BenchWindow = Window & { __unknotBench?: PageBench };

const ITERATION_TIMEOUT_MS = 30_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const nonNull = (xs: Array<number | null>): number[] => xs.filter((x): x is number => x !== null);

async function call<T>(url: string, path: string, token: string | null, body: unknown): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function connect(url: string, auth: Record<string, unknown>): Promise<ClientSocket> {
  const socket: ClientSocket = io(`${url}${SYNC_NAMESPACE}`, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    reconnection: false,
    auth: { protocolVersion: PROTOCOL_VERSION, ...auth },
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket.io connect timed out')), 10_000);
    socket.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return socket;
}

/**
 * Watches the History page's session count; each change is stamped in the page. A string, not a
 * function: tsx (esbuild keepNames) would wrap a function's inner closures in a helper the page lacks.
 */
const PAGE_OBSERVER = `(() => {
  const read = () => {
    for (const p of document.querySelectorAll('p[aria-live="polite"]')) {
      const m = /^(\\d+) sessions? in total$/.exec(p.textContent || '');
      if (m) return Number(m[1]);
    }
    return -1;
  };
  const state = { count: read(), at: {} };
  window.__unknotBench = state;
  new MutationObserver(() => {
    const n = read();
    if (n === state.count) return;
    state.count = n;
    if (state.at[String(n)] === undefined) state.at[String(n)] = performance.timeOrigin + performance.now();
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
  return state.count;
})()`;

async function installPageObserver(page: Page): Promise<void> {
  const count = (await page.evaluate(PAGE_OBSERVER)) as number;
  if (count !== 0) throw new Error(`the History page should show 0 sessions, read ${count}`);
}

/** page clock − Node clock, ms (bracketed by two Node readings; both are this machine's wall clock). */
async function clockOffset(page: Page): Promise<number> {
  let best = { spread: Number.POSITIVE_INFINITY, offset: 0 };
  for (let i = 0; i < 5; i++) {
    const before = performance.timeOrigin + performance.now();
    const inPage = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = performance.timeOrigin + performance.now();
    if (after - before < best.spread)
      best = { spread: after - before, offset: inPage - (before + after) / 2 };
  }
  return best.offset;
}

const nowMs = (): number => performance.timeOrigin + performance.now();

/** Waits until the page shows `count` sessions; returns [page time of the change, Node time it was seen]. */
async function waitForCount(page: Page, count: number): Promise<{ dom: number; seen: number }> {
  const handle = await page.waitForFunction(
    (n) => (window as BenchWindow).__unknotBench?.at[String(n)] ?? false,
    count,
    { timeout: ITERATION_TIMEOUT_MS, polling: 'raf' },
  );
  const seen = nowMs();
  const dom = (await handle.jsonValue()) as number;
  await handle.dispose();
  return { dom, seen };
}

function floorRecord(deviceId: string, i: number): SessionRecord {
  const endedAt = Date.now();
  const startedAt = endedAt - 120_000;
  return buildSession({
    id: `${deviceId}:floor${i}:${endedAt}`,
    deviceId,
    routineId: 'desk-upper',
    routineName: 'Floor push',
    startedAt,
    endedAt,
    timeZone: 'UTC',
    utcOffsetMinutes: 0,
    painBefore: null,
    painAfter: null,
    stretches: [repsResult(10, 10)],
  });
}

export async function measureLatency(o: { runs: number; warmup: number }): Promise<LatencyResult> {
  const started = nowMs();
  ensureDashboardBuilt();
  const dir = tempDir('unknot-bench-e2e-');
  const [systemResult, browserResult] = await Promise.allSettled([
    startSystem({
      dataDir: dir.path,
      clock: 'manual',
      env: { PORT: '0', LOG_LEVEL: 'warn' },
      quiet: true,
      deviceCode: 'build',
    }),
    launchChromium(),
  ]);
  const system: RunningSystem | null = systemResult.status === 'fulfilled' ? systemResult.value : null;
  const browser = browserResult.status === 'fulfilled' ? browserResult.value : null;
  const sockets: ClientSocket[] = [];
  try {
    if (systemResult.status === 'rejected') throw systemResult.reason;
    if (browserResult.status === 'rejected') throw browserResult.reason;
    if (!system || !browser) throw new Error('unreachable');
    const routine = getBuiltinRoutine('desk-upper');
    if (!routine) throw new Error('the desk break routine is missing');

    // The dashboard, signed in, on History.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(system.loginUrl ?? '');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByTestId('connection-label').filter({ hasText: 'Online' }).waitFor();
    await go(page, 'History');
    await page.getByText('0 sessions in total').waitFor();
    await installPageObserver(page);
    const offset = await clockOffset(page);

    // A Node observer signed in as the owner (another browser replica): when the server fans out.
    const token = await ownerToken(system.server);
    const observer = await connect(system.url, { kind: 'user', token, deviceId: 'web-bench-observer' });
    sockets.push(observer);
    const fanout = new Map<string, { deviceId: string; t: number }>();
    observer.on('ops', (ev: OpsEvent) => {
      const t = nowMs();
      for (const op of ev.ops)
        if (op.type === 'session.finished' && !fanout.has(op.payload.id))
          fanout.set(op.payload.id, { deviceId: op.payload.deviceId, t });
    });
    const fanoutSince = (deviceId: string, since: number): number | null => {
      for (const f of fanout.values()) if (f.deviceId === deviceId && f.t >= since) return f.t;
      return null;
    };

    // The floor device: paired like any device, pushing over socket.io directly.
    const { code } = await call<PairingCode>(system.url, HTTP_ROUTES.pairingCodes, token, {});
    const cred = await call<RedeemResponse>(system.url, HTTP_ROUTES.pairingRedeem, null, {
      code,
      deviceName: 'Bench floor',
      deviceKind: 'sim',
    });
    const floorSocket = await connect(system.url, {
      kind: 'device',
      deviceId: cred.deviceId,
      secret: cred.secret,
    });
    sockets.push(floorSocket);
    const floorReplica = createReplica({ deviceId: cred.deviceId, now: Date.now });
    floorSocket.on('ops', (ev) => floorReplica.receive(ev.ops));
    let floorAckAt = 0;
    const transport = {
      push: async (ops: Parameters<ClientToServerEvents['push']>[0]['ops']) => {
        const res = await floorSocket.timeout(10_000).emitWithAck('push', { ops });
        floorAckAt ||= nowMs();
        return res;
      },
      pull: (cursor: number) => floorSocket.timeout(10_000).emitWithAck('pull', { cursor }),
    };

    // Home synced once before the first run, as in the e2e test.
    await system.driver.exclusive((sim) =>
      sim.until(() => homeSyncLine(sim).startsWith('Synced'), { timeoutMs: 10_000, stepMs: 50 }),
    );

    const watchDeviceId = system.pairing.deviceId;
    let sessions = 0;
    const watchRuns: WatchRun[] = [];
    const floorRuns: FloorRun[] = [];

    const watchRun = async (): Promise<WatchRun> => {
      const expected = ++sessions;
      const r0 = nowMs();
      const shown = waitForCount(page, expected);
      shown.catch(() => undefined);
      // Run the routine fast on the manual clock, up to the rating screen.
      const routineWallMs = await system.driver.exclusive(async (sim) => {
        if (sim.screen.page() !== 'page/home/index')
          throw new Error(`expected home, got ${sim.screen.page()}`);
        await tapText(sim, 'Quick break');
        await tapText(sim, 'Start');
        await sim.until(() => sim.screen.page() === 'page/summary/index', {
          timeoutMs: 10 * 60_000,
          stepMs: 1000,
        });
        return nowMs() - r0;
      });
      // Finish it, then let the watch's clock follow the wall clock until the dashboard shows it.
      const t = await system.driver.exclusive(async (sim) => {
        const fetchesBefore = sim.phone.fetchLog().length;
        const v0 = sim.clock.now();
        const finish = nowMs();
        await tapText(sim, 'Skip rating');
        let phoneAck: number | null = null;
        let phoneRequest: number | null = null;
        let watchSynced: number | null = null;
        const got: { dom: { dom: number; seen: number } | null } = { dom: null };
        void shown.then((d) => {
          got.dom = d;
        });
        while (got.dom === null || watchSynced === null) {
          if (nowMs() - finish > ITERATION_TIMEOUT_MS) {
            await shown; // rethrows the page's timeout, if that is what happened
            throw new Error('the watch did not finish its sync');
          }
          await sim.clock.runUntil(Math.max(sim.clock.now(), v0 + (nowMs() - finish)));
          if (phoneAck === null) {
            const post = sim.phone
              .fetchLog()
              .slice(fetchesBefore)
              .find((f) => f.url.endsWith(HTTP_ROUTES.sync));
            if (post) phoneRequest = post.t - v0;
            if (post?.status !== undefined) phoneAck = nowMs();
          }
          if (watchSynced === null && (lastWatchSync(sim) ?? -1) >= v0) watchSynced = nowMs();
          await sleep(1);
        }
        // Back home (it syncs again), settled before the next run.
        await tapText(sim, 'Done');
        await sim.until(() => homeSyncLine(sim) === 'Synced just now', { timeoutMs: 30_000, stepMs: 50 });
        if (sim.errors.length > 0) throw new Error(`sim errors: ${JSON.stringify(sim.errors.slice(0, 3))}`);
        const dom = got.dom;
        if (!dom) throw new Error('unreachable');
        return { finish, phoneRequest, phoneAck, watchSynced, dom };
      });
      const domAt = t.dom.dom - offset;
      const server = fanoutSince(watchDeviceId, t.finish);
      return {
        finishToServerMs: server === null ? null : server - t.finish,
        finishToPhoneRequestMs: t.phoneRequest,
        finishToPhoneAckMs: t.phoneAck === null ? null : t.phoneAck - t.finish,
        finishToDomMs: domAt - t.finish,
        serverToDomMs: server === null ? null : domAt - server,
        finishToSeenMs: t.dom.seen - t.finish,
        finishToWatchSyncedMs: t.watchSynced === null ? null : t.watchSynced - t.finish,
        routineWallMs,
      };
    };

    const floorRun = async (i: number): Promise<FloorRun> => {
      const expected = ++sessions;
      const shown = waitForCount(page, expected);
      shown.catch(() => undefined);
      const record = floorRecord(cred.deviceId, i);
      const rec = floorReplica.record('session.finished', record);
      if (!rec.ok) throw new Error(`floor record rejected: ${JSON.stringify(rec)}`);
      floorAckAt = 0;
      const push = nowMs();
      const res = await syncOnce(floorReplica, transport, { maxAttempts: 1 });
      if (!res.ok) throw new Error(`floor push failed: ${res.error.code} ${res.error.message}`);
      const d = await shown;
      const domAt = d.dom - offset;
      const server = fanout.get(record.id)?.t ?? null;
      return {
        pushToAckMs: floorAckAt - push,
        pushToServerMs: server === null ? null : server - push,
        pushToDomMs: domAt - push,
        serverToDomMs: server === null ? null : domAt - server,
      };
    };

    const total = o.warmup + o.runs;
    for (let i = 0; i < total; i++) {
      const w = await watchRun();
      await sleep(100);
      const f = await floorRun(i);
      await sleep(100);
      const counted = i >= o.warmup;
      if (counted) {
        watchRuns.push(w);
        floorRuns.push(f);
      }
      process.stderr.write(
        `[bench e2e] run ${i + 1}/${total}${counted ? '' : ' (warm-up)'}: watch → dashboard ${w.finishToDomMs.toFixed(1)} ms, floor ${f.pushToDomMs.toFixed(1)} ms\n`,
      );
    }

    return {
      runs: o.runs,
      warmupRuns: o.warmup,
      routine: routine.name,
      clockOffsetMs: Math.round(offset * 100) / 100,
      watch: {
        finishToDomMs: summarise(watchRuns.map((r) => r.finishToDomMs)),
        finishToServerMs: summarise(nonNull(watchRuns.map((r) => r.finishToServerMs))),
        finishToPhoneRequestMs: summarise(nonNull(watchRuns.map((r) => r.finishToPhoneRequestMs))),
        finishToPhoneAckMs: summarise(nonNull(watchRuns.map((r) => r.finishToPhoneAckMs))),
        serverToDomMs: summarise(nonNull(watchRuns.map((r) => r.serverToDomMs))),
        finishToSeenMs: summarise(watchRuns.map((r) => r.finishToSeenMs)),
        finishToWatchSyncedMs: summarise(nonNull(watchRuns.map((r) => r.finishToWatchSyncedMs))),
        samples: watchRuns.map(roundRun),
      },
      floor: {
        pushToDomMs: summarise(floorRuns.map((r) => r.pushToDomMs)),
        pushToAckMs: summarise(floorRuns.map((r) => r.pushToAckMs)),
        serverToDomMs: summarise(nonNull(floorRuns.map((r) => r.serverToDomMs))),
        samples: floorRuns.map(roundRun),
      },
      wallSeconds: Math.round((nowMs() - started) / 100) / 10,
    };
  } finally {
    for (const s of sockets) s.close();
    await browser?.close().catch(() => undefined);
    await system?.close().catch(() => undefined);
    dir.remove();
  }
}

function roundRun<T extends object>(run: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(run)) out[k] = typeof v === 'number' ? Math.round(v * 10) / 10 : v;
  return out as T;
}
