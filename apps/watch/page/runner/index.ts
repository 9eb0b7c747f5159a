import type { Cue, SessionEvent, SessionState, SessionView } from '@unknot/stretch-model';
import { replace } from '@zos/router';
import { core } from '../../lib/core.js';
import { nowMs, utcOffsetMinutesAt } from '../../lib/platform/clock.js';
import { playHaptic } from '../../lib/platform/haptics.js';
import { keepScreenOn, releaseScreen, reopenOnWake, screenInfo } from '../../lib/platform/screen.js';
import { PAGES } from '../../lib/routes.js';
import { type Layout, layoutFor, MIN_TAP_HEIGHT } from '../../lib/ui/layout.js';
import { parsePageParams, stringParam } from '../../lib/ui/page-params.js';
import { painPicker } from '../../lib/ui/pain-picker.js';
import { runnerLayout } from '../../lib/ui/runner-layout.js';
import { t } from '../../lib/i18n/page-t.js';
import { COLORS } from '../../lib/ui/theme.js';
import {
  button,
  buttonColumn,
  columnLabel,
  type FittedText,
  label,
  pageEnd,
  progressRing,
  stretchPicture,
} from '../../lib/ui/widgets.js';

/** How often the page asks the engine for the current state; the timing itself is absolute. */
const TICK_MS = 250;

interface RunnerWidgets {
  headline: FittedText;
  name: FittedText;
  seconds: FittedText;
  detail: FittedText;
  steps: FittedText;
  tip: FittedText;
  pause: FittedText;
  ring: { set(progress: number): void };
  picture: { set(stretchId: string | null): void };
}

let state: SessionState | null = null;
let trigger: 'manual' | 'nudge' = 'manual';
let widgets: RunnerWidgets | null = null;
let timer: number | null = null;

function chooseRoutine(params: Record<string, unknown>) {
  const which = stringParam(params, 'routine');
  if (which === 'quick') return core().quickBreakRoutine();
  return core().findRoutine(stringParam(params, 'routineId')) ?? core().plannedRoutine();
}

function detailLine(view: SessionView): string {
  const parts: string[] = [];
  if (view.i18n.sideLabel) parts.push(core().coreText(view.i18n.sideLabel));
  if (view.rep) parts.push(t('runner.rep', { current: view.rep.current, total: view.rep.total }));
  if (view.breath) parts.push(view.breath === 'in' ? t('runner.breatheIn') : t('runner.breatheOut'));
  return parts.join(t('common.listSeparator'));
}

function headlineLine(view: SessionView): string {
  const n = view.stretchNumber === null ? '' : `  ${view.stretchNumber}/${view.stretchCount}`;
  return `${core().coreText(view.i18n.headline)}${n}`;
}

/** The stretch's name, or its short name where the full one would be cut ("Dehnung oberer Rü..."). */
function stretchTitle(view: SessionView, box: FittedText): string {
  if (!view.i18n.stretchName || !view.stretchId) return '';
  const full = core().coreText(view.i18n.stretchName);
  return box.fits(full) ? full : t(`stretch.${view.stretchId}.shortName`);
}

/** Cues that arrive late (screen was off, app was killed) are recorded but not buzzed. */
function playCues(cues: readonly Cue[]): void {
  const live = cues.filter((c) => !c.late);
  const last = live[live.length - 1];
  if (last) playHaptic(last.vibration);
}

function holdScreen(view: SessionView): void {
  if (view.timerPhase && view.phase !== 'paused' && view.secondsLeft !== null)
    keepScreenOn(view.secondsLeft * 1000 + 3000);
  else releaseScreen();
}

function draw(view: SessionView): void {
  if (!widgets) return;
  widgets.headline.set(headlineLine(view));
  const { coreText, tipLine } = core();
  widgets.name.set(stretchTitle(view, widgets.name));
  widgets.seconds.set(view.secondsLeft === null ? '' : `${view.secondsLeft}`);
  widgets.picture.set(view.stretchId);
  widgets.detail.set(detailLine(view));
  widgets.steps.set(view.i18n.steps.map(coreText).join('\n'));
  widgets.tip.set(view.i18n.tip ? tipLine(view.i18n.tip) : '');
  widgets.pause.set(view.canResume ? t('runner.resume') : t('runner.pause'));
  widgets.ring.set(view.phaseProgress);
}

function leaveWhenOver(s: SessionState): boolean {
  if (s.phase === 'rating' || core().isSessionFinished(s)) {
    stopTicking();
    reopenOnWake(false);
    replace({ url: PAGES.summary });
    return true;
  }
  return false;
}

/** Engine step → persist (inside applyEvent) → haptics → redraw, in that order. */
function step(event: SessionEvent): void {
  if (!state) return;
  const next = core().applyEvent(state, event);
  state = next.state;
  if (!next.changed) {
    draw(core().sessionView(state, event.now));
    return;
  }
  playCues(next.cues);
  if (leaveWhenOver(state)) return;
  const view = core().sessionView(state, event.now);
  holdScreen(view);
  draw(view);
}

function stopTicking(): void {
  if (timer !== null) clearInterval(timer);
  timer = null;
}

function buildRunning(layout: Layout, initial: SessionView): void {
  const { x, w, text, screen } = layout;
  // The first screen (no scrolling): everything a person needs mid-stretch, inside the round mask.
  const r = runnerLayout(screen, MIN_TAP_HEIGHT);
  const ring = progressRing(r.ring);
  // Longer words (German) may take a slightly smaller size before anything is cut.
  const smaller = (size: number) => Math.round(size * 0.82);
  const headline = label({ ...r.headline, minSize: smaller(r.headline.size), text: '', color: COLORS.muted });
  const name = label({ ...r.name, minSize: smaller(r.name.size), text: '' });
  const seconds = label({ ...r.seconds, text: '' });
  const picture = stretchPicture(r.picture, screen.width);
  const detail = label({ ...r.detail, text: '', color: COLORS.accent });
  const steps = label({ ...r.steps, text: '' });
  const pause = button({
    ...r.pause,
    text: t('runner.pause'),
    kind: 'secondary',
    textSize: r.buttonText,
    onTap: () => {
      if (!state) return;
      step({ type: state.phase === 'paused' ? 'resume' : 'pause', now: nowMs() });
    },
  });
  button({
    ...r.skip,
    text: t('runner.skip'),
    kind: 'secondary',
    textSize: r.buttonText,
    onTap: () => step({ type: 'skip', now: nowMs() }),
  });
  // Scrolled to: the tip of the moment and Stop.
  const tip = label({
    x,
    y: r.below,
    w,
    h: Math.round(text.small * 1.35 * 3),
    text: '',
    size: text.small,
    color: COLORS.warn,
  });
  const stop = button({
    x,
    y: tip.bottom + layout.gap,
    w,
    h: layout.buttonH,
    text: t('runner.stop'),
    kind: 'danger',
    textSize: text.body,
    onTap: () => step({ type: 'abort', now: nowMs() }),
  });
  pageEnd(layout, stop.bottom);
  widgets = { headline, name, seconds, detail, steps, tip, pause, ring, picture };
  draw(initial);
  holdScreen(initial);
  reopenOnWake(true);
  timer = setInterval(() => step({ type: 'tick', now: nowMs() }), TICK_MS);
}

function buildStart(layout: Layout, s: SessionState): void {
  const { text } = layout;
  const view = core().sessionView(s, nowMs());
  // The routine's name (up to 80 characters from the dashboard): two lines at most, then an ellipsis.
  let y = columnLabel(layout, {
    y: layout.top,
    text: core().routineName(s.routine),
    size: text.title,
    minSize: text.body,
    maxLines: 2,
    color: COLORS.accent,
  }).bottom;
  const count = s.routine.items.filter((i) => i.enabled).length;
  // the core's one wording: "about 4 min", "under a minute" (never "about 0 min")
  const takes = core().routineLengthText(core().routineDurationSeconds(s.routine));
  y = columnLabel(layout, {
    y,
    text: t('runner.plan', { stretches: t('common.stretches', { count }), takes }),
    size: text.small,
    maxLines: 1,
    color: COLORS.muted,
  }).bottom;
  const picker = painPicker(layout, y + layout.gap, t('runner.tightBefore'), () => undefined);
  y = picker.bottom;
  const startBottom = buttonColumn(layout, y, [
    {
      text: t('runner.start'),
      onTap: () => {
        const now = nowMs();
        const { plan } = core().cachedSettings();
        const deviceId = core().loadIdentity().deviceId;
        const started = core().applyEvent(s, {
          type: 'start',
          now,
          options: {
            sessionId: `${deviceId}:s${now}`,
            deviceId,
            timeZone: plan.timeZone,
            utcOffsetMinutes: utcOffsetMinutesAt(now),
            trigger,
            painBefore: picker.value(),
          },
        });
        if (started.error) return;
        playCues(started.cues);
        // The started run is saved; a fresh runner page picks it up from storage.
        replace({ url: PAGES.runner });
      },
    },
  ]);
  y = startBottom + layout.gap;
  if (view.i18n.tip) {
    y = columnLabel(layout, {
      y,
      text: core().tipLine(view.i18n.tip),
      size: text.small,
      color: COLORS.warn,
    }).bottom;
  }
  const safetyTop = y + layout.gap;
  y = columnLabel(layout, {
    y: safetyTop,
    text: core().safetyShort('stopOnSharpPain'),
    size: text.small,
    color: COLORS.muted,
  }).bottom;
  pageEnd(layout, y, { w: layout.w, h: y - safetyTop });
}

Page({
  state: {},
  onInit(params?: string) {
    const parsed = parsePageParams(params);
    trigger = stringParam(parsed, 'trigger') === 'nudge' ? 'nudge' : 'manual';
    const saved = core().loadSession();
    state = core().isRunning(saved) ? saved : core().newSession(chooseRoutine(parsed));
  },
  build() {
    const layout = layoutFor(screenInfo());
    if (!state) {
      label({
        x: layout.x,
        y: layout.top,
        w: layout.w,
        text: t('runner.cannotRun'),
        size: layout.text.body,
      });
      return;
    }
    if (state.phase === 'idle') {
      buildStart(layout, state);
      return;
    }
    // Catch up with everything that happened while the app was closed or the screen was off.
    state = core().applyEvent(state, { type: 'tick', now: nowMs() }).state;
    if (leaveWhenOver(state)) return;
    buildRunning(layout, core().sessionView(state, nowMs()));
  },
  onDestroy() {
    stopTicking();
    releaseScreen();
    widgets = null;
  },
});
