/** @zos/utils: px, log, EventBus, buffers, qs. Follows `@zeppos/device-types` 4.0. */
import { type ZosHost } from './host.js';

export class SimEventBus {
  private readonly map = new Map<string, Array<(...args: unknown[]) => void>>();
  on(name: string, fn: (...args: unknown[]) => void): void {
    const l = this.map.get(name) ?? [];
    l.push(fn);
    this.map.set(name, l);
  }
  off(name: string, fn?: (...args: unknown[]) => void): void {
    if (!name) return;
    if (!fn) {
      this.map.delete(name);
      return;
    }
    const l = this.map.get(name);
    if (!l) return;
    const i = l.indexOf(fn);
    if (i >= 0) l.splice(i, 1);
  }
  emit(name: string, ...args: unknown[]): void {
    for (const fn of [...(this.map.get(name) ?? [])]) fn(...args);
  }
  once(name: string, fn: (...args: unknown[]) => void): void {
    const w = (...a: unknown[]) => {
      this.off(name, w);
      fn(...a);
    };
    this.on(name, w);
  }
  clear(): void {
    this.map.clear();
  }
  count(name?: string): number {
    if (name === undefined) return [...this.map.values()].reduce((n, l) => n + l.length, 0);
    return (this.map.get(name) ?? []).length;
  }
}

export function fmt(args: unknown[]): string {
  const [first, ...rest] = args;
  const str = (v: unknown) => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && 'message' in v) return String((v as { message: unknown }).message);
    try {
      return JSON.stringify(v) ?? String(v);
    } catch {
      return String(v);
    }
  };
  if (typeof first !== 'string') return args.map(str).join(' ');
  let i = 0;
  const msg = first.replace(/%[sdjoi%]/g, (m) => {
    if (m === '%%') return '%';
    if (i >= rest.length) return m;
    const v = rest[i++];
    return m === '%d' || m === '%i' ? String(Number(v)) : str(v);
  });
  return [msg, ...rest.slice(i).map(str)].join(' ');
}

interface SimLogger {
  getLogger(name: string): SimLogger;
  log(...args: string[]): void;
  warn(...args: string[]): void;
  debug(...args: string[]): void;
  error(...args: string[]): void;
  info(...args: string[]): void;
}

export function makeLogger(
  sink: (level: string, name: string, msg: string) => void,
  name = 'app',
): SimLogger {
  return {
    getLogger: (n: string) => makeLogger(sink, n),
    log: (...a: unknown[]) => sink('log', name, fmt(a)),
    warn: (...a: unknown[]) => sink('warn', name, fmt(a)),
    debug: (...a: unknown[]) => sink('debug', name, fmt(a)),
    error: (...a: unknown[]) => sink('error', name, fmt(a)),
    info: (...a: unknown[]) => sink('info', name, fmt(a)),
  };
}

interface TextCodecs {
  TextEncoder: new () => { encode(s: string): Uint8Array };
  TextDecoder: new () => { decode(b: Uint8Array): string };
}
const codecs = globalThis as unknown as TextCodecs;

export function createUtils(host: ZosHost) {
  const { api } = host;
  return {
    /** Same result as the build-time fold: round(n * screenWidth / designWidth). */
    px: (value: number) => Math.round((value * api.device.width) / api.designWidth),
    log: makeLogger((l, n, m) => api.log(l, n, m)),
    EventBus: SimEventBus,
    assets: (basePath: string) => (path: string) => `${basePath}/${path}`,
    stringToBuffer: (str: string): ArrayBuffer => {
      const bytes = new codecs.TextEncoder().encode(str);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
    bufferToString: (buffer: ArrayBuffer): string => new codecs.TextDecoder().decode(new Uint8Array(buffer)),
    qs: {
      parse: (s: string) => {
        const out: Record<string, string> = {};
        for (const part of String(s ?? '').split('&')) {
          if (!part) continue;
          const [k = '', v = ''] = part.split('=');
          out[decodeURIComponent(k)] = decodeURIComponent(v);
        }
        return out;
      },
    },
  };
}
