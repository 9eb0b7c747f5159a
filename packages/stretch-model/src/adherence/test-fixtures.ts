/** Builders for adherence and nudge tests (test-only; not exported from the package). */
import type { NudgeEvent } from '../records/nudge-event.js';
import type { SessionRecord, StretchResult } from '../records/session-record.js';
import { epochAtLocal, type LocalDate, MS_PER_MINUTE } from '../time/civil-date.js';

/** Epoch ms of a local wall time 'HH:MM' on `date` under `offset` minutes east of UTC. */
export function localAt(date: LocalDate, hhmm: string, offset: number): number {
  const [h, m] = hhmm.split(':').map(Number);
  return epochAtLocal(date, (h ?? 0) * 60 + (m ?? 0), offset);
}

let counter = 0;

export function makeSession(
  startedAt: number,
  utcOffsetMinutes: number,
  overrides: Partial<SessionRecord> = {},
): SessionRecord {
  counter++;
  return {
    id: `dev1:${startedAt}:${counter}`,
    deviceId: 'dev1',
    routineId: 'full-back',
    routineName: 'Full back',
    trigger: 'manual',
    outcome: 'completed',
    startedAt,
    endedAt: startedAt + 8 * MS_PER_MINUTE,
    timeZone: 'Europe/Berlin',
    utcOffsetMinutes,
    painBefore: null,
    painAfter: null,
    stretches: [],
    ...overrides,
  };
}

export function holdResult(
  stretchId: StretchResult['stretchId'],
  target: number,
  held: number,
  skipped = false,
): StretchResult {
  return {
    stretchId,
    side: 'none',
    kind: 'hold',
    targetSeconds: target,
    heldSeconds: held,
    targetReps: null,
    repsDone: null,
    skipped,
  };
}

export function repsResult(target: number, done: number, skipped = false): StretchResult {
  return {
    stretchId: 'cat-cow',
    side: 'none',
    kind: 'reps',
    targetSeconds: null,
    heldSeconds: null,
    targetReps: target,
    repsDone: done,
    skipped,
  };
}

export function makeNudgeEvent(
  nudgeId: string,
  action: NudgeEvent['action'],
  at: number,
  utcOffsetMinutes: number,
): NudgeEvent {
  counter++;
  return {
    id: `ev${counter}`,
    nudgeId,
    deviceId: 'watch1',
    action,
    at,
    timeZone: 'Europe/Berlin',
    utcOffsetMinutes,
  };
}
