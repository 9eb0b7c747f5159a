import * as ui from '@zos/ui';
import type { ScreenInfo } from './screen-info.js';

type GetAppWidgetSize = () => { w: number; h: number; margin: number; radius: number };

/**
 * The shortcut card's box (`getAppWidgetSize`, ui/getAppWidgetSize.mdx, API 2.0; the 4.0 typings
 * declare it on the extension interface, not as a module export). Without it: the screen's width
 * and the documented default height, half the screen.
 */
export function appWidgetSize(screen: ScreenInfo): { w: number; h: number } {
  const fn = (ui as unknown as { getAppWidgetSize?: GetAppWidgetSize }).getAppWidgetSize;
  if (typeof fn === 'function') {
    try {
      const s = fn();
      if (s && s.w > 0 && s.h > 0) return { w: s.w, h: s.h };
    } catch {
      // fall through to the documented default
    }
  }
  return { w: screen.width, h: Math.round(screen.height / 2) };
}
