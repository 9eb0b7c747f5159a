import { push } from '@zos/router';
import { core } from '../core.js';
import { nowMs } from '../platform/clock.js';
import { PAGES } from '../routes.js';
import { t } from '../i18n/page-t.js';
import { MIN_TAP_HEIGHT } from '../ui/layout.js';
import { COLORS } from '../ui/theme.js';
import { button, label } from '../ui/widgets.js';

/** The box a card may draw in: relative coordinates from its top-left corner. */
export interface CardBox {
  x: number;
  y: number;
  w: number;
  h: number;
  /** Text sizes for this box (scaled from the screen's design width). */
  scale: number;
}

/** Today's done / planned routines, by the core's adherence rules (the same numbers as home). */
export function todayProgress(now: number): { done: number; planned: number } {
  const overview = core().todayOverview(now);
  return { done: overview.completedToday, planned: overview.planned ? 1 : 0 };
}

/** "Today 0/1", "Today 2 done" on a day with nothing planned, or "Rest day", in the watch's language. */
function progressText(done: number, planned: number): string {
  if (planned > 0) return t('card.today', { done: Math.min(done, 99), planned });
  return done > 0 ? t('card.doneToday', { done }) : t('card.rest');
}

/**
 * The shortcut card and the widget: today's progress and a Quick break button that opens the
 * runner on the quick routine (cards take taps only, and jump into the app with `push`,
 * guides/framework/device/secondary-widget.md). Returns `refresh`, for when the card gets the
 * focus again (`onResume`) after a routine was done.
 */
export function drawTodayCard(box: CardBox): { refresh(): void } {
  const s = (n: number) => Math.round(n * box.scale);
  const titleSize = s(28);
  const bigSize = s(40);
  const gap = s(10);
  const buttonH = Math.max(MIN_TAP_HEIGHT, s(84));
  const textBlock = Math.max(0, box.h - buttonH - gap);
  const titleH = Math.round(titleSize * 1.3);
  const bigH = Math.round(bigSize * 1.3);
  // Title and progress above the button, centred in the space left.
  let y = box.y + Math.max(0, Math.floor((textBlock - titleH - bigH) / 2));
  label({ x: box.x, y, w: box.w, h: titleH, text: t('app.name'), size: titleSize, color: COLORS.accent });
  y += titleH;
  const p0 = todayProgress(nowMs());
  const progress = label({
    x: box.x,
    y,
    w: box.w,
    h: bigH,
    text: progressText(p0.done, p0.planned),
    size: bigSize,
    minSize: titleSize,
  });
  const bw = Math.min(box.w, s(300));
  button({
    x: box.x + Math.round((box.w - bw) / 2),
    y: box.y + box.h - buttonH,
    w: bw,
    h: buttonH,
    text: t('home.quickBreak'),
    textSize: s(28),
    minTextSize: s(24),
    kind: 'primary',
    onTap: () => push({ url: PAGES.runner, params: JSON.stringify({ routine: 'quick', trigger: 'manual' }) }),
  });
  return {
    refresh() {
      const p = todayProgress(nowMs());
      progress.set(progressText(p.done, p.planned));
    },
  };
}
