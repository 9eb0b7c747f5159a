import { align, createWidget, prop, text_style, widget } from '@zos/ui';
import type { HmUIArcCreateWidgetOptions } from '@zos/ui';
import { COLORS } from './theme.js';
import { type Layout, textHeight } from './layout.js';

/** The handle pages keep to update a widget in place (`setProperty(prop.MORE, …)` is what 4.0 types). */
export interface Updatable {
  setProperty(p: (typeof prop)['MORE'], value: Record<string, unknown>): boolean;
}

export interface LabelOptions {
  x: number;
  y: number;
  w: number;
  h?: number;
  text: string;
  size: number;
  color?: number;
  alignH?: 'left' | 'center';
}

/** A wrapped text block; returns the widget and the y just below it. */
export function label(o: LabelOptions): { widget: Updatable; bottom: number } {
  const h = o.h ?? textHeight(o.text, o.w, o.size);
  const w = createWidget(widget.TEXT, {
    x: o.x,
    y: o.y,
    w: o.w,
    h,
    text: o.text,
    text_size: o.size,
    color: o.color ?? COLORS.text,
    align_h: o.alignH === 'left' ? align.LEFT : align.CENTER_H,
    align_v: align.CENTER_V,
    text_style: text_style.WRAP,
  });
  return { widget: w, bottom: o.y + h };
}

export interface ButtonOptions {
  x: number;
  y: number;
  w: number;
  h: number;
  text: string;
  onTap: () => void;
  kind?: 'primary' | 'secondary' | 'danger';
  textSize: number;
}

/** Only BUTTON widgets take taps reliably across firmware, so every action is one. */
export function button(o: ButtonOptions): { widget: Updatable; bottom: number } {
  const kind = o.kind ?? 'primary';
  const normal = kind === 'primary' ? COLORS.accent : kind === 'danger' ? COLORS.danger : COLORS.secondary;
  const pressed =
    kind === 'primary' ? COLORS.accentPressed : kind === 'danger' ? COLORS.danger : COLORS.secondaryPressed;
  const w = createWidget(widget.BUTTON, {
    x: o.x,
    y: o.y,
    w: o.w,
    h: o.h,
    text: o.text,
    text_size: o.textSize,
    color: COLORS.text,
    normal_color: normal,
    press_color: pressed,
    radius: Math.round(o.h / 2),
    click_func: () => o.onTap(),
  });
  return { widget: w, bottom: o.y + o.h };
}

/** A stack of full-width buttons in the text column, one under the other. */
export function buttonColumn(
  layout: Layout,
  y: number,
  items: ReadonlyArray<{ text: string; onTap: () => void; kind?: ButtonOptions['kind'] }>,
): number {
  let cursor = y;
  for (const item of items) {
    const b = button({
      x: layout.x,
      y: cursor,
      w: layout.w,
      h: layout.buttonH,
      text: item.text,
      onTap: item.onTap,
      kind: item.kind ?? 'primary',
      textSize: layout.text.body,
    });
    cursor = b.bottom + layout.gap;
  }
  return cursor;
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
      const p = Math.max(0, Math.min(1, progress));
      arc.setProperty(prop.MORE, { ...fill, end_angle: -90 + Math.round(360 * p) });
    },
  };
}

export function setText(w: Updatable, text: string): void {
  w.setProperty(prop.MORE, { text });
}
