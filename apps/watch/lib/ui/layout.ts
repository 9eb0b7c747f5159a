import type { ScreenInfo } from '../platform/screen-info.js';

/**
 * Layout numbers for one screen, derived from its real size at run time. Round screens are
 * designed at 480 px wide and square ones at 390 px (app.json `dw`); every size here scales
 * from those design widths, and buttons never drop below 80 px tall so they stay easy to hit.
 */
export interface Layout {
  screen: ScreenInfo;
  scale: number;
  /** Left edge and width of the main text column. */
  x: number;
  w: number;
  /** First usable y below the top curve / status area. */
  top: number;
  /** Last usable y above the bottom curve. */
  bottom: number;
  gap: number;
  buttonH: number;
  text: { title: number; body: number; small: number; big: number };
}

export const MIN_TAP_HEIGHT = 80;

/**
 * Square screens have the system status bar (app name, time) over their top 64 px
 * (best-practice/multi-screen-adaption.mdx); nothing of ours is drawn there.
 */
export const SQUARE_STATUS_BAR_PX = 64;

export function layoutFor(screen: ScreenInfo): Layout {
  const designWidth = screen.round ? 480 : 390;
  const scale = screen.width / designWidth;
  const s = (n: number) => Math.round(n * scale);
  const sideMargin = screen.round ? s(56) : s(20);
  return {
    screen,
    scale,
    x: sideMargin,
    w: screen.width - 2 * sideMargin,
    top: screen.round ? s(52) : SQUARE_STATUS_BAR_PX + s(8),
    bottom: screen.height - (screen.round ? s(52) : s(16)),
    gap: s(12),
    buttonH: Math.max(MIN_TAP_HEIGHT, s(88)),
    text: { title: s(36), body: s(28), small: s(24), big: s(72) },
  };
}

/** Half the chord of a circle of radius `r` centred at `c`, at height `y` (0 outside). */
export function chordHalf(c: number, r: number, y: number): number {
  const dy = y - c;
  return dy * dy >= r * r ? 0 : Math.sqrt(r * r - dy * dy);
}

/** How far inside the screen circle boxes are kept (px). */
function roundMargin(layout: Layout): number {
  return Math.max(4, Math.round(6 * layout.scale));
}

/**
 * Left edge and width for a centred box at page-y `y`, `h` tall, whose corners are rounded by
 * `radius` (buttons). On round screens a box in the upper half of the first screen cannot be
 * scrolled down, so it is narrowed to the circle at its top edge; a box lower down is scrolled
 * towards the middle (the page's bottom spacer makes room for that) and keeps the column width.
 */
export function rowAt(layout: Layout, y: number, h: number, radius = 0): { x: number; w: number } {
  const { screen } = layout;
  if (!screen.round || y + h / 2 >= screen.height / 2) return { x: layout.x, w: layout.w };
  const c = screen.width / 2;
  const r = c - roundMargin(layout);
  const rr = Math.min(radius, h / 2);
  const pull = rr * (1 - Math.SQRT1_2);
  const half = chordHalf(c, r, y + pull) + pull;
  const w = Math.min(layout.w, Math.floor(2 * half));
  return { x: Math.round(c - w / 2), w };
}

/**
 * Height of the empty space after a page's last widget (`last`: its width, height and corner
 * radius), so that scrolled to the end that widget sits fully inside the circle on round screens
 * and clear of the edge on square ones.
 */
export function bottomPadding(layout: Layout, last: { w: number; h: number; radius?: number }): number {
  const { screen } = layout;
  if (!screen.round) return layout.top;
  const c = screen.width / 2;
  const r = c - roundMargin(layout);
  const rr = Math.min(last.radius ?? 0, last.h / 2, last.w / 2);
  const pull = rr * (1 - Math.SQRT1_2);
  const halfW = last.w / 2 - pull;
  const dy = halfW >= r ? 0 : Math.sqrt(r * r - halfW * halfW);
  const lowest = Math.floor(c + dy + pull);
  return Math.max(layout.gap, screen.height - lowest);
}
