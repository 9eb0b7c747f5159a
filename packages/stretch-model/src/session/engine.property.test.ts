/**
 * The engine's central promise: however the ticks fall — every 100 ms, or a few scattered ticks
 * with long gaps, with the state saved and restored in between — the same user events at the same
 * moments give the same final state, the same session record and the same cues (apart from the
 * `late` flag).
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { Routine, RoutineItem } from '../records/routine.js';
import { SessionRecordSchema } from '../records/session-record.js';
import { routineDurationSeconds } from '../routines/duration.js';
import type { Cue } from './cues.js';
import { createSession, type EngineError, engineReduce, type SessionEvent } from './engine.js';
import { restoreSession, serializeSession } from './persist.js';
import { sessionRecord } from './record.js';
import type { SessionState } from './state.js';

const T0 = 1_760_000_000_000;
const FRACTION = 1_000_000;

const holdItem: fc.Arbitrary<RoutineItem> = fc.record({
  stretchId: fc.constantFrom('upper-back', 'doorway-chest', 'childs-pose', 'seated-twist', 'wall-lat'),
  holdSeconds: fc.integer({ min: 10, max: 40 }),
  reps: fc.constant(null),
  enabled: fc.boolean(),
});
const repsItem: fc.Arbitrary<RoutineItem> = fc.record({
  stretchId: fc.constant('cat-cow' as const),
  holdSeconds: fc.constant(null),
  reps: fc.integer({ min: 4, max: 10 }),
  enabled: fc.boolean(),
});
const routineArb: fc.Arbitrary<Routine> = fc
  .record({
    items: fc.array(fc.oneof(holdItem, holdItem, repsItem), { minLength: 1, maxLength: 4 }),
    restSeconds: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20 })),
  })
  .map(({ items, restSeconds }) => ({
    id: 'prop',
    name: 'Property routine',
    kind: 'custom' as const,
    restSeconds,
    allowRepeats: true,
    items: items.map((item, i) => (i === 0 ? { ...item, enabled: true } : item)),
  }));

type UserAction = 'pause' | 'resume' | 'skip' | 'abort' | 'rate' | 'finish';
const userEventArb = fc.record({
  at: fc.integer({ min: 0, max: FRACTION }),
  action: fc.constantFrom<UserAction>(
    'pause',
    'resume',
    'pause',
    'resume',
    'skip',
    'skip',
    'abort',
    'rate',
    'finish',
  ),
  pain: fc.integer({ min: 0, max: 10 }),
});

interface Timed {
  t: number;
  event: SessionEvent;
}

function toEvent(t: number, action: UserAction, pain: number): SessionEvent {
  return action === 'rate' ? { type: 'rate', now: t, pain } : { type: action, now: t };
}

function sortByTime(list: Timed[]): Timed[] {
  return list.map((x, i) => ({ ...x, i })).sort((a, b) => a.t - b.t || a.i - b.i);
}

interface Outcome {
  state: SessionState;
  cues: Omit<Cue, 'late'>[];
  errors: EngineError[];
}

function run(initial: SessionState, timeline: Timed[], restoreAt: (step: number) => boolean): Outcome {
  let state = initial;
  const cues: Omit<Cue, 'late'>[] = [];
  const errors: EngineError[] = [];
  timeline.forEach(({ event }, step) => {
    const result = engineReduce(state, event);
    state = result.state;
    for (const { late: _late, ...cue } of result.cues) cues.push(cue);
    if (result.error) errors.push(result.error);
    if (restoreAt(step)) {
      const restored = restoreSession(serializeSession(state));
      if (!restored.ok) throw new Error(`restore failed: ${restored.error.message}`);
      state = restored.state;
    }
  });
  return { state, cues, errors };
}

describe('session engine under any tick schedule', () => {
  it('ends in the same state, record and cues as a run ticked every 100 ms', () => {
    fc.assert(
      fc.property(
        routineArb,
        fc.array(userEventArb, { maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: FRACTION }), { maxLength: 25 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
        fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
        (routine, userEvents, gapTicks, restoreMask, painBefore) => {
          const created = createSession(routine);
          if (!created.ok) throw new Error('generated routine must be valid');
          const horizon = Math.ceil((routineDurationSeconds(routine) * 1000 + 20_000) / 100) * 100;
          const at = (fraction: number) => T0 + Math.floor((fraction / FRACTION) * horizon);
          const start: Timed = {
            t: T0,
            event: {
              type: 'start',
              now: T0,
              options: {
                sessionId: 'w1:1',
                deviceId: 'w1',
                timeZone: 'UTC',
                utcOffsetMinutes: 0,
                trigger: 'nudge',
                painBefore,
              },
            },
          };
          const user: Timed[] = userEvents.map((u) => {
            const t = at(u.at);
            return { t, event: toEvent(t, u.action, u.pain) };
          });

          const steadyTicks: Timed[] = [];
          for (let t = T0; t <= T0 + horizon; t += 100)
            steadyTicks.push({ t, event: { type: 'tick', now: t } });
          const steady = run(created.state, [start, ...sortByTime([...steadyTicks, ...user])], () => false);

          const scattered: Timed[] = gapTicks.map((f) => ({ t: at(f), event: { type: 'tick', now: at(f) } }));
          const end: Timed = { t: T0 + horizon, event: { type: 'tick', now: T0 + horizon } };
          const gappy = run(
            created.state,
            [start, ...sortByTime([...scattered, ...user]), end],
            (step) => restoreMask[step % restoreMask.length] === true,
          );

          // Same state, cues and record — except what was observed, which depends on the ticks by
          // design: the gappy run may have watched less, never more, and never more than was held.
          const noObs = <T extends { observedSeconds?: number | null }>(rs: readonly T[]) =>
            rs.map(({ observedSeconds: _o, ...r }) => r);
          const bare = (s: SessionState) => ({
            ...s,
            seenAt: null,
            observedMs: 0,
            results: noObs(s.results),
          });
          expect(bare(gappy.state)).toEqual(bare(steady.state));
          expect(gappy.cues).toEqual(steady.cues);
          expect(gappy.errors).toEqual(steady.errors);
          const record = sessionRecord(gappy.state);
          const steadyRecord = sessionRecord(steady.state);
          expect(record && noObs(record.stretches)).toEqual(steadyRecord && noObs(steadyRecord.stretches));
          if (record) expect(v.safeParse(SessionRecordSchema, record).success).toBe(true);
          for (let i = 0; i < gappy.state.results.length; i++) {
            const g = gappy.state.results[i];
            const st = steady.state.results[i];
            if (!g || !st || g.kind !== 'hold') continue;
            expect(g.observedSeconds ?? 0).toBeLessThanOrEqual(g.heldSeconds ?? 0);
            expect(g.observedSeconds ?? 0).toBeLessThanOrEqual((st.observedSeconds ?? 0) + 0.1);
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it('reaches a valid completed record for any routine left to run', () => {
    fc.assert(
      fc.property(routineArb, (routine) => {
        const created = createSession(routine);
        if (!created.ok) throw new Error('generated routine must be valid');
        const duration = routineDurationSeconds(routine) * 1000;
        const started = engineReduce(created.state, {
          type: 'start',
          now: T0,
          options: {
            sessionId: 'w1:2',
            deviceId: 'w1',
            timeZone: 'UTC',
            utcOffsetMinutes: 0,
            trigger: 'manual',
          },
        });
        const atEnd = engineReduce(started.state, { type: 'tick', now: T0 + duration });
        expect(atEnd.state.phase).toBe('rating');
        expect(engineReduce(started.state, { type: 'tick', now: T0 + duration - 1 }).state.phase).not.toBe(
          'rating',
        );
        const done = engineReduce(atEnd.state, { type: 'finish', now: T0 + duration + 1 });
        const record = sessionRecord(done.state);
        expect(v.safeParse(SessionRecordSchema, record).success).toBe(true);
        expect(record?.endedAt).toBe(T0 + duration);
        expect(
          record?.stretches.every(
            (s) => !s.skipped && (s.heldSeconds === s.targetSeconds || s.repsDone === s.targetReps),
          ),
        ).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
