import { align, createWidget, prop, text_style, widget } from '@zos/ui';
import type { HmUIArcCreateWidgetOptions } from '@zos/ui';
import { COLORS } from './theme.js';
import { bottomPadding, type Layout, rowAt } from './layout.js';
import { core } from '../core.js';

/** The handle pages keep to update a widget in place (`setProperty(prop.MORE, …)` is what 4.0 types). */
export interface Updatable {
  setProperty(p: (typeof prop)['MORE'], value: Record<string, unknown>): boolean;
}

export interface LabelOptions {
  x: number;
  y: number;
  w: number;
  /** A fixed box height; the text is fitted into it. Without it the box grows with the text. */
  h?: number;
  text: string;
  size: number;
  /** A smaller size to try before cutting the text with an ellipsis. */
  minSize?: number;
  /** Most lines the text may use (when `h` is not given). */
  maxLines?: number;
  color?: number;
  alignH?: 'left' | 'center';
}

/** A text widget whose text is refitted to its box on every change. */
export interface FittedText {
  widget: Updatable;
  bottom: number;
  set(text: string): void;
  /** Whether `text` fits this box whole (at one of its sizes), with no ellipsis. */
  fits(text: string): boolean;
}

function sizesOf(size: number, minSize: number | undefined): number[] {
  return minSize !== undefined && minSize < size ? [size, minSize] : [size];
}

/**
 * A wrapped text block, fitted to its width (and to `h` / `maxLines`) by the shared estimate in
 * `text-fit.ts`: smaller size first, then an ellipsis. Returns the widget and the y just below it.
 */
export function label(o: LabelOptions): FittedText {
  const { fitText, linesHeight, linesThatFit } = core().textFit;
  const sizes = sizesOf(o.size, o.minSize);
  const fixedH = o.h;
  const maxLines = (size: number) =>
    fixedH !== undefined ? Math.max(1, linesThatFit(fixedH, size)) : (o.maxLines ?? Number.MAX_SAFE_INTEGER);
  const first = fitText(o.text, o.w, sizes, maxLines);
  const h = fixedH ?? linesHeight(first.lines, first.size);
  const w = createWidget(widget.TEXT, {
    x: o.x,
    y: o.y,
    w: o.w,
    h,
    text: first.text,
    text_size: first.size,
    color: o.color ?? COLORS.text,
    align_h: o.alignH === 'left' ? align.LEFT : align.CENTER_H,
    align_v: align.CENTER_V,
    text_style: text_style.WRAP,
  });
  const boxLines = (size: number) => Math.max(1, Math.min(maxLines(size), linesThatFit(h, size)));
  // Pages redraw every tick; fitting and updating a label whose text did not change is wasted work.
  let shown = o.text;
  return {
    widget: w,
    bottom: o.y + h,
    set(text: string) {
      if (text === shown) return;
      shown = text;
      const fitted = fitText(text, o.w, sizes, boxLines);
      w.setProperty(prop.MORE, { text: fitted.text, text_size: fitted.size });
    },
    fits(text: string) {
      const fitted = fitText(text, o.w, sizes, boxLines);
      return fitted.text.replace(/\s+/g, '') === text.replace(/\s+/g, '');
    },
  };
}

/**
 * A text block centred in the page's column at `y`; on round screens near the top it is
 * narrowed to the circle (`rowAt`).
 */
export function columnLabel(layout: Layout, o: Omit<LabelOptions, 'x' | 'w'>): FittedText {
  const { fitText, linesHeight } = core().textFit;
  const sizes = sizesOf(o.size, o.minSize);
  const guess =
    o.h ??
    linesHeight(
      fitText(o.text, layout.w, sizes, () => o.maxLines ?? Number.MAX_SAFE_INTEGER).lines,
      o.minSize ?? o.size,
    );
  const row = rowAt(layout, o.y, guess);
  return label({ ...o, ...row });
}

export interface ButtonOptions {
  x: number;
  y: number;
  w: number;
  h: number;
  text: string;
  /** Kept whole at the end of the label, e.g. " (5 min)"; the text before it gets the ellipsis. */
  suffix?: string;
  onTap: () => void;
  kind?: 'primary' | 'secondary' | 'danger';
  textSize: number;
  /** A smaller size for labels that do not fit at `textSize` (two lines are tried at each size). */
  minTextSize?: number;
}

/** Only BUTTON widgets take taps reliably across firmware, so every action is one. */
export function button(o: ButtonOptions): FittedText {
  const kind = o.kind ?? 'primary';
  const normal = kind === 'primary' ? COLORS.accent : kind === 'danger' ? COLORS.danger : COLORS.secondary;
  const pressed =
    kind === 'primary' ? COLORS.accentPressed : kind === 'danger' ? COLORS.danger : COLORS.secondaryPressed;
  const { buttonTextHeight, buttonTextWidth, fitText, linesThatFit } = core().textFit;
  const sizes = sizesOf(o.textSize, o.minTextSize);
  const width = buttonTextWidth(o.w, o.h);
  const lines = (size: number) => Math.max(1, linesThatFit(buttonTextHeight(o.h), size));
  const fit = (text: string) => fitText(text, width, sizes, lines, o.suffix ?? '');
  const first = fit(o.text);
  const w = createWidget(widget.BUTTON, {
    x: o.x,
    y: o.y,
    w: o.w,
    h: o.h,
    text: first.text,
    text_size: first.size,
    color: COLORS.text,
    normal_color: normal,
    press_color: pressed,
    radius: Math.round(o.h / 2),
    click_func: () => o.onTap(),
  });
  let shown = o.text;
  return {
    widget: w,
    bottom: o.y + o.h,
    set(text: string) {
      if (text === shown) return;
      shown = text;
      const fitted = fit(text);
      // A BUTTON ignores a MORE update without its geometry (ui/widget/BUTTON.mdx).
      w.setProperty(prop.MORE, { x: o.x, y: o.y, w: o.w, h: o.h, text: fitted.text, text_size: fitted.size });
    },
    fits(text: string) {
      return fit(text).text.replace(/\s+/g, '') === `${text}${o.suffix ?? ''}`.replace(/\s+/g, '');
    },
  };
}

export interface ColumnItem {
  text: string;
  /** A short detail kept whole after the text, e.g. a duration. */
  detail?: string;
  onTap: () => void;
  kind?: ButtonOptions['kind'];
}

/**
 * A stack of buttons in the text column, one under the other; a long label goes to two lines at
 * a smaller size and ends in an ellipsis if it still does not fit. Returns the last button's bottom.
 */
export function buttonColumn(layout: Layout, y: number, items: ReadonlyArray<ColumnItem>): number {
  let cursor = y;
  let bottom = y;
  for (const item of items) {
    const h = layout.buttonH;
    const row = rowAt(layout, cursor, h, h / 2);
    const b = button({
      ...row,
      y: cursor,
      h,
      text: item.text,
      suffix: item.detail === undefined ? '' : ` (${item.detail})`,
      onTap: item.onTap,
      kind: item.kind ?? 'primary',
      textSize: layout.text.body,
      minTextSize: layout.text.small,
    });
    bottom = b.bottom;
    cursor = b.bottom + layout.gap;
  }
  return bottom;
}

/**
 * The empty space after a page's last widget (default: a full-width button), so that scrolled
 * to the end it is not cut by the round edge.
 */
export function pageEnd(layout: Layout, y: number, last?: { w: number; h: number; radius?: number }): void {
  const box = last ?? { w: layout.w, h: layout.buttonH, radius: layout.buttonH / 2 };
  label({ x: layout.x, y, w: layout.w, h: bottomPadding(layout, box), text: '', size: layout.text.small });
}

export interface RingOptions {
  cx: number;
  cy: number;
  radius: number;
  lineWidth: number;
}

/** A progress ring: a dim full-circle track and an accent ARC whose end angle follows progress. */
export function progressRing(o: RingOptions): { set(progress: number): void } {
  const box = { x: o.cx - o.radius, y: o.cy - o.radius, w: o.radius * 2, h: o.radius * 2 };
  // The ARC options type in device-types 4.0 omits `color`; it is a documented ARC property.
  const track: HmUIArcCreateWidgetOptions & { color: number } = {
    ...box,
    start_angle: -90,
    end_angle: 270,
    line_width: o.lineWidth,
    color: COLORS.track,
  };
  createWidget(widget.ARC, track);
  const fill: HmUIArcCreateWidgetOptions & { color: number } = {
    ...box,
    start_angle: -90,
    end_angle: -90,
    line_width: o.lineWidth,
    color: COLORS.accent,
  };
  const arc = createWidget(widget.ARC, fill);
  return {
    set(progress: number) {
      const end = -90 + Math.round(360 * Math.max(0, Math.min(1, progress)));
      if (end === fill.end_angle) return;
      fill.end_angle = end;
      arc.setProperty(prop.MORE, { ...fill });
    },
  };
}

/**
 * The stretch's picture (rendered by the build at this box's size for this screen width, under
 * `assets/<platform>/stretch/<width>/<id>.png`). Hidden (alpha 0) when no stretch is on.
 */
export function stretchPicture(
  box: { x: number; y: number; w: number; h: number },
  screenWidth: number,
): { set(stretchId: string | null): void } {
  const src = (id: string) => `stretch/${screenWidth}/${id}.png`;
  let shown: string | null = null;
  let img: Updatable | null = null;
  return {
    set(stretchId: string | null) {
      if (stretchId === shown) return;
      shown = stretchId;
      if (!img) {
        if (stretchId === null) return;
        img = createWidget(widget.IMG, { ...box, src: src(stretchId) });
        return;
      }
      img.setProperty(prop.MORE, stretchId === null ? { alpha: 0 } : { src: src(stretchId), alpha: 255 });
    },
  };
}
