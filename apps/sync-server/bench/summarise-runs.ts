/**
 * The issue-17 goals over several full runs of `bench/load.ts`: each run's figure (the median of
 * its interleaved trial pairs, as the run reports it), then their median and range, as a markdown
 * table. `node --import tsx bench/summarise-runs.ts run1.json run2.json run3.json …`
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { GOALS, median } from './stats.js';

interface Spread {
  median: number;
}
interface LoadJson {
  date: string;
  saturation?: { relay: number; server: number; share: Spread };
  targets?: { fanoutP99?: { offeredOpsPerSec: number; ratio: number; perTrial: Spread }[] };
  tenThousandSockets?: {
    targets: { name: string; connectStormMs: number; rssKbPerSocket: number }[];
    fanoutP99Ratio: Spread;
  };
  redis?: { fanoutP99Ratio: Spread };
}

interface Row {
  label: string;
  target: string;
  values: (number | null)[];
  format: (x: number) => string;
  met: (x: number) => boolean;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: summarise-runs.ts <load.json> [<load.json> …]\n');
  process.exit(2);
}
const runs = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as LoadJson);
const server = (r: LoadJson) => r.tenThousandSockets?.targets.find((t) => !t.name.includes('relay'));
const relay = (r: LoadJson) => r.tenThousandSockets?.targets.find((t) => t.name.includes('relay'));
const p99At = (r: LoadJson, ops: number) => r.targets?.fanoutP99?.find((x) => x.offeredOpsPerSec === ops);
const pct = (x: number) => `${Math.round(x * 100)} %`;
const times = (x: number) => `${x.toFixed(2)}×`;
const seconds = (x: number) => `${(x / 1000).toFixed(1)} s`;

const rows: Row[] = [
  {
    label: 'durable throughput at saturation (share of the relay, per pair)',
    target: `≥ ${pct(GOALS.throughputShare)}`,
    values: runs.map((r) => r.saturation?.share.median ?? null),
    format: pct,
    met: (x) => x >= GOALS.throughputShare,
  },
  ...[2500, 5000].flatMap((ops): Row[] => [
    {
      label: `fan-out p99 at ${ops.toLocaleString('en')} ops/s (per pair)`,
      target: `≤ ${GOALS.fanoutP99Ratio}×`,
      values: runs.map((r) => p99At(r, ops)?.perTrial.median ?? null),
      format: times,
      met: (x) => x <= GOALS.fanoutP99Ratio,
    },
    {
      label: `fan-out p99 at ${ops.toLocaleString('en')} ops/s (trials pooled)`,
      target: `≤ ${GOALS.fanoutP99Ratio}×`,
      values: runs.map((r) => p99At(r, ops)?.ratio ?? null),
      format: times,
      met: (x) => x <= GOALS.fanoutP99Ratio,
    },
  ]),
  {
    label: '10,000 sockets: connect storm, server',
    target: `≤ ${GOALS.stormMs / 1000} s`,
    values: runs.map((r) => server(r)?.connectStormMs ?? null),
    format: seconds,
    met: (x) => x <= GOALS.stormMs,
  },
  {
    label: '10,000 sockets: connect storm, relay (for reference)',
    target: '–',
    values: runs.map((r) => relay(r)?.connectStormMs ?? null),
    format: seconds,
    met: () => true,
  },
  {
    label: '10,000 sockets: server RSS per socket',
    target: `≤ ${GOALS.rssKbPerSocket} KB`,
    values: runs.map((r) => server(r)?.rssKbPerSocket ?? null),
    format: (x) => `${x.toFixed(1)} KB`,
    met: (x) => x <= GOALS.rssKbPerSocket,
  },
  {
    label: '10,000 sockets: fan-out p99 at 1,000 ops/s (per pair)',
    target: `≤ ${GOALS.tenKFanoutP99Ratio}×`,
    values: runs.map((r) => r.tenThousandSockets?.fanoutP99Ratio.median ?? null),
    format: times,
    met: (x) => x <= GOALS.tenKFanoutP99Ratio,
  },
  {
    label: 'REDIS_URL, two instances: fan-out p99 against one (per pair)',
    target: `≤ ${GOALS.redisFanoutP99Ratio}×`,
    values: runs.map((r) => r.redis?.fanoutP99Ratio.median ?? null),
    format: times,
    met: (x) => x <= GOALS.redisFanoutP99Ratio,
  },
];

const out: string[] = [
  `| measurement | ${runs.map((r, i) => `run ${i + 1} (${r.date.slice(11, 16)})`).join(' | ')} | median (min – max) | target | |`,
  `| --- | ${runs.map(() => '---').join(' | ')} | --- | --- | --- |`,
];
for (const row of rows) {
  const have = row.values.filter((x): x is number => x !== null && Number.isFinite(x));
  if (have.length === 0) continue;
  const m = median(have);
  const range = `${row.format(Math.min(...have))} – ${row.format(Math.max(...have))}`;
  const cells = row.values.map((x) => (x === null || !Number.isFinite(x) ? '–' : row.format(x)));
  const verdict = row.target === '–' ? '' : row.met(m) ? '✅' : '❌';
  out.push(
    `| ${row.label} | ${cells.join(' | ')} | ${row.format(m)} (${range}) | ${row.target} | ${verdict} |`,
  );
}
process.stdout.write(`${out.join('\n')}\n\nruns: ${files.map((f) => basename(f)).join(', ')}\n`);
