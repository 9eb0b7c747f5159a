/**
 * Runs apps/sync-server's load benchmark (`pnpm --filter @unknot/sync-server bench`) in a child
 * process and reads what it writes to apps/sync-server/bench-results/load.json. Only the fields the
 * combined table needs are typed; the file is checked as it is read, so a changed shape shows as
 * "missing" rather than a crash.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../system/paths.js';

export const LOAD_JSON = join(REPO_ROOT, 'apps', 'sync-server', 'bench-results', 'load.json');
/** load.ts stops itself after 150 s; npx and tsx start-up come on top */
// the load bench stops itself at 540 s (1,000 sockets, 10,000 sockets, Redis pair, ingest)
const LOAD_TIMEOUT_MS = 570_000;

export interface LoadLevel {
  offeredOpsPerSec: number;
  ackedOpsPerSec: number;
  failedPushes: number;
  ackP99Ms: number;
  fanoutP50Ms: number;
  fanoutP99Ms: number;
}

export interface LoadTarget {
  name: string;
  sockets: number;
  levels: LoadLevel[];
  /** most acked ops/s when every socket pushes again on its ack (median of the trials) */
  saturationOpsPerSec: number;
  saturationFailedPushes: number;
}

export interface LoadSummary {
  /** where the numbers come from: this run, or an older file when the run failed or was skipped */
  source: 'this run' | 'previous file';
  file: string;
  date: string | null;
  users: number | null;
  relay: LoadTarget | null;
  server: LoadTarget | null;
  /** SQLite ingest, ops/s, per synchronous mode */
  ingest: Array<{ synchronous: string; batchOf500: number; groupCommit: number }>;
  /** per interleaved trial pair: the server's share of the relay's saturation throughput */
  throughputShare: Spread | null;
  /** per offered level: the server's fan-out p99 over the relay's, per trial pair */
  fanoutP99Ratios: Array<{ offeredOpsPerSec: number; perTrial: Spread }>;
  /** 10,000 sockets on one instance (server and relay) */
  tenK: {
    sockets: number;
    clientProcesses: number;
    /** the fleets' client: `wire` (the bench's light socket.io client) or `socket.io` */
    clientStack: string;
    connectStormMs: number;
    relayConnectStormMs: number;
    connectFailures: number;
    rssKbPerSocket: number;
    relayRssKbPerSocket: number;
    offeredOpsPerSec: number;
    fanoutP99Ms: number;
    relayFanoutP99Ms: number;
    ratio: Spread;
  } | null;
  /** two instances behind Redis against one instance */
  redis: {
    offeredOpsPerSec: number;
    singleP99Ms: number;
    pairP99Ms: number;
    failedPushes: number;
    ratio: Spread;
  } | null;
  error: string | null;
}

/** a median with its spread (min – max) over interleaved trial pairs */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

type Json = Record<string, unknown>;
const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : Number.NaN);
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

function target(x: unknown): LoadTarget | null {
  if (!isObj(x)) return null;
  const levels = arr(x.levels)
    .filter(isObj)
    .map((l) => {
      const ack = isObj(l.ackLatencyMs) ? l.ackLatencyMs : {};
      const fan = isObj(l.fanoutLatencyMs) ? l.fanoutLatencyMs : {};
      return {
        offeredOpsPerSec: num(l.offeredOpsPerSec),
        ackedOpsPerSec: num(l.ackedOpsPerSec),
        failedPushes: num(l.failedPushes),
        ackP99Ms: num(ack.p99),
        fanoutP50Ms: num(fan.p50),
        fanoutP99Ms: num(fan.p99),
      };
    });
  const sat = isObj(x.saturation) ? x.saturation : {};
  return {
    name: String(x.name ?? '?'),
    sockets: num(x.sockets),
    levels,
    saturationOpsPerSec: num(sat.ackedOpsPerSec),
    saturationFailedPushes: num(sat.failedPushes),
  };
}

export function readLoadJson(source: LoadSummary['source'], error: string | null): LoadSummary {
  const empty: LoadSummary = {
    source,
    file: LOAD_JSON,
    date: null,
    users: null,
    relay: null,
    server: null,
    ingest: [],
    throughputShare: null,
    fanoutP99Ratios: [],
    tenK: null,
    redis: null,
    error,
  };
  if (!existsSync(LOAD_JSON)) return { ...empty, error: error ?? 'no load.json' };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(LOAD_JSON, 'utf8'));
  } catch (e) {
    return { ...empty, error: `load.json unreadable: ${(e as Error).message}` };
  }
  if (!isObj(data)) return { ...empty, error: 'load.json is not an object' };
  const socket = arr(data.socket).map(target);
  const relay = socket.find((t) => t?.name.includes('relay')) ?? null;
  const server = socket.find((t) => t !== null && !t.name.includes('relay')) ?? null;
  const ingest = arr(data.sqliteIngest)
    .filter(isObj)
    .map((i) => ({
      synchronous: String(i.synchronous ?? '?'),
      batchOf500: isObj(i.batchOf500) ? num(i.batchOf500.opsPerSec) : Number.NaN,
      groupCommit: isObj(i.groupCommit200x50) ? num(i.groupCommit200x50.opsPerSec) : Number.NaN,
    }));
  const params = isObj(data.params) ? data.params : {};
  const spread = (x: unknown): Spread | null =>
    isObj(x) && Number.isFinite(num(x.median))
      ? { median: num(x.median), min: num(x.min), max: num(x.max) }
      : null;
  const targets = isObj(data.targets) ? data.targets : {};
  const fanoutP99Ratios = arr(targets.fanoutP99)
    .filter(isObj)
    .flatMap((f) => {
      const perTrial = spread(f.perTrial);
      return perTrial ? [{ offeredOpsPerSec: num(f.offeredOpsPerSec), perTrial }] : [];
    });
  const big = isObj(data.tenThousandSockets) ? data.tenThousandSockets : null;
  const bigTargets = big ? arr(big.targets).filter(isObj) : [];
  const bigRelay = bigTargets.find((t) => String(t.name).includes('relay'));
  const bigServer = bigTargets.find((t) => !String(t.name).includes('relay'));
  const bigRatio = big ? spread(big.fanoutP99Ratio) : null;
  const p99 = (t: Json | undefined) => num(isObj(t?.fanoutLatencyMs) ? t.fanoutLatencyMs.p99 : undefined);
  const tenK =
    big && bigRelay && bigServer && bigRatio
      ? {
          sockets: num(bigServer.sockets),
          clientProcesses: num(big.clientProcesses),
          clientStack: typeof big.clientStack === 'string' ? big.clientStack : 'socket.io',
          connectStormMs: num(bigServer.connectStormMs),
          relayConnectStormMs: num(bigRelay.connectStormMs),
          connectFailures: num(bigServer.connectFailures),
          rssKbPerSocket: num(bigServer.rssKbPerSocket),
          relayRssKbPerSocket: num(bigRelay.rssKbPerSocket),
          offeredOpsPerSec: num(big.offeredOpsPerSec),
          fanoutP99Ms: p99(bigServer),
          relayFanoutP99Ms: p99(bigRelay),
          ratio: bigRatio,
        }
      : null;
  const r = isObj(data.redis) ? data.redis : null;
  const redisRatio = r ? spread(r.fanoutP99Ratio) : null;
  const single = r && isObj(r.single) ? r.single : undefined;
  const pair = r && isObj(r.pair) ? r.pair : undefined;
  const redis =
    r && redisRatio
      ? {
          offeredOpsPerSec: num(r.offeredOpsPerSec),
          singleP99Ms: p99(single),
          pairP99Ms: p99(pair),
          failedPushes: num(pair?.failedPushes),
          ratio: redisRatio,
        }
      : null;
  return {
    ...empty,
    throughputShare: isObj(data.saturation) ? spread(data.saturation.share) : null,
    fanoutP99Ratios,
    tenK,
    redis,
    date: typeof data.date === 'string' ? data.date : null,
    users: Number.isFinite(num(params.users)) ? num(params.users) : null,
    relay,
    server,
    ingest,
  };
}

/** Spawns the server's bench (output passed through to stderr) and reads its JSON. */
export async function runLoadBench(): Promise<LoadSummary> {
  const started = Date.now();
  const error = await new Promise<string | null>((resolve) => {
    const child = spawn('npx', ['-y', 'pnpm@12.4.2', '--filter', '@unknot/sync-server', 'bench'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 2, 2], // its output on our stderr: stdout keeps only the combined table
      detached: true, // its own process group, so a timeout can stop npx, pnpm and node together
    });
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
      resolve(`timed out after ${LOAD_TIMEOUT_MS / 1000} s`);
    }, LOAD_TIMEOUT_MS);
    child.once('error', (e) => {
      clearTimeout(timer);
      resolve(`could not start: ${e.message}`);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code === 0 ? null : `exited with ${code ?? signal}`);
    });
  });
  const fresh = existsSync(LOAD_JSON) && statSync(LOAD_JSON).mtimeMs >= started;
  if (fresh) return readLoadJson('this run', error);
  return readLoadJson('previous file', error ?? 'load.json was not rewritten');
}
