/**
 * Saving and restoring a running session. The state is already plain JSON, so saving is
 * `JSON.stringify`; restoring checks everything before the engine trusts it — the shape (valibot),
 * the routine rules, and that phase, slot and timestamps agree with each other — because the blob
 * may come from an older build, a half-written file or a bad edit. A bad blob gives a typed error,
 * never an exception.
 */
import * as v from 'valibot';
import { validateRoutine } from '../routines/validate.js';
import { isTimedPhase } from './engine.js';
import { buildSessionPlan } from './plan.js';
import { SESSION_STATE_VERSION, type SessionState, SessionStateSchema } from './state.js';

export const RESTORE_ERROR_CODES = ['corrupt', 'unsupportedVersion', 'invalidState'] as const;
export type RestoreErrorCode = (typeof RESTORE_ERROR_CODES)[number];
export interface RestoreError {
  code: RestoreErrorCode;
  message: string;
}
export type RestoreResult = { ok: true; state: SessionState } | { ok: false; error: RestoreError };

export function serializeSession(state: SessionState): string {
  return JSON.stringify(state);
}

function invariantProblem(state: SessionState): string | null {
  const slots = buildSessionPlan(state.routine).slots;
  const slot = slots[state.slot];
  const started = state.info !== null && state.startedAt !== null;
  if (state.endedAt !== null && (state.startedAt === null || state.endedAt < state.startedAt)) {
    return 'endedAt must follow startedAt';
  }
  if (state.countdownNext > 0 && slot?.phase !== 'hold') return 'countdown outside a hold';
  if (state.phase !== 'paused' && state.paused !== null) return 'pause data outside a pause';
  switch (state.phase) {
    case 'idle':
      return state.slot === -1 && !state.info && state.startedAt === null && state.phaseEndsAt === null
        ? state.results.length === 0
          ? null
          : 'results before start'
        : 'idle session has run data';
    case 'paused':
      if (!started || !slot || !state.paused) return 'paused session without a paused phase';
      if (slot.phase !== state.paused.phase) return 'paused phase does not match the timeline';
      return state.phaseEndsAt === null ? null : 'paused session has a running timer';
    case 'rating':
    case 'done':
      if (!started || state.slot !== slots.length || state.endedAt === null)
        return 'finished run is incomplete';
      return state.phase === 'rating' && state.phaseEndsAt === null ? 'rating without a deadline' : null;
    case 'aborted':
      return started && state.endedAt !== null ? null : 'aborted run is incomplete';
    default:
      if (!isTimedPhase(state.phase)) return 'unknown phase';
      if (!started || !slot || slot.phase !== state.phase) return 'phase does not match the timeline';
      return state.phaseEndsAt === null ? 'running phase without an end time' : null;
  }
}

/** Parses and checks a saved session. */
export function restoreSession(blob: string): RestoreResult {
  let raw: unknown;
  try {
    raw = JSON.parse(blob);
  } catch {
    return { ok: false, error: { code: 'corrupt', message: 'The saved session is not valid JSON.' } };
  }
  if (typeof raw !== 'object' || raw === null) {
    return { ok: false, error: { code: 'corrupt', message: 'The saved session is not an object.' } };
  }
  if ((raw as { version?: unknown }).version !== SESSION_STATE_VERSION) {
    return {
      ok: false,
      error: { code: 'unsupportedVersion', message: 'The saved session comes from another app version.' },
    };
  }
  const parsed = v.safeParse(SessionStateSchema, raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = issue ? (v.getDotPath(issue) ?? '') : '';
    return {
      ok: false,
      error: { code: 'invalidState', message: `Bad value at "${where}": ${issue?.message ?? 'invalid'}` },
    };
  }
  const routine = validateRoutine(parsed.output.routine);
  if (!routine.ok) {
    return { ok: false, error: { code: 'invalidState', message: 'The saved routine is not valid.' } };
  }
  const state = { ...parsed.output, routine: routine.routine };
  const problem = invariantProblem(state);
  if (problem) return { ok: false, error: { code: 'invalidState', message: problem } };
  return { ok: true, state };
}
