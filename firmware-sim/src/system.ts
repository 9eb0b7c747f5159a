/** Device state that outlives an app process: storage, alarms, logs, sensors, display. */
import { join } from 'node:path';
import type { VirtualClock } from './clock.js';
import type { DeviceProfile } from './devices.js';
import { JsonFileStore } from './persist.js';
import { StepModel } from './sensors.js';
import type { Timeline } from './timeline.js';

// The log shapes are declared once beside the module implementations that write them.
export type {
  NotificationLogEntry as NotificationEntry,
  VibrationLogEntry as VibrationEntry,
} from './zos/host.js';
import type {
  NotificationLogEntry as NotificationEntry,
  VibrationLogEntry as VibrationEntry,
} from './zos/host.js';

export interface ToastEntry {
  t: number;
  content: string;
}

export interface AlarmRecord {
  id: number;
  url: string;
  /** Next fire time, epoch ms. */
  at: number;
  param?: string;
  repeatType: number;
  repeatPeriod?: number;
  weekDays?: number;
  createdAt: number;
  /** Which option shape the app used ("url/time" per the types, "file/date" per the zeus template). */
  form: 'url' | 'file';
}

export interface AlarmState {
  nextId: number;
  alarms: AlarmRecord[];
}

export interface DisplayState {
  screenOn: boolean;
  brightness: number;
  autoBrightness: boolean;
  /** ms, from setPageBrightTime; undefined = system default. */
  pageBrightTime: number | undefined;
  dropWristPausedFor: number | undefined;
  /** Virtual time until which a wrist drop does not turn the screen off. */
  dropWristPausedUntil: number | undefined;
  palmPausedFor: number | undefined;
  wakeUpRelaunch: boolean;
}

export class DeviceSystem {
  readonly localStorage: JsonFileStore<Record<string, unknown>>;
  readonly alarmStore: JsonFileStore<AlarmState>;
  readonly vibrations: VibrationEntry[] = [];
  readonly notifications: NotificationEntry[] = [];
  readonly toasts: ToastEntry[] = [];
  readonly steps: StepModel;
  battery = 80;
  /** @zos/sensor Wear status: 0 not worn, 1 worn, 2 in motion, 3 not sure. */
  wear = 1;
  language = 'en-US';
  profile = { age: 35, height: 175, weight: 70, gender: 0, nickName: 'Sim', region: 'US' };
  readonly display: DisplayState = {
    screenOn: true,
    brightness: 80,
    autoBrightness: true,
    pageBrightTime: undefined,
    dropWristPausedFor: undefined,
    dropWristPausedUntil: undefined,
    palmPausedFor: undefined,
    wakeUpRelaunch: false,
  };
  nextNotificationId = 1;

  constructor(
    readonly clock: VirtualClock,
    readonly timeline: Timeline,
    readonly device: DeviceProfile,
    dataDir: string | undefined,
  ) {
    this.localStorage = new JsonFileStore(
      dataDir ? join(dataDir, 'watch', 'localStorage.json') : undefined,
      () => ({}),
    );
    this.alarmStore = new JsonFileStore<AlarmState>(
      dataDir ? join(dataDir, 'watch', 'alarms.json') : undefined,
      () => ({
        nextId: 1,
        alarms: [],
      }),
    );
    this.steps = new StepModel(() => clock.now());
  }
}
