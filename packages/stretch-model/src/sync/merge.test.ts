import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildNudgeEvent, buildRoutine, buildSession } from '../testing/index.js';
import type { NudgeEvent } from '../records/nudge-event.js';
import type { Routine } from '../records/routine.js';
import type { SessionRecord } from '../records/session-record.js';
import { DEFAULT_PLAN_SETTINGS, DEFAULT_REMINDER_SETTINGS } from '../records/settings.js';
import { formatHlc } from './hlc.js';
import {
  type SyncState,
  applyOp,
  applyOps,
  applyOpsCounted,
  emptySyncState,
  fromSnapshot,
  getPlanSettings,
  getRegister,
  getReminderSettings,
  listNudgeEvents,
  listRoutines,
  listSessions,
  mergeStates,
  toSnapshot,
  validateSnapshot,
} from './merge.js';
import { type Op, validateOp } from './protocol.js';

const T0 = 1_750_000_000_000;

function session(
  id: string,
  deviceId: string,
  startedAt: number,
  painAfter: number | null = null,
): SessionRecord {
  return buildSession({
    id,
    deviceId,
    startedAt,
    utcOffsetMinutes: 120,
    painBefore: 4,
    painAfter,
    stretches: [],
  });
}

function nudge(id: string, deviceId: string, at: number, action: NudgeEvent['action'] = 'shown'): NudgeEvent {
  return buildNudgeEvent({ id, nudgeId: `n-${id}`, deviceId, action, at });
}

function routine(id: string, name = `Routine ${id}`): Routine {
  return buildRoutine(id, { name });
}

let nextSeq = 1;
function op(deviceId: string, hlc: string, rest: Pick<Op, 'type' | 'payload'>): Op {
  const seq = nextSeq++;
  return { opId: `${deviceId}:${seq}`, deviceId, seq, hlc, ...rest } as Op;
}
const hlc = (wallMs: number, deviceId: string, counter = 0) => formatHlc({ wallMs, counter, deviceId });
const setOp = (key: string, value: unknown, at: string) =>
  op(at.split(':')[2] as string, at, { type: 'register.set', payload: { key, value: value as never } });
const sessionOp = (rec: SessionRecord) =>
  op(rec.deviceId, hlc(rec.endedAt, rec.deviceId), { type: 'session.finished', payload: rec });
const nudgeOp = (ev: NudgeEvent) =>
  op(ev.deviceId, hlc(ev.at, ev.deviceId), { type: 'nudge.event', payload: ev });

// ---- arbitraries: a small id space, so duplicates, LWW races and same-id conflicts are common ----
const deviceArb = fc.constantFrom('watch', 'web', 'phone');
const recordIdArb = fc.constantFrom('r1', 'r2', 'r3', 'constructor', '__proto__');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc
    .tuple(recordIdArb, deviceArb, fc.integer({ min: 0, max: 3 }), fc.option(fc.integer({ min: 0, max: 2 })))
    .map(([id, dev, start, pain]) => sessionOp(session(id, dev, T0 + start * 1000, pain))),
  fc
    .tuple(
      recordIdArb,
      deviceArb,
      fc.integer({ min: 0, max: 3 }),
      fc.constantFrom('shown', 'started', 'dismissed'),
    )
    .map(([id, dev, at, action]) => nudgeOp(nudge(id, dev, T0 + at, action as NudgeEvent['action']))),
  fc
    .tuple(
      fc.constantFrom('settings.reminders', 'settings.plan', 'routine.a', 'routine.b'),
      fc.constantFrom<unknown>(null, 1, 2, { x: 1 }, { x: 2, y: [1] }),
      fc.integer({ min: 0, max: 4 }),
      fc.integer({ min: 0, max: 1 }),
      deviceArb,
    )
    .map(([key, value, wall, counter, dev]) => setOp(key, value, hlc(T0 + wall, dev, counter))),
);

/** The same ops, shuffled and with some of them repeated. */
const opsAndRedeliveryArb = fc
  .array(opArb, { maxLength: 30 })
  .chain((ops) =>
    fc.tuple(
      fc.constant(ops),
      fc.shuffledSubarray(ops, { minLength: ops.length, maxLength: ops.length }),
      fc.array(fc.nat({ max: Math.max(0, ops.length - 1) }), { maxLength: ops.length === 0 ? 0 : 10 }),
      fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 10 }),
    ),
  );

/** Applies ops in batches of the given sizes (the rest one by one). */
function applyInChunks(state: SyncState, ops: readonly Op[], sizes: readonly number[]): SyncState {
  let s = state;
  let i = 0;
  for (const size of sizes) {
    s = applyOps(s, ops.slice(i, i + size));
    i += size;
  }
  for (; i < ops.length; i++) s = applyOp(s, ops[i] as Op);
  return s;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('merge properties', () => {
  const runs = { numRuns: 200 };

  it('any order, duplication and batching of the same ops converges to the same state', () => {
    fc.assert(
      fc.property(opsAndRedeliveryArb, ([ops, shuffled, dupIdx, sizes]) => {
        const a = applyOps(emptySyncState(), ops);
        const redelivered = [...shuffled, ...dupIdx.map((i) => ops[i] as Op)];
        const b = applyInChunks(emptySyncState(), redelivered, sizes);
        // a third replica starts from a snapshot of half the ops, then gets everything again
        const half = applyOps(emptySyncState(), shuffled.slice(0, shuffled.length >> 1));
        const c = applyOps(fromSnapshot(toSnapshot(half, 7)), [...ops].reverse());
        expect(b).toEqual(a);
        expect(c).toEqual(a);
        expect(toSnapshot(b, 1)).toEqual(toSnapshot(a, 1));
      }),
      runs,
    );
  });

  it('is idempotent: re-applying returns the very same object', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), (ops) => {
        const s = applyOps(emptySyncState(), ops);
        expect(applyOps(s, ops)).toBe(s);
        for (const o of ops) expect(applyOp(s, o)).toBe(s);
        expect(applyOpsCounted(s, ops).changed).toBe(0);
      }),
      runs,
    );
  });

  it('never mutates its input', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 15 }), fc.array(opArb, { maxLength: 15 }), (xs, ys) => {
        const s = deepFreeze(applyOps(emptySyncState(), xs));
        const before = toSnapshot(s, 0);
        applyOps(s, ys);
        for (const o of ys) applyOp(s, o);
        mergeStates(s, applyOps(emptySyncState(), ys));
        expect(toSnapshot(s, 0)).toEqual(before);
      }),
      runs,
    );
  });

  it('snapshot round trip preserves the state, and mergeStates equals applying both op sets', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), fc.array(opArb, { maxLength: 30 }), (xs, ys) => {
        const s = applyOps(emptySyncState(), xs);
        const snap = toSnapshot(s, 42);
        expect(snap.serverSeq).toBe(42);
        expect(fromSnapshot(snap)).toEqual(s);
        expect(toSnapshot(fromSnapshot(snap), 42)).toEqual(snap);
        expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
        expect(validateSnapshot(JSON.parse(JSON.stringify(snap))).ok).toBe(true);
        const both = applyOps(emptySyncState(), [...xs, ...ys]);
        expect(mergeStates(s, applyOps(emptySyncState(), ys))).toEqual(both);
      }),
      runs,
    );
  });

  it('a tombstone beats every older set; a newer set beats the tombstone — in any order', () => {
    fc.assert(
      fc.property(
        // Older sets end one millisecond before the tombstone's wall time: a set at the same
        // millisecond is not older — the counter and then the device id order it (here 'web' > 'watch').
        fc.array(fc.integer({ min: 0, max: 999 }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.array(fc.integer({ min: 1001, max: 2000 }), { maxLength: 3 }),
        (olderWalls, tombWall, newerWalls) => {
          const older = olderWalls.map((w, i) =>
            setOp('routine.a', routine('a', `old ${i}`), hlc(T0 + w, 'web')),
          );
          const tomb = setOp('routine.a', null, hlc(T0 + 1000, 'watch', tombWall));
          const newer = newerWalls.map((w, i) =>
            setOp('routine.a', routine('a', `new ${i}`), hlc(T0 + w, 'phone')),
          );
          const withTomb = applyOps(emptySyncState(), [...older].reverse().concat(tomb, ...older));
          expect(getRegister(withTomb, 'routine.a')).toEqual({ value: null, hlc: tomb.hlc });
          expect(listRoutines(withTomb)).toEqual([]);
          const all = applyOps(emptySyncState(), [...newer, ...older, tomb]);
          if (newer.length === 0) expect(getRegister(all, 'routine.a')?.value).toBeNull();
          else expect(listRoutines(all)).toHaveLength(1);
        },
      ),
      runs,
    );
  });
});

describe('merge rules by example', () => {
  it('returns the same object for a duplicate and a new one otherwise', () => {
    const rec = session('watch:1', 'watch', T0);
    const s1 = applyOp(emptySyncState(), sessionOp(rec));
    expect(listSessions(s1)).toEqual([rec]);
    expect(applyOp(s1, sessionOp({ ...rec }))).toBe(s1);
    expect(applyOp(s1, sessionOp(session('watch:2', 'watch', T0 + 1)))).not.toBe(s1);
  });

  it('last writer wins by HLC; the deviceId breaks an exact time tie', () => {
    const a = setOp('settings.plan', { ...DEFAULT_PLAN_SETTINGS, days: [1] }, hlc(T0, 'aaa'));
    const b = setOp('settings.plan', { ...DEFAULT_PLAN_SETTINGS, days: [2] }, hlc(T0, 'bbb'));
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      expect(getPlanSettings(applyOps(emptySyncState(), order)).days).toEqual([2]);
    }
  });

  it('does not let ids like "constructor" or "__proto__" confuse dedupe or pollute prototypes', () => {
    const s = applyOps(emptySyncState(), [
      sessionOp(session('constructor', 'watch', T0)),
      sessionOp(session('__proto__', 'watch', T0 + 1)),
    ]);
    expect(listSessions(s).map((r) => r.id)).toEqual(['constructor', '__proto__']);
    expect(Object.getPrototypeOf(s.sessions)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).routineId).toBeUndefined();
    expect(fromSnapshot(toSnapshot(s, 0))).toEqual(s);
  });

  it('sorts sessions by start and nudge events by time', () => {
    const s = applyOps(emptySyncState(), [
      sessionOp(session('b', 'watch', T0 + 5)),
      sessionOp(session('a', 'watch', T0 + 9)),
      sessionOp(session('c', 'watch', T0 + 5)),
      nudgeOp(nudge('y', 'watch', T0 + 2)),
      nudgeOp(nudge('x', 'watch', T0 + 3)),
    ]);
    expect(listSessions(s).map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(listNudgeEvents(s).map((e) => e.id)).toEqual(['y', 'x']);
  });

  it('settings fall back to the defaults when unset, deleted or unreadable', () => {
    const custom = { ...DEFAULT_REMINDER_SETTINGS, snoozeMinutes: 30 };
    expect(getReminderSettings(emptySyncState())).toEqual(DEFAULT_REMINDER_SETTINGS);
    expect(getPlanSettings(emptySyncState())).toEqual(DEFAULT_PLAN_SETTINGS);
    const set = applyOp(emptySyncState(), setOp('settings.reminders', custom, hlc(T0, 'web')));
    expect(getReminderSettings(set)).toEqual(custom);
    const deleted = applyOp(set, setOp('settings.reminders', null, hlc(T0 + 1, 'web')));
    expect(getReminderSettings(deleted)).toEqual(DEFAULT_REMINDER_SETTINGS);
    const garbage = applyOp(deleted, setOp('settings.reminders', { enabled: 'yes' }, hlc(T0 + 2, 'web')));
    expect(getReminderSettings(garbage)).toEqual(DEFAULT_REMINDER_SETTINGS);
  });

  it('lists custom routines by id, without tombstones or routines filed under another id', () => {
    const s = applyOps(emptySyncState(), [
      setOp('routine.zeta', routine('zeta'), hlc(T0, 'web')),
      setOp('routine.alpha', routine('alpha'), hlc(T0, 'web')),
      setOp('routine.gone', routine('gone'), hlc(T0, 'web')),
      setOp('routine.gone', null, hlc(T0 + 1, 'watch')),
      setOp('routine.wrong', routine('other'), hlc(T0, 'web')),
      setOp('settings.plan', DEFAULT_PLAN_SETTINGS, hlc(T0, 'web')),
    ]);
    expect(listRoutines(s).map((r) => r.id)).toEqual(['alpha', 'zeta']);
  });

  it('example ops are valid wire ops', () => {
    const samples = [
      sessionOp(session('watch:1', 'watch', T0)),
      nudgeOp(nudge('watch:n1', 'watch', T0)),
      setOp('routine.a', routine('a'), hlc(T0, 'web')),
      setOp('routine.a', null, hlc(T0, 'web')),
    ];
    for (const o of samples) expect(validateOp(o)).toMatchObject({ ok: true });
  });

  it('rejects a malformed snapshot with a clear error', () => {
    const res = validateSnapshot({ serverSeq: -1, registers: {}, sessions: [], nudgeEvents: [] });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toMatch(/serverSeq/);
  });

  it('folds 100,000 ops well under a second', () => {
    const ops: Op[] = [];
    for (let i = 0; i < 100_000; i++) {
      const dev = i % 3 === 0 ? 'watch' : 'web';
      const at = T0 + i * 1000;
      if (i % 4 === 0) ops.push(sessionOp(session(`${dev}:${i}`, dev, at)));
      else if (i % 4 === 1) ops.push(nudgeOp(nudge(`${dev}:${i}`, dev, at)));
      else ops.push(setOp(`routine.r${i % 50}`, i % 7 === 0 ? null : { n: i }, hlc(at, dev)));
    }
    // lib is ES2022 only (the package must run on the watch), so reach the host timer untyped
    const timer = (globalThis as unknown as { performance: { now(): number } }).performance;
    let s = emptySyncState();
    let elapsed = Number.POSITIVE_INFINITY;
    // best of two: the cores are shared with other suites; typical is ~150 ms
    for (let run = 0; run < 2; run++) {
      const started = timer.now();
      s = applyOps(emptySyncState(), ops);
      elapsed = Math.min(elapsed, timer.now() - started);
    }
    expect(Object.keys(s.sessions)).toHaveLength(25_000);
    expect(applyOps(s, ops.slice(0, 50_000))).toBe(s);
    expect(elapsed).toBeLessThan(1000);
  });
});
