import { t } from '../i18n/page-t.js';
import type { Layout } from './layout.js';
import { COLORS } from './theme.js';
import { button, columnLabel, label } from './widgets.js';

/**
 * A 0–10 rating with big − / + buttons (≥ 80 px) around the number. Starts unset ("–") so a run
 * can be started or finished without a rating; the first tap on either button sets 5.
 */
export function painPicker(
  layout: Layout,
  y: number,
  title: string,
  onChange: (value: number | null) => void,
): { bottom: number; value(): number | null } {
  const { x, w, text } = layout;
  let value: number | null = null;
  let bottom =
    columnLabel(layout, { y, text: title, size: text.body, minSize: text.small, maxLines: 2 }).bottom +
    layout.gap / 2;
  const size = layout.buttonH;
  const shown = label({
    x: x + size,
    y: bottom,
    w: w - 2 * size,
    h: size,
    // Plain ASCII: the watch fonts may lack the dash and minus signs (U+2013, U+2212).
    text: '-',
    size: Math.round(text.big * 0.8),
    color: COLORS.accent,
  });
  const change = (delta: number) => {
    value = value === null ? 5 : Math.max(0, Math.min(10, value + delta));
    shown.set(`${value}`);
    onChange(value);
  };
  button({
    x,
    y: bottom,
    w: size,
    h: size,
    text: '-',
    textSize: text.title,
    kind: 'secondary',
    onTap: () => change(-1),
  });
  button({
    x: x + w - size,
    y: bottom,
    w: size,
    h: size,
    text: '+',
    textSize: text.title,
    kind: 'secondary',
    onTap: () => change(1),
  });
  bottom += size;
  bottom = columnLabel(layout, {
    y: bottom,
    text: t('pain.scale'),
    size: text.small,
    color: COLORS.muted,
  }).bottom;
  return { bottom: bottom + layout.gap, value: () => value };
}
