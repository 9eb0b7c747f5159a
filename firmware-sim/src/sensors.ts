/** Scripted inputs: steps (from an activity schedule), battery, wear state. */

export type Activity = 'sitting' | 'standing' | 'walking' | 'running' | 'sleeping';

/** Steps per minute by activity (used when a schedule segment names an activity). */
export const ACTIVITY_RATES: Record<Activity, number> = {
  sitting: 0,
  sleeping: 0,
  standing: 2,
  walking: 100,
  running: 160,
};

export interface StepSegment {
  /** Either an activity or an explicit rate in steps per minute. */
  activity?: Activity;
  stepsPerMinute?: number;
  minutes: number;
}

interface ResolvedSegment {
  from: number;
  to: number;
  rate: number;
  activity: string;
}

export class StepModel {
  private base = 0;
  private baseAt: number;
  private segments: ResolvedSegment[] = [];
  target = 8000;

  constructor(private readonly now: () => number) {
    this.baseAt = now();
  }

  /** Steps counted today at virtual time `t` (default now). */
  count(t = this.now()): number {
    let n = this.base;
    for (const s of this.segments) {
      const a = Math.max(s.from, this.baseAt);
      const b = Math.min(s.to, t);
      if (b > a) n += (s.rate * (b - a)) / 60_000;
    }
    return Math.floor(n);
  }

  /** Sets the counter now (e.g. 0 at midnight) and keeps the schedule going from here. */
  set(n: number): void {
    this.base = n;
    this.baseAt = this.now();
  }

  add(n: number): void {
    this.set(this.count() + n);
  }

  /** Replaces the future with a schedule starting now: `[{activity:'sitting', minutes:50}, …]`. */
  schedule(segments: StepSegment[], startAt = this.now()): void {
    this.set(this.count());
    this.segments = this.segments.filter((s) => s.to <= startAt);
    let t = startAt;
    for (const seg of segments) {
      const rate = seg.stepsPerMinute ?? ACTIVITY_RATES[seg.activity ?? 'sitting'];
      const to = t + seg.minutes * 60_000;
      this.segments.push({ from: t, to, rate, activity: seg.activity ?? `${rate}/min` });
      t = to;
    }
  }

  /** The activity at time t (from the schedule), 'sitting' when none. */
  activityAt(t = this.now()): string {
    return this.segments.find((s) => s.from <= t && t < s.to)?.activity ?? 'sitting';
  }
}
