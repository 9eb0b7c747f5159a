import {
  pauseDropWristScreenOff,
  resetDropWristScreenOff,
  resetPageBrightTime,
  setPageBrightTime,
} from '@zos/display';
import { getDeviceInfo, SCREEN_SHAPE_ROUND } from '@zos/device';

/** Keeps the screen lit while a hold runs; the core's session view says when. */
export function keepScreenOn(forMs: number): void {
  const ms = Math.max(5_000, Math.min(forMs, 10 * 60_000));
  setPageBrightTime({ brightTime: ms });
  pauseDropWristScreenOff({ duration: ms });
}

export function releaseScreen(): void {
  resetPageBrightTime();
  resetDropWristScreenOff();
}

export interface ScreenInfo {
  width: number;
  height: number;
  round: boolean;
}

export function screenInfo(): ScreenInfo {
  const info = getDeviceInfo();
  return { width: info.width, height: info.height, round: info.screenShape === SCREEN_SHAPE_ROUND };
}
