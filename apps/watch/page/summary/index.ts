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
import { t } from '../../lib/i18n/page-t.js';
import { COLORS } from '../../lib/ui/theme.js';
import { buttonColumn, columnLabel, pageEnd } from '../../lib/ui/widgets.js';

/** This page's params: `step` (`where`, `side` with `area`), and `noted` for the done screen. */
let params: Record<string, unknown> = {};

/** The "Where?" step's areas, in the order a person scans the back; then the chest. */
const WATCH_AREAS: readonly NoteArea[] = ['upperBack', 'midBack', 'lowerBack', 'shoulder', 'chest'];
/** "Upper back", "Left" (a button), "left" (in the noted line), in the watch's language. */
const areaLabel = (area: NoteArea) => t(`where.area.${area}`);
const sideButton = (side: NoteSide) => t(`where.side.${side}`);
const sideWord = (side: NoteSide) => t(`where.sideWord.${side}`);

const toSummary = (p?: Record<string, string>) =>
  replace(p ? { url: PAGES.summary, params: JSON.stringify(p) } : { url: PAGES.summary });

function isArea(value: string | null): value is NoteArea {
  return value !== null && (WATCH_AREAS as readonly string[]).indexOf(value) >= 0;
}

/** Optional, after a rating: where it was tight, as a few big buttons. No text entry on the watch. */
function buildWhere(layout: Layout): void {
  const { text } = layout;
  let y = columnLabel(layout, {
    y: layout.top,
    text: t('where.title'),
    size: text.title,
    minSize: text.body,
    maxLines: 2,
    color: COLORS.accent,
  }).bottom;
  y = columnLabel(layout, {
    y,
    text: t('where.optional'),
    size: text.small,
    maxLines: 1,
    color: COLORS.muted,
  }).bottom;
  y = buttonColumn(layout, y + layout.gap, [
    ...WATCH_AREAS.map((area) => ({
      text: areaLabel(area),
      onTap: () => toSummary({ step: 'side', area }),
    })),
    { text: t('where.skip'), kind: 'secondary' as const, onTap: () => toSummary() },
  ]);
  pageEnd(layout, y);
}

/** Which side of the picked area; recorded at once, then the done screen. */
function buildSide(layout: Layout, s: SessionState, area: NoteArea): void {
  const { text } = layout;
  const { AREA_SIDES, recordWhere } = core();
  let y = columnLabel(layout, {
    y: layout.top,
    text: areaLabel(area),
    size: text.title,
    minSize: text.body,
    maxLines: 1,
    color: COLORS.accent,
  }).bottom;
  y = columnLabel(layout, {
    y,
    text: t('where.whichSide'),
    size: text.body,
    minSize: text.small,
    maxLines: 1,
  }).bottom;
  y = buttonColumn(layout, y + layout.gap, [
    ...AREA_SIDES[area].map((side) => ({
      text: sideButton(side),
      onTap: () => {
        const noted = recordWhere(s, { area, side });
        toSummary(
          noted ? { noted: t('where.noted', { area: areaLabel(area), side: sideWord(side) }) } : undefined,
        );
      },
    })),
    { text: t('common.back'), kind: 'secondary' as const, onTap: () => toSummary({ step: 'where' }) },
  ]);
  pageEnd(layout, y);
}

function buildRating(layout: Layout, s: SessionState): void {
  const { text } = layout;
  let y = columnLabel(layout, {
    y: layout.top,
    text: t('summary.complete'),
    size: text.title,
    minSize: text.body,
    maxLines: 1,
    color: COLORS.accent,
  }).bottom;
  const picker = painPicker(layout, y + layout.gap, t('summary.tightAfter'), () => undefined);
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
    { text: t('summary.save'), onTap: () => finish(true) },
    { text: t('summary.skipRating'), kind: 'secondary', onTap: () => finish(false) },
  ]);
  pageEnd(layout, y);
}

function painLine(s: SessionState): string | null {
  if (s.painBefore !== null && s.painAfter !== null)
    return t('summary.tightness.both', { before: s.painBefore, after: s.painAfter });
  if (s.painAfter !== null) return t('summary.tightness.after', { after: s.painAfter });
  if (s.painBefore !== null) return t('summary.tightness.before', { before: s.painBefore });
  return null;
}

function buildDone(layout: Layout, s: SessionState): void {
  const { text } = layout;
  const { afterRunText, seeProfessional, sessionLengthText, sessionView, tipLine, todayOverview } = core();
  const now = nowMs();
  const view = sessionView(s, now);
  // Results are per side (the seated twist has two); the person counts stretches.
  const held = new Set(s.results.filter((r) => !r.skipped).map((r) => r.stretchId)).size;
  const lasted =
    s.startedAt !== null && s.endedAt !== null ? sessionLengthText(s.endedAt - s.startedAt) : null;
  const lastedText = lasted ?? t('duration.seconds', { seconds: 0 });
  const title = s.phase === 'done' ? t('summary.wellDone') : t('summary.stoppedEarly');
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
        ? t('summary.stoppedAfter', { lasted: lastedText })
        : t('summary.result', { stretches: t('common.stretches', { count: held }), lasted: lastedText }),
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
      text: t('summary.noted', { noted }),
      size: text.small,
      maxLines: 2,
      color: COLORS.muted,
    }).bottom;
  if (view.i18n.tip) {
    y = columnLabel(layout, {
      y: y + layout.gap,
      text: tipLine(view.i18n.tip),
      size: text.small,
      color: COLORS.warn,
    }).bottom;
  }
  // The core decides which note: pain that persists (the flag) or the gentle single-run note.
  const advice = seeProfessional(todayOverview(now).records, {
    now,
    utcOffsetMinutes: utcOffsetMinutesAt(now),
  });
  const note = afterRunText(advice, view.i18n.safetyNote);
  if (note)
    y = columnLabel(layout, { y: y + layout.gap, text: note, size: text.small, color: COLORS.danger }).bottom;
  y = buttonColumn(layout, y + layout.gap, [{ text: t('summary.done'), onTap: () => back() }]);
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
        columnLabel(layout, { y: layout.top, text: t('summary.none'), size: layout.text.body });
        const end = buttonColumn(layout, layout.top + layout.buttonH, [
          { text: t('common.back'), onTap: () => back() },
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
