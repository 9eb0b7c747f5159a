/**
 * Test builders shared by every suite that needs a session, a nudge event or an op: the core's own
 * tests, the server's, the system and fault tests, the dashboard's and the benchmarks. Each builder
 * gives a valid value with plain, hand-checkable defaults; pass overrides for what a test is about.
 *
 * Imported as `@unknot/stretch-model/testing`; not part of the watch bundle.
 */
import type { NudgeEvent } from '../records/nudge-event.js';
import type { Routine } from '../records/routine.js';
import type { SessionRecord, StretchResult } from '../records/session-record.js';
import type { Op } from '../sync/protocol.js';

/** 2026-11-02 08:00:00 UTC, a Monday: the default moment of every builder. */
export const TEST_BASE_MS = Date.UTC(2026, 10, 2, 8, 0, 0);

/** A fixed-width HLC string as the protocol writes it: 15-digit wall ms, 5-digit counter, device id. */
export function hlcAt(wallMs: number, counter: number, deviceId: string): string {
  return `${String(wallMs).padStart(15, '0')}:${String(counter).padStart(5, '0')}:${deviceId}`;
}

/** A hold step (one side or none); `true` as the last argument marks it skipped. */
export function holdResult(
  stretchId: StretchResult['stretchId'],
  targetSeconds: number,
  heldSeconds: number,
  overrides: Partial<StretchResult> | boolean = {},
): StretchResult {
  const o = typeof overrides === 'boolean' ? { skipped: overrides } : overrides;
  return {
    stretchId,
    side: 'none',
    kind: 'hold',
    targetSeconds,
    heldSeconds,
    targetReps: null,
    repsDone: null,
    skipped: false,
    ...o,
  };
}

/** A reps step (cat-cow unless overridden); `true` as the last argument marks it skipped. */
export function repsResult(
  targetReps: number,
  repsDone: number,
  overrides: Partial<StretchResult> | boolean = {},
): StretchResult {
  const o = typeof overrides === 'boolean' ? { skipped: overrides } : overrides;
  return {
    stretchId: 'cat-cow',
    side: 'none',
    kind: 'reps',
    targetSeconds: null,
    heldSeconds: null,
    targetReps,
    repsDone,
    skipped: false,
    ...o,
  };
}

/**
 * A finished session. Defaults: device `watch-1`, started at TEST_BASE_MS, 5 minutes long, Berlin in
 * winter (+60), pain 5 → 3, ten cat-cows and a 28.5 s of 30 s left seated twist. The id is
 * `${deviceId}:${startedAt}` unless given, so two builders for different devices never collide.
 */
export function buildSession(overrides: Partial<SessionRecord> = {}): SessionRecord {
  const deviceId = overrides.deviceId ?? 'watch-1';
  const startedAt = overrides.startedAt ?? TEST_BASE_MS;
  return {
    id: `${deviceId}:${startedAt}`,
    deviceId,
    routineId: 'full-back',
    routineName: 'Full back',
    trigger: 'manual',
    outcome: 'completed',
    startedAt,
    endedAt: startedAt + 5 * 60_000,
    timeZone: 'Europe/Berlin',
    utcOffsetMinutes: 60,
    painBefore: 5,
    painAfter: 3,
    stretches: [repsResult(10, 10), holdResult('seated-twist', 30, 28.5, { side: 'left' })],
    ...overrides,
  };
}

/** A nudge event. Defaults: device `watch-1`, "shown" at TEST_BASE_MS in UTC; id `${deviceId}:n${at}`. */
export function buildNudgeEvent(overrides: Partial<NudgeEvent> = {}): NudgeEvent {
  const deviceId = overrides.deviceId ?? 'watch-1';
  const at = overrides.at ?? TEST_BASE_MS;
  return {
    id: `${deviceId}:n${at}`,
    nudgeId: `${deviceId}:nudge${at}`,
    deviceId,
    action: 'shown',
    at,
    timeZone: 'UTC',
    utcOffsetMinutes: 0,
    ...overrides,
  };
}

/** A custom routine: eight cat-cows, 10 s rest, unless overridden (name defaults to `Routine <id>`). */
export function buildRoutine(id: string, overrides: Partial<Routine> = {}): Routine {
  return {
    id,
    name: `Routine ${id}`,
    kind: 'custom',
    restSeconds: 10,
    allowRepeats: false,
    items: [{ stretchId: 'cat-cow', holdSeconds: null, reps: 8, enabled: true }],
    ...overrides,
  };
}

/** The envelope of op `seq` of a device: opId `${deviceId}:${seq}`, HLC at `wallMs` (counter 0). */
function envelope(deviceId: string, seq: number, wallMs: number) {
  return { opId: `${deviceId}:${seq}`, deviceId, seq, hlc: hlcAt(wallMs, 0, deviceId) };
}

/** The session of `sessionOp(deviceId, seq)`: started `seq` minutes after TEST_BASE_MS. */
export function sessionRecord(
  deviceId: string,
  seq: number,
  overrides: Partial<SessionRecord> = {},
): SessionRecord {
  return buildSession({ deviceId, startedAt: TEST_BASE_MS + seq * 60_000, ...overrides });
}

/**
 * Op `seq` of a device finishing a session that started `seq` minutes after TEST_BASE_MS (so a run
 * of seqs gives distinct sessions); the HLC is the session's end.
 */
export function sessionOp(deviceId: string, seq: number, overrides: Partial<SessionRecord> = {}): Op {
  const payload = sessionRecord(deviceId, seq, overrides);
  return { ...envelope(deviceId, seq, payload.endedAt), type: 'session.finished', payload };
}

/** Op `seq` of a device recording a nudge event `seq` minutes after TEST_BASE_MS. */
export function nudgeOp(
  deviceId: string,
  seq: number,
  overrides: Partial<NudgeEvent> | NudgeEvent['action'] = {},
): Op {
  const o = typeof overrides === 'string' ? { action: overrides } : overrides;
  const payload = buildNudgeEvent({
    deviceId,
    at: TEST_BASE_MS + seq * 60_000,
    id: `${deviceId}:n${seq}`,
    nudgeId: `${deviceId}:nudge${seq}`,
    ...o,
  });
  return { ...envelope(deviceId, seq, payload.at), type: 'nudge.event', payload };
}

/**
 * Op `seq` of a device setting a register. The default is a tombstone of a custom routine (valid
 * without a value); the HLC is `wallMs + seq`, so later seqs win.
 */
export function registerOp(
  deviceId: string,
  seq: number,
  key = 'routine.custom-1',
  value: unknown = null,
  wallMs = TEST_BASE_MS,
): Op {
  return { ...envelope(deviceId, seq, wallMs + seq), type: 'register.set', payload: { key, value } } as Op;
}

/** `count` session ops of one device, seqs `fromSeq` … `fromSeq + count - 1`. */
export function sessionOps(deviceId: string, fromSeq: number, count: number): Op[] {
  return Array.from({ length: count }, (_, i) => sessionOp(deviceId, fromSeq + i));
}
