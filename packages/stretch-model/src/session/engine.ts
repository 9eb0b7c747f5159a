/**
 * The session engine: a pure reducer `engineReduce(state, event) → { state, cues, error }` for
 * one run of a routine. No timers, no clock: every event carries `now` (epoch ms) and the state
 * stores absolute phase end times, so the same events give the same state however often or
 * rarely `tick` was called in between (see `state.ts`). Every event first replays the boundaries
 * that passed up to its `now`, then applies itself.
 *
 * Timeline per stretch: prepare → hold (two-sided: left, switchSide, right) or paced reps
 * (inhale, exhale per rep) → rest before the next stretch (left out when restSeconds is 0) →
 * … → rating (how does the back feel now?) → done. `pause` freezes the remaining time of the
 * current phase; `resume` continues it. `abort` ends the run early; `finish` ends the rating.
 *
 * Skip means "move on": in `prepare` it skips the whole coming stretch (every side); in a hold it
 * skips that side, crediting the seconds actually held; in reps it skips the remaining reps. In
 * the waiting phases (`rest`, `switchSide`) it simply ends the wait. After a skipped stretch the
 * rest is left out too (nothing to recover from). Pause and skip work in timed phases only;
 * `abort` during the rating simply finishes the (completed) run.
 *
 * Results: a side held to the end counts its target as held; a skipped side counts the time
 * actually held and `skipped: true`; on abort the stretch being done is recorded with what was
 * held so far (stretches not yet reached are left out). `endedAt` is when the last stretch ended
 * (completed runs; the rating time does not count) or when the run was aborted.
 * If nobody rates within `RATING_WINDOW_MS` the run finishes by itself without a rating.
 *
 * Observed time: the shell ticks the engine while the runner is open (every 250 ms on the watch).
 * Time between two consecutive events at most `OBSERVED_GAP_MS` apart counts as observed; a
 * longer gap (screen off, app closed, watch asleep) is replayed as usual but not observed. Each
 * hold result carries `observedSeconds` — the observed part of its held time — beside
 * `heldSeconds`, and adherence credits only the observed part. An app killed mid-hold loses the
 * observation since its last saved transition, so this errs towards claiming less, never more.
 */
import * as v from 'valibot';
import { PainSchema } from '../records/ids.js';
import type { StretchResult } from '../records/session-record.js';
import { validateRoutine, type RoutineError } from '../routines/validate.js';
import { makeCue, type Cue, type CueType } from './cues.js';
import { buildSessionPlan, type PlanSlot, type SessionPlan, type SessionTimedPhase } from './plan.js';
import { SESSION_STATE_VERSION, SessionInfoSchema, type SessionPhase, type SessionState } from './state.js';

/** How long the rating screen waits before the run finishes without a rating. */
export const RATING_WINDOW_MS = 10 * 60 * 1000;
/** Countdown cues fire this many seconds before a hold ends, once per second. */
export const COUNTDOWN_FROM_SECONDS = 3;
/** Two events at most this far apart mean the engine watched the time between them. */
export const OBSERVED_GAP_MS = 5000;

export const StartOptionsSchema = v.object({
  ...SessionInfoSchema.entries,
  painBefore: v.optional(v.nullable(PainSchema)),
});
export type StartOptions = v.InferInput<typeof StartOptionsSchema>;

export type SessionEvent =
  | { type: 'start'; now: number; options: StartOptions }
  | { type: 'tick'; now: number }
  | { type: 'pause'; now: number }
  | { type: 'resume'; now: number }
  | { type: 'skip'; now: number }
  | { type: 'abort'; now: number }
  | { type: 'finish'; now: number }
  | { type: 'rate'; now: number; pain: number };

export const ENGINE_ERROR_CODES = ['notAllowed', 'invalidOptions', 'invalidPain', 'invalidTime'] as const;
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];
export interface EngineError {
  code: EngineErrorCode;
  message: string;
}

export interface EngineResult {
  state: SessionState;
  cues: Cue[];
  /** Set when the event was refused; the state is then unchanged apart from replayed boundaries. */
  error: EngineError | null;
}

export type CreateSessionResult = { ok: true; state: SessionState } | { ok: false; errors: RoutineError[] };

/** A fresh, not yet started session for a routine (validated first). */
export function createSession(routine: unknown): CreateSessionResult {
  const checked = validateRoutine(routine);
  if (!checked.ok) return checked;
  return {
    ok: true,
    state: {
      version: SESSION_STATE_VERSION,
      routine: checked.routine,
      phase: 'idle',
      slot: -1,
      phaseEndsAt: null,
      countdownNext: 0,
      paused: null,
      info: null,
      startedAt: null,
      endedAt: null,
      painBefore: null,
      painAfter: null,
      results: [],
      seenAt: null,
      observedMs: 0,
    },
  };
}

const TIMED = new Set<SessionPhase>(['prepare', 'hold', 'switchSide', 'inhale', 'exhale', 'rest']);

export function isTimedPhase(phase: SessionPhase): phase is SessionTimedPhase {
  return TIMED.has(phase);
}

const ENTRY_CUE: Record<SessionTimedPhase, CueType> = {
  prepare: 'prepare',
  hold: 'holdStart',
  switchSide: 'switchSide',
  inhale: 'inhale',
  exhale: 'exhale',
  rest: 'rest',
};

/** Time left in the current (or paused) timed phase, clamped to the phase length. */
export function phaseRemainingMs(state: SessionState, now: number): number {
  const slot = buildSessionPlan(state.routine).slots[state.slot];
  if (!slot) return 0;
  if (state.phase === 'paused' && state.paused) return Math.min(state.paused.remainingMs, slot.durationMs);
  if (!isTimedPhase(state.phase) || state.phaseEndsAt === null) return 0;
  return Math.max(0, Math.min(slot.durationMs, state.phaseEndsAt - now));
}

/** Progress through the whole routine at `now`, 0..1 (nominal time; skips jump ahead). */
export function sessionProgress(state: SessionState, now: number): number {
  const plan = buildSessionPlan(state.routine);
  if (state.phase === 'idle') return 0;
  if (state.slot >= plan.slots.length) return 1;
  const slot = plan.slots[state.slot];
  if (!slot || plan.totalMs <= 0) return state.phase === 'aborted' ? 0 : 1;
  const elapsed = slot.durationMs - phaseRemainingMs(state, now);
  return clamp01((slot.startMs + elapsed) / plan.totalMs);
}

function clamp01(x: number): number {
  return Math.max(0, Math.min(1, x));
}

function tenths(ms: number): number {
  return Math.round(ms / 100) / 10;
}

/** Mutable working copy used inside one reduce call. */
interface Work {
  s: SessionState;
  plan: SessionPlan;
  now: number;
  cues: Cue[];
  /** Replay position: everything before it has been accounted for in this call. */
  cursor: number;
  /** True when the time from the previous event to `now` was observed. */
  observing: boolean;
}

/** Credits the observed part of [cursor, until] to the current hold, then moves the cursor. */
function observeUntil(w: Work, slot: PlanSlot, until: number) {
  if (slot.phase === 'hold' && w.observing && until > w.cursor)
    w.s.observedMs = (w.s.observedMs ?? 0) + (until - w.cursor);
  if (until > w.cursor) w.cursor = until;
}

function emit(w: Work, type: CueType, at: number, slot: PlanSlot | null, seconds: number, progress: number) {
  w.cues.push(
    makeCue(type, at, w.now, clamp01(progress), {
      stretchId: slot ? slot.stretchId : null,
      side: slot ? slot.side : 'none',
      seconds,
    }),
  );
}

function progressAtSlotStart(w: Work, index: number): number {
  const slot = w.plan.slots[index];
  return slot && w.plan.totalMs > 0 ? slot.startMs / w.plan.totalMs : 1;
}

function enterSlot(w: Work, index: number, at: number) {
  const slot = w.plan.slots[index];
  if (!slot) {
    const last = w.plan.slots[w.plan.slots.length - 1] ?? null;
    w.s.slot = w.plan.slots.length;
    w.s.phase = 'rating';
    w.s.phaseEndsAt = at + RATING_WINDOW_MS;
    w.s.countdownNext = 0;
    w.s.endedAt = at;
    emit(w, 'routineDone', at, last, 0, 1);
    return;
  }
  w.s.slot = index;
  w.s.phase = slot.phase;
  w.s.phaseEndsAt = at + slot.durationMs;
  w.s.observedMs = 0;
  w.s.countdownNext =
    slot.phase === 'hold' && slot.durationMs > COUNTDOWN_FROM_SECONDS * 1000 ? COUNTDOWN_FROM_SECONDS : 0;
  emit(w, ENTRY_CUE[slot.phase], at, slot, Math.round(slot.durationMs / 1000), progressAtSlotStart(w, index));
}

function holdResult(w: Work, slot: PlanSlot, heldMs: number, skipped: boolean): StretchResult {
  const target = w.plan.items[slot.item]?.targetSeconds ?? 0;
  const held = Math.max(0, Math.min(heldMs, target * 1000));
  const observed = slot.phase === 'hold' ? Math.min(held, w.s.observedMs ?? 0) : 0;
  return {
    stretchId: slot.stretchId,
    side: slot.side,
    kind: 'hold',
    targetSeconds: target,
    heldSeconds: tenths(held),
    observedSeconds: tenths(observed),
    targetReps: null,
    repsDone: null,
    skipped,
  };
}

function repsResult(w: Work, slot: PlanSlot, done: number, skipped: boolean): StretchResult {
  return {
    stretchId: slot.stretchId,
    side: slot.side,
    kind: 'reps',
    targetSeconds: null,
    heldSeconds: null,
    targetReps: w.plan.items[slot.item]?.targetReps ?? 0,
    repsDone: done,
    skipped,
  };
}

/** The result for the side being worked on when it is cut short, or null outside hold/reps. */
function partialResult(w: Work, slot: PlanSlot, remaining: number, skipped: boolean): StretchResult | null {
  if (slot.phase === 'hold') return holdResult(w, slot, slot.durationMs - remaining, skipped);
  if (slot.phase === 'inhale' || slot.phase === 'exhale') return repsResult(w, slot, slot.rep - 1, skipped);
  return null;
}

/** Index of the slot after the current item (next item's prepare, or the end). */
function nextItemSlot(w: Work, slot: PlanSlot): number {
  return w.plan.items[slot.item + 1]?.prepareSlot ?? w.plan.slots.length;
}

/** Replays every boundary up to `now`, in order, emitting the cues that belong to them. */
function advance(w: Work) {
  for (;;) {
    const s = w.s;
    if (s.phase === 'rating') {
      if (s.phaseEndsAt !== null && w.now >= s.phaseEndsAt) {
        s.phase = 'done';
        s.phaseEndsAt = null;
      }
      return;
    }
    if (!isTimedPhase(s.phase) || s.phaseEndsAt === null) return;
    const slot = w.plan.slots[s.slot];
    if (!slot) return;
    const endsAt = s.phaseEndsAt;
    while (s.countdownNext > 0 && w.now >= endsAt - s.countdownNext * 1000) {
      const at = endsAt - s.countdownNext * 1000;
      emit(
        w,
        'countdown',
        at,
        slot,
        s.countdownNext,
        (slot.startMs + slot.durationMs - (endsAt - at)) / w.plan.totalMs,
      );
      s.countdownNext -= 1;
    }
    observeUntil(w, slot, Math.min(w.now, endsAt));
    if (w.now < endsAt) return;
    if (slot.phase === 'hold') {
      s.results.push(holdResult(w, slot, slot.durationMs, false));
      emit(w, 'holdEnd', endsAt, slot, 0, (slot.startMs + slot.durationMs) / w.plan.totalMs);
    } else if (slot.phase === 'exhale' && slot.rep === w.plan.items[slot.item]?.targetReps) {
      s.results.push(repsResult(w, slot, slot.rep, false));
    }
    enterSlot(w, s.slot + 1, endsAt);
  }
}

/** Marks `now` as seen while a timer runs (paused, idle and finished states stay as they are). */
function markSeen(w: Work) {
  if (isTimedPhase(w.s.phase)) w.s.seenAt = w.now;
}

function refuse(w: Work, event: SessionEvent): EngineResult {
  return {
    state: w.s,
    cues: w.cues,
    error: { code: 'notAllowed', message: `Can't ${event.type} while ${w.s.phase}.` },
  };
}

function ok(w: Work): EngineResult {
  markSeen(w);
  return { state: w.s, cues: w.cues, error: null };
}

/**
 * Applies one event. Pure: the input state is never modified. Refused events (wrong phase, bad
 * input) return an `error` and leave the state as it was after replaying boundaries up to `now`.
 */
export function engineReduce(state: SessionState, event: SessionEvent): EngineResult {
  if (!Number.isFinite(event.now) || event.now < 0) {
    return {
      state,
      cues: [],
      error: { code: 'invalidTime', message: 'The time must be epoch milliseconds.' },
    };
  }
  const now0 = Math.floor(event.now);
  const seen = state.seenAt ?? null;
  const w: Work = {
    s: { ...state, results: [...state.results] },
    plan: buildSessionPlan(state.routine),
    now: now0,
    cues: [],
    cursor: seen !== null && seen <= now0 ? seen : now0,
    observing: seen !== null && now0 >= seen && now0 - seen <= OBSERVED_GAP_MS,
  };
  advance(w);
  const s = w.s;
  const now = w.now;

  switch (event.type) {
    case 'tick':
      return ok(w);

    case 'start': {
      if (s.phase !== 'idle') return refuse(w, event);
      const parsed = v.safeParse(StartOptionsSchema, event.options);
      if (!parsed.success) {
        return {
          state: s,
          cues: w.cues,
          error: { code: 'invalidOptions', message: parsed.issues.map((i) => i.message).join('; ') },
        };
      }
      const { painBefore, ...info } = parsed.output;
      s.info = info;
      s.startedAt = now;
      if (painBefore !== undefined && painBefore !== null) s.painBefore = painBefore;
      enterSlot(w, 0, now);
      return ok(w);
    }

    case 'pause': {
      if (!isTimedPhase(s.phase)) return refuse(w, event);
      const slot = w.plan.slots[s.slot] as PlanSlot;
      const left = phaseRemainingMs(s, now);
      s.paused = { phase: s.phase, remainingMs: left, at: now };
      s.phase = 'paused';
      s.phaseEndsAt = null;
      emit(w, 'paused', now, slot, Math.ceil(left / 1000), sessionProgress(s, now));
      return ok(w);
    }

    case 'resume': {
      if (s.phase !== 'paused' || !s.paused) return refuse(w, event);
      const slot = w.plan.slots[s.slot] as PlanSlot;
      const progress = sessionProgress(s, now);
      s.phase = s.paused.phase;
      s.phaseEndsAt = now + s.paused.remainingMs;
      s.paused = null;
      emit(w, 'resumed', now, slot, Math.ceil((s.phaseEndsAt - now) / 1000), progress);
      // A resumed phase cannot end at `now` (its remaining time is > 0), so nothing to replay.
      return ok(w);
    }

    case 'skip': {
      if (!isTimedPhase(s.phase)) return refuse(w, event);
      const slot = w.plan.slots[s.slot] as PlanSlot;
      switch (slot.phase) {
        case 'prepare': {
          const item = w.plan.items[slot.item];
          for (const side of item?.sides ?? []) {
            const sideSlot = { ...slot, side };
            s.results.push(
              slot.kind === 'hold' ? holdResult(w, sideSlot, 0, true) : repsResult(w, sideSlot, 0, true),
            );
          }
          enterSlot(w, nextItemSlot(w, slot), now);
          break;
        }
        case 'hold':
        case 'inhale':
        case 'exhale': {
          const partial = partialResult(w, slot, phaseRemainingMs(s, now), true);
          if (partial) s.results.push(partial);
          enterSlot(
            w,
            slot.side === 'left' && slot.phase === 'hold' ? s.slot + 1 : nextItemSlot(w, slot),
            now,
          );
          break;
        }
        case 'switchSide':
        case 'rest':
          enterSlot(w, s.slot + 1, now);
          break;
      }
      return ok(w);
    }

    case 'abort': {
      if (s.phase === 'rating') return finishRating(w, null);
      const timed = s.phase === 'paused' ? (s.paused?.phase ?? null) : isTimedPhase(s.phase) ? s.phase : null;
      if (timed === null) return refuse(w, event);
      const slot = w.plan.slots[s.slot] as PlanSlot;
      const partial = partialResult(w, slot, phaseRemainingMs(s, now), false);
      if (partial) s.results.push(partial);
      // Stopped while paused: the stretching ended at the pause, not days later when Stop was
      // pressed (and a record stays within a session's 24 h bound).
      const endedAt = s.phase === 'paused' && s.paused ? Math.min(now, s.paused.at) : now;
      s.phase = 'aborted';
      s.phaseEndsAt = null;
      s.paused = null;
      s.countdownNext = 0;
      s.endedAt = Math.max(s.startedAt ?? endedAt, endedAt);
      return ok(w);
    }

    case 'finish':
      if (s.phase !== 'rating') return refuse(w, event);
      return finishRating(w, null);

    case 'rate': {
      const pain = v.safeParse(PainSchema, event.pain);
      if (!pain.success) {
        return {
          state: s,
          cues: w.cues,
          error: { code: 'invalidPain', message: 'Pain is a whole number 0–10.' },
        };
      }
      if (s.phase === 'idle') {
        s.painBefore = pain.output;
        return ok(w);
      }
      if (s.phase !== 'rating') return refuse(w, event);
      return finishRating(w, pain.output);
    }
  }
}

function finishRating(w: Work, painAfter: number | null): EngineResult {
  w.s.painAfter = painAfter;
  w.s.phase = 'done';
  w.s.phaseEndsAt = null;
  return ok(w);
}

/** Convenience: applies events in order, collecting all cues and errors (a refused event does not stop the rest). */
export function runSessionEvents(
  state: SessionState,
  events: readonly SessionEvent[],
): { state: SessionState; cues: Cue[]; errors: EngineError[] } {
  let current = state;
  const cues: Cue[] = [];
  const errors: EngineError[] = [];
  for (const event of events) {
    const result = engineReduce(current, event);
    current = result.state;
    cues.push(...result.cues);
    if (result.error) errors.push(result.error);
  }
  return { state: current, cues, errors };
}

/** Whether the run has ended (a record can be made). */
export function isSessionFinished(state: SessionState): boolean {
  return state.phase === 'done' || state.phase === 'aborted';
}
