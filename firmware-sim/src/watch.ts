/**
 * One watch-side app process: a `node:vm` context running app.js, the current page and any
 * app-services, with the `@zos/*` modules answered through `__$$R$$__`.
 */
import type { AppPackage, CardEntry } from './app-package.js';
import type { BleLink } from './ble-link.js';
import type { VirtualClock } from './clock.js';
import type { DeviceProfile } from './devices.js';
import type { DeviceEngine, EngineOptions, EngineStats } from './engine/device-engine.js';
import type { DeviceSystem } from './system.js';
import type { Timeline } from './timeline.js';
import { createConsole, createVirtualTimers } from './vm-context.js';
import { SimWidget, WidgetTree } from './widgets.js';
import type { ZosHost } from './zos/host.js';
import { createZosModules } from './zos/index.js';
import { serviceView } from './zos/service-limits.js';

type Fn = (...args: unknown[]) => unknown;
export type Instance = Record<string, unknown> & { _options?: unknown };

export interface ModalState {
  title?: string;
  content: string;
  onClick?: Fn;
  autoHide: boolean;
  shown: boolean;
  options: Record<string, unknown>;
}

export interface WatchHostHooks {
  clock: VirtualClock;
  timeline: Timeline;
  system: DeviceSystem;
  device: DeviceProfile;
  pkg: AppPackage;
  link: BleLink;
  /** The device JS of an entry as app.json names it (`app`, `page/home/index`, …). */
  code(entry: string): string;
  createEngine(o: EngineOptions): DeviceEngine;
  /** `app` runs pages (and app.js); `service` is an app-service process (no timers, no UI). */
  kind: ProcessKind;
  random: () => number;
  designWidth: number;
  apiLevel: string;
  /** Schedules/cancels alarms in the system (outlives the process). */
  alarms: {
    set(o: Record<string, unknown>): number;
    cancel(id: number): number;
    list(): number[];
  };
  onExit(proc: WatchProcess): void;
  /** `@zos/app-service` from app code: services run in processes of their own. */
  services: {
    start(file: string, param: string | undefined): boolean;
    stop(file: string): boolean;
    running(): string[];
  };
  reportError(where: string, error: unknown): void;
  i18n(key: string): string;
  assetPath(src: string): string | undefined;
  imageSize(src: string): { width: number; height: number } | undefined;
  /** Called when the screen should count as "used" (interaction, bright time change). */
  activity(): void;
  verbose: boolean;
}

export interface PageEntry {
  url: string;
  params: string | undefined;
}

export type ProcessKind = 'app' | 'service';

let processCounter = 0;

export class WatchProcess implements ZosHost {
  readonly api: ZosHost['api'];
  readonly owner: string;
  readonly engine: DeviceEngine;
  readonly kind: ProcessKind;
  readonly tree: WidgetTree;
  app: Instance | undefined;
  page: Instance | undefined;
  pageUrl: string | undefined;
  /** The shortcut card or widget shown (no page is open then). */
  card: { entry: CardEntry; instance: Instance } | undefined;
  readonly stack: PageEntry[] = [];
  readonly services = new Map<string, Instance>();
  alive = true;
  /** The engine's figures at the end (heap, time), kept after it is freed. */
  finalStats: EngineStats | undefined;
  /** Why the process ended (`exit:…`, `killed`, `timeout`, `dispose`). */
  endReason: string | undefined;
  keyHandler: Fn | undefined;
  cardHeight: number | undefined;
  crownHandler: Fn | undefined;
  gestureHandler: Fn | undefined;
  modal: ModalState | undefined;
  bleReceiver: Fn | undefined;
  bleStatusListener: Fn | undefined;
  scrollY = 0;
  readonly messageHandlers = new Map<string, Fn[]>();
  readonly cleanups: Array<() => void> = [];
  private moduleCounter = 0;
  private readonly modules: Record<string, unknown>;
  /** Navigation requested from inside a lifecycle callback runs after it returns (like the device). */
  private navQueue: Array<() => void> = [];
  private inLifecycle = 0;

  constructor(readonly host: WatchHostHooks) {
    this.kind = host.kind;
    this.owner = `${host.kind === 'service' ? 'service' : 'watch'}#${++processCounter}`;
    this.tree = new WidgetTree({ width: host.device.width, height: host.device.height });
    const owner = this.owner;
    this.api = {
      now: () => host.clock.now(),
      schedule: (ms, fn, label) => host.clock.schedule(ms, fn, owner, label),
      cancel: (id) => {
        host.clock.cancel(id);
      },
      event: (name, data) => {
        host.timeline.log(name, { process: owner, ...data });
      },
      log: (level, name, msg) => this.log(level, name, msg),
      device: host.device,
      designWidth: host.designWidth,
      apiLevel: host.apiLevel,
      app: host.pkg.json.app,
      system: host.system,
      i18n: (k) => host.i18n(k),
      assetPath: (src) => host.assetPath(src),
      imageSize: (src) => host.imageSize(src),
      alarms: host.alarms,
      ble: {
        isUp: () => host.link.isUp(),
        send: (bytes) => host.link.send('toPhone', bytes),
      },
      push: (url, params) => this.push(url, params),
      replace: (url, params) => this.replace(url, params),
      back: () => this.back(),
      exitApp: () => this.navigate(() => this.exit('router.exit')),
      home: () => this.navigate(() => this.exit('router.home')),
      startService: (file, param) => host.services.start(file, param),
      stopService: (file) => host.services.stop(file),
      exitService: () => this.exitService(),
      runningServices: () => host.services.running(),
      sensorTick: () => host.activity(),
    };
    this.modules = createZosModules(this);
    // App-services get no timers (guides/framework/device/app-service.md, "System API
    // Capabilities and Limitations": setTimeout and friends are not available).
    const timers = host.kind === 'service' ? undefined : createVirtualTimers(host.clock, this.owner);
    this.engine = host.createEngine({
      clock: host.clock,
      owner: this.owner,
      random: host.random,
      log: (level, msg) => this.log(level, 'console', msg),
      // A single service run has 600 ms (app-service.md); the host is faster than a watch, so a
      // run that needs more than that here would surely be stopped on the device.
      ...(host.kind === 'service' ? { entryBudgetMs: 600 } : {}),
      env: {
        require: (name) => this.require(name),
        globals: {
          console: createConsole((level, msg) => this.log(level, 'console', msg)),
          setTimeout: timers?.setTimeout,
          clearTimeout: timers?.clearTimeout,
          setInterval: timers?.setInterval,
          clearInterval: timers?.clearInterval,
        },
      },
    });
    host.timeline.log('process.start', { process: this.owner });
  }

  log(level: string, name: string, msg: string): void {
    this.host.timeline.log('log', { side: 'watch', level, name, msg });
    // zeus wraps every device file in try/catch and only logs what it throws at load time.
    if (msg.startsWith('Mini Program Error'))
      this.host.reportError(`load ${this.loading ?? '?'}`, new Error(msg));
    if (this.host.verbose) console.log(`[watch ${level}] ${name}: ${msg}`);
  }

  require(name: string): unknown {
    if (!(name in this.modules)) throw new Error(`firmware-sim: module "${name}" is not implemented`);
    const mod = this.modules[name];
    if (this.kind !== 'service') return mod;
    let view = this.serviceModules.get(name);
    if (view === undefined) {
      view = this.countedCalls(serviceView(name, mod));
      this.serviceModules.set(name, view);
    }
    return view;
  }

  /** System calls this process made (services only: every `@zos/*` function, method or `new`). */
  systemCalls = 0;
  /** Test hook: the system kills the process right after its n-th system call. */
  killAfterCalls: number | undefined;
  private readonly serviceModules = new Map<string, unknown>();

  private afterCall(): void {
    this.systemCalls++;
    if (this.killAfterCalls !== undefined && this.systemCalls >= this.killAfterCalls && this.alive) {
      this.host.timeline.log('process.kill-at-call', { process: this.owner, call: this.systemCalls });
      this.terminate('killed');
    }
  }

  private gate(): void {
    if (!this.alive) throw new Error('firmware-sim: the process was killed');
  }

  /** Wraps a module's functions and classes so each call is counted (and refused once killed). */
  private countedCalls(mod: unknown): unknown {
    if (!mod || typeof mod !== 'object') return mod;
    const proc = this;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(mod as Record<string, unknown>)) {
      if (
        v &&
        typeof v === 'object' &&
        !Array.isArray(v) &&
        Object.values(v).some((x) => typeof x === 'function')
      ) {
        // Objects of functions (`localStorage`, `log`): each call is a system call too.
        const inner: Record<string, unknown> = {};
        for (const [ik, iv] of Object.entries(v as Record<string, unknown>)) {
          const f = iv as (...a: unknown[]) => unknown;
          inner[ik] =
            typeof iv === 'function'
              ? (...a: unknown[]) => {
                  this.gate();
                  const r = f(...a);
                  this.afterCall();
                  return r;
                }
              : iv;
        }
        out[k] = inner;
        continue;
      }
      if (typeof v !== 'function' || k.startsWith('__')) {
        out[k] = v;
        continue;
      }
      const fn = v as (...a: unknown[]) => unknown;
      const methods = fn.prototype
        ? Object.getOwnPropertyNames(fn.prototype).filter((m) => m !== 'constructor')
        : [];
      if (methods.length === 0) {
        out[k] = (...a: unknown[]) => {
          this.gate();
          const r = fn(...a);
          this.afterCall();
          return r;
        };
        continue;
      }
      const Base = fn as unknown as new (...a: unknown[]) => Record<string, (...a: unknown[]) => unknown>;
      const Counted = class extends Base {
        constructor(...a: unknown[]) {
          proc.gate();
          super(...a);
          proc.afterCall();
        }
      };
      for (const m of methods) {
        const orig = (Base.prototype as Record<string, unknown>)[m];
        if (typeof orig !== 'function') continue;
        (Counted.prototype as Record<string, unknown>)[m] = function (this: unknown, ...a: unknown[]) {
          proc.gate();
          const r = (orig as (...x: unknown[]) => unknown).apply(this, a);
          proc.afterCall();
          return r;
        };
      }
      Object.defineProperty(Counted, 'name', { value: fn.name });
      out[k] = Counted;
    }
    return out;
  }

  private loading: string | undefined;

  private evaluate(entry: string): void {
    const code = this.host.code(entry);
    this.moduleCounter++;
    this.loading = entry;
    try {
      this.engine.evaluate(code, `${entry}.js`, { id: this.moduleCounter, path: entry });
    } finally {
      this.loading = undefined;
    }
  }

  /** Runs app code; navigation it requests is deferred until it returns. */
  private lifecycle(what: string, target: Instance | undefined, fnName: string, ...args: unknown[]): unknown {
    if (!target) return undefined;
    const fn = target[fnName];
    if (typeof fn !== 'function') return undefined;
    this.host.timeline.log(what, { process: this.owner, page: this.pageUrl });
    this.inLifecycle++;
    try {
      return (fn as Fn).apply(target, args);
    } finally {
      this.inLifecycle--;
      if (this.inLifecycle === 0) this.drainNav();
    }
  }

  private drainNav(): void {
    while (this.navQueue.length > 0 && this.alive) {
      const next = this.navQueue.shift();
      next?.();
    }
  }

  private navigate(fn: () => void): void {
    if (this.inLifecycle > 0) this.navQueue.push(fn);
    else fn();
  }

  /**
   * Evaluates app.js and runs App onCreate; `param` is what an alarm that woke the app carries
   * (`alarm/set.mdx`: "the argument passed to the app.js lifecycle onCreate").
   */
  startApp(param?: string): void {
    this.evaluate('app');
    const app = this.engine.take('app');
    if (!app) throw new Error('app.js did not call App({...})');
    this.app = app;
    if (param === undefined) this.lifecycle('app.onCreate', app, 'onCreate');
    else this.lifecycle('app.onCreate', app, 'onCreate', param);
  }

  // ---------------------------------------------------------------- cards
  /**
   * Shows a shortcut card or widget (secondary-widget.md "Life Cycle": after App onCreate, the
   * card's onInit and build, then onResume when it gets the focus). Only taps reach it.
   */
  openCard(entry: CardEntry): void {
    this.closePage();
    this.closeCard();
    this.stack.length = 0;
    this.evaluate(entry.path);
    const instance = this.engine.take('widget');
    const ctor = entry.kind === 'app-widget' ? 'AppWidget' : 'SecondaryWidget';
    if (!instance) throw new Error(`${entry.path} did not call ${ctor}({...})`);
    this.card = { entry, instance };
    this.host.timeline.log('card.open', { process: this.owner, card: entry.path, kind: entry.kind });
    this.lifecycle('card.onInit', instance, 'onInit');
    this.lifecycle('card.build', instance, 'build');
    this.lifecycle('card.onResume', instance, 'onResume');
  }

  /** The card loses the focus (onPause) and is dropped (the sim keeps no negative screen). */
  closeCard(): void {
    const card = this.card;
    if (!card) return;
    this.lifecycle('card.onPause', card.instance, 'onPause');
    this.lifecycle('card.onDestroy', card.instance, 'onDestroy');
    this.card = undefined;
    this.tree.clear();
  }

  // ---------------------------------------------------------------- pages
  private openPage(url: string, params: string | undefined): void {
    this.closePage();
    // A card's tap jumps into the app (`push`): the app's page replaces the card.
    this.closeCard();
    const clean = url.replace(/^\//, '');
    if (!this.host.pkg.pages.includes(clean)) {
      throw new Error(`router: page "${url}" is not in app.json pages (${this.host.pkg.pages.join(', ')})`);
    }
    this.pageUrl = clean;
    this.scrollY = 0;
    this.evaluate(clean);
    const page = this.engine.take('page');
    if (!page) throw new Error(`${clean} did not call Page({...})`);
    this.page = page;
    this.engine.setCurrentPage(page);
    this.host.timeline.log('page.open', { process: this.owner, page: clean, params });
    this.lifecycle('page.onInit', page, 'onInit', params);
    this.lifecycle('page.build', page, 'build');
    if (this.host.system.display.screenOn) this.lifecycle('page.onResume', page, 'onResume');
  }

  private closePage(): void {
    const page = this.page;
    if (!page) return;
    this.lifecycle('page.onDestroy', page, 'onDestroy');
    // "this setting will follow the page destruction to do reset" (display/setPageBrightTime.mdx)
    this.host.system.display.pageBrightTime = undefined;
    this.page = undefined;
    if (this.alive) this.engine.setCurrentPage(undefined);
    this.tree.clear();
    this.keyHandler = undefined;
    this.crownHandler = undefined;
    this.gestureHandler = undefined;
    this.modal = undefined;
    this.pageUrl = undefined;
  }

  launchPage(url: string, params?: string): void {
    this.stack.length = 0;
    this.stack.push({ url, params });
    this.navigate(() => this.openPage(url, params));
  }

  push(url: string, params: string | undefined): void {
    this.navigate(() => {
      this.stack.push({ url, params });
      this.openPage(url, params);
    });
  }

  replace(url: string, params: string | undefined): void {
    this.navigate(() => {
      this.stack.pop();
      this.stack.push({ url, params });
      this.openPage(url, params);
    });
  }

  back(): void {
    this.navigate(() => {
      if (this.stack.length <= 1) {
        this.exit('back');
        return;
      }
      this.stack.pop();
      const prev = this.stack[this.stack.length - 1];
      if (prev) this.openPage(prev.url, prev.params);
    });
  }

  // ---------------------------------------------------------------- services
  startService(file: string, param: string | undefined): boolean {
    const clean = file.replace(/^\//, '');
    if (!this.host.pkg.services.includes(clean)) {
      this.host.timeline.log('service.start-failed', { file: clean, reason: 'not in app.json' });
      return false;
    }
    const running = this.services.get(clean);
    if (running) {
      // The device re-delivers the param to a running service through onInit? It calls onEvent; we use onInit.
      this.lifecycle(
        'service.onEvent',
        running,
        typeof running.onEvent === 'function' ? 'onEvent' : 'onInit',
        param,
      );
      return true;
    }
    this.evaluate(clean);
    const svc = this.engine.take('service');
    if (!svc) throw new Error(`${clean} did not call AppService({...})`);
    this.services.set(clean, svc);
    this.host.timeline.log('service.start', { process: this.owner, file: clean, param });
    this.lifecycle('service.onInit', svc, 'onInit', param);
    return true;
  }

  stopService(file: string): boolean {
    const clean = file.replace(/^\//, '');
    const svc = this.services.get(clean);
    if (!svc) return false;
    this.services.delete(clean);
    this.lifecycle('service.onDestroy', svc, 'onDestroy');
    this.host.timeline.log('service.stop', { process: this.owner, file: clean });
    this.maybeEnd();
    return true;
  }

  /** `@zos/app-service` exit(): stops the most recently started service. */
  exitService(): void {
    const last = [...this.services.keys()].pop();
    if (last) this.stopService(last);
  }

  /** A process with neither a page nor a service ends (service-only launches). */
  private maybeEnd(): void {
    if (!this.page && this.stack.length === 0 && this.services.size === 0 && this.alive) {
      this.navigate(() => this.exit('idle'));
    }
  }

  // ---------------------------------------------------------------- lifecycle end
  exit(reason: string): void {
    if (!this.alive) return;
    this.closePage();
    this.closeCard();
    this.stack.length = 0;
    for (const [file, svc] of [...this.services]) {
      this.services.delete(file);
      this.lifecycle('service.onDestroy', svc, 'onDestroy');
    }
    this.lifecycle('app.onDestroy', this.app, 'onDestroy');
    this.terminate(`exit:${reason}`);
  }

  /** Ends the process without any callback (the system killed it). */
  terminate(reason: string): void {
    if (!this.alive) return;
    this.alive = false;
    this.endReason = reason;
    this.host.clock.cancelOwner(this.owner);
    for (const c of this.cleanups.splice(0)) c();
    this.finalStats = this.engine.stats();
    this.engine.dispose();
    this.tree.clear();
    this.page = undefined;
    this.bleReceiver = undefined;
    this.bleStatusListener = undefined;
    this.host.timeline.log('process.end', { process: this.owner, reason });
    this.host.onExit(this);
  }

  pause(): void {
    this.lifecycle('page.onPause', this.page, 'onPause');
  }

  resume(): void {
    this.lifecycle('page.onResume', this.page, 'onResume');
  }

  /** Runs a UI callback from the host (tap, key, crown) with deferred navigation. */
  dispatch(what: string, fn: Fn, thisArg: unknown, ...args: unknown[]): unknown {
    this.host.timeline.log(what, { process: this.owner, page: this.pageUrl });
    this.inLifecycle++;
    try {
      return fn.apply(thisArg, args);
    } finally {
      this.inLifecycle--;
      if (this.inLifecycle === 0) this.drainNav();
    }
  }

  /** Evaluates a snippet inside the app's engine (tests). */
  run(code: string): unknown {
    return this.engine.run(code);
  }

  widgets(): SimWidget[] {
    return [...this.tree.all()];
  }
}
