/** Deterministic virtual clock shared by the watch, the phone, the BLE link and the sensors. */

export type TimerOwner = string;

interface ScheduledTimer {
  id: number;
  at: number;
  seq: number;
  owner: TimerOwner;
  label: string;
  fn: () => void;
}

/** Waits for one macrotask turn so that promise chains inside the VMs settle. */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class VirtualClock {
  private current: number;
  private seq = 0;
  private nextId = 1;
  private readonly timers = new Map<number, ScheduledTimer>();
  private readonly io = new Set<Promise<unknown>>();
  /** Errors thrown by timer callbacks (the sim reports them instead of crashing the host). */
  readonly errors: Array<{ t: number; label: string; error: unknown }> = [];
  onError: ((label: string, error: unknown) => void) | undefined;

  constructor(startMs: number) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  schedule(delayMs: number, fn: () => void, owner: TimerOwner, label = 'timer'): number {
    const d = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    return this.scheduleAt(this.current + d, fn, owner, label);
  }

  scheduleAt(at: number, fn: () => void, owner: TimerOwner, label = 'timer'): number {
    const id = this.nextId++;
    this.timers.set(id, { id, at: Math.max(at, this.current), seq: this.seq++, owner, label, fn });
    return id;
  }

  cancel(id: number): boolean {
    return this.timers.delete(id);
  }

  /** Cancels every timer of an owner (a killed app, a stopped side service). */
  cancelOwner(owner: TimerOwner): number {
    let n = 0;
    for (const [id, t] of this.timers) {
      if (t.owner === owner) {
        this.timers.delete(id);
        n++;
      }
    }
    return n;
  }

  pending(owner?: TimerOwner): Array<{ id: number; at: number; owner: string; label: string }> {
    return [...this.timers.values()]
      .filter((t) => owner === undefined || t.owner === owner)
      .sort((a, b) => a.at - b.at || a.seq - b.seq)
      .map(({ id, at, owner: o, label }) => ({ id, at, owner: o, label }));
  }

  nextAt(): number | undefined {
    let best: number | undefined;
    for (const t of this.timers.values()) if (best === undefined || t.at < best) best = t.at;
    return best;
  }

  /**
   * Registers real asynchronous work (a real HTTP fetch from the phone host). The clock waits
   * for it before running the next timer, so real I/O takes zero virtual time and runs stay
   * deterministic.
   */
  trackIo<T>(p: Promise<T>): Promise<T> {
    this.io.add(p);
    const done = () => {
      this.io.delete(p);
    };
    p.then(done, done);
    return p;
  }

  /** Lets microtasks and tracked real I/O finish, without moving virtual time. */
  async settle(): Promise<void> {
    for (let i = 0; i < 1000; i++) {
      await macrotask();
      await macrotask();
      if (this.io.size === 0) return;
      await Promise.allSettled([...this.io]);
    }
  }

  private takeDue(limit: number): ScheduledTimer | undefined {
    let best: ScheduledTimer | undefined;
    for (const t of this.timers.values()) {
      if (t.at > limit) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    if (best) this.timers.delete(best.id);
    return best;
  }

  /** Runs every timer due up to `t` (in order, settling promises between them), then sets now = t. */
  async runUntil(t: number): Promise<void> {
    await this.settle();
    for (;;) {
      const next = this.takeDue(t);
      if (!next) break;
      if (next.at > this.current) this.current = next.at;
      try {
        next.fn();
      } catch (error) {
        this.errors.push({ t: this.current, label: next.label, error });
        this.onError?.(next.label, error);
      }
      await this.settle();
    }
    if (t > this.current) this.current = t;
    await this.settle();
  }

  advance(ms: number): Promise<void> {
    return this.runUntil(this.current + Math.max(0, ms));
  }

  /** Runs timers until none is left before `maxMs` from now (default 1 h); returns the time reached. */
  async runAll(maxMs = 3_600_000): Promise<number> {
    const limit = this.current + maxMs;
    for (;;) {
      const n = this.nextAt();
      if (n === undefined || n > limit) break;
      await this.runUntil(n);
    }
    return this.current;
  }
}
