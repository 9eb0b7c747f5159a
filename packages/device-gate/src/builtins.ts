/**
 * What builtins the watch's JavaScript engine has, and which modern ones it lacks — read off the
 * engines themselves, not kept by hand:
 *
 * 1. The same small script (ENUMERATE) lists, inside an engine, the names of `globalThis`, the own
 *    names of every global constructor or namespace (its "statics", with inherited constructor
 *    statics such as `Uint8Array.from`), and the own names of every prototype reachable from them
 *    or from iterator/generator objects (the "prototype members", by name only).
 * 2. It runs in QuickJS 2021-03-27 (`@tootallnate/quickjs-emscripten` 0.23, the closest published
 *    build to the watch's 2020-07-05) and in a fresh V8 context of the host Node ("modern"; Node's
 *    own globals such as `structuredClone` or `TextEncoder` join the modern globals).
 * 3. A name that QuickJS 2021 has counts as on the device only if zeus's own compiler binary
 *    (QuickJS 2020-07-05) also contains it: QuickJS keeps its atom table and every builtin
 *    function's name as NUL-terminated strings in `.rodata`, so a builtin added between
 *    2020-07-05 and 2021-03-27, or one compiled out (zeus's build has no BigInt), is absent there.
 * 4. Missing = modern − device.
 */
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { getQuickJS } from '@tootallnate/quickjs-emscripten';

/** Names found in one engine. */
export interface EngineBuiltins {
  /** Own property names of `globalThis`. */
  globals: string[];
  /** Global constructor / namespace name → its static member names. */
  statics: Record<string, string[]>;
  /** Member name → where it lives (`Array.prototype`, `TypedArray.prototype`, …). */
  protos: Record<string, string[]>;
}

/** What the gate checks device code against. */
export interface MissingBuiltins {
  /** Where the device list came from, for messages. */
  source: string;
  globals: Set<string>;
  /** `Object` → {`hasOwn`, …}. */
  statics: Map<string, Set<string>>;
  /** Prototype member name → where the host has it (`at` → Array.prototype, String.prototype, …). */
  protos: Map<string, string[]>;
}

/**
 * Written in ES5 so the oldest engine runs it. Iterator, generator and async prototypes have no
 * global name, so it makes one of each and walks their prototype chains too.
 */
const ENUMERATE = `(function () {
  var G = globalThis, seen = [], protos = Object.create(null), statics = {};
  function names(o) { try { return Object.getOwnPropertyNames(o); } catch (e) { return []; } }
  function label(o) {
    var c = Object.prototype.hasOwnProperty.call(o, 'constructor') && o.constructor;
    return (typeof c === 'function' && c.name ? c.name : o[Symbol.toStringTag] || '?') + '.prototype';
  }
  function addProto(o) {
    for (; o && seen.indexOf(o) < 0; o = Object.getPrototypeOf(o)) {
      seen.push(o);
      var where = label(o);
      names(o).forEach(function (n) { (protos[n] = protos[n] || []).push(where); });
    }
  }
  var globals = names(G);
  globals.forEach(function (g) {
    var v;
    try { v = G[g]; } catch (e) { return; }
    if (g === 'globalThis' || v === null || (typeof v !== 'object' && typeof v !== 'function')) return;
    var own = names(v);
    // constructors inherit statics from their parent constructor (Uint8Array.from from TypedArray)
    for (var p = Object.getPrototypeOf(v); typeof v === 'function' && p && p !== Function.prototype; p = Object.getPrototypeOf(p))
      own = own.concat(names(p));
    statics[g] = own;
    if (typeof v === 'function' && v.prototype) addProto(v.prototype);
  });
  var extra = [[][Symbol.iterator](), new Map().entries(), new Set().values(), ''[Symbol.iterator]()];
  ['return function* () {}', 'return async function () {}', 'return async function* () {}'].forEach(function (src) {
    try { var f = Function(src)(); extra.push(f, f.prototype); } catch (e) {}
  });
  try { extra.push(/a/g[Symbol.matchAll]('a')); } catch (e) {}
  extra.forEach(addProto);
  return JSON.stringify({ globals: globals, statics: statics, protos: protos });
})()`;

/**
 * Globals that Zepp OS itself gives every app (the API reference's `global/` pages: App, Page,
 * AppService, timers, console, Buffer, …), so they are not missing even though QuickJS lacks them.
 */
const ZEPP_GLOBALS = new Set([
  'App',
  'AppService',
  'AppWidget',
  'Buffer',
  'DataWidget',
  'Page',
  'SecondaryWidget',
  'clearInterval',
  'clearTimeout',
  'console',
  'getApp',
  'getCurrentPage',
  'setInterval',
  'setTimeout',
]);

/**
 * The host: V8's builtins from a fresh context (no Node globals there), plus the globals of Node's
 * own realm (`structuredClone`, `TextEncoder`, `fetch`, `process`, …), which code written for Node or
 * the web may reach for and a watch does not have.
 */
export function hostBuiltins(): EngineBuiltins {
  const found = JSON.parse(vm.runInNewContext(ENUMERATE) as string) as EngineBuiltins;
  const globals = [...new Set([...found.globals, ...Object.getOwnPropertyNames(globalThis)])];
  return { ...found, globals: globals.filter((g) => !ZEPP_GLOBALS.has(g)) };
}

/** QuickJS 2021-03-27 compiled to WebAssembly. */
export async function quickjsBuiltins(): Promise<EngineBuiltins> {
  const ctx = (await getQuickJS()).newContext();
  try {
    const result = ctx.unwrapResult(ctx.evalCode(ENUMERATE, 'enumerate.js'));
    const json = ctx.getString(result);
    result.dispose();
    return JSON.parse(json) as EngineBuiltins;
  } finally {
    ctx.dispose();
  }
}

/** The bytes of an ELF file's `.rodata` section (the whole file for other formats). */
function rodata(bin: Buffer): Buffer {
  if (bin.length < 64 || bin.readUInt32BE(0) !== 0x7f454c46 || bin[4] !== 2 || bin[5] !== 1) return bin;
  const shoff = Number(bin.readBigUInt64LE(0x28));
  const entSize = bin.readUInt16LE(0x3a);
  const count = bin.readUInt16LE(0x3c);
  const header = (i: number): number => shoff + i * entSize;
  const names = Number(bin.readBigUInt64LE(header(bin.readUInt16LE(0x3e)) + 0x18));
  for (let i = 0; i < count; i++) {
    const at = names + bin.readUInt32LE(header(i));
    if (bin.toString('latin1', at, bin.indexOf(0, at)) !== '.rodata') continue;
    const offset = Number(bin.readBigUInt64LE(header(i) + 0x18));
    return bin.subarray(offset, offset + Number(bin.readBigUInt64LE(header(i) + 0x20)));
  }
  return bin;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/**
 * Every identifier-like string in the compiler binary's read-only data. The linker merges string
 * literals that end alike (`"shift"` is stored as the tail of `"unshift"`), so every identifier
 * suffix of a NUL-terminated string counts as present. That only errs towards "present", and
 * QuickJS 2021 must have the name as well.
 */
export function qjscNames(qjscPath: string): Set<string> {
  const data = rodata(readFileSync(qjscPath));
  const out = new Set<string>();
  let start = 0;
  for (let end = data.indexOf(0); end >= 0; start = end + 1, end = data.indexOf(0, start)) {
    for (let i = Math.max(start, end - 64); i < end; i++) {
      const s = data.toString('latin1', i, end);
      if (IDENT.test(s)) out.add(s);
    }
  }
  return out;
}

/** Keeps the names that `keep` accepts. */
function filterEngine(e: EngineBuiltins, keep: (name: string) => boolean): EngineBuiltins {
  // fromEntries defines own properties, so a `__proto__` key stays a key
  const statics = Object.fromEntries(
    Object.entries(e.statics)
      .filter(([k]) => keep(k))
      .map(([k, v]) => [k, v.filter(keep)]),
  );
  const protos = Object.fromEntries(Object.entries(e.protos).filter(([k]) => keep(k)));
  return { globals: e.globals.filter(keep), statics, protos };
}

export interface DeviceBuiltinsOptions {
  /** zeus's `qjsc` (QuickJS 2020-07-05); without it the device list is QuickJS 2021's alone. */
  qjscPath?: string | undefined;
}

/** The device engine's builtins: QuickJS 2021's, narrowed to the names zeus's qjsc contains. */
export async function deviceBuiltins(opts: DeviceBuiltinsOptions = {}): Promise<{
  builtins: EngineBuiltins;
  source: string;
}> {
  const engine = await quickjsBuiltins();
  if (!opts.qjscPath) return { builtins: engine, source: 'QuickJS 2021-03-27' };
  const inBinary = qjscNames(opts.qjscPath);
  return {
    builtins: filterEngine(engine, (n) => inBinary.has(n)),
    source: 'QuickJS 2021-03-27 ∩ zeus qjsc (QuickJS 2020-07-05)',
  };
}

/** modern − device. */
export function missingBuiltins(
  modern: EngineBuiltins,
  device: EngineBuiltins,
  source: string,
): MissingBuiltins {
  const deviceGlobals = new Set(device.globals);
  const globals = new Set(modern.globals.filter((g) => !deviceGlobals.has(g)));
  const statics = new Map<string, Set<string>>();
  for (const [name, members] of Object.entries(modern.statics)) {
    const have = device.statics[name];
    if (!have) continue; // the whole global is missing: reported as a global
    const lacking = members.filter((m) => !have.includes(m));
    if (lacking.length > 0) statics.set(name, new Set(lacking));
  }
  const protos = new Map<string, string[]>();
  for (const [name, where] of Object.entries(modern.protos)) {
    if (!Object.hasOwn(device.protos, name)) protos.set(name, where);
  }
  return { source, globals, statics, protos };
}

/** The whole derivation: host V8 − (QuickJS 2021 ∩ zeus's qjsc). */
export async function deriveMissingBuiltins(opts: DeviceBuiltinsOptions = {}): Promise<MissingBuiltins> {
  const device = await deviceBuiltins(opts);
  return missingBuiltins(hostBuiltins(), device.builtins, device.source);
}

/** One line per missing builtin, for logs and the README. */
export function describeMissing(m: MissingBuiltins): string[] {
  return [
    ...[...m.globals].sort(),
    ...[...m.statics].flatMap(([k, v]) => [...v].sort().map((s) => `${k}.${s}`)),
    ...[...m.protos].map(([k, where]) => `.${k} (${[...new Set(where)].join(', ')})`),
  ];
}
