/**
 * The shortcut card (Zepp OS `AppWidget`, API 2.0+, in the list right of the watch face): today's
 * progress and a Quick break button. It draws in the card's own box (`getAppWidgetSize`), in
 * coordinates relative to the card's top-left corner, at the default height (half the screen).
 */
import { drawTodayCard } from '../lib/card/today-card.js';
import { appWidgetSize } from '../lib/platform/app-widget-size.js';
import { screenInfo } from '../lib/platform/screen.js';

let card: { refresh(): void } | null = null;

AppWidget({
  state: {},
  build() {
    const screen = screenInfo();
    const size = appWidgetSize(screen);
    const scale = screen.width / (screen.round ? 480 : 390);
    const pad = Math.round(16 * scale);
    card = drawTodayCard({ x: pad, y: pad, w: size.w - 2 * pad, h: size.h - 2 * pad, scale });
  },
  onResume() {
    card?.refresh();
  },
  onDestroy() {
    card = null;
  },
});
