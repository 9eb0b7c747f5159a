/**
 * The widget (Zepp OS `SecondaryWidget`, API 2.0+, swiped to from the watch face, on the devices
 * the device list marks as supporting it): the same content as the shortcut card, on the whole
 * screen, kept inside the round mask / below the square status bar by the page layout.
 */
import { drawTodayCard } from '../lib/card/today-card.js';
import { screenInfo } from '../lib/platform/screen.js';
import { layoutFor } from '../lib/ui/layout.js';

let card: { refresh(): void } | null = null;

SecondaryWidget({
  state: {},
  build() {
    const layout = layoutFor(screenInfo());
    const { screen } = layout;
    // A centred square inside the circle (round) or the column below the status bar (square).
    const side = screen.round ? Math.floor(screen.width * 0.68) : layout.w;
    const h = screen.round ? side : Math.min(layout.bottom - layout.top, Math.round(side * 0.9));
    const x = Math.round((screen.width - side) / 2);
    const y = screen.round ? Math.round((screen.height - h) / 2) : layout.top;
    card = drawTodayCard({ x, y, w: side, h, scale: layout.scale });
  },
  onResume() {
    card?.refresh();
  },
  onDestroy() {
    card = null;
  },
});
