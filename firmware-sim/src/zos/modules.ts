/** The `@zos/*` modules other than ui, each following `@zeppos/device-types` 4.0. */
import { isAvailableAt } from './api-levels.js';
import { type Callback, paramString, type ZosHost } from './host.js';

// ------------------------------------------------------------------------ @zos/utils
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

// ------------------------------------------------------------------------ @zos/timer
export function createTimer(host: ZosHost) {
  const { api } = host;
  const sys = new Map<number, number>();
  let nextSys = 1;
  return {
    createSysTimer(
      periodic: boolean,
      period: number,
      callback: (arg?: unknown) => void,
      arg?: unknown,
    ): number {
      const handle = nextSys++;
      const arm = () => {
        const id = api.schedule(
          Math.max(1, period),
          () => {
            if (!sys.has(handle)) return;
            if (periodic) arm();
            else sys.delete(handle);
            callback(arg);
          },
          'sysTimer',
        );
        sys.set(handle, id);
      };
      arm();
      return handle;
    },
    stopTimer(timerId: number): void {
      const id = sys.get(timerId);
      if (id !== undefined) api.cancel(id);
      sys.delete(timerId);
    },
    // ZML asks the runtime for these (untyped in device-types 4.0).
    setTimeout: (fn: () => void, ms?: number) => api.schedule(Number(ms) || 0, fn, 'setTimeout'),
    clearTimeout: (id: number) => api.cancel(id),
  };
}

// ------------------------------------------------------------------------ @zos/storage
export function createStorage(host: ZosHost) {
  const store = host.api.system.localStorage;
  const clone = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  /**
   * The `LocalStorage` class (API 3.0): "An instance keeps loaded data in memory"
   * (storage/localStorage.mdx): an instance reads the file once, then answers from its own copy. A page and an app-service are separate processes
   * with separate instances, so a value one of them writes is not seen by an instance the other
   * loaded earlier; a new instance (`new LocalStorage()`) reads the file again. Writes go to the
   * file key by key (how the device merges them is for a real watch to confirm).
   */
  const copies = new WeakMap<object, Record<string, unknown>>();
  class LocalStorage {
    load(): Record<string, unknown> {
      let mem = copies.get(this);
      if (mem === undefined) {
        mem = clone(store.value) as Record<string, unknown>;
        copies.set(this, mem);
      }
      return mem;
    }
    setItem(key: string, value: unknown): void {
      const k = String(key);
      const v = clone(value);
      this.load()[k] = v;
      store.update((d) => {
        d[k] = clone(v);
      });
    }
    /** Returns the stored value (the 4.0 d.ts types it as void, the device returns it). */
    getItem(key: string, defaultValue?: unknown): unknown {
      const d = this.load();
      const k = String(key);
      return k in d ? clone(d[k]) : defaultValue;
    }
    removeItem(key: string): void {
      const k = String(key);
      delete this.load()[k];
      store.update((d) => {
        delete d[k];
      });
    }
    clear(): void {
      copies.set(this, {});
      store.update((d) => {
        for (const k of Object.keys(d)) delete d[k];
      });
    }
  }
  const session = new Map<string, unknown>();
  class SessionStorage {
    setItem(key: string, value: unknown): void {
      session.set(String(key), clone(value));
    }
    getItem(key: string, defaultValue?: unknown): unknown {
      return session.has(String(key)) ? clone(session.get(String(key))) : defaultValue;
    }
    removeItem(key: string): void {
      session.delete(String(key));
    }
    clear(): void {
      session.clear();
    }
  }
  return {
    // The `localStorage` object (API 2.0, storage/localStorage-instance.mdx) claims no cache: it
    // reads the file each time, so every process sees the latest write.
    localStorage: {
      setItem: (key: string, value: unknown) => new LocalStorage().setItem(key, value),
      getItem: (key: string, defaultValue?: unknown) => new LocalStorage().getItem(key, defaultValue),
      removeItem: (key: string) => new LocalStorage().removeItem(key),
      clear: () => new LocalStorage().clear(),
    },
    LocalStorage,
    sessionStorage: new SessionStorage(),
    SessionStorage,
  };
}

// ------------------------------------------------------------------------ @zos/router
export function createRouter(host: ZosHost) {
  const { api } = host;
  const opt = (o: { url: string; params?: string | object }) => [o.url, paramString(o.params)] as const;
  return {
    push: (o: { url: string; params?: string | object }) => api.push(...opt(o)),
    replace: (o: { url: string; params?: string | object }) => api.replace(...opt(o)),
    back: () => api.back(),
    exit: () => api.exitApp(),
    home: () => api.home(),
  };
}

// ------------------------------------------------------------------------ @zos/alarm
export const ALARM_CONSTANTS = {
  REPEAT_ONCE: 0,
  REPEAT_MINUTE: 1,
  REPEAT_HOUR: 2,
  REPEAT_DAY: 3,
  REPEAT_WEEK: 4,
  REPEAT_MONTH: 5,
  REPEAT_YEAR: 6,
  WEEK_MON: 1,
  WEEK_TUE: 2,
  WEEK_WED: 4,
  WEEK_THU: 8,
  WEEK_FRI: 16,
  WEEK_SAT: 32,
  WEEK_SUN: 64,
} as const;

export function createAlarm(host: ZosHost) {
  const { api } = host;
  function set(option: {
    url: string;
    time?: number;
    delay?: number;
    param?: string;
    repeat_type?: number;
  }): number;
  function set(option: Record<string, unknown>): number {
    return api.alarms.set(option);
  }
  function cancel(option: { id: number }): number;
  function cancel(id: number): number;
  function cancel(o: number | { id: number }): number {
    return api.alarms.cancel(typeof o === 'number' ? o : o.id);
  }
  return { ...ALARM_CONSTANTS, set, cancel, getAllAlarms: () => api.alarms.list() };
}

// ------------------------------------------------------------------------ @zos/app-service
export function createAppService(host: ZosHost) {
  const { api } = host;
  type Done = (r: { file: string; result: boolean }) => void;
  return {
    start(option: { file?: string; url?: string; param?: string; complete_func?: Done }): boolean {
      const file = option.file ?? option.url ?? '';
      const result = api.startService(file, option.param);
      option.complete_func?.({ file, result });
      return result;
    },
    stop(option: { file?: string; url?: string; complete_func?: Done }): boolean {
      const file = option.file ?? option.url ?? '';
      const result = api.stopService(file);
      option.complete_func?.({ file, result });
      return result;
    },
    getAllAppServices: () => api.runningServices(),
    exit: () => api.exitService(),
  };
}

// ------------------------------------------------------------------------ @zos/sensor
export const VIBRATOR_CONSTANTS = {
  VIBRATOR_SCENE_SHORT_LIGHT: 23,
  VIBRATOR_SCENE_SHORT_MIDDLE: 24,
  VIBRATOR_SCENE_SHORT_STRONG: 25,
  VIBRATOR_SCENE_DURATION: 27,
  VIBRATOR_SCENE_DURATION_LONG: 28,
  VIBRATOR_SCENE_STRONG_REMINDER: 9,
  VIBRATOR_SCENE_NOTIFICATION: 0,
  VIBRATOR_SCENE_CALL: 1,
  VIBRATOR_SCENE_TIMER: 5,
} as const;
const VIBRATOR_TYPES = {
  GENTLE_SHORT: 0,
  STRONG_SHORT: 1,
  STANDARD_CROWN: 2,
  STRONG_CROWN: 3,
  SPULSE_CROWN: 4,
  DIPULSE_CROWN: 5,
  KEYCODE_CLICK: 6,
  URGENT: 7,
  CONTINUOUS: 8,
  PAUSE: 9,
};

export function createSensor(host: ZosHost) {
  const { api } = host;
  const sys = api.system;
  const owned = <T>(set: Set<T>, fn: T) => {
    set.add(fn);
  };
  const stepListeners = new Set<() => void>();
  const batteryListeners = new Set<() => void>();
  const wearListeners = new Set<() => void>();
  let stepTimer: number | undefined;
  let lastSteps = -1;
  const armSteps = () => {
    if (stepTimer !== undefined || stepListeners.size === 0) return;
    lastSteps = sys.steps.count();
    const tick = () => {
      stepTimer = api.schedule(
        60_000,
        () => {
          stepTimer = undefined;
          const n = sys.steps.count();
          if (n !== lastSteps) {
            lastSteps = n;
            for (const l of [...stepListeners]) l();
          }
          if (stepListeners.size > 0) tick();
        },
        'step-poll',
      );
    };
    tick();
  };
  host.cleanups.push(() => {
    stepListeners.clear();
    batteryListeners.clear();
    wearListeners.clear();
  });

  class Vibrator {
    _mode: number = VIBRATOR_CONSTANTS.VIBRATOR_SCENE_SHORT_MIDDLE;
    start(option?: { mode?: number } | Array<{ type: number; duration?: number }>): void {
      if (Array.isArray(option)) {
        // Scenes as an action array: API 3.6 (sensor/Vibrator.mdx, the Action table).
        if (!isAvailableAt(api.apiLevel, '@zos/sensor', 'Vibrator#start(actions)'))
          throw new TypeError(`Vibrator.start: an action array needs API 3.6 (this device: ${api.apiLevel})`);
        const pattern = option.map((a) => ({ type: a.type, duration: a.duration }));
        const durationMs = pattern.reduce((n, a) => n + (a.duration ?? 0), 0);
        sys.vibrations.push({ t: api.now(), kind: 'start', pattern, durationMs, process: host.owner });
        api.event('vibrate', { pattern, durationMs });
        return;
      }
      const mode = option?.mode ?? this._mode;
      sys.vibrations.push({ t: api.now(), kind: 'start', mode, process: host.owner });
      api.event('vibrate', { mode });
    }
    stop(): void {
      sys.vibrations.push({ t: api.now(), kind: 'stop', process: host.owner });
      api.event('vibrate.stop');
    }
    setMode(option: { mode: number }): void {
      this._mode = option.mode;
    }
    getConfig(): { mode: number } {
      return { mode: this._mode };
    }
    getType() {
      return { ...VIBRATOR_TYPES };
    }
  }

  class Step {
    getCurrent(): number {
      return sys.steps.count();
    }
    getTarget(): number {
      return sys.steps.target;
    }
    onChange(callback: () => void): void {
      owned(stepListeners, callback);
      armSteps();
    }
    offChange(callback: () => void): void {
      stepListeners.delete(callback);
    }
  }

  class Battery {
    getCurrent(): number {
      return sys.battery;
    }
    onChange(callback: () => void): void {
      owned(batteryListeners, callback);
    }
    offChange(callback: () => void): void {
      batteryListeners.delete(callback);
    }
  }

  class Wear {
    getStatus(): number {
      return sys.wear;
    }
    onChange(callback: () => void): void {
      owned(wearListeners, callback);
    }
    offChange(callback: () => void): void {
      wearListeners.delete(callback);
    }
  }

  class Time {
    getTime(): number {
      return api.now();
    }
    getFullYear(): number {
      return new Date(api.now()).getFullYear();
    }
    getMonth(): number {
      return new Date(api.now()).getMonth() + 1;
    }
    getDate(): number {
      return new Date(api.now()).getDate();
    }
    getHours(): number {
      return new Date(api.now()).getHours();
    }
    getMinutes(): number {
      return new Date(api.now()).getMinutes();
    }
    getSeconds(): number {
      return new Date(api.now()).getSeconds();
    }
    getDay(): number {
      const w = new Date(api.now()).getDay();
      return w === 0 ? 7 : w;
    }
    getHourFormat(): number {
      return 1;
    }
    getFormatHour(): number {
      return this.getHours();
    }
    _every(unit: number, callback: () => void, label: string): void {
      const arm = () => {
        const now = api.now();
        const next = Math.floor(now / unit) * unit + unit;
        api.schedule(
          next - now,
          () => {
            arm();
            callback();
          },
          label,
        );
      };
      arm();
    }
    onPerMinute(callback: () => void): void {
      this._every(60_000, callback, 'time-minute');
    }
    onPerHourEnd(callback: () => void): void {
      this._every(3_600_000, callback, 'time-hour');
    }
    onPerDay(callback: () => void): void {
      const offset = new Date(api.now()).getTimezoneOffset() * 60_000;
      const arm = () => {
        const local = api.now() - offset;
        const next = Math.floor(local / 86_400_000) * 86_400_000 + 86_400_000 + offset;
        api.schedule(
          next - api.now(),
          () => {
            arm();
            callback();
          },
          'time-day',
        );
      };
      arm();
    }
  }

  return {
    ...VIBRATOR_CONSTANTS,
    TIME_HOUR_FORMAT_12: 0,
    TIME_HOUR_FORMAT_24: 1,
    Vibrator,
    Step,
    Battery,
    Wear,
    Time,
    /** Used by the sim to fire onChange listeners when a test changes battery/wear. */
    __notify(kind: 'battery' | 'wear' | 'step'): void {
      const set = kind === 'battery' ? batteryListeners : kind === 'wear' ? wearListeners : stepListeners;
      for (const l of [...set]) l();
    },
  };
}

// ------------------------------------------------------------------------ @zos/notification
export function createNotification(host: ZosHost) {
  const { api } = host;
  const sys = api.system;
  return {
    notify(option: {
      title: string;
      content: string;
      actions: Array<{ text: string; file: string; param?: string }>;
      vibrate?: number;
    }): number {
      const id = sys.nextNotificationId++;
      const entry = {
        id,
        t: api.now(),
        title: String(option.title ?? ''),
        content: String(option.content ?? ''),
        actions: (option.actions ?? []).map((a) => ({ text: a.text, file: a.file, param: a.param })),
        vibrate: option.vibrate,
        cancelled: false,
      };
      sys.notifications.push(entry);
      if (option.vibrate !== undefined && option.vibrate !== 0) {
        sys.vibrations.push({
          t: api.now(),
          kind: 'notification',
          mode: option.vibrate,
          process: host.owner,
        });
      }
      api.event('notify', { id, title: entry.title, content: entry.content });
      return id;
    },
    cancel(alarmId: number | Array<number>): void {
      const ids = Array.isArray(alarmId) ? alarmId : [alarmId];
      for (const n of sys.notifications) if (ids.includes(n.id)) n.cancelled = true;
    },
    getAllNotifications: () => sys.notifications.filter((n) => !n.cancelled).map((n) => n.id),
  };
}

// ------------------------------------------------------------------------ @zos/display
export function createDisplay(host: ZosHost) {
  const { api } = host;
  const d = api.system.display;
  function setWakeUpRelaunch(option: boolean | { relaunch: boolean }): void {
    d.wakeUpRelaunch = typeof option === 'boolean' ? option : Boolean(option.relaunch);
    api.event('display.wakeUpRelaunch', { relaunch: d.wakeUpRelaunch });
  }
  function setBrightness(o: number | { brightness: number }): number {
    d.brightness = typeof o === 'number' ? o : o.brightness;
    return 0;
  }
  function setAutoBrightness(o: boolean | { autoBright: boolean }): void {
    d.autoBrightness = typeof o === 'boolean' ? o : o.autoBright;
  }
  return {
    setWakeUpRelaunch,
    setBrightness,
    getBrightness: () => d.brightness,
    setAutoBrightness,
    getAutoBrightness: () => d.autoBrightness,
    setPageBrightTime(option: { brightTime?: number }): number {
      d.pageBrightTime = option.brightTime;
      api.event('display.pageBrightTime', { brightTime: option.brightTime });
      api.sensorTick();
      return 0;
    },
    resetPageBrightTime(): number {
      d.pageBrightTime = undefined;
      api.event('display.pageBrightTime', { brightTime: null });
      api.sensorTick();
      return 0;
    },
    pauseDropWristScreenOff(option: { duration?: number }): number {
      d.dropWristPausedFor = option.duration ?? 0;
      d.dropWristPausedUntil = api.now() + (option.duration ?? 0);
      api.event('display.pauseDropWristScreenOff', { duration: option.duration });
      return 0;
    },
    resetDropWristScreenOff(): number {
      d.dropWristPausedFor = undefined;
      d.dropWristPausedUntil = undefined;
      api.event('display.resetDropWristScreenOff');
      return 0;
    },
    pausePalmScreenOff(option: { duration?: number }): number {
      d.palmPausedFor = option.duration ?? 0;
      return 0;
    },
    resetPalmScreenOff(): number {
      d.palmPausedFor = undefined;
      return 0;
    },
    setScreenOff(): number {
      api.event('display.setScreenOff');
      d.screenOn = false;
      return 0;
    },
  };
}

// ------------------------------------------------------------------------ @zos/interaction
export const INTERACTION_CONSTANTS = {
  GESTURE_UP: 1,
  GESTURE_DOWN: 2,
  GESTURE_LEFT: 3,
  GESTURE_RIGHT: 4,
  KEY_BACK: 8,
  KEY_SELECT: 13,
  KEY_HOME: 36,
  KEY_UP: 38,
  KEY_DOWN: 40,
  KEY_SHORTCUT: 48,
  KEY_EVENT_CLICK: 1,
  KEY_EVENT_LONG_PRESS: 2,
  KEY_EVENT_DOUBLE_CLICK: 3,
  KEY_EVENT_PRESS: 4,
  KEY_EVENT_RELEASE: 5,
  MODAL_CONFIRM: 1,
  MODAL_CANCEL: 0,
  WRIST_MOTION_LIFT: 1,
  WRIST_MOTION_LOWER: 2,
  WRIST_MOTION_FLIP: 3,
} as const;

export function createInteraction(host: ZosHost) {
  const { api } = host;
  const cb = (o: unknown): Callback | undefined => {
    if (typeof o === 'function') return o as Callback;
    if (o && typeof o === 'object' && typeof (o as { callback?: unknown }).callback === 'function') {
      return (o as { callback: Callback }).callback;
    }
    return undefined;
  };
  function onKey(option: { callback: (key: number, event: number) => boolean }): void;
  function onKey(callback: (key: number, event: number) => boolean): void;
  function onKey(o: unknown): void {
    host.keyHandler = cb(o);
  }
  function onDigitalCrown(option: { callback: (key: number, degree: number) => void }): void;
  function onDigitalCrown(callback: (key: number, degree: number) => void): void;
  function onDigitalCrown(o: unknown): void {
    host.crownHandler = cb(o);
  }
  function onGesture(option: { callback: (event: number) => boolean }): void;
  function onGesture(callback: (event: number) => boolean): void;
  function onGesture(o: unknown): void {
    host.gestureHandler = cb(o);
  }
  return {
    ...INTERACTION_CONSTANTS,
    showToast(option: { content: string }): void {
      const content = String(option?.content ?? '');
      api.system.toasts.push({ t: api.now(), content });
      api.event('toast', { content });
    },
    createModal(option: {
      content: string;
      title?: string;
      show?: boolean;
      onClick?: (keyObj: { type: number }) => void;
      autoHide?: boolean;
    }): { show: (isShow: boolean) => void } {
      const modal = {
        title: option.title,
        content: String(option.content ?? ''),
        onClick: option.onClick as Callback | undefined,
        autoHide: option.autoHide !== false,
        shown: option.show !== false,
        options: { ...option } as Record<string, unknown>,
      };
      host.modal = modal;
      api.event('modal.create', { title: modal.title, content: modal.content, shown: modal.shown });
      return {
        show(isShow: boolean) {
          modal.shown = Boolean(isShow);
          if (isShow) host.modal = modal;
          else if (host.modal === modal) host.modal = undefined;
        },
      };
    },
    onKey,
    offKey: () => {
      host.keyHandler = undefined;
    },
    onDigitalCrown,
    offDigitalCrown: () => {
      host.crownHandler = undefined;
    },
    onGesture,
    offGesture: () => {
      host.gestureHandler = undefined;
    },
  };
}

// ------------------------------------------------------------------------ @zos/device, app, i18n, user, settings, ble
export function createDevice(host: ZosHost) {
  const { device } = host.api;
  return {
    SCREEN_SHAPE_SQUARE: 0,
    SCREEN_SHAPE_ROUND: 1,
    getDeviceInfo() {
      return {
        width: device.width,
        height: device.height,
        screenShape: device.shape === 'r' ? 1 : 0,
        // The d.ts says number; devices return the model name.
        deviceName: device.name as unknown as number,
        keyNumber: device.keyNumber,
        deviceSource: device.source,
        keyType: 'normal',
        deviceColor: 0,
        uuid: `sim-${device.source}`,
      };
    },
    getDiskInfo() {
      return { total: 4e9, free: 2e9, app: 1e8, watchface: 1e8, music: 0, system: 1e9 };
    },
  };
}

export function createApp(host: ZosHost) {
  const { api } = host;
  return {
    SCENE_APP: 1,
    SCENE_WATCHFACE: 2,
    SCENE_SETTINGS: 4,
    SCENE_AOD: 8,
    getPackageInfo: (): object => ({ ...api.app, appId: api.app.appId, name: api.app.appName }),
    getScene: () => 1,
    queryPermission: (option: { permissions: string[] }) => option.permissions.map(() => 2),
    requestPermission: (option: { permissions: string[]; callback: (result: number[]) => void }) => {
      option.callback(option.permissions.map(() => 2));
      return 0;
    },
    // Used by ZML between app and page (not in the 4.0 typings). Delivery is synchronous.
    onMessage(key: string, fn: Callback): void {
      const l = host.messageHandlers.get(key) ?? [];
      l.push(fn);
      host.messageHandlers.set(key, l);
    },
    offMessage(key: string, fn?: Callback): void {
      if (!fn) host.messageHandlers.delete(key);
      else
        host.messageHandlers.set(
          key,
          (host.messageHandlers.get(key) ?? []).filter((f) => f !== fn),
        );
    },
    postMessage(key: string, ...args: unknown[]): void {
      for (const fn of [...(host.messageHandlers.get(key) ?? [])]) fn(key, ...args);
    },
  };
}

export function createI18n(host: ZosHost) {
  return { getText: (key: string) => host.api.i18n(key) };
}

export function createUser(host: ZosHost) {
  return {
    GENDER_MALE: 0,
    GENDER_FEMALE: 1,
    GENDER_UNSPECIFIED: 2,
    getProfile: () => ({ ...host.api.system.profile }),
  };
}

export function createSettings(host: ZosHost) {
  return {
    DATE_FORMAT_YMD: 0,
    DATE_FORMAT_DMY: 1,
    DATE_FORMAT_MDY: 2,
    TIME_FORMAT_12: 0,
    TIME_FORMAT_24: 1,
    DISTANCE_UNIT_METRIC: 0,
    DISTANCE_UNIT_IMPERIAL: 1,
    getLanguage: () => (host.api.system.language.startsWith('en') ? 2 : 0),
    getTimeFormat: () => 1,
    getDateFormat: () => 0,
    getDistanceUnit: () => 0,
    getSystemInfo: () => ({ osVersion: '4.0', firmwareVersion: 'sim', minAPI: '3.0' }),
  };
}

export function createBle(host: ZosHost) {
  const { api } = host;
  return {
    createConnect(callback: (index?: number, data?: object, size?: number) => void): void {
      host.bleReceiver = callback as Callback;
    },
    disConnect(): void {
      host.bleReceiver = undefined;
    },
    /** Returns true when the frame left the watch (ZML checks it although the d.ts says void). */
    send(data: object, size: number): boolean {
      const bytes = new Uint8Array(data as ArrayBuffer, 0, size);
      return api.ble.send(bytes);
    },
    connectStatus: (): boolean => api.ble.isUp(),
    addListener(callback: (status?: boolean) => void): void {
      host.bleStatusListener = callback as Callback;
    },
    removeListener(): void {
      host.bleStatusListener = undefined;
    },
  };
}
