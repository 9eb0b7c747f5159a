/**
 * What a runner screen needs at one moment, derived from the state and the current time. Shells
 * stay thin: they draw these fields and call the engine with button presses; they never compute
 * time left or progress themselves. Call `tick(now)` first so the state is current; the view only
 * reads it.
 */
import { HIGH_PAIN, SAFETY } from '../catalog/safety.js';
import { getStretch } from '../catalog/stretches.js';
import { type Tip, type TipMoment, tipFor } from '../catalog/tips.js';
import type { StretchId } from '../records/ids.js';
import type { CoreMessage } from '../i18n/types.js';
import { safetyKey, stretchCueKey, stretchLineMessages, stretchNameMessage, tipKey } from '../i18n/keys.js';
import { isTimedPhase, phaseRemainingMs, sessionProgress } from './engine.js';
import { buildSessionPlan, type SessionTimedPhase } from './plan.js';
import type { SessionPhase, SessionState } from './state.js';

export interface SessionView {
  phase: SessionPhase;
  /** The phase the timer belongs to; for `paused`, the phase that was paused. */
  timerPhase: SessionTimedPhase | null;
  /** One or two words for the top of the screen. */
  headline: string;
  stretchId: StretchId | null;
  stretchName: string | null;
  /** True when the stretch shown is the one coming up (get ready, rest, before start). */
  stretchIsNext: boolean;
  /** Up to three short lines. */
  steps: readonly string[];
  /** Whole seconds left in the timed phase (rounded up), or null. */
  secondsLeft: number | null;
  /** 0..1 through the current timed phase. */
  phaseProgress: number;
  /** 0..1 through the whole routine. */
  routineProgress: number;
  /** Which stretch of how many (1-based), or null before start / after the end. */
  stretchNumber: number | null;
  stretchCount: number;
  sideLabel: 'Left side' | 'Right side' | null;
  rep: { current: number; total: number } | null;
  breath: 'in' | 'out' | null;
  canPause: boolean;
  canResume: boolean;
  canSkip: boolean;
  canAbort: boolean;
  canRate: boolean;
  canFinish: boolean;
  tip: Tip | null;
  /**
   * A gentle note after a run rated at or above `HIGH_PAIN` (`SAFETY.afterPainfulRun.short`: ease
   * off, rest). One painful run is not persistent pain, so it does not refer to a professional;
   * that wording belongs to the `seeProfessional()` flag, which shells show when it is raised.
   */
  safetyNote: string | null;
  /** The texts above as descriptors for any locale (`session.headline.*`, `stretch.*`, `tip.*`, `safety.*`). */
  i18n: SessionViewMessages;
}

export interface SessionViewMessages {
  headline: CoreMessage;
  stretchName: CoreMessage | null;
  steps: readonly CoreMessage[];
  sideLabel: CoreMessage | null;
  tip: { title: CoreMessage; text: CoreMessage } | null;
  safetyNote: CoreMessage | null;
}

const HEADLINES: Record<SessionPhase, string> = {
  idle: 'Ready?',
  prepare: 'Get ready',
  hold: 'Hold',
  switchSide: 'Switch sides',
  inhale: 'Breathe in',
  exhale: 'Breathe out',
  rest: 'Rest',
  rating: 'How is your back?',
  paused: 'Paused',
  done: 'Done',
  aborted: 'Stopped',
};

function stepsFor(phase: SessionTimedPhase | null, stretchId: StretchId | null): readonly string[] {
  if (!stretchId) return [];
  const stretch = getStretch(stretchId);
  const dosage = stretch.dosage;
  if (phase === 'prepare' || phase === 'rest') return [stretch.setup, ...stretch.steps].slice(0, 3);
  if (dosage.kind === 'reps' && (phase === 'inhale' || phase === 'exhale')) {
    return [phase === 'inhale' ? dosage.inhaleCue : dosage.exhaleCue];
  }
  return stretch.steps.slice(0, 3);
}

function stepMessagesFor(
  phase: SessionTimedPhase | null,
  stretchId: StretchId | null,
): readonly CoreMessage[] {
  if (!stretchId) return [];
  const stretch = getStretch(stretchId);
  const lines = stretchLineMessages(stretch);
  if (phase === 'prepare' || phase === 'rest') return lines.slice(0, 3);
  if (stretch.dosage.kind === 'reps' && (phase === 'inhale' || phase === 'exhale')) {
    return [{ key: stretchCueKey(stretchId, phase) }];
  }
  return lines.slice(1, 4);
}

function tipMoment(state: SessionState, timer: SessionTimedPhase | null, isFirst: boolean): TipMoment | null {
  const high = HIGH_PAIN;
  if (state.phase === 'idle' || (timer === 'prepare' && isFirst && state.phase === 'prepare')) {
    return state.painBefore !== null && state.painBefore >= high ? 'highPain' : 'beforeRoutine';
  }
  if (state.phase === 'rest') return 'duringRest';
  if (state.phase === 'rating' || state.phase === 'done') {
    return state.painAfter !== null && state.painAfter >= high ? 'highPain' : 'afterRoutine';
  }
  return null;
}

export function sessionView(state: SessionState, now: number): SessionView {
  const plan = buildSessionPlan(state.routine);
  const timer: SessionTimedPhase | null =
    state.phase === 'paused' ? (state.paused?.phase ?? null) : isTimedPhase(state.phase) ? state.phase : null;
  const slot = timer ? plan.slots[state.slot] : undefined;
  const stretchId = slot?.stretchId ?? (state.phase === 'idle' ? (plan.items[0]?.stretchId ?? null) : null);
  const item = slot ? plan.items[slot.item] : undefined;
  const left = slot ? phaseRemainingMs(state, now) : 0;
  const moment = tipMoment(state, timer, slot?.item === 0);
  const painful = state.phase === 'done' && (state.painAfter ?? -1) >= HIGH_PAIN;
  const tip = moment ? tipFor(moment, state.startedAt ?? 0) : null;
  const stepsPhase = timer ?? (state.phase === 'idle' ? 'prepare' : null);

  return {
    phase: state.phase,
    timerPhase: timer,
    headline: HEADLINES[state.phase],
    stretchId,
    stretchName: stretchId ? getStretch(stretchId).name : null,
    stretchIsNext: state.phase === 'idle' || timer === 'prepare' || timer === 'rest',
    steps: stepsFor(stepsPhase, stretchId),
    secondsLeft: slot ? Math.ceil(left / 1000) : null,
    phaseProgress: slot
      ? Math.min(1, Math.max(0, 1 - left / slot.durationMs))
      : state.phase === 'idle'
        ? 0
        : 1,
    routineProgress: sessionProgress(state, now),
    stretchNumber: slot ? slot.item + 1 : null,
    stretchCount: plan.items.length,
    sideLabel: slot?.side === 'left' ? 'Left side' : slot?.side === 'right' ? 'Right side' : null,
    rep:
      slot && item?.targetReps !== null && item?.targetReps !== undefined && slot.rep > 0
        ? { current: slot.rep, total: item.targetReps }
        : null,
    breath: timer === 'inhale' ? 'in' : timer === 'exhale' ? 'out' : null,
    canPause: isTimedPhase(state.phase),
    canResume: state.phase === 'paused',
    canSkip: isTimedPhase(state.phase),
    canAbort: isTimedPhase(state.phase) || state.phase === 'paused' || state.phase === 'rating',
    canRate: state.phase === 'idle' || state.phase === 'rating',
    canFinish: state.phase === 'rating',
    tip,
    safetyNote: painful ? SAFETY.afterPainfulRun.short : null,
    i18n: {
      headline: { key: `session.headline.${state.phase}` },
      stretchName: stretchId ? stretchNameMessage(stretchId) : null,
      steps: stepMessagesFor(stepsPhase, stretchId),
      sideLabel:
        slot?.side === 'left'
          ? { key: 'session.side.left' }
          : slot?.side === 'right'
            ? { key: 'session.side.right' }
            : null,
      tip: tip ? { title: { key: tipKey(tip.id, 'title') }, text: { key: tipKey(tip.id, 'text') } } : null,
      safetyNote: painful ? { key: safetyKey('afterPainfulRun', 'short') } : null,
    },
  };
}
