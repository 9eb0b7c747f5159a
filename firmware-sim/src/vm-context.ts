/** Builds a `node:vm` context whose clock, timers and randomness come from the sim. */
import vm from 'node:vm';
import type { VirtualClock } from './clock.js';
import { formatLog } from './timeline.js';

export interface ContextOptions {
  clock: VirtualClock;
  /** Timer owner tag: killing the process cancels its timers. */
  owner: string;
  random: () => number;
  globals: Record<string, unknown>;
  log: (level: string, msg: string) => void;
}

export interface SimContext {
  context: vm.Context;
  run(code: string, filename: string): unknown;
  /** Timer ids handed out inside this context (so kill can cancel them). */
  timers: Set<number>;
}

const PRELUDE = `(function (g, now, random) {
  const RealDate = g.Date;
  class Date extends RealDate {
    constructor(...args) { if (args.length === 0) super(now()); else super(...args); }
    static now() { return now(); }
  }
  g.Date = Date;
  g.Math.random = random;
  // Promises built with \`new Promise\` (ZML's deferreds) get a silent rejection observer: on the
  // device an unobserved rejection is only logged by QuickJS, it must not fail the host test run.
  const RealPromise = g.Promise;
  class Promise extends RealPromise {
    constructor(executor) {
      super(executor);
      RealPromise.prototype.then.call(this, undefined, () => {});
    }
    static get [Symbol.species]() { return RealPromise; }
  }
  g.Promise = Promise;
})`;

export interface VirtualTimers {
  setTimeout(fn: unknown, ms?: number, ...args: unknown[]): number;
  clearTimeout(id: unknown): void;
  setInterval(fn: unknown, ms?: number, ...args: unknown[]): number;
  clearInterval(id: unknown): void;
  /** Timer ids handed out and still pending. */
  timers: Set<number>;
}

/** `setTimeout` and friends on the virtual clock, owned by one process (a kill cancels them). */
export function createVirtualTimers(clock: VirtualClock, owner: string): VirtualTimers {
  const timers = new Set<number>();
  const intervals = new Map<number, number>();
  let nextInterval = 1_000_000;
  const setTimeoutV = (fn: unknown, ms?: number, ...args: unknown[]): number => {
    if (typeof fn !== 'function') return 0;
    const id = clock.schedule(
      Number(ms) || 0,
      () => {
        timers.delete(id);
        fn(...args);
      },
      owner,
      'setTimeout',
    );
    timers.add(id);
    return id;
  };
  const clearTimeoutV = (id: unknown) => {
    if (typeof id !== 'number') return;
    const real = intervals.get(id);
    if (real !== undefined) {
      clock.cancel(real);
      intervals.delete(id);
      return;
    }
    clock.cancel(id);
    timers.delete(id);
  };
  const setIntervalV = (fn: unknown, ms?: number, ...args: unknown[]): number => {
    if (typeof fn !== 'function') return 0;
    const period = Math.max(1, Number(ms) || 0);
    const handle = nextInterval++;
    const arm = () => {
      const id = clock.schedule(
        period,
        () => {
          timers.delete(id);
          if (!intervals.has(handle)) return;
          arm();
          fn(...args);
        },
        owner,
        'setInterval',
      );
      timers.add(id);
      intervals.set(handle, id);
    };
    arm();
    return handle;
  };
  return {
    setTimeout: setTimeoutV,
    clearTimeout: clearTimeoutV,
    setInterval: setIntervalV,
    clearInterval: clearTimeoutV,
    timers,
  };
}

/** The console a context gets: every line goes to the sim's log sink. */
export function createConsole(log: (level: string, msg: string) => void) {
  return {
    log: (...a: unknown[]) => log('log', formatLog(a)),
    info: (...a: unknown[]) => log('info', formatLog(a)),
    debug: (...a: unknown[]) => log('debug', formatLog(a)),
    warn: (...a: unknown[]) => log('warn', formatLog(a)),
    error: (...a: unknown[]) => log('error', formatLog(a)),
  };
}

export function createSimContext(o: ContextOptions): SimContext {
  const { clock, owner } = o;
  const t = createVirtualTimers(clock, owner);
  const console = createConsole(o.log);
  const sandbox: Record<string, unknown> = {
    setTimeout: t.setTimeout,
    clearTimeout: t.clearTimeout,
    setInterval: t.setInterval,
    clearInterval: t.clearInterval,
    console,
    Buffer,
    TextEncoder,
    TextDecoder,
    URL,
    URLSearchParams,
    ...o.globals,
  };
  const context = vm.createContext(sandbox, { name: owner });
  const install = vm.runInContext(PRELUDE, context) as (
    g: unknown,
    now: () => number,
    r: () => number,
  ) => void;
  install(vm.runInContext('globalThis', context), () => clock.now(), o.random);
  vm.runInContext('globalThis.globalThis = globalThis;', context);
  return {
    context,
    timers: t.timers,
    run(code, filename) {
      return new vm.Script(code, { filename }).runInContext(context);
    },
  };
}
