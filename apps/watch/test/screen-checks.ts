/**
 * The page checks the screenshot tests share (every locale): each TEXT / BUTTON label fits its
 * box by the app's width estimate (`lib/ui/text-fit.ts`) and by the sim's wrapping, buttons are
 * at least 80 px tall, the glyphs are ones the watch font has (Latin-1; for zh-CN also CJK and
 * full-width punctuation), nothing sits under the square status bar, and every widget lies
 * inside the circle or the screen once scrolled into view.
 */
import { writeFileSync } from 'node:fs';
import type { Locale } from '@unknot/stretch-model';
import { expect } from 'vitest';
import type { Sim } from '../../../firmware-sim/src/index.js';
import { wrapText } from '../../../firmware-sim/src/render.js';
import { buttonTextHeight, buttonTextWidth, linesThatFit, textWidth } from '../lib/ui/text-fit.js';

export interface Screen {
  device: string;
  round: boolean;
  w: number;
  h: number;
}

/**
 * Checks the page (labels fit by the app's estimate and the sim's wrapping, glyphs the font has,
 * nothing under the square status bar, everything inside the screen when scrolled to) and, with
 * a file name, saves its PNG.
 */
export function shootChecked(sim: Sim, screen: Screen, locale: Locale, file: string | null): void {
  const where = `${locale} ${screen.device} ${file ?? ''}`;
  expectTextFits(sim, where);
  expectDeviceSafe(sim, where, screen.round, locale);
  expectInsideWhenScrolled(sim, where, screen.round, screen);
  if (file) writeFileSync(file, sim.render.png());
}

/**
 * The shortcut card (drawn in its own box, relative coordinates): labels fit, glyphs the font has,
 * every widget inside the card's box; with a file name, saves its PNG.
 */
export function shootCardChecked(sim: Sim, locale: Locale, where: string, file: string | null): void {
  expectTextFits(sim, where);
  const safe = locale === 'zh-CN' ? SAFE_TEXT_ZH : SAFE_TEXT;
  const box = sim.cardBox();
  if (!box) throw new Error(`${where}: no card box`);
  for (const wgt of sim.screen.widgets()) {
    if (!wgt.visible) continue;
    expect(wgt.text ?? '', `${where}: glyphs in "${wgt.text}"`).toMatch(safe);
    const b = wgt.bounds;
    expect(b.x >= 0 && b.y >= 0 && b.x + b.w <= box.w && b.y + b.h <= box.h, `${where}: ${wgt.text}`).toBe(
      true,
    );
  }
  if (file) writeFileSync(file, sim.render.png());
}

/** Square screens: the system status bar covers the top 64 px (best-practice/multi-screen-adaption.mdx). */
const STATUS_BAR_PX = 64;
/** Printable ASCII and Latin-1: what the watch's fonts surely have (no U+2212, U+2026, U+2013, emoji). */
const SAFE_TEXT = /^[\n\u0020-\u007e\u00a0-\u00ff]*$/;
/** Chinese: Latin-1 plus CJK ideographs, CJK punctuation and full-width forms. */
const SAFE_TEXT_ZH = /^[\n\u0020-\u007e\u00a0-\u00ff\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]*$/;

/** Glyphs the fonts have, nothing under the square status bar, no widget update the device ignores. */
function expectDeviceSafe(sim: Sim, where: string, round: boolean, locale: Locale): void {
  const safe = locale === 'zh-CN' ? SAFE_TEXT_ZH : SAFE_TEXT;
  for (const wgt of sim.screen.widgets()) {
    if (!wgt.visible) continue;
    expect(wgt.text ?? '', `${where}: glyphs in "${wgt.text}"`).toMatch(safe);
    expect(wgt.rejected, `${where}: ${wgt.type} "${wgt.text}" updates the device ignores`).toEqual([]);
    if (!round && wgt.type !== 'FILL_RECT' && (wgt.type !== 'TEXT' || (wgt.text ?? '') !== ''))
      expect(wgt.bounds.y, `${where}: ${wgt.type} "${wgt.text}" under the status bar`).toBeGreaterThanOrEqual(
        STATUS_BAR_PX,
      );
  }
}

/** Every visible widget of the first screen lies inside the circle (round) or the screen (square). */
export function expectInsideScreen(sim: Sim, round: boolean, size: { w: number; h: number }): void {
  const c = size.w / 2;
  for (const wgt of sim.screen.widgets()) {
    if (!wgt.visible || wgt.type === 'ARC') continue;
    const b = wgt.bounds;
    if (b.y >= size.h) continue; // below the fold: reached by scrolling
    if (wgt.type === 'TEXT' && (wgt.text ?? '') === '') continue;
    if (round) {
      // Buttons have round ends; text is centred, so its glyph band is inside the box's middle.
      const inset = wgt.type === 'BUTTON' ? (b.h / 2) * (1 - Math.SQRT1_2) : 0;
      for (const x of [b.x + inset, b.x + b.w - inset])
        for (const y of [b.y + inset, b.y + b.h - inset])
          expect(Math.hypot(x - c, y - c), `${wgt.type} "${wgt.text}" corner`).toBeLessThanOrEqual(c);
    } else {
      expect(b.x >= 0 && b.y >= 0 && b.x + b.w <= size.w && b.y + b.h <= size.h, `${wgt.text}`).toBe(true);
    }
  }
}

/** Tap targets (lib/ui/layout.ts MIN_TAP_HEIGHT; that module needs the device types). */
const MIN_TAP = 80;

/** Every TEXT / BUTTON label fits its box by the app's width estimate and the sim's wrapping. */
export function expectTextFits(sim: Sim, where: string): void {
  for (const wgt of sim.screen.widgets()) {
    if (!wgt.visible || (wgt.type !== 'TEXT' && wgt.type !== 'BUTTON')) continue;
    const b = wgt.bounds;
    const isButton = wgt.type === 'BUTTON';
    if (isButton) expect(b.h, `${where}: button "${wgt.text}" tap height`).toBeGreaterThanOrEqual(MIN_TAP);
    const text = wgt.text ?? '';
    if (text === '') continue;
    const size = typeof wgt.props.text_size === 'number' ? wgt.props.text_size : 32;
    const width = isButton ? buttonTextWidth(b.w, b.h) : b.w;
    const room = linesThatFit(isButton ? buttonTextHeight(b.h) : b.h, size);
    const lines = text.split('\n');
    for (const line of lines) {
      expect(
        textWidth(line, size),
        `${where}: ${wgt.type} line "${line}" at ${size}px in ${Math.round(width)}px`,
      ).toBeLessThanOrEqual(width);
    }
    const style = typeof wgt.props.text_style === 'number' ? wgt.props.text_style : undefined;
    const shown = isButton ? lines.length : wrapText(text, size, b.w, style).length;
    expect(
      Math.max(lines.length, shown),
      `${where}: ${wgt.type} "${text}" lines in ${b.h}px`,
    ).toBeLessThanOrEqual(room);
  }
}

/**
 * Every widget, scrolled as close to the middle of the screen as the page's scroll range allows,
 * lies inside the circle (round; buttons have round ends) or the screen (square).
 */
function expectInsideWhenScrolled(
  sim: Sim,
  where: string,
  round: boolean,
  size: { w: number; h: number },
): void {
  const widgets = sim.screen.widgets();
  const contentBottom = Math.max(0, ...widgets.map((w) => w.bounds.y + w.bounds.h));
  const maxScroll = Math.max(0, contentBottom - size.h);
  const c = size.w / 2;
  for (const wgt of widgets) {
    if (!wgt.visible || wgt.type === 'ARC') continue;
    if (wgt.type === 'TEXT' && (wgt.text ?? '') === '') continue;
    const b = wgt.bounds;
    const scroll = Math.max(0, Math.min(maxScroll, b.y + b.h / 2 - size.h / 2));
    const y = b.y - scroll;
    const what = `${where}: ${wgt.type} "${wgt.text}" (scrolled ${Math.round(scroll)})`;
    if (round) {
      const radius = wgt.type === 'BUTTON' ? Math.min(b.h / 2, b.w / 2) : 0;
      const pull = radius * (1 - Math.SQRT1_2);
      for (const x of [b.x + pull, b.x + b.w - pull])
        for (const yy of [y + pull, y + b.h - pull])
          expect(Math.hypot(x - c, yy - c), `${what} corner`).toBeLessThanOrEqual(c);
    } else {
      expect(b.x >= 0 && y >= 0 && b.x + b.w <= size.w && y + b.h <= size.h, what).toBe(true);
    }
  }
}
