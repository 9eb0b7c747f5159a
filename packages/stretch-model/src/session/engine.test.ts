import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { StretchId } from '../records/ids.js';
import type { Routine, RoutineItem } from '../records/routine.js';
import { SessionRecordSchema } from '../records/session-record.js';
import { getBuiltinRoutine } from '../routines/builtin.js';
import { routineDurationSeconds } from '../routines/duration.js';
import { CUE_TYPES, CUE_VIBRATION, type Cue } from './cues.js';
import {
  createSession,
  engineReduce,
  RATING_WINDOW_MS,
  runSessionEvents,
  type SessionEvent,
  type StartOptions,
} from './engine.js';
import { sessionRecord } from './record.js';
import type { SessionState } from './state.js';

const T0 = 1_750_000_000_000;
const OPTIONS: StartOptions = {
  sessionId: 'watch-1:1750000000000',
  deviceId: 'watch-1',
  timeZone: 'Europe/Berlin',
  utcOffsetMinutes: 120,
  trigger: 'manual',
};

function hold(stretchId: StretchId, holdSeconds: number): RoutineItem {
  return { stretchId, holdSeconds, reps: null, enabled: true };
}

function routine(items: RoutineItem[], restSeconds = 0): Routine {
  return { id: 'test', name: 'Test', kind: 'custom', restSeconds, allowRepeats: true, items };
}

function idle(r: Routine): SessionState {
  const created = createSession(r);
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  return created.state;
}

function start(r: Routine, options: Partial<StartOptions> = {}): { state: SessionState; cues: Cue[] } {
  const result = engineReduce(idle(r), { type: 'start', now: T0, options: { ...OPTIONS, ...options } });
  expect(result.error).toBeNull();
  return result;
}

/** Ticks every `step` ms from `from` to `to` (inclusive), collecting cues. */
function tickThrough(state: SessionState, from: number, to: number, step = 100) {
  const events: SessionEvent[] = [];
  for (let t = from; t <= to; t += step) events.push({ type: 'tick', now: t });
  return runSessionEvents(state, events);
}

function summary(cues: Cue[]) {
  return cues.map((c) => [c.type, c.at - T0, c.text] as const);
}

describe('start and prepare', () => {
  it('refuses a routine that does not validate', () => {
    const created = createSession(routine([]));
    expect(created.ok).toBe(false);
    if (!created.ok) expect(created.errors[0]?.code).toBe('noStretches');
  });

  it('starts with a 5 s get-ready countdown naming the stretch', () => {
    const { state, cues } = start(routine([hold('upper-back', 30)]));
    expect(state.phase).toBe('prepare');
    expect(state.phaseEndsAt).toBe(T0 + 5000);
    expect(state.startedAt).toBe(T0);
    expect(summary(cues)).toEqual([['prepare', 0, 'Next: Upper back']]);
    expect(cues[0]).toMatchObject({ vibration: 'prepare', kind: 'hold', progress: 0, late: false });
  });

  it('refuses bad start options and a second start', () => {
    const bad = engineReduce(idle(routine([hold('upper-back', 30)])), {
      type: 'start',
      now: T0,
      options: { ...OPTIONS, deviceId: 'has spaces' },
    });
    expect(bad.error?.code).toBe('invalidOptions');
    expect(bad.state.phase).toBe('idle');
    const again = engineReduce(start(routine([hold('upper-back', 30)])).state, {
      type: 'start',
      now: T0 + 1,
      options: OPTIONS,
    });
    expect(again.error?.code).toBe('notAllowed');
  });

  it('refuses times that are not epoch ms', () => {
    const s = start(routine([hold('upper-back', 30)])).state;
    expect(engineReduce(s, { type: 'tick', now: Number.NaN }).error?.code).toBe('invalidTime');
    expect(engineReduce(s, { type: 'tick', now: -5 }).error?.code).toBe('invalidTime');
  });
});

describe('holds', () => {
  it('counts down 3-2-1 at 27, 28 and 29 s of a 30 s hold and ends it at 30 s', () => {
    const { state } = start(routine([hold('upper-back', 30)]));
    const run = tickThrough(state, T0, T0 + 36_000);
    expect(summary(run.cues)).toEqual([
      ['holdStart', 5000, 'Hold 30 s'],
      ['countdown', 5000 + 27_000, '3'],
      ['countdown', 5000 + 28_000, '2'],
      ['countdown', 5000 + 29_000, '1'],
      ['holdEnd', 5000 + 30_000, 'Release slowly'],
      ['routineDone', 5000 + 30_000, 'All done. Nice work!'],
    ]);
    expect(run.state.phase).toBe('rating');
    expect(run.state.results).toEqual([
      {
        stretchId: 'upper-back',
        side: 'none',
        kind: 'hold',
        targetSeconds: 30,
        heldSeconds: 30,
        // Ticked every 100 ms: all 30 s were watched.
        observedSeconds: 30,
        targetReps: null,
        repsDone: null,
        skipped: false,
      },
    ]);
  });

  it('gives each cue type its own vibration pattern', () => {
    expect(new Set(CUE_TYPES.map((t) => CUE_VIBRATION[t])).size).toBe(CUE_TYPES.length);
    expect(CUE_VIBRATION.countdown).toBe('tick');
    expect(CUE_VIBRATION.inhale).toBe('breathIn');
    expect(CUE_VIBRATION.routineDone).toBe('done');
  });

  it('rests between stretches, and leaves rest out when it is 0 s', () => {
    const withRest = start(routine([hold('upper-back', 10), hold('wall-lat', 10)], 15)).state;
    const a = tickThrough(withRest, T0, T0 + 60_000);
    expect(summary(a.cues).filter(([t]) => t !== 'countdown')).toEqual([
      ['holdStart', 5000, 'Hold 10 s'],
      ['holdEnd', 15_000, 'Release slowly'],
      ['rest', 15_000, 'Rest 15 s'],
      ['prepare', 30_000, 'Next: Wall lat'],
      ['holdStart', 35_000, 'Hold 10 s'],
      ['holdEnd', 45_000, 'Release slowly'],
      ['routineDone', 45_000, 'All done. Nice work!'],
    ]);
    const noRest = start(routine([hold('upper-back', 10), hold('wall-lat', 10)], 0)).state;
    const b = tickThrough(noRest, T0, T0 + 60_000);
    expect(b.cues.some((c) => c.type === 'rest')).toBe(false);
    expect(b.state.endedAt).toBe(T0 + 30_000);
  });
});

describe('seated twist', () => {
  it('holds the left side, switches, then holds the right side', () => {
    const { state } = start(routine([hold('seated-twist', 20)]));
    const run = tickThrough(state, T0, T0 + 60_000);
    expect(summary(run.cues).filter(([t]) => t !== 'countdown')).toEqual([
      ['holdStart', 5000, 'Hold 20 s (left)'],
      ['holdEnd', 25_000, 'Release slowly'],
      ['switchSide', 25_000, 'Switch to the other side'],
      ['holdStart', 30_000, 'Hold 20 s (right)'],
      ['holdEnd', 50_000, 'Release slowly'],
      ['routineDone', 50_000, 'All done. Nice work!'],
    ]);
    expect(run.state.results.map((r) => [r.side, r.heldSeconds, r.skipped])).toEqual([
      ['left', 20, false],
      ['right', 20, false],
    ]);
  });

  it('skipping the left hold credits what was held and moves to the switch', () => {
    const { state } = start(routine([hold('seated-twist', 20)]));
    const r = runSessionEvents(state, [
      { type: 'tick', now: T0 + 5000 },
      { type: 'skip', now: T0 + 5000 + 7_250 },
    ]);
    expect(r.state.phase).toBe('switchSide');
    expect(r.state.results).toMatchObject([{ side: 'left', heldSeconds: 7.3, skipped: true }]);
    const rest = tickThrough(r.state, T0 + 12_300, T0 + 60_000);
    expect(rest.state.results.map((x) => [x.side, x.heldSeconds, x.skipped])).toEqual([
      ['left', 7.3, true],
      ['right', 20, false],
    ]);
  });
});

describe('cat-cow', () => {
  const catCow: RoutineItem = { stretchId: 'cat-cow', holdSeconds: null, reps: 8, enabled: true };

  it('paces 8 reps: breathe in 4 s (cow), breathe out 4 s (cat)', () => {
    const { state } = start(routine([catCow]));
    const run = tickThrough(state, T0, T0 + 80_000);
    const breath = run.cues.filter((c) => c.type === 'inhale' || c.type === 'exhale');
    expect(breath).toHaveLength(16);
    breath.forEach((c, i) => {
      expect(c.type).toBe(i % 2 === 0 ? 'inhale' : 'exhale');
      expect(c.at - T0).toBe(5000 + i * 4000);
      expect(c.vibration).toBe(i % 2 === 0 ? 'breathIn' : 'breathOut');
      expect(c.kind).toBe('reps');
    });
    expect(breath[0]?.text).toMatch(/cow/);
    expect(breath[1]?.text).toMatch(/cat/);
    expect(run.cues.some((c) => c.type === 'countdown' || c.type === 'holdStart')).toBe(false);
    expect(run.state.results).toEqual([
      {
        stretchId: 'cat-cow',
        side: 'none',
        kind: 'reps',
        targetSeconds: null,
        heldSeconds: null,
        targetReps: 8,
        repsDone: 8,
        skipped: false,
      },
    ]);
    expect(run.state.endedAt).toBe(T0 + 5000 + 64_000);
  });

  it('skipping in rep 3 counts the two finished reps', () => {
    const { state } = start(routine([catCow, hold('upper-back', 10)]));
    const r = runSessionEvents(state, [{ type: 'skip', now: T0 + 5000 + 2 * 8000 + 5000 }]);
    expect(r.state.results).toMatchObject([{ kind: 'reps', repsDone: 2, targetReps: 8, skipped: true }]);
    expect(r.state.phase).toBe('prepare');
  });
});

describe('pause and resume', () => {
  it('keeps the remaining time exactly and still credits the full hold', () => {
    const { state } = start(routine([hold('upper-back', 30)]));
    const paused = runSessionEvents(state, [
      { type: 'tick', now: T0 + 5000 },
      { type: 'pause', now: T0 + 15_000 },
    ]);
    expect(paused.state.phase).toBe('paused');
    expect(paused.state.paused).toEqual({ phase: 'hold', remainingMs: 20_000, at: T0 + 15_000 });
    expect(paused.state.phaseEndsAt).toBeNull();
    expect(paused.cues.slice(-1)[0]).toMatchObject({ type: 'paused', vibration: 'paused', text: 'Paused' });

    // Nothing happens while paused, however long.
    const later = engineReduce(paused.state, { type: 'tick', now: T0 + 600_000 });
    expect(later.state).toEqual(paused.state);
    expect(later.cues).toEqual([]);

    const resumed = engineReduce(later.state, { type: 'resume', now: T0 + 600_000 });
    expect(resumed.state.phase).toBe('hold');
    expect(resumed.state.phaseEndsAt).toBe(T0 + 620_000);
    expect(resumed.cues.map((c) => c.type)).toEqual(['resumed']);

    const end = tickThrough(resumed.state, T0 + 600_000, T0 + 621_000);
    expect(summary(end.cues).map(([t, at]) => [t, at])).toEqual([
      ['countdown', 617_000],
      ['countdown', 618_000],
      ['countdown', 619_000],
      ['holdEnd', 620_000],
      ['routineDone', 620_000],
    ]);
    expect(end.state.results[0]?.heldSeconds).toBe(30);
    // Observed: 5 s → 15 s passed with no event in between (10 s > OBSERVED_GAP_MS = 5 s), so
    // only the 20 s after the resume, ticked every 100 ms, were watched.
    expect(end.state.results[0]?.observedSeconds).toBe(20);
  });

  it('remembers countdowns that already fired before the pause', () => {
    const { state } = start(routine([hold('upper-back', 30)]));
    const r = runSessionEvents(state, [
      { type: 'tick', now: T0 + 33_500 },
      { type: 'pause', now: T0 + 33_500 },
      { type: 'resume', now: T0 + 40_000 },
      { type: 'tick', now: T0 + 42_000 },
    ]);
    expect(r.cues.filter((c) => c.type === 'countdown').map((c) => [c.text, c.at - T0])).toEqual([
      ['3', 32_000],
      ['2', 33_000],
      ['1', 40_500],
    ]);
    expect(r.state.phase).toBe('rating');
  });

  it('refuses pause when not running and resume when not paused', () => {
    const s = idle(routine([hold('upper-back', 30)]));
    expect(engineReduce(s, { type: 'pause', now: T0 }).error?.code).toBe('notAllowed');
    const running = start(routine([hold('upper-back', 30)])).state;
    const refused = engineReduce(running, { type: 'resume', now: T0 + 1 });
    expect(refused.error?.code).toBe('notAllowed');
    expect(refused.state).toEqual(running);
  });

  it('can pause in prepare and rest too', () => {
    const s = start(routine([hold('upper-back', 10), hold('wall-lat', 10)], 10)).state;
    const r = runSessionEvents(s, [
      { type: 'pause', now: T0 + 2000 },
      { type: 'resume', now: T0 + 9000 },
      { type: 'tick', now: T0 + 25_000 },
      { type: 'pause', now: T0 + 25_000 },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.state.paused).toEqual({ phase: 'rest', remainingMs: 7000, at: T0 + 25_000 });
  });
});

describe('skip', () => {
  it('skipping in a hold records the partial time as skipped', () => {
    const { state } = start(routine([hold('upper-back', 30), hold('wall-lat', 30)], 10));
    const r = runSessionEvents(state, [{ type: 'skip', now: T0 + 5000 + 12_340 }]);
    expect(r.state.results).toEqual([
      {
        stretchId: 'upper-back',
        side: 'none',
        kind: 'hold',
        targetSeconds: 30,
        heldSeconds: 12.3,
        // No event between the start and the skip 17.3 s later: nothing of it was watched.
        observedSeconds: 0,
        targetReps: null,
        repsDone: null,
        skipped: true,
      },
    ]);
    // Straight on to the next stretch: no rest after a skipped stretch.
    expect(r.state.phase).toBe('prepare');
    expect(summary(r.cues).slice(-1)[0]).toEqual(['prepare', 17_340, 'Next: Wall lat']);
  });

  it('skipping while getting ready skips the whole stretch, both sides', () => {
    const { state } = start(routine([hold('seated-twist', 30), hold('wall-lat', 30)]));
    const r = engineReduce(state, { type: 'skip', now: T0 + 1000 });
    expect(r.state.results.map((x) => [x.stretchId, x.side, x.heldSeconds, x.skipped])).toEqual([
      ['seated-twist', 'left', 0, true],
      ['seated-twist', 'right', 0, true],
    ]);
    expect(r.state.phase).toBe('prepare');
    expect(r.cues[0]?.stretchId).toBe('wall-lat');
  });

  it('skipping a rest or the side switch just ends the wait', () => {
    const { state } = start(routine([hold('upper-back', 10), hold('seated-twist', 10)], 30));
    const inRest = runSessionEvents(state, [
      { type: 'tick', now: T0 + 16_000 },
      { type: 'skip', now: T0 + 16_000 },
    ]);
    expect(inRest.state.phase).toBe('prepare');
    expect(inRest.state.results).toHaveLength(1);
    const inSwitch = runSessionEvents(inRest.state, [
      { type: 'tick', now: T0 + 31_000 + 1 },
      { type: 'skip', now: T0 + 31_001 },
    ]);
    expect(inSwitch.state.phase).toBe('hold');
    expect(inSwitch.cues.slice(-1)[0]).toMatchObject({ type: 'holdStart', side: 'right' });
  });

  it('skipping the last stretch goes to rating, and skip is refused there', () => {
    const { state } = start(routine([hold('upper-back', 30)]));
    const r = engineReduce(state, { type: 'skip', now: T0 + 2000 });
    expect(r.state.phase).toBe('rating');
    expect(r.state.endedAt).toBe(T0 + 2000);
    expect(engineReduce(r.state, { type: 'skip', now: T0 + 3000 }).error?.code).toBe('notAllowed');
  });

  it('a skip while paused is refused', () => {
    const { state } = start(routine([hold('upper-back', 30)]));
    const r = runSessionEvents(state, [
      { type: 'pause', now: T0 + 1000 },
      { type: 'skip', now: T0 + 2000 },
    ]);
    expect(r.errors.map((e) => e.code)).toEqual(['notAllowed']);
  });
});

describe('rating, finish and abort', () => {
  const twoStretches = routine([hold('upper-back', 20), hold('wall-lat', 20)], 10);

  it('takes pain before the start and after the last stretch', () => {
    const s0 = idle(twoStretches);
    const rated = engineReduce(s0, { type: 'rate', now: T0 - 5000, pain: 6 });
    expect(rated.state.painBefore).toBe(6);
    const started = engineReduce(rated.state, { type: 'start', now: T0, options: OPTIONS });
    const run = tickThrough(started.state, T0, T0 + 70_000, 250);
    expect(run.state.phase).toBe('rating');
    const done = engineReduce(run.state, { type: 'rate', now: T0 + 80_000, pain: 3 });
    expect(done.state.phase).toBe('done');
    const record = sessionRecord(done.state);
    expect(v.safeParse(SessionRecordSchema, record).success).toBe(true);
    expect(record).toMatchObject({
      id: OPTIONS.sessionId,
      deviceId: 'watch-1',
      routineId: 'test',
      routineName: 'Test',
      trigger: 'manual',
      outcome: 'completed',
      startedAt: T0,
      endedAt: T0 + routineDurationSeconds(twoStretches) * 1000,
      timeZone: 'Europe/Berlin',
      utcOffsetMinutes: 120,
      painBefore: 6,
      painAfter: 3,
    });
    expect(record?.stretches.map((x) => [x.stretchId, x.heldSeconds])).toEqual([
      ['upper-back', 20],
      ['wall-lat', 20],
    ]);
  });

  it('a start option painBefore wins over nothing, and bad ratings are refused', () => {
    const { state } = start(twoStretches, { painBefore: 4, trigger: 'nudge' });
    expect(state.painBefore).toBe(4);
    expect(state.info?.trigger).toBe('nudge');
    for (const pain of [-1, 11, 2.5, Number.NaN]) {
      expect(engineReduce(idle(twoStretches), { type: 'rate', now: T0, pain }).error?.code).toBe(
        'invalidPain',
      );
    }
    expect(engineReduce(state, { type: 'rate', now: T0 + 1, pain: 5 }).error?.code).toBe('notAllowed');
  });

  it('finish ends the rating without a pain score; the rating window closes by itself', () => {
    const { state } = start(routine([hold('upper-back', 10)]));
    const atRating = tickThrough(state, T0, T0 + 16_000).state;
    const finished = engineReduce(atRating, { type: 'finish', now: T0 + 20_000 });
    expect(finished.state.phase).toBe('done');
    expect(sessionRecord(finished.state)).toMatchObject({
      outcome: 'completed',
      painAfter: null,
      endedAt: T0 + 15_000,
    });
    const timedOut = engineReduce(atRating, { type: 'tick', now: T0 + 15_000 + RATING_WINDOW_MS });
    expect(timedOut.state).toEqual(finished.state);
    expect(
      engineReduce(timedOut.state, { type: 'rate', now: T0 + 15_000 + RATING_WINDOW_MS, pain: 2 }).error
        ?.code,
    ).toBe('notAllowed');
    expect(engineReduce(state, { type: 'finish', now: T0 + 1 }).error?.code).toBe('notAllowed');
  });

  it('abort in a hold records only the stretches reached, with the time held', () => {
    const { state } = start(twoStretches);
    const r = runSessionEvents(state, [
      { type: 'tick', now: T0 + 40_000 },
      { type: 'abort', now: T0 + 40_000 + 4_000 },
    ]);
    expect(r.state.phase).toBe('aborted');
    const record = sessionRecord(r.state);
    expect(v.safeParse(SessionRecordSchema, record).success).toBe(true);
    expect(record?.outcome).toBe('aborted');
    expect(record?.endedAt).toBe(T0 + 44_000);
    expect(record?.stretches.map((x) => [x.stretchId, x.heldSeconds, x.skipped])).toEqual([
      ['upper-back', 20, false],
      ['wall-lat', 4, false],
    ]);
  });

  it('abort while getting ready or paused in a hold', () => {
    const { state } = start(twoStretches);
    const early = engineReduce(state, { type: 'abort', now: T0 + 1000 });
    expect(sessionRecord(early.state)?.stretches).toEqual([]);
    const paused = runSessionEvents(state, [
      { type: 'pause', now: T0 + 8_000 },
      { type: 'abort', now: T0 + 99_000 },
    ]);
    expect(sessionRecord(paused.state)?.stretches.map((x) => x.heldSeconds)).toEqual([3]);
    // it ended when it was paused, not when Stop was pressed
    expect(sessionRecord(paused.state)?.endedAt).toBe(T0 + 8_000);
    expect(engineReduce(paused.state, { type: 'abort', now: T0 + 100_000 }).error?.code).toBe('notAllowed');
    expect(engineReduce(idle(twoStretches), { type: 'abort', now: T0 }).error?.code).toBe('notAllowed');
  });

  it('stopped three days after a pause, the record ends at the pause and is valid', () => {
    const { state } = start(twoStretches);
    const later = T0 + 3 * 86_400_000;
    const r = runSessionEvents(state, [
      { type: 'pause', now: T0 + 8_000 },
      { type: 'abort', now: later },
    ]);
    const record = sessionRecord(r.state);
    expect(record?.endedAt).toBe(T0 + 8_000);
    expect(v.safeParse(SessionRecordSchema, record).success).toBe(true);
  });

  it('has no record until the run ends', () => {
    const { state } = start(twoStretches);
    expect(sessionRecord(state)).toBeNull();
    expect(sessionRecord(idle(twoStretches))).toBeNull();
  });
});

describe('gaps (screen off, app killed)', () => {
  it('one late tick replays every boundary in order and lands where a steady run does', () => {
    const full = getBuiltinRoutine('full-back') as Routine;
    const { state } = start(full);
    const end = T0 + routineDurationSeconds(full) * 1000 + 5000;
    const steady = tickThrough(state, T0, end);
    const jump = engineReduce(state, { type: 'tick', now: end });
    // The same run, apart from what was observed: the steady run watched every hold, the jump none.
    const unobserved = (s: SessionState) => ({
      ...s,
      seenAt: null,
      observedMs: 0,
      results: s.results.map(({ observedSeconds: _o, ...r }) => r),
    });
    expect(unobserved(jump.state)).toEqual(unobserved(steady.state));
    for (const r of steady.state.results)
      if (r.kind === 'hold') expect(r.observedSeconds).toBe(r.heldSeconds);
    for (const r of jump.state.results) if (r.kind === 'hold') expect(r.observedSeconds).toBe(0);
    const strip = (cues: Cue[]) => cues.map(({ late: _late, ...rest }) => rest);
    expect(strip(jump.cues)).toEqual(strip(steady.cues));
    expect(jump.cues.every((c) => c.late || end - c.at <= 1000)).toBe(true);
    expect(steady.cues.some((c) => c.late)).toBe(false);
    expect(jump.state.results).toHaveLength(7);
    const final = engineReduce(jump.state, { type: 'finish', now: end });
    expect(v.safeParse(SessionRecordSchema, sessionRecord(final.state)).success).toBe(true);
  });

  it('never changes the state it was given', () => {
    const { state } = start(routine([hold('upper-back', 10)]));
    const frozen = JSON.stringify(state);
    runSessionEvents(state, [
      { type: 'tick', now: T0 + 7000 },
      { type: 'skip', now: T0 + 8000 },
      { type: 'rate', now: T0 + 9000, pain: 1 },
    ]);
    engineReduce(state, { type: 'abort', now: T0 + 6000 });
    expect(JSON.stringify(state)).toBe(frozen);
  });

  it('progress runs from 0 to 1 across the routine', () => {
    const started = start(routine([hold('upper-back', 10), hold('wall-lat', 10)], 10));
    const run = tickThrough(started.state, T0, T0 + 50_000);
    const progress = [...started.cues, ...run.cues].map((c) => c.progress);
    expect(progress[0]).toBe(0);
    expect(progress.slice(-1)[0]).toBe(1);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1] ?? 0);
  });
});
