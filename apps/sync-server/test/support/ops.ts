import type { Op, SessionRecord } from '@unknot/stretch-model';

/** Fixed-width HLC string as the protocol defines it. */
export function hlcAt(wallMs: number, counter: number, deviceId: string): string {
  return `${String(wallMs).padStart(15, '0')}:${String(counter).padStart(5, '0')}:${deviceId}`;
}

const BASE_MS = Date.UTC(2026, 10, 2, 8, 0, 0);

export function sessionRecord(
  deviceId: string,
  seq: number,
  overrides: Partial<SessionRecord> = {},
): SessionRecord {
  const startedAt = BASE_MS + seq * 60_000;
  return {
    id: `${deviceId}:${startedAt}`,
    deviceId,
    routineId: 'full-back',
    routineName: 'Full back',
    trigger: 'manual',
    outcome: 'completed',
    startedAt,
    endedAt: startedAt + 300_000,
    timeZone: 'Europe/Berlin',
    utcOffsetMinutes: 60,
    painBefore: 5,
    painAfter: 3,
    stretches: [
      {
        stretchId: 'cat-cow',
        side: 'none',
        kind: 'reps',
        targetSeconds: null,
        heldSeconds: null,
        targetReps: 10,
        repsDone: 10,
        skipped: false,
      },
      {
        stretchId: 'seated-twist',
        side: 'left',
        kind: 'hold',
        targetSeconds: 30,
        heldSeconds: 28.5,
        targetReps: null,
        repsDone: null,
        skipped: false,
      },
    ],
    ...overrides,
  };
}

export function sessionOp(deviceId: string, seq: number, overrides: Partial<SessionRecord> = {}): Op {
  const payload = sessionRecord(deviceId, seq, overrides);
  return {
    opId: `${deviceId}:${seq}`,
    deviceId,
    seq,
    hlc: hlcAt(payload.endedAt, 0, deviceId),
    type: 'session.finished',
    payload,
  };
}

export function nudgeOp(deviceId: string, seq: number, action: 'shown' | 'started' = 'shown'): Op {
  const at = BASE_MS + seq * 60_000;
  return {
    opId: `${deviceId}:${seq}`,
    deviceId,
    seq,
    hlc: hlcAt(at, 0, deviceId),
    type: 'nudge.event',
    payload: {
      id: `${deviceId}:n${seq}`,
      nudgeId: `${deviceId}:nudge${seq}`,
      deviceId,
      action,
      at,
      timeZone: 'UTC',
      utcOffsetMinutes: 0,
    },
  };
}

/** A register tombstone: valid without needing a routine or settings value. */
export function registerOp(deviceId: string, seq: number, key = 'routine.custom-1', wallMs = BASE_MS): Op {
  return {
    opId: `${deviceId}:${seq}`,
    deviceId,
    seq,
    hlc: hlcAt(wallMs + seq, 0, deviceId),
    type: 'register.set',
    payload: { key, value: null },
  };
}

/** `count` session ops of one device starting at `fromSeq`. */
export function sessionOps(deviceId: string, fromSeq: number, count: number): Op[] {
  return Array.from({ length: count }, (_, i) => sessionOp(deviceId, fromSeq + i));
}
