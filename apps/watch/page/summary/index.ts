import type { SessionState } from '@unknot/stretch-model';
import { BasePage } from '@zeppos/zml/base-page';
import { back, replace } from '@zos/router';
import { core } from '../../lib/core.js';
import { nowMs, utcOffsetMinutesAt } from '../../lib/platform/clock.js';
import { releaseScreen, screenInfo } from '../../lib/platform/screen.js';
import { PAGES } from '../../lib/routes.js';
import { type Layout, layoutFor } from '../../lib/ui/layout.js';
import { painPicker } from '../../lib/ui/pain-picker.js';
import { COLORS } from '../../lib/ui/theme.js';
import { button, buttonColumn, label } from '../../lib/ui/widgets.js';

function buildRating(layout: Layout, s: SessionState): void {
  const { x, w, text } = layout;
  let y = label({
    x,
    y: layout.top,
    w,
    text: 'Routine complete',
    size: text.title,
    color: COLORS.accent,
  }).bottom;
  const picker = painPicker(layout, y + layout.gap, 'How tight is your back now?', () => undefined);
  y = picker.bottom;
  const finish = (rate: boolean) => {
    const { applyEvent } = core();
    const now = nowMs();
    const value = picker.value();
    let current = s;
    if (rate && value !== null) current = applyEvent(current, { type: 'rate', now, pain: value }).state;
    applyEvent(current, { type: 'finish', now });
    replace({ url: PAGES.summary });
  };
  y = button({
    x,
    y,
    w,
    h: layout.buttonH,
    text: 'Save',
    textSize: text.body,
    onTap: () => finish(true),
  }).bottom;
  button({
    x,
    y: y + layout.gap,
    w,
    h: layout.buttonH,
    text: 'Skip rating',
    kind: 'secondary',
    textSize: text.body,
    onTap: () => finish(false),
  });
}

function painLine(s: SessionState): string | null {
  if (s.painBefore !== null && s.painAfter !== null) return `Tightness ${s.painBefore} -> ${s.painAfter}`;
  if (s.painAfter !== null) return `Tightness now ${s.painAfter}`;
  if (s.painBefore !== null) return `Tightness before ${s.painBefore}`;
  return null;
}

function buildDone(layout: Layout, s: SessionState): void {
  const { x, w, text } = layout;
  const { seeProfessional, sessionView, todayOverview } = core();
  const now = nowMs();
  const view = sessionView(s, now);
  // Results are per side (the seated twist has two); the person counts stretches.
  const held = new Set(s.results.filter((r) => !r.skipped).map((r) => r.stretchId)).size;
  const minutes =
    s.startedAt !== null && s.endedAt !== null
      ? Math.max(1, Math.round((s.endedAt - s.startedAt) / 60_000))
      : 0;
  const title = s.phase === 'done' ? 'Well done' : 'Stopped early';
  let y = label({ x, y: layout.top, w, text: title, size: text.title, color: COLORS.accent }).bottom;
  y = label({
    x,
    y,
    w,
    text: `${held === 1 ? '1 stretch' : `${held} stretches`}, ${minutes} min`,
    size: text.body,
  }).bottom;
  const pain = painLine(s);
  if (pain) y = label({ x, y, w, text: pain, size: text.body, color: COLORS.muted }).bottom;
  if (view.tip) {
    y = label({
      x,
      y: y + layout.gap,
      w,
      text: `${view.tip.title}: ${view.tip.text}`,
      size: text.small,
      color: COLORS.warn,
    }).bottom;
  }
  // The core decides when to point to a professional: right after a painful run, or from the trend.
  const advice = seeProfessional(todayOverview(now).records, {
    now,
    utcOffsetMinutes: utcOffsetMinutesAt(now),
  });
  const note = view.safetyNote ?? (advice.flag ? advice.message : null);
  if (note) y = label({ x, y: y + layout.gap, w, text: note, size: text.small, color: COLORS.danger }).bottom;
  y = buttonColumn(layout, y + layout.gap, [{ text: 'Done', onTap: () => back() }]);
  label({ x, y, w, h: layout.top, text: '', size: text.small });
}

Page(
  BasePage({
    state: {},
    build() {
      releaseScreen();
      const { applyEvent, ensureRecorded, loadSession, syncAndApply } = core();
      const layout = layoutFor(screenInfo());
      const saved = loadSession();
      if (!saved) {
        label({
          x: layout.x,
          y: layout.top,
          w: layout.w,
          text: 'No routine yet today.',
          size: layout.text.body,
        });
        buttonColumn(layout, layout.top + layout.buttonH, [{ text: 'Back', onTap: () => back() }]);
        return;
      }
      const s = applyEvent(saved, { type: 'tick', now: nowMs() }).state;
      if (s.phase === 'rating') {
        buildRating(layout, s);
        return;
      }
      ensureRecorded(s);
      buildDone(layout, s);
      syncAndApply((data) => this.request(data)).then(() => undefined);
    },
  }),
);
