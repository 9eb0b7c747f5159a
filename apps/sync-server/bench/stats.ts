/** Latency percentiles of the load benchmark (ms). */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarise(values: readonly number[]): LatencySummary {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return {
    count: s.length,
    p50: round2(at(0.5)),
    p95: round2(at(0.95)),
    p99: round2(at(0.99)),
    max: round2(s.at(-1) ?? 0),
  };
}

export const round2 = (x: number) => Math.round(x * 100) / 100;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  if (s.length === 0) return Number.NaN;
  return round2(s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2);
}

/** Issue 17's goals, as `load.ts` judges a run and `summarise-runs.ts` judges several. */
export const GOALS = {
  /** durable throughput at saturation, share of the relay's (at least) */
  throughputShare: 0.7,
  /** fan-out p99 against the relay's at 2,500 and 5,000 ops/s (at most) */
  fanoutP99Ratio: 1.5,
  /** the 10,000-socket connect storm (ms, at most) */
  stormMs: 10_000,
  /** server RSS per socket with 10,000 connected (KB, at most) */
  rssKbPerSocket: 16,
  /** fan-out p99 against the relay's with 10,000 connected (at most) */
  tenKFanoutP99Ratio: 2,
  /** fan-out p99 across two instances against one instance's (at most) */
  redisFanoutP99Ratio: 2,
} as const;
