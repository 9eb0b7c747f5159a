/** @zos/sensor: Vibrator, Step, Battery, Wear, Time. Follows `@zeppos/device-types` 4.0. */
import { isAvailableAt } from './api-levels.js';
import { type ZosHost } from './host.js';

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
