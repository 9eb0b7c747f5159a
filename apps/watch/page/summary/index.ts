import type { NoteArea, NoteSide, SessionState } from '@unknot/stretch-model';
import { BasePage } from '@zeppos/zml/base-page';
import { back, replace } from '@zos/router';
import { core } from '../../lib/core.js';
import { nowMs, utcOffsetMinutesAt } from '../../lib/platform/clock.js';
import { releaseScreen, screenInfo } from '../../lib/platform/screen.js';
import { PAGES } from '../../lib/routes.js';
import { type Layout, layoutFor } from '../../lib/ui/layout.js';
import { parsePageParams, stringParam } from '../../lib/ui/page-params.js';
import { painPicker } from '../../lib/ui/pain-picker.js';
import { COLORS } from '../../lib/ui/theme.js';
import { buttonColumn, columnLabel, pageEnd } from '../../lib/ui/widgets.js';

/** This page's params: `step` (`where`, `side` with `area`), and `noted` for the done screen. */
let params: Record<string, unknown> = {};

/** The "Where?" step's areas, in the order a person scans the back; then the chest. */
const WATCH_AREAS: readonly NoteArea[] = ['upperBack', 'midBack', 'lowerBack', 'shoulder', 'chest'];
const SIDE_BUTTONS: Record<NoteSide, string> = {
  center: 'Middle',
  left: 'Left',
  right: 'Right',
  both: 'Both sides',
};
const SIDE_WORDS: Record<NoteSide, string> = {
  center: 'middle',
  left: 'left',
  right: 'right',
  both: 'both sides',
};

const toSummary = (p?: Record<string, string>) =>
  replace(p ? { url: PAGES.summary, params: JSON.stringify(p) } : { url: PAGES.summary });

function isArea(value: string | null): value is NoteArea {
  return value !== null && (WATCH_AREAS as readonly string[]).indexOf(value) >= 0;
}

/** Optional, after a rating: where it was tight, as a few big buttons. No text entry on the watch. */
function buildWhere(layout: Layout): void {
  const { text } = layout;
  const { AREA_LABELS } = core();
  let y = columnLabel(layout, {
    y: layout.top,
    text: 'Where was it tight?',
    size: text.title,
    minSize: text.body,
    maxLines: 2,
    color: COLORS.accent,
  }).bottom;
  y = columnLabel(layout, { y, text: 'Optional', size: text.small, maxLines: 1, color: COLORS.muted }).bottom;
  y = buttonColumn(layout, y + layout.gap, [
    ...WATCH_AREAS.map((area) => ({
      text: AREA_LABELS[area],
      onTap: () => toSummary({ step: 'side', area }),
    })),
    { text: 'Skip', kind: 'secondary' as const, onTap: () => toSummary() },
  ]);
  pageEnd(layout, y);
}

/** Which side of the picked area; recorded at once, then the done screen. */
function buildSide(layout: Layout, s: SessionState, area: NoteArea): void {
  const { text } = layout;
  const { AREA_LABELS, AREA_SIDES, recordWhere } = core();
  let y = columnLabel(layout, {
    y: layout.top,
    text: AREA_LABELS[area],
    size: text.title,
    minSize: text.body,
    maxLines: 1,
    color: COLORS.accent,
  }).bottom;
  y = columnLabel(layout, {
    y,
    text: 'Which side?',
    size: text.body,
    minSize: text.small,
    maxLines: 1,
  }).bottom;
  y = buttonColumn(layout, y + layout.gap, [
    ...AREA_SIDES[area].map((side) => ({
      text: SIDE_BUTTONS[side],
      onTap: () => {
        const noted = recordWhere(s, { area, side });
        toSummary(noted ? { noted: `${AREA_LABELS[area]}, ${SIDE_WORDS[side]}` } : undefined);
      },
    })),
    { text: 'Back', kind: 'secondary' as const, onTap: () => toSummary({ step: 'where' }) },
  ]);
  pageEnd(layout, y);
}

function buildRating(layout: Layout, s: SessionState): void {
  const { text } = layout;
  let y = columnLabel(layout, {
    y: layout.top,
    text: 'Routine complete',
    size: text.title,
    minSize: text.body,
    maxLines: 1,
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
    // after a rating, the optional "Where?" step; skipping the rating skips it too
    toSummary(rate ? { step: 'where' } : undefined);
  };
  y = buttonColumn(layout, y, [
    { text: 'Save', onTap: () => finish(true) },
    { text: 'Skip rating', kind: 'secondary', onTap: () => finish(false) },
  ]);
  pageEnd(layout, y);
}

function painLine(s: SessionState): string | null {
  if (s.painBefore !== null && s.painAfter !== null) return `Tightness ${s.painBefore} -> ${s.painAfter}`;
  if (s.painAfter !== null) return `Tightness now ${s.painAfter}`;
  if (s.painBefore !== null) return `Tightness before ${s.painBefore}`;
  return null;
}

function buildDone(layout: Layout, s: SessionState): void {
  const { text } = layout;
  const { afterRunNote, seeProfessional, sessionView, todayOverview } = core();
  const now = nowMs();
  const view = sessionView(s, now);
  // Results are per side (the seated twist has two); the person counts stretches.
  const held = new Set(s.results.filter((r) => !r.skipped).map((r) => r.stretchId)).size;
  const lasted =
    s.startedAt !== null && s.endedAt !== null ? core().sessionDurationText(s.endedAt - s.startedAt) : null;
  const title = s.phase === 'done' ? 'Well done' : 'Stopped early';
  let y = columnLabel(layout, {
    y: layout.top,
    text: title,
    size: text.title,
    maxLines: 1,
    color: COLORS.accent,
  }).bottom;
  y = columnLabel(layout, {
    y,
    // the same duration History shows; a run stopped before any stretch says just that
    text:
      held === 0
        ? `Stopped after ${lasted ?? '0 s'}`
        : `${held === 1 ? '1 stretch' : `${held} stretches`}, ${lasted ?? '0 s'}`,
    size: text.body,
    minSize: text.small,
    maxLines: 1,
  }).bottom;
  const pain = painLine(s);
  if (pain)
    y = columnLabel(layout, {
      y,
      text: pain,
      size: text.body,
      minSize: text.small,
      maxLines: 1,
      color: COLORS.muted,
    }).bottom;
  const noted = stringParam(params, 'noted');
  if (noted)
    y = columnLabel(layout, {
      y,
      text: `Noted: ${noted}`,
      size: text.small,
      maxLines: 2,
      color: COLORS.muted,
    }).bottom;
  if (view.tip) {
    y = columnLabel(layout, {
      y: y + layout.gap,
      text: `${view.tip.title}: ${view.tip.text}`,
      size: text.small,
      color: COLORS.warn,
    }).bottom;
  }
  // The core decides which note: pain that persists (the flag) or the gentle single-run note.
  const advice = seeProfessional(todayOverview(now).records, {
    now,
    utcOffsetMinutes: utcOffsetMinutesAt(now),
  });
  const note = afterRunNote(advice, view.safetyNote);
  if (note)
    y = columnLabel(layout, { y: y + layout.gap, text: note, size: text.small, color: COLORS.danger }).bottom;
  y = buttonColumn(layout, y + layout.gap, [{ text: 'Done', onTap: () => back() }]);
  pageEnd(layout, y);
}

Page(
  BasePage({
    state: {},
    onInit(p?: string) {
      params = parsePageParams(p);
    },
    build() {
      releaseScreen();
      const { applyEvent, ensureRecorded, loadSession, syncAndApply } = core();
      const layout = layoutFor(screenInfo());
      const saved = loadSession();
      if (!saved) {
        columnLabel(layout, { y: layout.top, text: 'No routine yet today.', size: layout.text.body });
        const end = buttonColumn(layout, layout.top + layout.buttonH, [
          { text: 'Back', onTap: () => back() },
        ]);
        pageEnd(layout, end);
        return;
      }
      const s = applyEvent(saved, { type: 'tick', now: nowMs() }).state;
      if (s.phase === 'rating') {
        buildRating(layout, s);
        return;
      }
      ensureRecorded(s);
      const step = stringParam(params, 'step');
      const area = stringParam(params, 'area');
      if (step === 'where') {
        buildWhere(layout);
        return;
      }
      if (step === 'side' && isArea(area)) {
        buildSide(layout, s, area);
        return;
      }
      buildDone(layout, s);
      syncAndApply(this.request.bind(this)).then(() => undefined);
    },
  }),
);
