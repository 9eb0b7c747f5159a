import {
  pauseDropWristScreenOff,
  resetDropWristScreenOff,
  resetPageBrightTime,
  setPageBrightTime,
  setWakeUpRelaunch,
} from '@zos/display';
import { getDeviceInfo, SCREEN_SHAPE_ROUND } from '@zos/device';
import type { ScreenInfo } from './screen-info.js';

/** Keeps the screen lit while a hold runs; the core's session view says when. */
export function keepScreenOn(forMs: number): void {
  const ms = Math.max(5_000, Math.min(forMs, 10 * 60_000));
  setPageBrightTime({ brightTime: ms });
  pauseDropWristScreenOff({ duration: ms });
}

/**
 * While a routine runs, waking the watch reopens it: without this the system exits the app 10 s
 * after the screen goes off and a wake shows the watch face (display/setWakeUpRelaunch.mdx). The
 * runner then catches up from the saved session at the right second.
 */
export function reopenOnWake(on: boolean): void {
  setWakeUpRelaunch({ relaunch: on });
}

export function releaseScreen(): void {
  resetPageBrightTime();
  resetDropWristScreenOff();
}

export type { ScreenInfo } from './screen-info.js';

export function screenInfo(): ScreenInfo {
  const info = getDeviceInfo();
  return { width: info.width, height: info.height, round: info.screenShape === SCREEN_SHAPE_ROUND };
}
