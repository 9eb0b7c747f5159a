/**
 * The whole-system benchmark, one command (`npx pnpm@12.4.2 --filter @unknot/tests bench`),
 * loopback only, stops by itself (hard limit 10 min; typically 1–2 min):
 *
 * 1. apps/sync-server's load benchmark (its own process; reads bench-results/load.json): SQLite
 *    ingest, the bare socket.io relay floor and the real server under ~1,000 sockets;
 * 2. end-to-end latency, session finished on the simulated watch → shown in the dashboard in
 *    Chromium, with a Node socket.io push as the floor (see e2e-latency.ts);
 * 3. apps/dashboard/bench-results/render.json (3 years rendered in Chromium), when its e2e wrote it.
 *
 * Prints one markdown table (stdout; progress goes to stderr), writes tests/bench-results/bench.json
 * and rewrites the `<!-- bench:start -->…<!-- bench:end -->` block in the root README.md.
 *
 * BENCH_E2E_RUNS (default 15) sets the measured watch runs (plus 2 warm-ups); BENCH_SKIP_LOAD=1
 * reuses the existing load.json instead of running the load benchmark (marked in the output).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../system/paths.js';
import { type LatencyResult, measureLatency } from './e2e-latency.js';
import { type LoadLevel, type LoadSummary, readLoadJson, runLoadBench } from './load-bench.js';
import { fmtInt, fmtMs, fmtSummary, type Summary } from './stats.js';

const HARD_LIMIT_MS = 10 * 60_000;
const RUNS = Math.max(1, Number(process.env.BENCH_E2E_RUNS ?? 15));
const WARMUP = 2;
const OUT = join(REPO_ROOT, 'tests', 'bench-results', 'bench.json');
const README = join(REPO_ROOT, 'README.md');
const RENDER_JSON = join(REPO_ROOT, 'apps', 'dashboard', 'bench-results', 'render.json');
const START_MARK = '<!-- bench:start -->';
const END_MARK = '<!-- bench:end -->';

const hardStop = setTimeout(() => {
  process.stderr.write(`bench exceeded ${HARD_LIMIT_MS / 60_000} min; aborting\n`);
  process.exit(1);
}, HARD_LIMIT_MS);
hardStop.unref();

// ---- the dashboard's render benchmark (written by apps/dashboard's e2e) ----

interface RenderResult {
  sessions: number;
  renderMs: number;
  firstRenderMs: number | null;
  measuredAt: string;
}

function readRender(): RenderResult | null {
  if (!existsSync(RENDER_JSON)) return null;
  try {
    const raw = JSON.parse(readFileSync(RENDER_JSON, 'utf8')) as Record<string, unknown>;
    if (typeof raw.renderMs !== 'number') return null;
    return {
      sessions: typeof raw.sessions === 'number' ? raw.sessions : Number.NaN,
      renderMs: raw.renderMs,
      firstRenderMs: typeof raw.firstRenderMs === 'number' ? raw.firstRenderMs : null,
      // the file carries no date of its own: its modification time is when the e2e wrote it
      measuredAt: statSync(RENDER_JSON).mtime.toISOString(),
    };
  } catch {
    return null;
  }
}

// ---- the table ----

type Verdict = 'met' | 'missed' | null;
interface Row {
  what: string;
  result: string;
  target: string;
  verdict: Verdict;
}

const mark = (v: Verdict): string => (v === 'met' ? '✅' : v === 'missed' ? '❌' : '');
const ok = (cond: boolean): Verdict => (cond ? 'met' : 'missed');
const pct = (x: number): string => `${(x * 100).toFixed(0)} %`;

function levelLabel(l: LoadLevel): string {
  return `${fmtInt(l.offeredOpsPerSec)} ops/s offered`;
}

function loadRows(load: LoadSummary): Row[] {
  const rows: Row[] = [];
  const { relay, server } = load;
  const sockets = server && Number.isFinite(server.sockets) ? `${fmtInt(server.sockets)} sockets, ` : '';
  if (relay && server) {
    const share = server.saturationOpsPerSec / relay.saturationOpsPerSec;
    rows.push({
      what: `Durable throughput at saturation, ${sockets}every socket pushes again on its ack`,
      result: `${fmtInt(server.saturationOpsPerSec)} ops/s acked = ${pct(share)} of the bare relay (${fmtInt(relay.saturationOpsPerSec)})${server.saturationFailedPushes > 0 ? `, ${fmtInt(server.saturationFailedPushes)} failed pushes` : ''}`,
      target: '≥ 70 % of relay',
      verdict: Number.isFinite(share) ? ok(share >= 0.7 && server.saturationFailedPushes === 0) : null,
    });
    // issue 17's goals are medians over interleaved trial pairs: each with its spread
    const s = load.throughputShare;
    if (s)
      rows.push({
        what: '  ↳ the same, per interleaved trial pair (median, min – max)',
        result: `${pct(s.median)} (${pct(s.min)} – ${pct(s.max)})`,
        target: '≥ 70 % of relay',
        verdict: ok(s.median >= 0.7),
      });
    for (const l of server.levels)
      rows.push({
        what: `Acked at ${levelLabel(l)}`,
        result: `${fmtInt(l.ackedOpsPerSec)} ops/s${l.failedPushes > 0 ? `, ${fmtInt(l.failedPushes)} failed pushes` : ', no failed push'}`,
        target: '–',
        verdict: null,
      });
    for (const l of server.levels) {
      const r = relay.levels.find((x) => x.offeredOpsPerSec === l.offeredOpsPerSec);
      if (!r) continue;
      const ratio = l.fanoutP99Ms / r.fanoutP99Ms;
      rows.push({
        what: `Fan-out p99, ${levelLabel(l)}`,
        result: `${fmtMs(l.fanoutP99Ms)} ms = ${ratio.toFixed(2)}× the relay (${fmtMs(r.fanoutP99Ms)} ms); p50 ${fmtMs(l.fanoutP50Ms)} ms`,
        target: '≤ 1.5× relay',
        verdict: Number.isFinite(ratio) ? ok(ratio <= 1.5) : null,
      });
      const f = load.fanoutP99Ratios.find((x) => x.offeredOpsPerSec === l.offeredOpsPerSec)?.perTrial;
      if (f)
        rows.push({
          what: '  ↳ the same, per interleaved trial pair (median, min – max)',
          result: `${f.median.toFixed(2)}× (${f.min.toFixed(2)} – ${f.max.toFixed(2)}×)`,
          target: '≤ 1.5× relay',
          verdict: ok(f.median <= 1.5),
        });
    }
  } else {
    rows.push({
      what: 'Socket load (server vs bare relay)',
      result: `not available: ${load.error ?? 'load.json has no relay/server results'}`,
      target: '≥ 70 % / ≤ 1.5× relay',
      verdict: null,
    });
  }
  const k = load.tenK;
  if (k) {
    rows.push({
      what: `${fmtInt(k.sockets)} sockets on one instance: connect storm (all at once from ${fmtInt(k.clientProcesses)} client processes, ${k.clientStack === 'wire' ? 'the light wire client' : 'socket.io-client'})`,
      result: `${fmtInt(k.connectStormMs)} ms${k.connectFailures > 0 ? `, ${fmtInt(k.connectFailures)} failed` : ''} (relay ${fmtInt(k.relayConnectStormMs)} ms)`,
      target: '≤ 10 s',
      verdict: ok(k.connectStormMs <= 10_000 && k.connectFailures === 0),
    });
    rows.push({
      what: `${fmtInt(k.sockets)} sockets: server RSS per socket (VmRSS before → after connecting)`,
      result: `${k.rssKbPerSocket.toFixed(1)} KB (relay ${k.relayRssKbPerSocket.toFixed(1)} KB)`,
      target: '≤ 16 KB',
      verdict: ok(k.rssKbPerSocket <= 16),
    });
    rows.push({
      what: `${fmtInt(k.sockets)} sockets: fan-out p99 at ${fmtInt(k.offeredOpsPerSec)} ops/s offered`,
      result: `${fmtMs(k.fanoutP99Ms)} ms, relay ${fmtMs(k.relayFanoutP99Ms)} ms; per trial pair ${k.ratio.median.toFixed(2)}× (${k.ratio.min.toFixed(2)} – ${k.ratio.max.toFixed(2)}×)`,
      target: '≤ 2× relay',
      verdict: ok(k.ratio.median <= 2),
    });
  }
  const rd = load.redis;
  if (rd)
    rows.push({
      what: `REDIS_URL, two instances (watch on one, browser on the other): fan-out p99 at ${fmtInt(rd.offeredOpsPerSec)} ops/s`,
      result: `${fmtMs(rd.pairP99Ms)} ms across instances, ${fmtMs(rd.singleP99Ms)} ms one instance; per trial pair ${rd.ratio.median.toFixed(2)}× (${rd.ratio.min.toFixed(2)} – ${rd.ratio.max.toFixed(2)}×)${rd.failedPushes > 0 ? `, ${fmtInt(rd.failedPushes)} failed pushes` : ''}`,
      target: '≤ 2× one instance',
      verdict: ok(rd.ratio.median <= 2),
    });
  for (const i of load.ingest) {
    const low = Math.min(i.batchOf500, i.groupCommit);
    rows.push({
      what: `SQLite ingest, synchronous=${i.synchronous}${i.synchronous === 'NORMAL' ? ' (server default)' : ''}`,
      result: `${fmtInt(i.batchOf500)} ops/s in batches of 500; ${fmtInt(i.groupCommit)} ops/s group commit (200 × 50)`,
      target: '≥ 20,000 ops/s',
      verdict: Number.isFinite(low) ? ok(low >= 20_000) : null,
    });
  }
  if (load.ingest.length === 0)
    rows.push({ what: 'SQLite ingest', result: 'not available', target: '≥ 20,000 ops/s', verdict: null });
  return rows;
}

function renderRow(render: RenderResult | null): Row {
  if (!render)
    return {
      what: 'Dashboard render, 3 years (Overview + History)',
      result:
        'not measured here: run `npx pnpm@12.4.2 --filter @unknot/dashboard test:e2e` (writes render.json)',
      target: '≤ 100 ms',
      verdict: null,
    };
  return {
    what: 'Dashboard render, 3 years (Overview + History)',
    result: `${fmtMs(render.renderMs)} ms median of fresh mounts, ${fmtInt(render.sessions)} sessions (render.json of ${render.measuredAt.slice(0, 10)})`,
    target: '≤ 100 ms',
    verdict: ok(render.renderMs <= 100),
  };
}

function latencyRows(lat: LatencyResult | null, error: string | null): Row[] {
  if (!lat)
    return [
      {
        what: 'Watch → dashboard latency',
        result: `failed: ${error ?? 'unknown error'}`,
        target: '–',
        verdict: null,
      },
    ];
  const w = lat.watch;
  const f = lat.floor;
  const row = (what: string, s: Summary | null): Row => ({
    what,
    result: `${fmtSummary(s)}`,
    target: '–',
    verdict: null,
  });
  return [
    row(
      `Session finished on the sim watch → shown in the dashboard (Chromium), p50 / p95 / max, n = ${lat.runs}`,
      w.finishToDomMs,
    ),
    row('  ↳ finish → phone starts POST /v1/sync (watch app, BLE)', w.finishToPhoneRequestMs),
    row('  ↳ finish → server fan-out (+ phone HTTP, validation, SQLite)', w.finishToServerMs),
    row('  ↳ server fan-out → dashboard DOM (socket.io, replica, React)', w.serverToDomMs),
    row(
      `Floor: Node socket.io push → shown in the dashboard, p50 / p95 / max, n = ${lat.runs}`,
      f.pushToDomMs,
    ),
    row('  ↳ server fan-out → dashboard DOM', f.serverToDomMs),
  ];
}

function table(rows: Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '| measurement | result | target | |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${esc(r.what)} | ${esc(r.result)} | ${esc(r.target)} | ${mark(r.verdict)} |`),
  ].join('\n');
}

// ---- README ----

const SECTION_INTRO = `## Performance

One command measures the whole system: \`npx pnpm@12.4.2 --filter @unknot/tests bench\` (1–2 min,
loopback only; [tests/bench/run.ts](tests/bench/run.ts)). It runs the sync server's load benchmark
(SQLite ingest; ~1,000 sockets against a bare socket.io relay and against the real server), then
times a session finished on the simulated watch until it shows in the dashboard's History in
Chromium (watch app → BLE → phone → HTTP → server → socket.io → React; the routine runs on the
sim's fast clock, and from the finishing tap on the watch's clock follows the wall clock), next
to a floor: a session pushed straight over socket.io by a Node client. Targets: durable
throughput ≥ 70 % of the bare relay, p99 fan-out ≤ 1.5× the relay, a 10,000-socket storm within
10 s, SQLite ingest ≥ 20,000 ops/s,
the dashboard renders 3 years of history in ≤ 100 ms (apps/dashboard's e2e). The block below is
rewritten by the script; JSON in \`tests/bench-results/bench.json\`.

`;

function updateReadme(block: string): void {
  const text = readFileSync(README, 'utf8');
  const body = `${START_MARK}\n${block}\n${END_MARK}`;
  const start = text.indexOf(START_MARK);
  const end = text.indexOf(END_MARK);
  let next: string;
  if (start >= 0 && end > start) {
    next = text.slice(0, start) + body + text.slice(end + END_MARK.length);
  } else {
    const status = text.indexOf('\n## Status');
    if (status < 0) throw new Error('README.md has no "## Status" section to put Performance before');
    next = `${text.slice(0, status + 1)}${SECTION_INTRO}${body}\n\n${text.slice(status + 1)}`;
  }
  if (next !== text) writeFileSync(README, next);
}

// ---- run ----

const loadBefore = loadavg();
const started = new Date();
process.stderr.write('[bench] 1/2 sync server load benchmark\n');
const load =
  process.env.BENCH_SKIP_LOAD === '1'
    ? readLoadJson('previous file', 'skipped (BENCH_SKIP_LOAD=1)')
    : await runLoadBench();
const loadAfterServerBench = loadavg();
process.stderr.write(`[bench] 2/2 watch → dashboard latency (${WARMUP} warm-up + ${RUNS} runs)\n`);
let latency: LatencyResult | null = null;
let latencyError: string | null = null;
try {
  latency = await measureLatency({ runs: RUNS, warmup: WARMUP });
} catch (e) {
  latencyError = (e as Error).message.split('\n')[0] ?? String(e);
  process.stderr.write(`[bench] latency measurement failed: ${(e as Error).stack ?? String(e)}\n`);
}
const loadEnd = loadavg();
const render = readRender();

const rows = [...loadRows(load), renderRow(render), ...latencyRows(latency, latencyError)];
const cpuList = cpus();
const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
const machine = {
  cpus: cpuList.length,
  model: cpuList[0]?.model.trim() ?? '?',
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadavgBefore: loadBefore,
  loadavgAfterServerBench: loadAfterServerBench,
  loadavgAfter: loadEnd,
};
const loadNote =
  load.source === 'this run'
    ? ''
    : ` Socket and SQLite rows are from an earlier load.json (${load.date ?? 'undated'}): ${load.error ?? ''}.`;
const note =
  `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine.cpus} CPUs (${machine.model}), ` +
  `Node ${machine.node}; load average (1 / 5 / 15 min) ${la(loadBefore)} before, ${la(loadEnd)} after.` +
  ` Server load: ${load.users ?? '?'} users × (watch + browser) sockets; the relay and the server each in a process of their own with their own client process, all on the same cores, measured in interleaved trials (latency percentiles pool the trials).${loadNote}`;

const output = `${note}\n\n${table(rows)}`;
console.log(`\n${output}\n`);

const results = {
  date: started.toISOString(),
  machine,
  load,
  latency,
  latencyError,
  render,
  rows,
};
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
updateReadme(`_${note}_\n\n${table(rows)}`);
process.stderr.write(`[bench] JSON: ${OUT}; README.md Performance block rewritten\n`);
process.exit(latency ? 0 : 1);
