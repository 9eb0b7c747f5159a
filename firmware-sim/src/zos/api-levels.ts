/**
 * The API_LEVEL from which each `@zos/*` member that the simulator implements exists, read off the
 * official API reference: zepp-health/zeppos-docs, docs/reference/device-app-api/newAPI/<page>
 * (commit c08725b, 2026-07-17; English pages). Each entry's comment names its page.
 *
 * How a level is read: a page states "Start from API_LEVEL `x`" at its top; a method has its page's
 * level unless its own section states a later one (`Vibrator#getType`: 3.6); a constant has the
 * API_LEVEL column of its table. `Vibrator#start(actions)` is `start` called with an array of
 * `{ type, duration }` (the page's Action table: 3.6). Widget types and widget methods are under
 * `@zos/ui` as `widget.TEXT` and `Widget#setAlpha`; `Widget#getterSetter` is reading or writing
 * `widget.x`, `.text`, … directly instead of get/setProperty (ui/gettersetter.mdx: 4.0). Module
 * `global` holds the app globals (App, Page, AppService, timers, console, Buffer).
 *
 * A member without an entry has no level in the docs (for example `@zos/timer`'s setTimeout, which
 * ZML asks for but the docs only list as a global): apiLevelOf returns undefined and the caller
 * decides. Option fields are not listed (e.g. createModal's title/subtitle/buttons and BUTTON's
 * text_w are 3.6, getTextLayout's rows_max 3.0). Entries marked "not in the sim yet" are there
 * because the watch app may need them. This table is data only; the modules consult it where the
 * simulator hides members below a device's level.
 */

/** `major.minor`, as the docs and app.json write API levels. */
export type ApiLevel = `${number}.${number}`;

export const API_LEVELS = {
  '@zos/ui': {
    createWidget: '2.0', // ui/createWidget.mdx
    deleteWidget: '2.0', // ui/deleteWidget.mdx
    widget: '2.0', // ui/createWidget.mdx
    prop: '2.0', // ui/setProperty.mdx
    event: '2.0', // ui/addEventListener.mdx
    align: '2.0', // ui/widget/TEXT.mdx
    text_style: '2.0', // ui/widget/TEXT.mdx
    getTextLayout: '2.0', // ui/getTextLayout.mdx
    getAppWidgetSize: '2.0', // ui/getAppWidgetSize.mdx
    setAppWidgetSize: '2.0', // ui/setAppWidgetSize.mdx
    setStatusBarVisible: '2.0', // ui/setStatusBarVisible.mdx — not in the sim yet
    updateStatusBarTitle: '2.0', // ui/updateStatusBarTitle.mdx — not in the sim yet
    redraw: '2.0', // ui/redraw.mdx — not in the sim yet
    'Widget#setProperty': '2.0', // ui/setProperty.mdx
    'Widget#getProperty': '2.0', // ui/getProperty.mdx
    'Widget#addEventListener': '2.0', // ui/addEventListener.mdx
    'Widget#removeEventListener': '2.0', // ui/removeEventListener.mdx
    'Widget#setAlpha': '2.1', // ui/setAlpha.mdx
    'Widget#setEnable': '2.0', // ui/setEnable.mdx
    'Widget#getId': '2.0', // ui/getId.mdx
    'Widget#getType': '2.0', // ui/getType.mdx
    'Widget#getterSetter': '4.0', // ui/gettersetter.mdx
    'widget.GROUP': '2.0', // ui/widget/GROUP.mdx
    'widget.TEXT': '2.0', // ui/widget/TEXT.mdx
    'widget.BUTTON': '2.0', // ui/widget/BUTTON.mdx
    'widget.FILL_RECT': '2.0', // ui/widget/FILL_RECT.mdx
    'widget.STROKE_RECT': '2.0', // ui/widget/STROKE_RECT.mdx
    'widget.ARC': '2.0', // ui/widget/ARC.mdx
    'widget.IMG': '2.0', // ui/widget/IMG.mdx
    'widget.CIRCLE': '2.0', // ui/widget/CIRCLE.mdx
    'widget.VIEW_CONTAINER': '2.0', // ui/widget/VIEW_CONTAINER.mdx
  },
  '@zos/router': {
    push: '2.0', // router/push.mdx
    replace: '2.0', // router/replace.mdx
    back: '2.0', // router/back.mdx
    exit: '2.0', // router/exit.mdx
    home: '2.0', // router/home.mdx
  },
  '@zos/storage': {
    localStorage: '2.0', // storage/localStorage-instance.mdx
    LocalStorage: '3.0', // storage/localStorage.mdx
    sessionStorage: '2.0', // storage/sessionStorage-instance.mdx
    SessionStorage: '2.0', // storage/sessionStorage.mdx
  },
  '@zos/timer': {
    createSysTimer: '4.0', // timer/createSysTimer.mdx
    stopTimer: '4.0', // timer/stopTimer.mdx
  },
  '@zos/alarm': {
    set: '3.0', // alarm/set.mdx
    cancel: '3.0', // alarm/cancel.mdx
    getAllAlarms: '3.0', // alarm/getAllAlarms.mdx
    REPEAT_ONCE: '3.0', // alarm/set.mdx
    REPEAT_MINUTE: '3.0', // alarm/set.mdx
    REPEAT_HOUR: '3.0', // alarm/set.mdx
    REPEAT_DAY: '3.0', // alarm/set.mdx
    REPEAT_WEEK: '3.0', // alarm/set.mdx
    REPEAT_MONTH: '3.0', // alarm/set.mdx
    REPEAT_YEAR: '3.0', // alarm/set.mdx
    WEEK_MON: '3.0', // alarm/set.mdx
    WEEK_TUE: '3.0', // alarm/set.mdx
    WEEK_WED: '3.0', // alarm/set.mdx
    WEEK_THU: '3.0', // alarm/set.mdx
    WEEK_FRI: '3.0', // alarm/set.mdx
    WEEK_SAT: '3.0', // alarm/set.mdx
    WEEK_SUN: '3.0', // alarm/set.mdx
  },
  '@zos/app-service': {
    start: '3.0', // app-service/start.mdx
    stop: '3.0', // app-service/stop.mdx
    getAllAppServices: '3.0', // app-service/getAllAppServices.mdx
    exit: '3.0', // app-service/exit.mdx
  },
  '@zos/sensor': {
    Vibrator: '2.0', // sensor/Vibrator.mdx
    'Vibrator#start': '2.0', // sensor/Vibrator.mdx
    'Vibrator#stop': '2.0', // sensor/Vibrator.mdx
    'Vibrator#setMode': '2.0', // sensor/Vibrator.mdx
    'Vibrator#getConfig': '2.0', // sensor/Vibrator.mdx
    'Vibrator#getType': '3.6', // sensor/Vibrator.mdx
    'Vibrator#start(actions)': '3.6', // sensor/Vibrator.mdx — array of {type, duration}: the Action table
    VIBRATOR_SCENE_SHORT_LIGHT: '2.0', // sensor/Vibrator.mdx
    VIBRATOR_SCENE_SHORT_MIDDLE: '2.0', // sensor/Vibrator.mdx
    VIBRATOR_SCENE_SHORT_STRONG: '2.0', // sensor/Vibrator.mdx
    VIBRATOR_SCENE_DURATION: '2.0', // sensor/Vibrator.mdx
    VIBRATOR_SCENE_DURATION_LONG: '2.0', // sensor/Vibrator.mdx
    VIBRATOR_SCENE_STRONG_REMINDER: '2.0', // sensor/Vibrator.mdx
    VIBRATOR_SCENE_NOTIFICATION: '2.0', // sensor/Vibrator.mdx
    VIBRATOR_SCENE_CALL: '2.0', // sensor/Vibrator.mdx
    VIBRATOR_SCENE_TIMER: '2.0', // sensor/Vibrator.mdx
    Step: '2.0', // sensor/Step.mdx
    'Step#getCurrent': '2.0', // sensor/Step.mdx
    'Step#getTarget': '2.0', // sensor/Step.mdx
    'Step#onChange': '2.0', // sensor/Step.mdx
    'Step#offChange': '2.0', // sensor/Step.mdx
    Battery: '2.0', // sensor/Battery.mdx
    'Battery#getCurrent': '2.0', // sensor/Battery.mdx
    'Battery#onChange': '2.0', // sensor/Battery.mdx
    'Battery#offChange': '2.0', // sensor/Battery.mdx
    Wear: '2.0', // sensor/Wear.mdx
    'Wear#getStatus': '2.0', // sensor/Wear.mdx
    'Wear#onChange': '2.0', // sensor/Wear.mdx
    'Wear#offChange': '2.0', // sensor/Wear.mdx
    Time: '2.0', // sensor/Time.mdx
    'Time#getTime': '2.0', // sensor/Time.mdx
    'Time#getFullYear': '2.0', // sensor/Time.mdx
    'Time#getMonth': '2.0', // sensor/Time.mdx
    'Time#getDate': '2.0', // sensor/Time.mdx
    'Time#getHours': '2.0', // sensor/Time.mdx
    'Time#getMinutes': '2.0', // sensor/Time.mdx
    'Time#getSeconds': '2.0', // sensor/Time.mdx
    'Time#getDay': '2.0', // sensor/Time.mdx
    'Time#getHourFormat': '2.1', // sensor/Time.mdx
    'Time#getFormatHour': '2.1', // sensor/Time.mdx
    'Time#onPerMinute': '2.1', // sensor/Time.mdx
    'Time#onPerHourEnd': '3.6', // sensor/Time.mdx
    'Time#onPerDay': '2.1', // sensor/Time.mdx
    TIME_HOUR_FORMAT_12: '2.1', // sensor/Time.mdx
    TIME_HOUR_FORMAT_24: '2.1', // sensor/Time.mdx
  },
  '@zos/notification': {
    notify: '3.0', // notification/notify.mdx
    cancel: '3.0', // notification/cancel.mdx
    getAllNotifications: '3.0', // notification/getAllNotifications.mdx
  },
  '@zos/display': {
    setWakeUpRelaunch: '2.0', // display/setWakeUpRelaunch.mdx
    setBrightness: '2.0', // display/setBrightness.mdx
    getBrightness: '2.0', // display/getBrightness.mdx
    setAutoBrightness: '2.0', // display/setAutoBrightness.mdx
    getAutoBrightness: '2.0', // display/getAutoBrightness.mdx
    setPageBrightTime: '2.0', // display/setPageBrightTime.mdx
    resetPageBrightTime: '2.0', // display/resetPageBrightTime.mdx
    pauseDropWristScreenOff: '2.1', // display/pauseDropWristScreenOff.mdx
    resetDropWristScreenOff: '2.1', // display/resetDropWristScreenOff.mdx
    pausePalmScreenOff: '2.1', // display/pausePalmScreenOff.mdx
    resetPalmScreenOff: '2.1', // display/resetPalmScreenOff.mdx
    setScreenOff: '2.0', // display/setScreenOff.mdx
  },
  '@zos/interaction': {
    showToast: '2.0', // interaction/showToast.mdx
    createModal: '2.0', // interaction/createModal.mdx
    onKey: '2.0', // interaction/onKey.mdx
    offKey: '2.0', // interaction/offKey.mdx
    onDigitalCrown: '2.0', // interaction/onDigitalCrown.mdx
    offDigitalCrown: '2.0', // interaction/offDigitalCrown.mdx
    onGesture: '2.0', // interaction/onGesture.mdx
    offGesture: '2.0', // interaction/offGesture.mdx
    GESTURE_UP: '2.0', // interaction/onGesture.mdx
    GESTURE_DOWN: '2.0', // interaction/onGesture.mdx
    GESTURE_LEFT: '2.0', // interaction/onGesture.mdx
    GESTURE_RIGHT: '2.0', // interaction/onGesture.mdx
    KEY_BACK: '2.0', // interaction/onDigitalCrown.mdx
    KEY_SELECT: '2.0', // interaction/onDigitalCrown.mdx
    KEY_HOME: '2.0', // interaction/onDigitalCrown.mdx
    KEY_UP: '2.0', // interaction/onDigitalCrown.mdx
    KEY_DOWN: '2.0', // interaction/onDigitalCrown.mdx
    KEY_SHORTCUT: '2.0', // interaction/onDigitalCrown.mdx
    KEY_EVENT_CLICK: '2.0', // interaction/onKey.mdx
    KEY_EVENT_LONG_PRESS: '2.0', // interaction/onKey.mdx
    KEY_EVENT_DOUBLE_CLICK: '2.0', // interaction/onKey.mdx
    KEY_EVENT_PRESS: '2.0', // interaction/onKey.mdx
    KEY_EVENT_RELEASE: '2.0', // interaction/onKey.mdx
    MODAL_CONFIRM: '2.0', // interaction/createModal.mdx
    MODAL_CANCEL: '2.0', // interaction/createModal.mdx
    WRIST_MOTION_LIFT: '2.0', // interaction/onWristMotion.mdx
    WRIST_MOTION_LOWER: '2.0', // interaction/onWristMotion.mdx
    WRIST_MOTION_FLIP: '2.0', // interaction/onWristMotion.mdx
  },
  '@zos/device': {
    getDeviceInfo: '2.0', // device/getDeviceInfo.mdx
    getDiskInfo: '2.0', // device/getDiskInfo.mdx
    SCREEN_SHAPE_SQUARE: '2.0', // device/getDeviceInfo.mdx
    SCREEN_SHAPE_ROUND: '2.0', // device/getDeviceInfo.mdx
  },
  '@zos/app': {
    getPackageInfo: '2.0', // app/getPackageInfo.mdx
    getScene: '2.0', // app/getScene.mdx
    queryPermission: '3.0', // app/queryPermission.mdx
    requestPermission: '3.0', // app/requestPermission.mdx
    SCENE_APP: '2.0', // app/getScene.mdx
    SCENE_WATCHFACE: '2.0', // app/getScene.mdx
    SCENE_SETTINGS: '2.0', // app/getScene.mdx
    SCENE_AOD: '2.0', // app/getScene.mdx
  },
  '@zos/ble': {
    createConnect: '2.0', // ble/createConnect.mdx
    disConnect: '2.0', // ble/disConnect.mdx
    send: '2.0', // ble/send.mdx
    connectStatus: '2.0', // ble/connectStatus.mdx
    addListener: '2.0', // ble/addListener.mdx
    removeListener: '2.0', // ble/removeListener.mdx
  },
  '@zos/ble/TransferFile': {
    TransferFile: '3.0', // transfer-file/TransferFile.mdx — the sim answers undefined
  },
  '@zos/i18n': {
    getText: '2.0', // i18n/getText.mdx
  },
  '@zos/utils': {
    px: '2.0', // utils/px.mdx
    log: '2.0', // utils/log.mdx
    EventBus: '2.0', // utils/EventBus.mdx
    assets: '2.0', // utils/assets.mdx
    stringToBuffer: '4.0', // utils/stringToBuffer.mdx
    bufferToString: '4.0', // utils/bufferToString.mdx
  },
  '@zos/user': {
    getProfile: '2.0', // user/getProfile.mdx
    GENDER_MALE: '2.0', // user/getProfile.mdx
    GENDER_FEMALE: '2.0', // user/getProfile.mdx
    GENDER_UNSPECIFIED: '2.0', // user/getProfile.mdx
  },
  '@zos/settings': {
    getLanguage: '2.0', // settings/getLanguage.mdx
    getTimeFormat: '2.1', // settings/getTimeFormat.mdx
    getDateFormat: '2.0', // settings/getDateFormat.mdx
    getDistanceUnit: '2.0', // settings/getDistanceUnit.mdx
    getSystemInfo: '2.1', // settings/getSystemInfo.mdx
    DATE_FORMAT_YMD: '2.0', // settings/getDateFormat.mdx
    DATE_FORMAT_DMY: '2.0', // settings/getDateFormat.mdx
    DATE_FORMAT_MDY: '2.0', // settings/getDateFormat.mdx
    TIME_FORMAT_12: '2.1', // settings/getTimeFormat.mdx
    TIME_FORMAT_24: '2.1', // settings/getTimeFormat.mdx
    DISTANCE_UNIT_METRIC: '2.0', // settings/getDistanceUnit.mdx
    DISTANCE_UNIT_IMPERIAL: '2.0', // settings/getDistanceUnit.mdx
  },
  global: {
    App: '2.0', // global/App.mdx
    Page: '2.0', // global/Page.mdx
    AppService: '3.0', // global/AppService.mdx
    getApp: '2.0', // global/getApp.mdx
    getCurrentPage: '2.0', // global/getCurrentPage.mdx
    setTimeout: '2.0', // global/setTimeout.mdx
    clearTimeout: '2.0', // global/clearTimeout.mdx
    setInterval: '2.0', // global/setInterval.mdx
    clearInterval: '2.0', // global/clearInterval.mdx
    console: '2.0', // global/console.mdx
    Buffer: '2.0', // global/Buffer.mdx
  },
} as const satisfies Record<string, Record<string, ApiLevel>>;

export type ZosModuleName = keyof typeof API_LEVELS;

const TABLE: Readonly<Record<string, Readonly<Record<string, ApiLevel>>>> = API_LEVELS;

/** The first API level that has `module`'s `member`, or undefined when the docs give none. */
export function apiLevelOf(module: string, member: string): ApiLevel | undefined {
  // own keys only: `constructor` or `__proto__` must not find Object's
  const members = Object.hasOwn(TABLE, module) ? TABLE[module] : undefined;
  return members && Object.hasOwn(members, member) ? members[member] : undefined;
}

/** Negative, zero or positive as level `a` is below, equal to or above `b` ("3.6" < "3.10" < "4.0"). */
export function compareApiLevels(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when a device at `deviceLevel` has the member (members the docs give no level count as present). */
export function isAvailableAt(deviceLevel: string, module: string, member: string): boolean {
  const since = apiLevelOf(module, member);
  return since === undefined || compareApiLevels(deviceLevel, since) >= 0;
}
