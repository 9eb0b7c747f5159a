/**
 * Where a watch process runs the app's JavaScript. Two engines:
 * - `quickjs`: QuickJS 2021-03-27 compiled to WebAssembly (`@tootallnate/quickjs-emscripten` 0.23),
 *   the closest published build to the QuickJS 2020-07-05 that zeus's `qjsc` compiles for the
 *   watch. It runs the device JS exactly as the official build hands it to `qjsc`. Every watch
 *   test uses it.
 * - `v8`: a `node:vm` context running the sim's own esbuild bundle of the sources; fast, for
 *   development only. It cannot see a builtin the watch lacks.
 */
import type { VirtualClock } from '../clock.js';

export type EngineKind = 'quickjs' | 'v8';

/** An App/Page/AppService instance as the host sees it (a live reference into the engine). */
export type Instance = Record<string, unknown>;

export interface EngineStats {
  /** Time spent running app code, bridged system calls included (host milliseconds). */
  cpuMs: number;
  /** QuickJS heap in use, bytes (undefined for V8). */
  heapBytes?: number;
}

export interface EngineGlobals {
  /** `__$$R$$__`: the `@zos/*` module loader. */
  require(name: string): unknown;
  /** Extra globals the process provides (timers, console); absent ones stay absent. */
  globals: Record<string, unknown>;
}

export interface DeviceEngine {
  readonly kind: EngineKind;
  /** Evaluates one device file. `module` becomes `__$$module$$__`. */
  evaluate(code: string, filename: string, module: { id: number; path: string }): void;
  /** The instance the last evaluated file registered with App / Page / AppService. */
  take(kind: 'app' | 'page' | 'service' | 'widget'): Instance | undefined;
  /** What `getCurrentPage()` returns inside the app. */
  setCurrentPage(page: Instance | undefined): void;
  /** Evaluates a snippet in the app's global scope and returns its value (tests, tools). */
  run(code: string): unknown;
  stats(): EngineStats;
  dispose(): void;
}

export interface EngineOptions {
  clock: VirtualClock;
  owner: string;
  random: () => number;
  log: (level: string, msg: string) => void;
  env: EngineGlobals;
  /** An entry into app code running longer than this (host ms) is stopped (QuickJS only). */
  entryBudgetMs?: number;
}
