/**
 * Compile-time contract: the sim's `@zos/*` modules checked against `@zeppos/device-types` 4.0.
 * Built by `tsconfig.contract.json` (`"types": []`, the device-types d.ts, no @types/node).
 * Each implemented module must be assignable to the official module type, restricted (`Pick`) to
 * the members the sim implements.
 */
import type { ZosHost } from './host.js';
import {
  createAlarm,
  createApp,
  createAppService,
  createBle,
  createDevice,
  createDisplay,
  createI18n,
  createInteraction,
  createNotification,
  createRouter,
  createSensor,
  createSettings,
  createStorage,
  createTimer,
  createUser,
  createUtils,
} from './modules.js';
import { createUiModule } from './ui.js';

declare const host: ZosHost;

type UiMod = typeof import('@zos/ui');
const simUi = createUiModule(host);
export const ui: Pick<UiMod, 'align' | 'text_style' | 'event'> = simUi;
// createWidget is overloaded with branded widget tokens; the sim's widget handle must satisfy the public widget.
export const uiWidget: ReturnType<UiMod['createWidget']> = simUi.createWidget(0, {});
export const uiCreate: (type: number, o: Record<string, unknown>) => ReturnType<UiMod['createWidget']> =
  simUi.createWidget;

export const router: Pick<typeof import('@zos/router'), 'push' | 'replace' | 'back' | 'exit' | 'home'> =
  createRouter(host);
export const storage: Pick<
  typeof import('@zos/storage'),
  'localStorage' | 'sessionStorage' | 'LocalStorage' | 'SessionStorage'
> = createStorage(host);
export const timer: typeof import('@zos/timer') = createTimer(host);
export const alarm: typeof import('@zos/alarm') = createAlarm(host);
export const appService: typeof import('@zos/app-service') = createAppService(host);
export const sensor: Pick<
  typeof import('@zos/sensor'),
  | 'Vibrator'
  | 'Step'
  | 'Battery'
  | 'Wear'
  | 'VIBRATOR_SCENE_SHORT_LIGHT'
  | 'VIBRATOR_SCENE_SHORT_MIDDLE'
  | 'VIBRATOR_SCENE_SHORT_STRONG'
  | 'VIBRATOR_SCENE_DURATION'
  | 'VIBRATOR_SCENE_DURATION_LONG'
  | 'VIBRATOR_SCENE_STRONG_REMINDER'
  | 'VIBRATOR_SCENE_NOTIFICATION'
  | 'VIBRATOR_SCENE_CALL'
  | 'VIBRATOR_SCENE_TIMER'
> = createSensor(host);
type OfficialTime = InstanceType<typeof import('@zos/sensor').Time>;
export const time: Pick<
  OfficialTime,
  | 'getTime'
  | 'getFullYear'
  | 'getMonth'
  | 'getDate'
  | 'getHours'
  | 'getMinutes'
  | 'getSeconds'
  | 'getDay'
  | 'onPerMinute'
  | 'onPerDay'
  | 'onPerHourEnd'
> = new (createSensor(host).Time)();
export const notification: typeof import('@zos/notification') = createNotification(host);
export const display: Pick<
  typeof import('@zos/display'),
  | 'setWakeUpRelaunch'
  | 'setPageBrightTime'
  | 'resetPageBrightTime'
  | 'pauseDropWristScreenOff'
  | 'resetDropWristScreenOff'
  | 'pausePalmScreenOff'
  | 'resetPalmScreenOff'
  | 'setBrightness'
  | 'getBrightness'
  | 'setAutoBrightness'
  | 'getAutoBrightness'
  | 'setScreenOff'
> = createDisplay(host);
export const interaction: Pick<
  typeof import('@zos/interaction'),
  | 'showToast'
  | 'createModal'
  | 'onKey'
  | 'offKey'
  | 'onDigitalCrown'
  | 'offDigitalCrown'
  | 'onGesture'
  | 'offGesture'
  | 'KEY_BACK'
  | 'KEY_HOME'
  | 'KEY_SELECT'
  | 'MODAL_CONFIRM'
  | 'MODAL_CANCEL'
> = createInteraction(host);
export const device: Pick<
  typeof import('@zos/device'),
  'getDeviceInfo' | 'getDiskInfo' | 'SCREEN_SHAPE_ROUND' | 'SCREEN_SHAPE_SQUARE'
> = createDevice(host);
export const app: Pick<
  typeof import('@zos/app'),
  'getPackageInfo' | 'getScene' | 'queryPermission' | 'requestPermission'
> = createApp(host);
export const ble: Pick<
  typeof import('@zos/ble'),
  'createConnect' | 'disConnect' | 'send' | 'connectStatus' | 'addListener' | 'removeListener'
> = createBle(host);
export const i18n: typeof import('@zos/i18n') = createI18n(host);
export const utils: Pick<
  typeof import('@zos/utils'),
  'px' | 'log' | 'EventBus' | 'assets' | 'stringToBuffer' | 'bufferToString'
> = createUtils(host);
export const user: Pick<
  typeof import('@zos/user'),
  'getProfile' | 'GENDER_MALE' | 'GENDER_FEMALE' | 'GENDER_UNSPECIFIED'
> = createUser(host);
export const settings: Pick<
  typeof import('@zos/settings'),
  'getLanguage' | 'getTimeFormat' | 'getDateFormat' | 'getDistanceUnit'
> = createSettings(host);
