/** Small numeric helpers shared by the bench scripts. */

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Nearest-rank percentiles (p95 of 12 samples is the 12th: the honest answer for small n). */
export function summarise(samples: readonly number[]): Summary | null {
  if (samples.length === 0) return null;
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0;
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return {
    n: s.length,
    p50: round1(at(0.5)),
    p95: round1(at(0.95)),
    max: round1(s.at(-1) ?? 0),
    mean: round1(mean),
  };
}

export function fmtMs(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

/** "p50 / p95 / max" in ms, or "–". */
export function fmtSummary(s: Summary | null): string {
  return s ? `${fmtMs(s.p50)} / ${fmtMs(s.p95)} / ${fmtMs(s.max)} ms` : '–';
}

export function fmtInt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}
