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
const LOAD_TIMEOUT_MS = 180_000;

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
  error: string | null;
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
  return {
    ...empty,
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
