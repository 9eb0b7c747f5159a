/**
 * Owns one firmware-sim: every operation on it (clock steps, taps, keys, renders) runs one at a
 * time through `exclusive`, so the HTTP API, the real-time ticker and tests never interleave inside
 * the sim. In real-time mode the virtual clock follows the wall clock on an interval.
 */
import type { Sim } from '@unknot/firmware-sim';

export type ClockMode = 'realtime' | 'manual';

export class SimDriver {
  private chain: Promise<unknown> = Promise.resolve();
  private ticker: ReturnType<typeof setInterval> | null = null;
  private ticking = false;
  private stopped = false;

  constructor(
    readonly sim: Sim,
    readonly clockMode: ClockMode,
  ) {}

  /** Runs `fn` after every operation queued before it; the queue goes on if it throws. */
  exclusive<T>(fn: (sim: Sim) => Promise<T> | T): Promise<T> {
    const run = this.chain.then(() => fn(this.sim));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Real-time mode: moves the virtual clock to the wall clock every `intervalMs` (never backwards). */
  start(intervalMs = 200): void {
    if (this.clockMode !== 'realtime' || this.ticker) return;
    this.ticker = setInterval(() => {
      if (this.ticking || this.stopped) return;
      this.ticking = true;
      this.exclusive((s) => s.clock.runUntil(Math.max(s.clock.now(), Date.now()))).finally(() => {
        this.ticking = false;
      });
    }, intervalMs);
  }

  /**
   * Waits until `pred` holds: in real time (the ticker moves the clock) or, in manual mode, by
   * stepping virtual time. Throws after `timeoutMs` of that time.
   */
  async waitUntil(pred: (sim: Sim) => boolean, timeoutMs: number): Promise<void> {
    if (this.clockMode === 'manual') {
      await this.exclusive((s) => s.until(() => pred(s), { timeoutMs, stepMs: 50 }));
      return;
    }
    const end = Date.now() + timeoutMs;
    while (!(await this.exclusive((s) => pred(s)))) {
      if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Stops the ticker and waits for the operation in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    await this.chain;
  }
}
