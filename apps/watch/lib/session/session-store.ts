import {
  createSession,
  type Cue,
  engineReduce,
  type EngineError,
  isSessionFinished,
  restoreSession,
  type SessionEvent,
  sessionRecord,
  type SessionState,
  serializeSession,
} from '@unknot/stretch-model';
import { localStorage } from '@zos/storage';
import { STORAGE_KEYS } from '../platform/storage.js';
import { journal } from '../sync/journal.js';

/**
 * The running session, kept in local storage. Every transition is written here before the page
 * redraws, so killing the app at any moment loses nothing: on relaunch the saved state is
 * restored and ticked to the current time, and the engine replays the boundaries that passed.
 */

export function loadSession(): SessionState | null {
  const raw = localStorage.getItem(STORAGE_KEYS.session) as unknown;
  if (typeof raw !== 'string' || raw === '') return null;
  const restored = restoreSession(raw);
  return restored.ok ? restored.state : null;
}

export function saveSession(state: SessionState): void {
  localStorage.setItem(STORAGE_KEYS.session, serializeSession(state));
}

export function clearSession(): void {
  localStorage.removeItem(STORAGE_KEYS.session);
}

/** A session that is started and not yet finished (a run to resume). */
export function isRunning(state: SessionState | null): state is SessionState {
  return state !== null && state.phase !== 'idle' && !isSessionFinished(state);
}

export function newSession(routine: unknown): SessionState | null {
  const created = createSession(routine);
  return created.ok ? created.state : null;
}

export interface Transition {
  state: SessionState;
  cues: Cue[];
  error: EngineError | null;
  /** True when something a screen shows or a restart needs changed (phase, slot, countdown, pause, ratings). */
  changed: boolean;
}

function transitionKey(s: SessionState): string {
  return [
    s.phase,
    s.slot,
    s.countdownNext,
    s.phaseEndsAt,
    s.paused?.remainingMs ?? '',
    s.painBefore,
    s.painAfter,
    s.results.length,
    s.endedAt,
  ].join('|');
}

/**
 * Applies one event through the core and persists the result before returning it. A run that
 * just ended is recorded into the sync outbox (once per session id, even across crashes).
 */
export function applyEvent(state: SessionState, event: SessionEvent): Transition {
  const result = engineReduce(state, event);
  const changed = result.cues.length > 0 || transitionKey(result.state) !== transitionKey(state);
  if (changed && result.state.phase !== 'idle') saveSession(result.state);
  if (!isSessionFinished(state) && isSessionFinished(result.state)) ensureRecorded(result.state);
  return { ...result, changed };
}

/**
 * Makes sure a finished run is on its way to the outbox: journaled at once (no replica needed in
 * the runner), folded into the replica's outbox by the next `openReplica`. Called at the
 * transition and again whenever a finished session is loaded, which covers an app killed between
 * saving and recording; record ids make both steps idempotent.
 */
export function ensureRecorded(state: SessionState): void {
  const record = sessionRecord(state);
  if (record) journal({ type: 'session.finished', payload: record });
}
