/** The sim: one watch (device system + app process), one phone, the BLE link between them, one clock. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type AppPackage, type CardKind, loadAppPackage, resolveSource } from './app-package.js';
import { BleLink, type BleOptions } from './ble-link.js';
import { bundleEntries } from './bundler.js';
import { hasDeviceJs, loadDeviceJs } from './device-js.js';
import type { DeviceEngine, EngineKind, EngineOptions } from './engine/device-engine.js';
import { loadQuickJS, QuickJSEngine } from './engine/quickjs-engine.js';
import { createV8Engine } from './engine/v8-engine.js';
import { VirtualClock } from './clock.js';
import { type DeviceKey, type DeviceProfile, getDevice } from './devices.js';
import { PhoneHost, type PhoneOptions, type SettingsNode } from './phone.js';
import { defaultPackageRoots, PackageTexts } from './i18n.js';
import { createPrng } from './prng.js';
import { pngSize, type Raster, rasterize, renderSvg } from './render.js';
import type { StepSegment } from './sensors.js';
import { type AlarmRecord, DeviceSystem } from './system.js';
import { Timeline } from './timeline.js';
import { type ProcessKind, WatchProcess } from './watch.js';
import { EVENTS, type SimWidget, type WidgetTypeName } from './widgets.js';
import { ALARM_CONSTANTS, INTERACTION_CONSTANTS } from './zos/modules.js';
import { zeppLanguageNumber } from './zos/languages.js';
import { appWidgetBox } from './zos/ui.js';

export interface SimOptions {
  appDir: string;
  device?: DeviceKey | DeviceProfile;
  /** Folder for localStorage, alarms and (default) phone settings; omit for in-memory. */
  dataDir?: string;
  /** Virtual clock start, epoch ms (default 2025-01-06T08:00:00Z). */
  startTime?: number;
  seed?: number;
  ble?: BleOptions;
  phone?: PhoneOptions;
  /**
   * The system language, a code of the docs' Multilingual Mapping (default `en-US`): getLanguage()
   * returns its number, getText reads `page/i18n/<language>.po` of the package (app.json's
   * defaultLanguage when there is none), and the phone's gettext the settings / side `.po`.
   */
  language?: string;
  /**
   * The app package the `.po` files are read from (`<scope>/i18n/<language>.po`). Default: per
   * scope, `<appDir>/dist/zeus-src` where a build wrote them, else `appDir`.
   */
  packageDir?: string;
  /** Print app logs to the console. */
  verbose?: boolean;
  /**
   * `quickjs` (default; env `SIM_ENGINE`): the device engine running the device JS. `v8`: fast
   * development mode running the sim's own bundle in `node:vm`.
   */
  engine?: EngineKind;
  /**
   * What QuickJS runs: `build` — the device JS the official zeus build compiled, captured in
   * `deviceJsDir`; `bundle` — the sim's own bundle of the sources (apps without a zeus build,
   * such as the sim's fixtures). Default: `build` when `deviceJsDir/index.json` exists.
   */
  deviceCode?: 'build' | 'bundle';
  /** Captured device JS (default `<appDir>/dist/device-js`). */
  deviceJsDir?: string;
  /**
   * The firmware's API level (default: the device's own, from the official device list). Members
   * the docs date later are absent, as on a watch that has not been updated.
   */
  apiLevel?: string;
  /**
   * The screen goes off after its bright time without input, and the app exits 10 s later (unless
   * it asked to be relaunched on wake). Default true; false = a person who keeps looking.
   */
  screenTimeout?: boolean;
  /** Alarms fire up to this much after their time (default 3000 ms; 0 = exactly on time). */
  alarmLatenessMs?: number;
  /** QuickJS heap limit per process, bytes (default 8 MiB; no limit is documented). */
  memoryLimitBytes?: number;
}

export interface ServiceRun {
  file: string;
  /** alarm / notification wake-ups are single executions with a 600 ms budget. */
  trigger: 'alarm' | 'notification' | 'start';
  startedAt: number;
  endedAt?: number;
  /** How it ended: `exit` (the service called exit/stop), `timeout` (600 ms), `killed`, `dispose`. */
  end?: string;
  /** `@zos/*` calls the run made (functions, methods, constructors). */
  systemCalls?: number;
  /** Host time of the synchronous start (onInit to its return; a single run is all of it), ms. */
  wallMs?: number;
  /** Host time spent in app code during the run (QuickJS + bridged system calls), ms. */
  cpuMs?: number;
  heapBytes?: number;
}

/** A single execution of an app-service may run for 600 ms (guides/framework/device/app-service.md, "System Limitation"). */
export const SERVICE_SINGLE_RUN_MS = 600;

/** Where the sim's processes get their code and engines (built by `createSim`). */
export interface SimCode {
  engine: EngineKind;
  /** `build` (zeus output) or `bundle` (the sim's esbuild bundle). */
  source: 'build' | 'bundle';
  /** For `build`: the zeus target used and its compiler. */
  target?: string;
  compiler?: string;
  device(entry: string): string;
  /** Phone-side bundles (app-side, setting) by source path. */
  phone: Map<string, string>;
  createEngine(o: EngineOptions): DeviceEngine;
}

export type KeyName = 'back' | 'home' | 'select' | 'up' | 'down' | 'shortcut';
const KEY_CODES: Record<KeyName, number> = {
  back: INTERACTION_CONSTANTS.KEY_BACK,
  home: INTERACTION_CONSTANTS.KEY_HOME,
  select: INTERACTION_CONSTANTS.KEY_SELECT,
  up: INTERACTION_CONSTANTS.KEY_UP,
  down: INTERACTION_CONSTANTS.KEY_DOWN,
  shortcut: INTERACTION_CONSTANTS.KEY_SHORTCUT,
};
const KEY_EVENTS = {
  click: INTERACTION_CONSTANTS.KEY_EVENT_CLICK,
  longPress: INTERACTION_CONSTANTS.KEY_EVENT_LONG_PRESS,
  doubleClick: INTERACTION_CONSTANTS.KEY_EVENT_DOUBLE_CLICK,
  press: INTERACTION_CONSTANTS.KEY_EVENT_PRESS,
  release: INTERACTION_CONSTANTS.KEY_EVENT_RELEASE,
} as const;

export type TextMatcher = string | RegExp;
function matches(text: string | undefined, m: TextMatcher): boolean {
  if (text === undefined) return false;
  return typeof m === 'string' ? text === m || text.includes(m) : m.test(text);
}

type Fn = (...args: unknown[]) => unknown;

export class Sim {
  readonly clock: VirtualClock;
  readonly timeline: Timeline;
  readonly device: DeviceProfile;
  readonly apiLevel: string;
  readonly pkg: AppPackage;
  readonly system: DeviceSystem;
  readonly link: BleLink;
  readonly phoneHost: PhoneHost;
  readonly errors: Array<{ t: number; where: string; error: unknown }> = [];
  watch: WatchProcess | undefined;
  private readonly alarmTimers = new Map<number, number>();
  private readonly random: () => number;
  private readonly alarmJitter: () => number;
  /** The package's `.po` texts for the system language (`texts.misses`: keys that fell through). */
  readonly texts: PackageTexts;

  constructor(
    private readonly opts: SimOptions,
    private readonly code: SimCode,
    pkg: AppPackage,
  ) {
    this.pkg = pkg;
    this.device = getDevice(opts.device ?? 'gtr4');
    this.apiLevel = opts.apiLevel ?? this.device.apiLevel;
    if (!/^\d+\.\d+$/.test(this.apiLevel))
      throw new Error(`apiLevel must look like "3.6", not "${this.apiLevel}"`);
    this.clock = new VirtualClock(opts.startTime ?? Date.UTC(2025, 0, 6, 8, 0, 0));
    this.timeline = new Timeline(() => this.clock.now());
    this.clock.onError = (label, error) => this.reportError(label, error);
    this.random = createPrng((opts.seed ?? 1) * 7919 + 17);
    this.alarmJitter = createPrng((opts.seed ?? 1) * 104_729 + 3);
    this.system = new DeviceSystem(this.clock, this.timeline, this.device, opts.dataDir);
    if (opts.language) {
      zeppLanguageNumber(opts.language);
      this.system.language = opts.language;
    }
    this.texts = new PackageTexts(
      opts.packageDir ? [opts.packageDir] : defaultPackageRoots(pkg.dir),
      this.system.language,
      pkg.json.defaultLanguage ?? 'en-US',
    );
    this.link = new BleLink(this.clock, this.timeline, { seed: opts.seed ?? 1, ...opts.ble });
    this.link.attach('toWatch', (bytes) => {
      const rx = this.watch?.bleReceiver;
      if (!rx) return;
      const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      this.guard('ble receive', () => rx(0, ab, bytes.byteLength));
    });
    this.link.onStatus((up) => {
      const l = this.watch?.bleStatusListener;
      if (l) this.guard('ble status', () => l(up));
    });
    this.phoneHost = new PhoneHost(
      {
        clock: this.clock,
        timeline: this.timeline,
        link: this.link,
        pkg,
        bundles: code.phone,
        texts: this.texts,
        random: this.random,
        reportError: (w, e) => this.reportError(w, e),
        verbose: opts.verbose ?? false,
      },
      {
        settingsFile:
          opts.phone?.settingsFile ??
          (opts.dataDir ? join(opts.dataDir, 'phone', 'settings.json') : undefined),
        ...opts.phone,
      },
    );
    for (const a of this.system.alarmStore.value.alarms) this.scheduleAlarm(a);
  }

  // ------------------------------------------------------------------ errors
  reportError(where: string, error: unknown): void {
    this.errors.push({ t: this.clock.now(), where, error });
    this.timeline.log('error', { where, message: (error as Error)?.message ?? String(error) });
    if (this.opts.verbose) console.error(`[sim error] ${where}:`, error);
  }

  private guard(where: string, fn: () => unknown): unknown {
    try {
      return fn();
    } catch (e) {
      this.reportError(where, e);
      return undefined;
    }
  }

  // ------------------------------------------------------------------ processes
  private newProcess(kind: ProcessKind = 'app', appParam?: string): WatchProcess {
    const proc = new WatchProcess({
      kind,
      clock: this.clock,
      timeline: this.timeline,
      system: this.system,
      device: this.device,
      pkg: this.pkg,
      link: this.link,
      code: (entry) => this.code.device(entry),
      createEngine: (o) => this.code.createEngine(o),
      random: this.random,
      designWidth: this.pkg.designWidth(this.device.shape),
      apiLevel: this.apiLevel,
      alarms: {
        set: (o) => this.setAlarm(o),
        cancel: (id) => this.cancelAlarm(id),
        list: () => this.system.alarmStore.value.alarms.map((a) => a.id),
      },
      services: {
        start: (file, param) => this.startService(file, param, 'start'),
        stop: (file) => this.stopService(file),
        running: () => [...this.serviceProcs.keys()],
      },
      onExit: (p) => {
        if (this.watch === p) {
          this.watch = undefined;
          // The relaunch request belongs to the app run that made it.
          this.system.display.wakeUpRelaunch = false;
        }
        for (const [file, sp] of this.serviceProcs) if (sp === p) this.endServiceRun(file, p, p.endReason);
      },
      reportError: (w, e) => this.reportError(w, e),
      i18n: (k) => this.texts.text('page', k),
      assetPath: (src) => this.assetPath(src),
      imageSize: (src) => {
        const f = this.assetPath(src);
        return f ? pngSize(f) : undefined;
      },
      activity: () => this.noteActivity(),
      verbose: this.opts.verbose ?? false,
    });
    if (kind === 'app') {
      this.watch = proc;
      proc.startApp(appParam);
    }
    return proc;
  }

  // ------------------------------------------------------------------ app-services
  /** Running app-service processes by file. */
  readonly serviceProcs = new Map<string, WatchProcess>();
  /** Every app-service run so far (for budgets and reports). */
  readonly serviceRuns: ServiceRun[] = [];
  private readonly openRuns = new Map<WatchProcess, ServiceRun>();
  private killNextServiceAt: number | undefined;

  /**
   * Test hook: the next app-service run is killed by the system right after its n-th system call
   * (no onDestroy; nothing it does afterwards reaches the device).
   */
  killNextServiceAfterCalls(n: number): void {
    this.killNextServiceAt = n;
  }

  /**
   * Starts an app-service in a process of its own: on the device a service shares no memory with
   * the pages (each LocalStorage instance keeps its own copy, `storage/localStorage.mdx`), has no
   * timers and no UI. Woken by an alarm or a notification it is a single execution and is stopped
   * after 600 ms.
   */
  startService(file: string, param: string | undefined, trigger: ServiceRun['trigger']): boolean {
    const clean = file.replace(/^\//, '');
    if (!this.pkg.services.includes(clean)) {
      this.timeline.log('service.start-failed', { file: clean, reason: 'not in app.json' });
      return false;
    }
    const running = this.serviceProcs.get(clean);
    if (running?.alive) return running.startService(clean, param);
    const proc = this.newProcess('service');
    proc.killAfterCalls = this.killNextServiceAt;
    this.killNextServiceAt = undefined;
    this.serviceProcs.set(clean, proc);
    const run: ServiceRun = { file: clean, trigger, startedAt: this.clock.now() };
    this.serviceRuns.push(run);
    this.openRuns.set(proc, run);
    if (trigger !== 'start') {
      this.clock.schedule(
        SERVICE_SINGLE_RUN_MS,
        () => {
          if (!proc.alive) return;
          this.timeline.log('service.timeout', { file: clean, process: proc.owner });
          proc.terminate('timeout');
        },
        'system',
        `service-budget:${clean}`,
      );
    }
    const t0 = performance.now();
    try {
      proc.startService(clean, param);
      run.wallMs = performance.now() - t0;
    } catch (e) {
      // A process the system stopped mid-call unwinds with an error; that is the kill, not a bug.
      if (proc.alive && /interrupted/.test((e as Error)?.message ?? '')) {
        this.timeline.log('service.timeout', { file: clean, process: proc.owner, host: true });
        proc.terminate('timeout');
      } else if (proc.alive) this.reportError(`service ${clean}`, e);
    }
    return true;
  }

  stopService(file: string): boolean {
    const proc = this.serviceProcs.get(file.replace(/^\//, ''));
    if (!proc?.alive) return false;
    return proc.stopService(file.replace(/^\//, ''));
  }

  private endServiceRun(file: string, proc: WatchProcess, how: string | undefined): void {
    this.serviceProcs.delete(file);
    const run = this.openRuns.get(proc);
    if (!run) return;
    this.openRuns.delete(proc);
    const stats = proc.finalStats ?? proc.engine.stats();
    run.endedAt = this.clock.now();
    run.end = how === undefined || how.startsWith('exit') ? 'exit' : how;
    run.systemCalls = proc.systemCalls;
    run.cpuMs = stats.cpuMs;
    run.heapBytes = stats.heapBytes;
  }

  assetPath(src: string): string | undefined {
    const dir = this.pkg.assetsDir(this.device.shape);
    if (!dir) return undefined;
    const f = join(dir, src.replace(/^\//, ''));
    return existsSync(f) ? f : undefined;
  }

  /** Starts the app (App onCreate → page onInit → build). Default page: the first in app.json. */
  async launch(o: { page?: string; params?: string | object } = {}): Promise<void> {
    const page = o.page ?? this.pkg.pages[0];
    if (!page) throw new Error('app.json has no pages');
    const params =
      o.params === undefined ? undefined : typeof o.params === 'string' ? o.params : JSON.stringify(o.params);
    this.timeline.log('sim.launch', { page });
    // Opening the app lights the screen.
    if (!this.system.display.screenOn) {
      this.system.display.screenOn = true;
      this.timeline.log('display.on');
    }
    this.relaunchAt = undefined;
    const proc = this.watch ?? this.newProcess();
    if (!proc.page) proc.launchPage(page, params);
    this.noteActivity();
    await this.clock.settle();
  }

  /**
   * Shows a shortcut card (`app-widget`, the default) or widget (`secondary-widget`) of app.json:
   * App onCreate (when the app is not running), then the card's onInit, build and onResume. It
   * replaces an open page. Its widgets are on `screen`, `tap` reaches them (cards take taps only)
   * and `render` draws the card's own box (`cardBox()`).
   */
  async showCard(o: { kind?: CardKind; path?: string } = {}): Promise<void> {
    const kind = o.kind ?? 'app-widget';
    const entry = this.pkg.cards.find((c) => (o.path ? c.path === o.path : c.kind === kind));
    if (!entry) throw new Error(`app.json declares no ${o.path ?? kind}`);
    if (!this.system.display.screenOn) {
      this.system.display.screenOn = true;
      this.timeline.log('display.on');
    }
    this.timeline.log('sim.show-card', { card: entry.path });
    const proc = this.watch ?? this.newProcess();
    proc.openCard(entry);
    await this.clock.settle();
  }

  /** The shortcut card's box (`getAppWidgetSize`), or undefined when no shortcut card is shown. */
  cardBox(): { w: number; h: number; margin: number; radius: number } | undefined {
    const card = this.watch?.card;
    if (card?.entry.kind !== 'app-widget') return undefined;
    return appWidgetBox(this.device, this.watch?.cardHeight);
  }

  // ------------------------------------------------------------------ screen timeout
  private screenTimer: number | undefined;
  private exitTimer: number | undefined;
  /** The page to reopen on wake (the app asked for `setWakeUpRelaunch` before it exited). */
  private relaunchAt: { page: string; params: string | undefined } | undefined;

  /** Screen time-out (display/setPageBrightTime.mdx: 10 s unless the page sets another). */
  static readonly DEFAULT_BRIGHT_MS = 10_000;
  /** display/setWakeUpRelaunch.mdx: the system exits the app 10 s after the screen went off. */
  static readonly EXIT_AFTER_SCREEN_OFF_MS = 10_000;

  /** Something kept the screen in use (input, launch, a new bright time): restart its time-out. */
  private noteActivity(): void {
    if (this.opts.screenTimeout === false) return;
    if (this.screenTimer !== undefined) this.clock.cancel(this.screenTimer);
    this.screenTimer = undefined;
    if (!this.system.display.screenOn || !this.watch?.alive) return;
    const ms = this.system.display.pageBrightTime ?? Sim.DEFAULT_BRIGHT_MS;
    this.screenTimer = this.clock.schedule(
      ms,
      () => {
        this.screenTimer = undefined;
        this.timeline.log('display.timeout', { afterMs: ms });
        void this.screenOff();
      },
      'system',
      'screen-timeout',
    );
  }

  /** The wrist goes down: the screen goes off unless the page paused that (`pauseDropWristScreenOff`). */
  async dropWrist(): Promise<void> {
    const until = this.system.display.dropWristPausedUntil;
    this.timeline.log('input.dropWrist', { paused: until !== undefined && until > this.clock.now() });
    if (until !== undefined && until > this.clock.now()) return;
    await this.screenOff();
  }

  /** The wrist comes up: the screen lights (and a relaunch-requesting app reopens). */
  async raiseWrist(): Promise<void> {
    await this.screenOn();
  }

  /** Graceful exit (page onDestroy, services onDestroy, app onDestroy). */
  async exit(): Promise<void> {
    this.watch?.exit('sim.exit');
    await this.clock.settle();
  }

  /** The system kills the app: no callbacks, timers dropped; storage and alarms survive. */
  async kill(): Promise<void> {
    this.watch?.terminate('killed');
    this.watch = undefined;
    await this.clock.settle();
  }

  async relaunch(o: { page?: string; params?: string | object; graceful?: boolean } = {}): Promise<void> {
    if (o.graceful) await this.exit();
    else await this.kill();
    await this.launch(o);
  }

  // ------------------------------------------------------------------ alarms
  private setAlarm(o: Record<string, unknown>): number {
    const url = typeof o.url === 'string' ? o.url : typeof o.file === 'string' ? o.file : undefined;
    if (!url) return 0;
    const now = this.clock.now();
    let at: number | undefined;
    if (typeof o.time === 'number') at = o.time * 1000;
    else if (typeof o.date === 'number') at = o.date > 1e11 ? o.date : o.date * 1000;
    else if (typeof o.delay === 'number') at = now + o.delay * 1000;
    if (at === undefined || !Number.isFinite(at)) return 0;
    const st = this.system.alarmStore;
    const rec: AlarmRecord = {
      id: st.value.nextId,
      url,
      at: Math.max(at, now),
      param:
        typeof o.param === 'string' ? o.param : o.param === undefined ? undefined : JSON.stringify(o.param),
      repeatType: typeof o.repeat_type === 'number' ? o.repeat_type : ALARM_CONSTANTS.REPEAT_ONCE,
      repeatPeriod: typeof o.repeat_period === 'number' ? o.repeat_period : undefined,
      weekDays: typeof o.week_days === 'number' ? o.week_days : undefined,
      createdAt: now,
      form: typeof o.url === 'string' ? 'url' : 'file',
    };
    st.update((d) => {
      d.nextId++;
      d.alarms.push(rec);
    });
    this.timeline.log('alarm.set', {
      id: rec.id,
      url,
      at: rec.at,
      param: rec.param,
      repeatType: rec.repeatType,
    });
    this.scheduleAlarm(rec);
    return rec.id;
  }

  private cancelAlarm(id: number): number {
    const st = this.system.alarmStore;
    if (!st.value.alarms.some((a) => a.id === id)) return 0;
    st.update((d) => {
      d.alarms = d.alarms.filter((a) => a.id !== id);
    });
    const t = this.alarmTimers.get(id);
    if (t !== undefined) this.clock.cancel(t);
    this.alarmTimers.delete(id);
    this.timeline.log('alarm.cancel', { id });
    return id;
  }

  /**
   * Alarms fire a little late, not to the millisecond: the system batches wake-ups. The lateness
   * (0 … `alarmLatenessMs`, seeded) is an assumption to confirm on a watch; the docs give none.
   */
  private scheduleAlarm(a: AlarmRecord): void {
    const prev = this.alarmTimers.get(a.id);
    if (prev !== undefined) this.clock.cancel(prev);
    const late = Math.floor(this.alarmJitter() * (this.opts.alarmLatenessMs ?? 3000));
    this.alarmTimers.set(
      a.id,
      this.clock.scheduleAt(a.at + late, () => this.fireAlarm(a.id), 'system', `alarm#${a.id}`),
    );
  }

  private nextRepeat(a: AlarmRecord): number | undefined {
    const C = ALARM_CONSTANTS;
    const period = a.repeatPeriod && a.repeatPeriod > 0 ? a.repeatPeriod : 1;
    const d = new Date(a.at);
    switch (a.repeatType) {
      case C.REPEAT_MINUTE:
        return a.at + 60_000 * period;
      case C.REPEAT_HOUR:
        return a.at + 3_600_000 * period;
      case C.REPEAT_DAY:
        return a.at + 86_400_000 * period;
      case C.REPEAT_WEEK: {
        if (!a.weekDays) return a.at + 7 * 86_400_000;
        for (let i = 1; i <= 7; i++) {
          const cand = new Date(a.at + i * 86_400_000);
          const bit = 1 << ((cand.getDay() + 6) % 7);
          if (a.weekDays & bit) return cand.getTime();
        }
        return undefined;
      }
      case C.REPEAT_MONTH:
        d.setMonth(d.getMonth() + period);
        return d.getTime();
      case C.REPEAT_YEAR:
        d.setFullYear(d.getFullYear() + period);
        return d.getTime();
      default:
        return undefined;
    }
  }

  private fireAlarm(id: number): void {
    this.alarmTimers.delete(id);
    const st = this.system.alarmStore;
    const a = st.value.alarms.find((x) => x.id === id);
    if (!a) return;
    this.timeline.log('alarm.fire', { id, url: a.url, param: a.param });
    const next = this.nextRepeat(a);
    if (next === undefined) {
      st.update((d) => {
        d.alarms = d.alarms.filter((x) => x.id !== id);
      });
    } else {
      st.update((d) => {
        const r = d.alarms.find((x) => x.id === id);
        if (r) r.at = next;
      });
      const r = st.value.alarms.find((x) => x.id === id);
      if (r) this.scheduleAlarm(r);
    }
    const page = this.pageOf(a.url);
    if (page) this.openPageByAlarm(page, a.param);
    else this.startService(a.url, a.param, 'alarm');
  }

  /** The app.json page an alarm url names (`page/x/index`, also with a leading / or `.js`), else undefined. */
  private pageOf(url: string): string | undefined {
    const clean = url.replace(/^\//, '').replace(/\.js$/, '');
    return this.pkg.pages.includes(clean) ? clean : undefined;
  }

  /**
   * An alarm whose url is a page wakes the mini program at that page (`alarm/set.mdx`: "persistent
   * timers to wake up pages of Mini Program"): the screen lights, the app starts with the alarm's
   * `param` in App onCreate (as documented) and the page opens with it as its params (an
   * assumption: the docs name only onCreate). If the app is already open, the page is pushed onto
   * its stack (also an assumption; the docs do not say).
   */
  private openPageByAlarm(page: string, param: string | undefined): void {
    this.timeline.log('alarm.open-page', { page, param, running: this.watch?.alive === true });
    if (!this.system.display.screenOn) {
      this.system.display.screenOn = true;
      this.timeline.log('display.on');
    }
    this.relaunchAt = undefined;
    const running = this.watch;
    if (running?.alive && running.page) running.push(page, param);
    else (running ?? this.newProcess('app', param)).launchPage(page, param);
    this.noteActivity();
  }

  /** Pending alarms (persisted; they survive kill/relaunch and a new Sim on the same dataDir). */
  get alarms(): AlarmRecord[] {
    return this.system.alarmStore.value.alarms.map((a) => ({ ...a }));
  }

  /** Test hook: fires the given (default: all pending) alarms now, without moving the clock. */
  async fireAlarms(ids?: number[]): Promise<number[]> {
    const list = this.system.alarmStore.value.alarms
      .filter((a) => !ids || ids.includes(a.id))
      .map((a) => a.id);
    for (const id of list) {
      const t = this.alarmTimers.get(id);
      if (t !== undefined) this.clock.cancel(t);
      this.fireAlarm(id);
      await this.clock.settle();
    }
    return list;
  }

  /** Advances the clock to the next alarm and fires it; returns it (undefined when none). */
  async runToNextAlarm(): Promise<AlarmRecord | undefined> {
    const next = [...this.system.alarmStore.value.alarms].sort((a, b) => a.at - b.at)[0];
    if (!next) return undefined;
    await this.clock.runUntil(next.at);
    return next;
  }

  // ------------------------------------------------------------------ screen & input
  readonly screen = {
    /** Shown widgets of the current page in paint order. */
    widgets: (): SimWidget[] => (this.watch ? this.watch.widgets().filter((w) => w.shown) : []),
    findAllByText: (m: TextMatcher): SimWidget[] => this.screen.widgets().filter((w) => matches(w.text, m)),
    findByText: (m: TextMatcher): SimWidget | undefined => this.screen.findAllByText(m)[0],
    getByText: (m: TextMatcher): SimWidget => {
      const w = this.screen.findByText(m);
      if (!w)
        throw new Error(`no widget with text ${String(m)}; screen: ${JSON.stringify(this.screen.texts())}`);
      return w;
    },
    /** By the `id` option given at creation, or the numeric widget id. */
    findById: (id: string | number): SimWidget | undefined =>
      this.screen.widgets().find((w) => (typeof id === 'number' ? w.id === id : w.key === id)),
    findAllByType: (t: WidgetTypeName): SimWidget[] => this.screen.widgets().filter((w) => w.type === t),
    findByType: (t: WidgetTypeName): SimWidget | undefined => this.screen.findAllByType(t)[0],
    texts: (): string[] =>
      this.screen
        .widgets()
        .map((w) => w.text)
        .filter((t): t is string => typeof t === 'string' && t.length > 0),
    page: (): string | undefined => this.watch?.pageUrl,
    /** The shortcut card or widget shown (its app.json path), if any. */
    card: (): string | undefined => this.watch?.card?.entry.path,
    isOn: (): boolean => this.system.display.screenOn,
    modal: () => (this.watch?.modal?.shown ? this.watch.modal : undefined),
    toast: (): string | undefined => {
      const last = this.system.toasts[this.system.toasts.length - 1];
      return last && this.clock.now() - last.t < 2000 ? last.content : undefined;
    },
    tree: () => this.watch?.tree.roots.map((r) => r.toJSON()) ?? [],
  };

  private hit(x: number, y: number): SimWidget | undefined {
    const ws = this.screen.widgets();
    for (let i = ws.length - 1; i >= 0; i--) {
      const w = ws[i];
      if (!w?.interactive) continue;
      const b = w.bounds;
      const yy = y + (this.watch?.scrollY ?? 0);
      if (x >= b.x && x < b.x + b.w && yy >= b.y && yy < b.y + b.h) return w;
    }
    return undefined;
  }

  private center(target: SimWidget | { x: number; y: number }): { x: number; y: number } {
    if ('bounds' in target) {
      const b = target.bounds;
      return { x: b.x + b.w / 2, y: b.y + b.h / 2 - (this.watch?.scrollY ?? 0) };
    }
    return target;
  }

  private wake(): boolean {
    if (this.system.display.screenOn) return false;
    this.screenOn();
    return true;
  }

  /**
   * Taps the topmost interactive widget under the target's centre (a widget or a point): CLICK_DOWN,
   * then CLICK_UP listeners, then a BUTTON's click_func. Returns the widget that got it.
   */
  async tap(target: SimWidget | { x: number; y: number }): Promise<SimWidget | undefined> {
    const proc = this.watch;
    if (!proc) throw new Error('tap: the app is not running');
    if (this.wake()) {
      await this.clock.settle();
      return undefined;
    }
    this.noteActivity();
    const { x, y } = this.center(target);
    const w = this.hit(x, y);
    this.timeline.log('input.tap', { x, y, widget: w?.id, text: w?.text });
    if (w) {
      const ev = (type: number) => ({ x, y, type, target: w.handle });
      for (const type of [EVENTS.CLICK_DOWN, EVENTS.CLICK_UP]) {
        for (const l of w.listeners.get(type) ?? [])
          this.guard('tap', () => proc.dispatch('ui.event', l as Fn, w.handle, ev(type)));
      }
      const up = w.props.click_up;
      if (typeof up === 'function')
        this.guard('tap', () => proc.dispatch('ui.event', up as Fn, w.handle, ev(EVENTS.CLICK_UP)));
      const cf = w.props.click_func;
      if (w.type === 'BUTTON' && typeof cf === 'function')
        this.guard('tap', () => proc.dispatch('ui.click_func', cf as Fn, w.handle, w.handle));
    }
    await this.clock.settle();
    return w;
  }

  /** Long press: a BUTTON's longpress_func (after the device's ~600 ms hold). */
  async longPress(
    target: SimWidget | { x: number; y: number },
    holdMs = 600,
  ): Promise<SimWidget | undefined> {
    const proc = this.watch;
    if (!proc) throw new Error('longPress: the app is not running');
    const { x, y } = this.center(target);
    const w = this.hit(x, y);
    this.timeline.log('input.longPress', { x, y, widget: w?.id });
    await this.clock.advance(holdMs);
    const lp = w?.props.longpress_func;
    if (w && typeof lp === 'function')
      this.guard('longPress', () => proc.dispatch('ui.longpress_func', lp as Fn, w.handle, w.handle));
    await this.clock.settle();
    return w;
  }

  /** Swipe: onGesture handler first; if not prevented, right = back, up/down scroll the page. */
  async swipe(direction: 'left' | 'right' | 'up' | 'down'): Promise<void> {
    const proc = this.watch;
    if (!proc) throw new Error('swipe: the app is not running');
    const code = {
      up: INTERACTION_CONSTANTS.GESTURE_UP,
      down: INTERACTION_CONSTANTS.GESTURE_DOWN,
      left: INTERACTION_CONSTANTS.GESTURE_LEFT,
      right: INTERACTION_CONSTANTS.GESTURE_RIGHT,
    }[direction];
    this.timeline.log('input.swipe', { direction });
    this.noteActivity();
    const h = proc.gestureHandler;
    const prevented = h
      ? Boolean(this.guard('gesture', () => proc.dispatch('input.gesture', h as Fn, undefined, code)))
      : false;
    if (!prevented) {
      if (direction === 'right') proc.back();
      else if (direction === 'up') this.scrollBy(this.device.height / 2);
      else if (direction === 'down') this.scrollBy(-this.device.height / 2);
    }
    await this.clock.settle();
  }

  private scrollBy(dy: number): void {
    const proc = this.watch;
    if (!proc) return;
    const bottom = Math.max(0, ...proc.widgets().map((w) => w.bounds.y + w.bounds.h));
    const max = Math.max(0, bottom - this.device.height);
    proc.scrollY = Math.max(0, Math.min(max, proc.scrollY + dy));
  }

  /** Turns the digital crown by `degree` (positive = down/clockwise). */
  async crown(degree: number): Promise<void> {
    const proc = this.watch;
    if (!proc) throw new Error('crown: the app is not running');
    this.timeline.log('input.crown', { degree });
    this.noteActivity();
    const h = proc.crownHandler;
    if (h)
      this.guard('crown', () =>
        proc.dispatch('input.crown', h as Fn, undefined, INTERACTION_CONSTANTS.KEY_HOME, degree),
      );
    else this.scrollBy(degree * 2);
    await this.clock.settle();
  }

  /** Presses a physical key; onKey may prevent the default (back → router.back, home → exit). */
  async pressKey(key: KeyName, event: keyof typeof KEY_EVENTS = 'click'): Promise<void> {
    const proc = this.watch;
    if (!proc) throw new Error('pressKey: the app is not running');
    this.timeline.log('input.key', { key, event });
    if (this.wake()) {
      await this.clock.settle();
      return;
    }
    this.noteActivity();
    const h = proc.keyHandler;
    const prevented = h
      ? Boolean(
          this.guard('key', () =>
            proc.dispatch('input.key', h as Fn, undefined, KEY_CODES[key], KEY_EVENTS[event]),
          ),
        )
      : false;
    if (!prevented && event === 'click') {
      if (key === 'back') proc.back();
      else if (key === 'home') proc.exit('home-key');
    }
    await this.clock.settle();
  }

  /** Answers the open modal (createModal): confirm → MODAL_CONFIRM, else MODAL_CANCEL. */
  async answerModal(confirm: boolean): Promise<void> {
    const proc = this.watch;
    const m = proc?.modal;
    if (!proc || !m?.shown) throw new Error('answerModal: no modal shown');
    const type = confirm ? INTERACTION_CONSTANTS.MODAL_CONFIRM : INTERACTION_CONSTANTS.MODAL_CANCEL;
    if (m.autoHide) m.shown = false;
    const cb = m.onClick;
    if (cb) this.guard('modal', () => proc.dispatch('ui.modal', cb as Fn, undefined, { type }));
    await this.clock.settle();
  }

  async screenOff(): Promise<void> {
    if (!this.system.display.screenOn) return;
    this.system.display.screenOn = false;
    this.timeline.log('display.off');
    if (this.screenTimer !== undefined) this.clock.cancel(this.screenTimer);
    this.screenTimer = undefined;
    const p = this.watch;
    if (p) this.guard('onPause', () => p.pause());
    if (p && this.opts.screenTimeout !== false) {
      if (this.exitTimer !== undefined) this.clock.cancel(this.exitTimer);
      this.exitTimer = this.clock.schedule(
        Sim.EXIT_AFTER_SCREEN_OFF_MS,
        () => {
          this.exitTimer = undefined;
          if (this.system.display.screenOn || this.watch !== p || !p.alive) return;
          const top = p.stack[p.stack.length - 1];
          this.relaunchAt =
            this.system.display.wakeUpRelaunch && top ? { page: top.url, params: top.params } : undefined;
          this.timeline.log('app.exit-screen-off', { relaunch: this.relaunchAt?.page ?? null });
          this.guard('screen-off exit', () => p.exit('screen-off'));
        },
        'system',
        'exit-after-screen-off',
      );
    }
    await this.clock.settle();
  }

  async screenOn(): Promise<void> {
    if (this.system.display.screenOn) return;
    this.system.display.screenOn = true;
    this.timeline.log('display.on');
    if (this.exitTimer !== undefined) this.clock.cancel(this.exitTimer);
    this.exitTimer = undefined;
    const p = this.watch;
    if (p) this.guard('onResume', () => p.resume());
    else if (this.relaunchAt) {
      const { page, params } = this.relaunchAt;
      this.relaunchAt = undefined;
      this.timeline.log('app.relaunch-on-wake', { page });
      await this.launch({ page, ...(params === undefined ? {} : { params }) });
      return;
    }
    this.noteActivity();
    await this.clock.settle();
  }

  /** Opens a notification action: a page → launches the app there; a service → starts it. */
  async openNotification(id: number, actionIndex = 0): Promise<void> {
    const n = this.system.notifications.find((x) => x.id === id);
    const a = n?.actions[actionIndex];
    if (!n || !a) throw new Error(`notification ${id} has no action ${actionIndex}`);
    this.timeline.log('notification.open', { id, action: a.text, file: a.file });
    const file = a.file.replace(/^\//, '');
    if (this.pkg.pages.includes(file)) {
      if (this.watch?.page) this.watch.push(file, a.param);
      else await this.launch({ page: file, params: a.param });
    } else {
      this.startService(file, a.param, 'notification');
    }
    await this.clock.settle();
  }

  // ------------------------------------------------------------------ sensors & logs
  get vibrations() {
    return this.system.vibrations;
  }
  get notifications() {
    return this.system.notifications;
  }
  get toasts() {
    return this.system.toasts;
  }

  private notifySensor(kind: 'battery' | 'wear' | 'step'): void {
    for (const proc of [this.watch, ...this.serviceProcs.values()]) {
      if (!proc?.alive) continue;
      const mod = proc.require('@zos/sensor') as { __notify(k: string): void };
      this.guard(`sensor ${kind}`, () => mod.__notify(kind));
    }
  }

  readonly steps = {
    count: (): number => this.system.steps.count(),
    set: (n: number): void => {
      this.system.steps.set(n);
      this.notifySensor('step');
    },
    add: (n: number): void => {
      this.system.steps.add(n);
      this.notifySensor('step');
    },
    /** From now: `[{activity:'sitting', minutes: 50}, {activity:'walking', minutes: 5}]` or `{stepsPerMinute}`. */
    schedule: (segments: StepSegment[]): void => this.system.steps.schedule(segments),
    activity: (): string => this.system.steps.activityAt(),
    setTarget: (n: number): void => {
      this.system.steps.target = n;
    },
  };

  readonly battery = {
    level: (): number => this.system.battery,
    set: (level: number): void => {
      this.system.battery = level;
      this.timeline.log('battery', { level });
      this.notifySensor('battery');
    },
  };

  readonly wear = {
    status: (): number => this.system.wear,
    /** 0 not worn, 1 worn, 2 in motion, 3 not sure. */
    set: (status: number): void => {
      this.system.wear = status;
      this.timeline.log('wear', { status });
      this.notifySensor('wear');
    },
  };

  // ------------------------------------------------------------------ phone
  readonly phone = {
    settings: undefined as unknown as PhoneHost['settings'],
    host: undefined as unknown as PhoneHost,
    setOnline: (online: boolean): void => {
      this.phoneHost.online = online;
      this.timeline.log('phone.online', { online });
    },
    start: (): void => this.phoneHost.startSideService(),
    stop: (): void => this.phoneHost.stopSideService(),
    fetchLog: () => this.phoneHost.fetchLog,
    /** Renders the settings app (setting/ AppSettingsPage) to a component tree. */
    settingsApp: (): SettingsNode | undefined => this.phoneHost.renderSettingsApp(),
  };

  // ------------------------------------------------------------------ rendering
  readonly render = {
    svg: (): string =>
      renderSvg({
        // A shortcut card is drawn in its own box (relative coordinates), as a rounded rectangle.
        device: ((box) =>
          box ? { ...this.device, width: box.w, height: box.h, shape: 's' as const } : this.device)(
          this.cardBox(),
        ),
        widgets: this.screen.widgets(),
        screenOn: this.system.display.screenOn,
        scrollY: this.watch?.scrollY ?? 0,
        modal: this.screen.modal(),
        toast: this.screen.toast(),
        statusBar:
          this.device.shape === 's' && this.watch?.page
            ? { title: this.pkg.json.app.appName, time: clockText(this.clock.now()) }
            : undefined,
        assetPath: (s) => this.assetPath(s),
        imageSize: (s) => {
          const f = this.assetPath(s);
          return f ? pngSize(f) : undefined;
        },
      }),
    raster: (): Raster => rasterize(this.render.svg()),
    png: (): Buffer => this.render.raster().png,
  };

  // ------------------------------------------------------------------ driving
  /** Advances virtual time in steps until `pred()` holds; throws after `timeoutMs` of virtual time. */
  async until(pred: () => boolean, o: { timeoutMs?: number; stepMs?: number } = {}): Promise<void> {
    const end = this.clock.now() + (o.timeoutMs ?? 60_000);
    const step = o.stepMs ?? 20;
    await this.clock.settle();
    while (!pred()) {
      if (this.clock.now() >= end)
        throw new Error(`sim.until: condition not met within ${o.timeoutMs ?? 60_000} ms`);
      await this.clock.advance(step);
    }
  }

  /** Advances virtual time until the promise settles; returns its value. */
  async run<T>(p: Promise<T>, o: { timeoutMs?: number; stepMs?: number } = {}): Promise<T> {
    let done = false;
    const tracked = p.finally(() => {
      done = true;
    });
    tracked.catch(() => {});
    await this.until(() => done, o);
    return tracked;
  }

  dispose(): void {
    this.watch?.terminate('dispose');
    for (const p of [...this.serviceProcs.values()]) p.terminate('dispose');
    this.phoneHost.stopSideService();
  }
}

/** HH:MM in the host's time zone, as the status bar shows it. */
function clockText(t: number): string {
  const d = new Date(t);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/**
 * Builds a sim for an app directory. The watch side runs in QuickJS (default) on the device JS of
 * the official build, or on the sim's own bundle; the phone side always runs the sim's bundle.
 */
export async function createSim(opts: SimOptions): Promise<Sim> {
  const pkg = loadAppPackage(opts.appDir);
  const device = getDevice(opts.device ?? 'gtr4');
  const envEngine = process.env.SIM_ENGINE;
  const engine: EngineKind = opts.engine ?? (envEngine === 'v8' ? 'v8' : 'quickjs');
  const deviceJsDir = opts.deviceJsDir ?? join(pkg.dir, 'dist', 'device-js');
  const source =
    engine === 'v8' ? 'bundle' : (opts.deviceCode ?? (hasDeviceJs(deviceJsDir) ? 'build' : 'bundle'));
  const phoneEntries: string[] = [];
  if (pkg.appSide) phoneEntries.push(resolveSource(pkg.dir, pkg.appSide));
  if (pkg.setting) phoneEntries.push(resolveSource(pkg.dir, pkg.setting));
  const phone =
    phoneEntries.length > 0 ? await bundleEntries(pkg.dir, phoneEntries, device.shape) : new Map();
  let deviceCode: (entry: string) => string;
  let target: string | undefined;
  let compiler: string | undefined;
  if (source === 'build') {
    const js = loadDeviceJs(deviceJsDir, device);
    deviceCode = (entry) => js.code(entry);
    target = js.target;
    compiler = js.compiler;
  } else {
    const entries = ['app', ...pkg.pages, ...pkg.services, ...pkg.cards.map((c) => c.path)];
    const files = entries.map((e) => resolveSource(pkg.dir, e));
    const bundles = await bundleEntries(
      pkg.dir,
      files,
      device.shape,
      engine === 'quickjs' ? 'es2020' : 'es2022',
    );
    deviceCode = (entry) => {
      const code = bundles.get(resolveSource(pkg.dir, entry.replace(/^\//, '')));
      if (code === undefined) throw new Error(`firmware-sim: no bundle for ${entry}`);
      return code;
    };
  }
  const memoryLimitBytes = opts.memoryLimitBytes ?? 8 * 1024 * 1024;
  const wasm = engine === 'quickjs' ? await loadQuickJS() : undefined;
  const code: SimCode = {
    engine,
    source,
    target,
    compiler,
    device: deviceCode,
    phone,
    createEngine: (o) =>
      wasm ? new QuickJSEngine({ ...o, module: wasm, memoryLimitBytes }) : createV8Engine(o),
  };
  const sim = new Sim(opts, code, pkg);
  sim.phone.settings = sim.phoneHost.settings;
  sim.phone.host = sim.phoneHost;
  return sim;
}
