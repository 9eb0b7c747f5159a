/**
 * The device engine: QuickJS 2021-03-27 in WebAssembly, one runtime per watch process, bridged
 * to the sim's `@zos/*` modules, timers and logs.
 *
 * The bridge. Both sides speak JSON through one function each (`__host(op, json)` into the sim,
 * `__simDispatch(op, json)` into QuickJS). Plain data (primitives, arrays, objects whose
 * prototype is Object.prototype and that have no accessors, ArrayBuffers and typed arrays as
 * bytes, Errors as name/message/stack) is copied. Anything else crosses as a numbered reference
 * and arrives as a Proxy (or a function) that forwards get/set/has/keys/call/new to its owner.
 * Tags: `{__sim$:'u'}` undefined, `'n'` NaN/±Infinity, `'h'` a sim object, `'v'` an app object,
 * `'ab'` bytes, `'err'` an Error, `'throw'` an exception travelling back.
 *
 * After every outermost entry into QuickJS the engine runs its job queue (promise reactions), as
 * the device's event loop does between callbacks.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import {
  newQuickJSWASMModule,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
} from '@tootallnate/quickjs-emscripten';
import * as esbuild from 'esbuild';
import type { DeviceEngine, EngineOptions, Instance } from './device-engine.js';
import { QUICKJS_PRELUDE } from './quickjs-prelude.js';

const TAG = '__sim$';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** One WebAssembly instance per sim: runtimes of one sim share its memory, sims do not. */
export function loadQuickJS(): Promise<QuickJSWASMModule> {
  return newQuickJSWASMModule();
}

/** The `@tootallnate/quickjs-emscripten` version, for reports. */
export function quickjsPackageVersion(): string {
  const req = createRequire(import.meta.url);
  const pkg = JSON.parse(
    readFileSync(req.resolve('@tootallnate/quickjs-emscripten/package.json'), 'utf8'),
  ) as {
    version: string;
  };
  return pkg.version;
}

let bufferPolyfill: string | undefined;
/**
 * The device runtime has a global `Buffer` (ZML uses it for its frames); QuickJS has none, so the
 * `buffer` package (the browser implementation of Node's Buffer) stands in for it.
 */
function bufferSource(): string {
  if (bufferPolyfill === undefined) {
    const req = createRequire(import.meta.url);
    const out = esbuild.buildSync({
      stdin: {
        // `buffer/` (trailing slash) is the npm package, not Node's built-in module.
        contents: `globalThis.Buffer = require(${JSON.stringify(req.resolve('buffer/'))}).Buffer;`,
        resolveDir: process.cwd(),
      },
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'neutral',
      target: 'es2019',
      logLevel: 'silent',
    });
    bufferPolyfill = out.outputFiles[0]?.text ?? '';
  }
  return bufferPolyfill;
}

function isPlainData(o: object): boolean {
  const p = Object.getPrototypeOf(o);
  if (p !== Object.prototype && p !== null) return false;
  for (const d of Object.values(Object.getOwnPropertyDescriptors(o))) if (d.get || d.set) return false;
  return true;
}

export interface QuickJSEngineOptions extends EngineOptions {
  module: QuickJSWASMModule;
  /** QuickJS heap limit in bytes. */
  memoryLimitBytes: number;
}

export class QuickJSEngine implements DeviceEngine {
  readonly kind = 'quickjs' as const;
  private readonly rt: QuickJSRuntime;
  private readonly ctx: QuickJSContext;
  private readonly dispatchFn: QuickJSHandle;
  private readonly hostObjects = new Map<number, object>();
  private readonly hostIds = new WeakMap<object, number>();
  private nextHostId = 1;
  private readonly vmProxies = new Map<number, WeakRef<object>>();
  private readonly vmProxyIds = new WeakMap<object, number>();
  private readonly released: number[] = [];
  private readonly finalizer = new FinalizationRegistry<number>((id) => {
    this.released.push(id);
  });
  private depth = 0;
  private deadline = 0;
  private cpuMs = 0;
  private disposed = false;
  private disposeWhenIdle = false;
  /** Set when the process ends: the app's next system call fails and QuickJS stops at its next check. */
  private dead = false;
  private readonly entryBudgetMs: number;

  constructor(private readonly o: QuickJSEngineOptions) {
    this.entryBudgetMs = o.entryBudgetMs ?? 10_000;
    this.rt = o.module.newRuntime();
    this.rt.setMemoryLimit(o.memoryLimitBytes);
    this.rt.setMaxStackSize(512 * 1024);
    this.rt.setInterruptHandler(() => this.dead || (this.depth > 0 && performance.now() > this.deadline));
    this.ctx = this.rt.newContext();
    const host = this.ctx.newFunction('__host', (opH, jsonH) => {
      const op = this.ctx.getString(opH);
      const json = this.ctx.getString(jsonH);
      let out: string;
      try {
        out = JSON.stringify(this.enc(this.hostOp(op, JSON.parse(json) as Json[]), 0));
      } catch (e) {
        out = JSON.stringify({ [TAG]: 'throw', e: this.encError(e) });
      }
      return this.ctx.newString(out);
    });
    this.enter(() => {
      this.evalOrThrow(bufferSource(), 'buffer-polyfill.js');
      const prelude = this.ctx.unwrapResult(this.ctx.evalCode(QUICKJS_PRELUDE, 'sim-prelude.js'));
      const r = this.ctx.callFunction(prelude, this.ctx.undefined, host);
      prelude.dispose();
      if (r.error) throw this.vmError(r.error);
      r.value.dispose();
    });
    host.dispose();
    this.dispatchFn = this.ctx.getProp(this.ctx.global, '__simDispatch');
    this.ctx.setProp(this.ctx.global, '__simDispatch', this.ctx.undefined);
  }

  // ------------------------------------------------------------------ DeviceEngine
  evaluate(code: string, filename: string, module: { id: number; path: string }): void {
    this.request('module', [module.id, module.path]);
    this.enter(() => this.evalOrThrow(code, filename));
  }

  take(kind: 'app' | 'page' | 'service' | 'widget'): Instance | undefined {
    return this.request('take', [kind]) as Instance | undefined;
  }

  run(code: string): unknown {
    return this.request('eval', [code]);
  }

  setCurrentPage(page: Instance | undefined): void {
    this.request('current', [this.enc(page, 0)]);
  }

  stats() {
    if (this.disposed) return { cpuMs: this.cpuMs };
    const h = this.rt.computeMemoryUsage();
    const usage = this.ctx.dump(h) as { memory_used_size?: number };
    h.dispose();
    return { cpuMs: this.cpuMs, heapBytes: usage.memory_used_size };
  }

  dispose(): void {
    if (this.disposed) return;
    if (this.depth > 0) {
      // Still inside app code (it called router.exit, or the system killed it mid-call): stop it at
      // the next check and free the runtime once the call unwinds.
      this.disposeWhenIdle = true;
      this.dead = true;
      return;
    }
    this.disposed = true;
    this.hostObjects.clear();
    this.vmProxies.clear();
    try {
      this.dispatchFn.dispose();
      this.ctx.dispose();
      this.rt.dispose();
    } catch (e) {
      // A leaked handle makes QuickJS assert on dispose; the memory is lost but the sim goes on.
      this.o.log('warn', `firmware-sim: QuickJS runtime did not dispose cleanly: ${(e as Error).message}`);
    }
  }

  // ------------------------------------------------------------------ entering the VM
  private enter<T>(fn: () => T): T {
    if (this.disposed) throw new Error('firmware-sim: this watch process has ended');
    const outer = this.depth === 0;
    const t0 = outer ? performance.now() : 0;
    if (outer) this.deadline = t0 + this.entryBudgetMs;
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
      if (outer) {
        try {
          if (!this.dead) this.drainJobs();
        } finally {
          this.cpuMs += performance.now() - t0;
          if (this.disposeWhenIdle) this.dispose();
        }
      }
    }
  }

  /** Runs promise reactions until none are left (their errors are logged, as the device does). */
  private drainJobs(): void {
    this.depth++;
    try {
      for (;;) {
        const r = this.rt.executePendingJobs(-1);
        if (r.error) {
          const e = this.vmError(r.error);
          this.o.log('error', `unhandled error in a promise job: ${e.stack ?? e.message}`);
          continue;
        }
        if (r.value === 0) break;
      }
    } finally {
      this.depth--;
    }
    if (this.released.length > 0 && !this.dead) {
      // A proxy made again for the same id after the old one was collected keeps it alive.
      const ids = this.released.splice(0).filter((id) => !this.vmProxies.get(id)?.deref());
      for (const id of ids) this.vmProxies.delete(id);
      if (ids.length > 0) this.request('release', ids);
    }
  }

  private evalOrThrow(code: string, filename: string): void {
    const r = this.ctx.evalCode(code, filename);
    if (r.error) {
      const e = this.vmError(r.error);
      if (!this.dead) throw e;
      return;
    }
    r.value.dispose();
  }

  private vmError(h: QuickJSHandle): Error {
    const d = this.ctx.dump(h) as { name?: string; message?: string; stack?: string } | string;
    h.dispose();
    if (typeof d !== 'object' || d === null) return new Error(String(d));
    return this.toHostError({
      name: d.name ?? 'Error',
      message: d.message ?? String(d),
      stack: d.stack ?? '',
    });
  }

  private toHostError(e: { name?: unknown; message?: unknown; stack?: unknown }): Error {
    const err = new Error(String(e.message ?? ''));
    err.name = String(e.name ?? 'Error');
    err.stack = `${err.name}: ${err.message}\n${String(e.stack ?? '')}    (in QuickJS)`;
    return err;
  }

  /**
   * Sends one request to the VM side and decodes its answer. The answer is decoded before the VM
   * call ends: ending it drains promise jobs and sends the ids of collected proxies back for
   * release, and an id in this answer (the VM just sent the object again) must have its new proxy
   * by then, or the VM would drop an object the host is about to hold.
   */
  private request(op: string, payload: Json[]): unknown {
    const json = JSON.stringify(payload);
    const answer = this.enter((): { value: unknown } | { error: Error } => {
      const opH = this.ctx.newString(op);
      const jsonH = this.ctx.newString(json);
      const r = this.ctx.callFunction(this.dispatchFn, this.ctx.undefined, opH, jsonH);
      opH.dispose();
      jsonH.dispose();
      if (r.error) {
        const e = this.vmError(r.error);
        // A killed process stops mid-callback; that is the kill, not an app error.
        if (this.dead) return { value: undefined };
        return { error: e };
      }
      const parsed = JSON.parse(this.ctx.getString(r.value)) as Json;
      r.value.dispose();
      if (
        parsed !== null &&
        typeof parsed === 'object' &&
        !Array.isArray(parsed) &&
        parsed[TAG] === 'throw'
      ) {
        return { error: this.decError(parsed.e) };
      }
      return { value: this.dec(parsed) };
    });
    if ('error' in answer) throw answer.error;
    return answer.value;
  }

  // ------------------------------------------------------------------ requests from the VM
  private hostObject(id: unknown): object {
    const o = typeof id === 'number' ? this.hostObjects.get(id) : undefined;
    if (!o) throw new ReferenceError(`firmware-sim: system object #${String(id)} is unknown`);
    return o;
  }

  private hostOp(op: string, p: Json[]): unknown {
    if (this.dead) throw new Error('firmware-sim: the process was killed');
    switch (op) {
      case 'globals':
        return {
          ...this.o.env.globals,
          __$$R$$__: (name: string) => this.o.env.require(name),
          __simNow: () => this.o.clock.now(),
          __simRandom: () => this.o.random(),
        };
      case 'get':
        return (this.hostObject(p[0]) as Record<string, unknown>)[String(p[1])];
      case 'set':
        (this.hostObject(p[0]) as Record<string, unknown>)[String(p[1])] = this.dec(p[2] ?? null);
        return undefined;
      case 'has':
        return String(p[1]) in this.hostObject(p[0]);
      case 'delete':
        return delete (this.hostObject(p[0]) as Record<string, unknown>)[String(p[1])];
      case 'keys':
        return Object.keys(this.hostObject(p[0]));
      case 'desc': {
        const o = this.hostObject(p[0]) as Record<string, unknown>;
        const d = Object.getOwnPropertyDescriptor(o, String(p[1]));
        return d ? { value: o[String(p[1])], enumerable: Boolean(d.enumerable) } : undefined;
      }
      case 'call': {
        const fn = this.hostObject(p[0]);
        if (typeof fn !== 'function') throw new TypeError('not a function');
        return Reflect.apply(fn, this.dec(p[1] ?? null), this.dec(p[2] ?? []) as unknown[]);
      }
      case 'new': {
        const fn = this.hostObject(p[0]);
        if (typeof fn !== 'function') throw new TypeError('not a constructor');
        return Reflect.construct(fn, this.dec(p[1] ?? []) as unknown[]);
      }
      default:
        throw new TypeError(`firmware-sim: unknown bridge op ${op}`);
    }
  }

  // ------------------------------------------------------------------ encoding
  private hostRef(o: object): number {
    let id = this.hostIds.get(o);
    if (id === undefined) {
      id = this.nextHostId++;
      this.hostIds.set(o, id);
    }
    this.hostObjects.set(id, o);
    return id;
  }

  private encError(e: unknown): Json {
    const err = e instanceof Error ? e : new Error(String(e));
    return { [TAG]: 'err', name: err.name, message: err.message, stack: err.stack ?? '' };
  }

  private enc(v: unknown, depth: number): Json {
    if (v === undefined) return { [TAG]: 'u' };
    if (v === null) return null;
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        return Number.isFinite(v) ? v : { [TAG]: 'n', v: String(v) };
      case 'bigint':
      case 'symbol':
        return { [TAG]: 'u' };
    }
    const obj = v as object;
    const vmId = this.vmProxyIds.get(obj);
    if (vmId !== undefined) return { [TAG]: 'v', id: vmId };
    if (typeof v === 'function') return { [TAG]: 'h', id: this.hostRef(obj), f: 1 };
    if (depth > 48) throw new TypeError('firmware-sim: a value nested more than 48 levels deep cannot cross');
    if (v instanceof ArrayBuffer) return { [TAG]: 'ab', d: Array.from(new Uint8Array(v)) };
    if (ArrayBuffer.isView(v)) {
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      return { [TAG]: 'ab', d: Array.from(bytes), view: 1, buf: Buffer.isBuffer(v) ? 1 : 0 };
    }
    if (Array.isArray(v)) return v.map((x) => this.enc(x, depth + 1));
    if (v instanceof Error) return this.encError(v);
    if (isPlainData(obj)) {
      const out: { [k: string]: Json } = {};
      for (const [k, x] of Object.entries(obj)) if (k !== TAG) out[k] = this.enc(x, depth + 1);
      return out;
    }
    return { [TAG]: 'h', id: this.hostRef(obj) };
  }

  private decError(x: Json | undefined): Error {
    const e = (x ?? {}) as { name?: Json; message?: Json; stack?: Json };
    return this.toHostError(e);
  }

  private dec(x: Json): unknown {
    if (x === null || typeof x !== 'object') return x;
    if (Array.isArray(x)) return x.map((y) => this.dec(y));
    const tag = x[TAG];
    if (tag === undefined) {
      const out: Record<string, unknown> = {};
      for (const [k, y] of Object.entries(x)) out[k] = this.dec(y);
      return out;
    }
    switch (tag) {
      case 'u':
        return undefined;
      case 'n':
        return Number(x.v);
      case 'h':
        return this.hostObject(x.id);
      case 'v':
        return this.vmProxy(Number(x.id), x.f === 1);
      case 'ab': {
        const bytes = Uint8Array.from((x.d ?? []) as number[]);
        return x.view === 1 ? bytes : bytes.buffer;
      }
      case 'err':
        return this.decError(x);
      default:
        throw new TypeError(`firmware-sim: unknown value tag ${String(tag)}`);
    }
  }

  /** A host-side stand-in for an app object or function living in QuickJS. */
  private vmProxy(id: number, isFn: boolean): object {
    const cached = this.vmProxies.get(id)?.deref();
    if (cached) return cached;
    const ref: Json = { [TAG]: 'v', id, ...(isFn ? { f: 1 } : {}) };
    const engine = this;
    let proxy: object;
    if (isFn) {
      proxy = function (this: unknown, ...args: unknown[]): unknown {
        return engine.request('call', [ref, engine.enc(this, 0), engine.enc(args, 0)]);
      };
    } else {
      proxy = new Proxy(
        {},
        {
          get: (_t, k) => (typeof k === 'symbol' ? undefined : this.request('get', [ref, k])),
          set: (_t, k, v) => {
            if (typeof k === 'symbol') return false;
            this.request('set', [ref, k, this.enc(v, 0)]);
            return true;
          },
          has: (_t, k) => typeof k === 'string' && Boolean(this.request('has', [ref, k])),
          deleteProperty: (_t, k) => typeof k === 'string' && Boolean(this.request('delete', [ref, k])),
          ownKeys: () => this.request('keys', [ref]) as string[],
          getOwnPropertyDescriptor: (_t, k) => {
            if (typeof k === 'symbol') return undefined;
            const d = this.request('desc', [ref, k]) as { value: unknown; enumerable: boolean } | undefined;
            return d
              ? { value: d.value, enumerable: d.enumerable, writable: true, configurable: true }
              : undefined;
          },
        },
      );
    }
    this.vmProxies.set(id, new WeakRef(proxy));
    this.vmProxyIds.set(proxy, id);
    this.finalizer.register(proxy, id);
    return proxy;
  }
}
