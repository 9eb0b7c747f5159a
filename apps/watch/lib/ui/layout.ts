import type { ScreenInfo } from '../platform/screen.js';

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
    top: screen.round ? s(52) : s(16),
    bottom: screen.height - (screen.round ? s(52) : s(16)),
    gap: s(12),
    buttonH: Math.max(MIN_TAP_HEIGHT, s(88)),
    text: { title: s(36), body: s(28), small: s(24), big: s(72) },
  };
}

/**
 * How tall a wrapped text block gets, estimated from an average glyph width of 0.56 em plus
 * line spacing. Zepp OS 4 dropped `getTextLayout` from `@zos/ui`, so the estimate errs on the
 * tall side; callers stack blocks by this height so nothing overlaps.
 */
export function textHeight(text: string, width: number, size: number): number {
  const charsPerLine = Math.max(1, Math.floor(width / (size * 0.56)));
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    lines += wrapCount(paragraph, charsPerLine);
  }
  return Math.ceil(Math.max(1, lines) * size * 1.3);
}

function wrapCount(paragraph: string, charsPerLine: number): number {
  const words = paragraph.split(' ');
  let lines = 1;
  let used = 0;
  for (const word of words) {
    const len = word.length;
    if (used === 0) {
      used = len;
    } else if (used + 1 + len <= charsPerLine) {
      used += 1 + len;
    } else {
      lines += 1;
      used = len;
    }
    while (used > charsPerLine) {
      lines += 1;
      used -= charsPerLine;
    }
  }
  return lines;
}
