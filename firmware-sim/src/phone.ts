/**
 * The phone: a Zepp-app shim that answers ZML's shake, strips/adds the 16-byte frame header,
 * runs the side service (app-side) in its own `node:vm` context with `messaging`, a persistent
 * `settings.settingsStorage` and a Zepp-style `fetch` backed by real Node fetch; plus the
 * settings app (setting/) rendered as a component tree tests can drive.
 */
import { PHONE_I18N_GLOBAL } from './bundler.js';
import type { PackageTexts } from './i18n.js';
import type { AppPackage } from './app-package.js';
import { resolveSource } from './app-package.js';
import type { BleLink } from './ble-link.js';
import type { VirtualClock } from './clock.js';
import { JsonFileStore } from './persist.js';
import type { Timeline } from './timeline.js';
import { createSimContext, type SimContext } from './vm-context.js';
import { makeLogger } from './zos/modules.js';

type Fn = (...args: unknown[]) => unknown;
type Instance = Record<string, unknown>;

export const SIDE_PORT = 1;
const DEVICE_PORT = 20;

export interface PhoneOptions {
  /** JSON file holding settingsStorage (persisted across sims). */
  settingsFile?: string;
  /** Initial settings (applied when the key is not set yet). */
  settings?: Record<string, string>;
  /** Phone has internet (default true). When false, fetch rejects like a network error. */
  online?: boolean;
}

export interface ZeppFetchRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeout?: number;
  baseURL?: string;
}

export interface ZeppFetchResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface SettingsNode {
  type: string;
  props: Record<string, unknown>;
  children: Array<SettingsNode | string>;
}

export class SettingsStorage {
  private readonly listeners = new Set<Fn>();
  constructor(
    private readonly store: JsonFileStore<Record<string, string>>,
    private readonly onChange: (key: string, newValue: string | null, oldValue: string | null) => void,
  ) {}
  getItem(key: string): string | null {
    const v = this.store.value[key];
    return v === undefined ? null : v;
  }
  setItem(key: string, value: unknown): void {
    const newValue = typeof value === 'string' ? value : JSON.stringify(value);
    const oldValue = this.getItem(key);
    this.store.update((d) => {
      d[key] = newValue;
    });
    this.emit(key, newValue, oldValue);
  }
  removeItem(key: string): void {
    const oldValue = this.getItem(key);
    this.store.update((d) => {
      delete d[key];
    });
    this.emit(key, null, oldValue);
  }
  clear(): void {
    for (const k of Object.keys(this.store.value)) this.removeItem(k);
  }
  toObject(): Record<string, string> {
    return { ...this.store.value };
  }
  get length(): number {
    return Object.keys(this.store.value).length;
  }
  key(i: number): string | null {
    return Object.keys(this.store.value)[i] ?? null;
  }
  addListener(event: string, fn: Fn): void {
    if (event === 'change' && typeof fn === 'function') this.listeners.add(fn);
  }
  removeListener(event: string, fn?: Fn): void {
    if (event !== 'change') return;
    if (fn) this.listeners.delete(fn);
    else this.listeners.clear();
  }
  private emit(key: string, newValue: string | null, oldValue: string | null): void {
    this.onChange(key, newValue, oldValue);
    for (const l of [...this.listeners]) l({ key, newValue, oldValue });
  }
}

export interface PhoneHostDeps {
  clock: VirtualClock;
  timeline: Timeline;
  link: BleLink;
  pkg: AppPackage;
  bundles: Map<string, string>;
  /** The package's `.po` texts: `gettext` from `i18n` reads `app-side/i18n` or `setting/i18n`. */
  texts: PackageTexts;
  random: () => number;
  reportError(where: string, error: unknown): void;
  verbose: boolean;
}

export class PhoneHost {
  readonly settings: SettingsStorage;
  online: boolean;
  side: SimContext | undefined;
  sideInstance: Instance | undefined;
  private sideListeners: Fn[] = [];
  private pendingSide: Instance | undefined;
  private pendingSettingsPage: Instance | undefined;
  private settingsCtx: SimContext | undefined;
  settingsPage: Instance | undefined;
  readonly fetchLog: Array<{ t: number; url: string; method: string; status?: number; error?: string }> = [];
  private generation = 0;

  constructor(
    private readonly deps: PhoneHostDeps,
    opts: PhoneOptions = {},
  ) {
    this.online = opts.online ?? true;
    const store = new JsonFileStore<Record<string, string>>(opts.settingsFile, () => ({}));
    for (const [k, v] of Object.entries(opts.settings ?? {})) if (!(k in store.value)) store.value[k] = v;
    store.save();
    this.settings = new SettingsStorage(store, (key, newValue, oldValue) => {
      deps.timeline.log('phone.settings.change', { key, newValue, oldValue });
    });
    deps.link.attach('toPhone', (bytes) => this.onFrame(bytes));
  }

  private log(level: string, name: string, msg: string): void {
    this.deps.timeline.log('log', { side: 'phone', level, name, msg });
    if (this.deps.verbose) console.log(`[phone ${level}] ${name}: ${msg}`);
  }

  get running(): boolean {
    return this.sideInstance !== undefined;
  }

  /** Starts the side service (the Zepp app does this when the watch app shakes hands). */
  startSideService(): void {
    if (this.sideInstance || !this.deps.pkg.appSide) return;
    const gen = ++this.generation;
    const owner = `phone#${gen}`;
    const appInfo = this.deps.pkg.json.app;
    this.sideListeners = [];
    const logger = makeLogger((l, n, m) => this.log(l, n, m));
    const ctx = createSimContext({
      clock: this.deps.clock,
      owner,
      random: this.deps.random,
      log: (level, msg) => this.log(level, 'console', msg),
      globals: {
        messaging: {
          peerSocket: {
            send: (buf: ArrayBuffer | Uint8Array) => this.sendToWatch(buf),
            addListener: (event: string, fn: Fn) => {
              if (event === 'message') this.sideListeners.push(fn);
            },
            removeListener: (_event: string, fn?: Fn) => {
              this.sideListeners = fn ? this.sideListeners.filter((f) => f !== fn) : [];
            },
          },
        },
        settings: { settingsStorage: this.settings },
        Logger: logger,
        sideService: {
          appInfo: { app: { appId: appInfo.appId, appName: appInfo.appName } },
          launchReasons: { settingsChanged: false, fileTransfer: false, appInstalled: false },
          launchArgs: undefined,
        },
        transferFile: undefined,
        image: {
          convert: () => Promise.reject(new Error('image.convert is not implemented by firmware-sim')),
        },
        network: {
          downloader: {
            downloadFile: () => {
              throw new Error('network.downloader is not implemented by firmware-sim');
            },
          },
        },
        fetch: (req: ZeppFetchRequest | string, init?: Record<string, unknown>) => this.fetch(req, init),
        AppSideService: (opts: Instance) => {
          this.pendingSide = opts;
          return opts;
        },
        getApp: () => ({ port2: SIDE_PORT, _options: this.sideInstance }),
        [PHONE_I18N_GLOBAL]: { gettext: (key: string) => this.deps.texts.text('app-side', String(key)) },
      },
    });
    this.side = ctx;
    const file = resolveSource(this.deps.pkg.dir, this.deps.pkg.appSide);
    const code = this.deps.bundles.get(file);
    if (code === undefined) throw new Error(`no bundle for app-side ${file}`);
    ctx.run(code, file);
    const inst = this.pendingSide;
    this.pendingSide = undefined;
    if (!inst) throw new Error('app-side did not call AppSideService({...})');
    this.sideInstance = inst;
    this.deps.timeline.log('side.onInit');
    (inst.onInit as Fn | undefined)?.call(inst);
    this.deps.timeline.log('side.onRun');
    (inst.onRun as Fn | undefined)?.call(inst);
  }

  stopSideService(): void {
    const inst = this.sideInstance;
    if (!inst) return;
    this.deps.timeline.log('side.onDestroy');
    try {
      (inst.onDestroy as Fn | undefined)?.call(inst);
    } finally {
      this.sideInstance = undefined;
      this.side = undefined;
      this.sideListeners = [];
      this.deps.clock.cancelOwner(`phone#${this.generation}`);
    }
  }

  private header(type: number, port2: number, appId: number, payloadLen: number): Buffer {
    const b = Buffer.alloc(16 + payloadLen);
    b.writeUInt8(1, 0);
    b.writeUInt8(1, 1);
    b.writeUInt16LE(type, 2);
    b.writeUInt16LE(DEVICE_PORT, 4);
    b.writeUInt16LE(port2, 6);
    b.writeUInt32LE(appId, 8);
    b.writeUInt32LE(0, 12);
    return b;
  }

  private onFrame(bytes: Uint8Array): void {
    if (bytes.byteLength < 16) return;
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const flag = b.readUInt8(0);
    const type = b.readUInt16LE(2);
    const appId = b.readUInt32LE(8);
    if (flag !== 1) return;
    if (type === 1) {
      // Shake: make sure the side service runs, then answer with its port.
      try {
        this.startSideService();
      } catch (e) {
        this.deps.reportError('side-service start', e);
        return;
      }
      if (!this.sideInstance) return;
      const reply = this.header(1, SIDE_PORT, appId, 1);
      reply.writeUInt8(appId & 0xff, 16);
      this.deps.link.send('toWatch', reply);
      return;
    }
    if (type === 2) {
      this.deps.timeline.log('phone.close-frame');
      return;
    }
    if (type === 4 || type === 5) {
      const payload = b.subarray(16);
      const ab = payload.buffer.slice(payload.byteOffset, payload.byteOffset + payload.byteLength);
      for (const fn of [...this.sideListeners]) {
        try {
          fn(ab);
        } catch (e) {
          this.deps.reportError('side-service message', e);
        }
      }
    }
  }

  private sendToWatch(buf: ArrayBuffer | Uint8Array): void {
    const payload = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
    const frame = this.header(4, SIDE_PORT, this.deps.pkg.json.app.appId, payload.byteLength);
    frame.set(payload, 16);
    this.deps.link.send('toWatch', frame);
  }

  /** Zepp side-service fetch: `{url, method, headers, body, timeout=10s}` → `{status, statusText, headers, body}`. */
  fetch(reqOrUrl: ZeppFetchRequest | string, init?: Record<string, unknown>): Promise<ZeppFetchResponse> {
    const req: ZeppFetchRequest =
      typeof reqOrUrl === 'string'
        ? { url: reqOrUrl, ...(init as Partial<ZeppFetchRequest>) }
        : { ...reqOrUrl };
    const url = req.baseURL ? new URL(req.url, req.baseURL).toString() : req.url;
    const method = String(req.method ?? 'GET').toUpperCase();
    const entry: { t: number; url: string; method: string; status?: number; error?: string } = {
      t: this.deps.clock.now(),
      url,
      method,
    };
    this.fetchLog.push(entry);
    const run = async (): Promise<ZeppFetchResponse> => {
      if (!this.online) throw new Error('network unavailable (phone offline)');
      const headers: Record<string, string> = { ...(req.headers ?? {}) };
      let body: string | undefined;
      if (req.body !== undefined && req.body !== null) {
        if (typeof req.body === 'string') body = req.body;
        else {
          body = JSON.stringify(req.body);
          if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
            headers['Content-Type'] = 'application/json';
          }
        }
      }
      const res = await globalThis.fetch(url, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(req.timeout ?? 10_000),
      });
      const text = await res.text();
      const h: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        h[k] = v;
      });
      let parsed: unknown = text;
      if ((h['content-type'] ?? '').includes('json')) {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
      }
      return { status: res.status, statusText: res.statusText, headers: h, body: parsed };
    };
    const p = run().then(
      (r) => {
        entry.status = r.status;
        this.deps.timeline.log('phone.fetch', { url, method, status: r.status });
        return r;
      },
      (e: unknown) => {
        entry.error = (e as Error).message;
        this.deps.timeline.log('phone.fetch', { url, method, error: entry.error });
        throw e;
      },
    );
    return this.deps.clock.trackIo(p);
  }

  // ------------------------------------------------------------------ settings app (setting/)
  /** Loads the settings app (AppSettingsPage) and returns its rendered component tree. */
  renderSettingsApp(): SettingsNode | undefined {
    if (!this.deps.pkg.setting) return undefined;
    if (!this.settingsCtx) {
      const component =
        (type: string) =>
        (props: Record<string, unknown> = {}, children: unknown = []): SettingsNode => ({
          type,
          props: props ?? {},
          children: (Array.isArray(children) ? children : [children]).filter(
            (c): c is SettingsNode | string => c !== undefined && c !== null && c !== false,
          ) as Array<SettingsNode | string>,
        });
      const names = [
        'Section',
        'View',
        'Text',
        'Button',
        'TextInput',
        'Toggle',
        'Select',
        'Slider',
        'Image',
        'Link',
        'Auth',
        'ColorPicker',
        'TextImageRow',
        'StepSlider',
      ];
      const globals: Record<string, unknown> = Object.fromEntries(names.map((n) => [n, component(n)]));
      globals[PHONE_I18N_GLOBAL] = { gettext: (key: string) => this.deps.texts.text('setting', String(key)) };
      globals.AppSettingsPage = (opts: Instance) => {
        this.pendingSettingsPage = opts;
        return opts;
      };
      const ctx = createSimContext({
        clock: this.deps.clock,
        owner: 'phone-settings',
        random: this.deps.random,
        log: (level, msg) => this.log(level, 'settings', msg),
        globals,
      });
      const file = resolveSource(this.deps.pkg.dir, this.deps.pkg.setting);
      const code = this.deps.bundles.get(file);
      if (code === undefined) throw new Error(`no bundle for setting ${file}`);
      ctx.run(code, file);
      this.settingsCtx = ctx;
      this.settingsPage = this.pendingSettingsPage;
      if (!this.settingsPage) throw new Error('setting/ did not call AppSettingsPage({...})');
      const s = this.settingsPage;
      if (!s.state) s.state = {};
      (s.onInit as Fn | undefined)?.call(s, { settingsStorage: this.settings });
    }
    const page = this.settingsPage;
    if (!page || typeof page.build !== 'function') return undefined;
    return (page.build as Fn).call(page, {
      settingsStorage: this.settings,
      settings: this.settings,
    }) as SettingsNode;
  }
}
