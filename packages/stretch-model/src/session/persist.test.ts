import { describe, expect, it } from 'vitest';
import type { Routine } from '../records/routine.js';
import { getBuiltinRoutine } from '../routines/builtin.js';
import { createSession, runSessionEvents, type SessionEvent } from './engine.js';
import { restoreSession, serializeSession } from './persist.js';
import type { SessionState } from './state.js';

const T0 = 1_750_000_000_000;
const full = getBuiltinRoutine('full-back') as Routine;

function at(events: SessionEvent[]): SessionState {
  const created = createSession(full);
  if (!created.ok) throw new Error('invalid');
  return runSessionEvents(created.state, [
    {
      type: 'start',
      now: T0,
      options: { sessionId: 's1', deviceId: 'w1', timeZone: 'UTC', utcOffsetMinutes: 0, trigger: 'manual' },
    },
    ...events,
  ]).state;
}

function restoreError(blob: string) {
  const result = restoreSession(blob);
  expect(result.ok).toBe(false);
  return result.ok ? null : result.error.code;
}

function tamper(state: SessionState, patch: Record<string, unknown>): string {
  return JSON.stringify({ ...state, ...patch });
}

describe('serializeSession / restoreSession', () => {
  it('round-trips the state in every phase', () => {
    const created = createSession(full);
    if (!created.ok) throw new Error('invalid');
    const states = [
      created.state,
      at([]),
      at([{ type: 'tick', now: T0 + 20_000 }]),
      at([{ type: 'pause', now: T0 + 20_000 }]),
      at([{ type: 'tick', now: T0 + 400_000 }]),
      at([
        { type: 'tick', now: T0 + 400_000 },
        { type: 'rate', now: T0 + 400_000, pain: 2 },
      ]),
      at([{ type: 'abort', now: T0 + 100_000 }]),
    ];
    expect(states.map((s) => s.phase)).toEqual([
      'idle',
      'prepare',
      'hold',
      'paused',
      'rating',
      'done',
      'aborted',
    ]);
    for (const state of states) {
      const blob = serializeSession(state);
      expect(restoreSession(blob)).toEqual({ ok: true, state });
    }
  });

  it('reports a blob that is not JSON or not an object as corrupt', () => {
    expect(restoreError('{"version":1,')).toBe('corrupt');
    expect(restoreError('')).toBe('corrupt');
    expect(restoreError('null')).toBe('corrupt');
    expect(restoreError('"text"')).toBe('corrupt');
  });

  it('reports a state from another version', () => {
    expect(restoreError(tamper(at([]), { version: 2 }))).toBe('unsupportedVersion');
    expect(restoreError('{}')).toBe('unsupportedVersion');
  });

  it('reports bad fields, bad routines and states that contradict themselves', () => {
    const running = at([{ type: 'tick', now: T0 + 20_000 }]);
    expect(running.phase).toBe('hold');
    const broken = [
      tamper(running, { phase: 'flying' }),
      tamper(running, { phaseEndsAt: 'soon' }),
      tamper(running, { results: 'none' }),
      tamper(running, { routine: { ...full, restSeconds: 500 } }),
      tamper(running, { phase: 'rest' }),
      tamper(running, { slot: 999 }),
      tamper(running, { phaseEndsAt: null }),
      tamper(running, { endedAt: T0 - 1 }),
      tamper(running, { paused: { phase: 'hold', remainingMs: 5, at: T0 } }),
      tamper(running, { phase: 'paused' }),
      tamper(running, { phase: 'done' }),
      tamper(running, { phase: 'idle' }),
      tamper(running, { info: null }),
      tamper(at([]), { countdownNext: 3 }),
    ];
    for (const blob of broken) expect(restoreError(blob), blob.slice(0, 80)).toBe('invalidState');
  });
});
