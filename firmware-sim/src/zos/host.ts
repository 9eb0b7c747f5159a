/**
 * What the `@zos/*` module implementations need from the sim. Kept free of Node types so the
 * modules also typecheck in the contract build against `@zeppos/device-types` alone.
 */
import type { StepModel } from '../sensors.js';
import type { WidgetTree } from '../widgets.js';

export type AnyFn = (...args: never[]) => unknown;
export type Callback = (...args: unknown[]) => unknown;

export interface VibrationLogEntry {
  t: number;
  kind: 'start' | 'stop' | 'notification';
  mode?: number;
  pattern?: Array<{ type: number; duration?: number }>;
  durationMs?: number;
  process?: string;
}

export interface NotificationLogEntry {
  id: number;
  t: number;
  title: string;
  content: string;
  actions: Array<{ text: string; file: string; param?: string }>;
  vibrate?: number;
  cancelled: boolean;
}

export interface SystemView {
  localStorage: { value: Record<string, unknown>; update(fn: (d: Record<string, unknown>) => void): void };
  vibrations: VibrationLogEntry[];
  notifications: NotificationLogEntry[];
  toasts: Array<{ t: number; content: string }>;
  steps: StepModel;
  battery: number;
  wear: number;
  language: string;
  profile: { age: number; height: number; weight: number; gender: number; nickName: string; region: string };
  display: {
    screenOn: boolean;
    brightness: number;
    autoBrightness: boolean;
    pageBrightTime: number | undefined;
    dropWristPausedFor: number | undefined;
    dropWristPausedUntil: number | undefined;
    palmPausedFor: number | undefined;
    wakeUpRelaunch: boolean;
  };
  nextNotificationId: number;
}

export interface ZosHost {
  readonly owner: string;
  readonly tree: WidgetTree;
  modal:
    | {
        title?: string;
        content: string;
        onClick?: Callback;
        autoHide: boolean;
        shown: boolean;
        options: Record<string, unknown>;
      }
    | undefined;
  keyHandler: Callback | undefined;
  /** The height a shortcut card set (`setAppWidgetSize`); undefined = the default. */
  cardHeight?: number | undefined;
  crownHandler: Callback | undefined;
  gestureHandler: Callback | undefined;
  bleReceiver: Callback | undefined;
  bleStatusListener: Callback | undefined;
  readonly messageHandlers: Map<string, Callback[]>;
  readonly cleanups: Array<() => void>;
  readonly api: {
    now(): number;
    schedule(delayMs: number, fn: () => void, label: string): number;
    cancel(id: number): void;
    event(name: string, data?: Record<string, unknown>): void;
    log(level: string, name: string, msg: string): void;
    device: {
      name: string;
      width: number;
      height: number;
      shape: 'r' | 's';
      source: number;
      keyNumber: number;
    };
    designWidth: number;
    /** The simulated firmware's API level ("3.0", "3.6", …): members newer than it are absent. */
    apiLevel: string;
    app: { appId: number; appName: string; version?: { code: number; name: string }; vender?: string };
    system: SystemView;
    i18n(key: string): string;
    /** Resolves an image src to an asset file path (or undefined). */
    assetPath(src: string): string | undefined;
    imageSize(src: string): { width: number; height: number } | undefined;
    alarms: { set(o: Record<string, unknown>): number; cancel(id: number): number; list(): number[] };
    ble: { isUp(): boolean; send(bytes: Uint8Array): boolean };
    push(url: string, params: string | undefined): void;
    replace(url: string, params: string | undefined): void;
    back(): void;
    exitApp(): void;
    home(): void;
    startService(file: string, param: string | undefined): boolean;
    stopService(file: string): boolean;
    exitService(): void;
    runningServices(): string[];
    sensorTick(): void;
  };
}

export function paramString(p: unknown): string | undefined {
  if (p === undefined || p === null) return undefined;
  return typeof p === 'string' ? p : JSON.stringify(p);
}
