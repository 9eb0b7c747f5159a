/** @zos/display. Follows `@zeppos/device-types` 4.0. */
import { type ZosHost } from './host.js';

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
