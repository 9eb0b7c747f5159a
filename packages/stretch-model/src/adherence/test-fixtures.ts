/** Adherence and nudge tests: the shared builders with this suite's defaults (test-only). */
import type { NudgeEvent } from '../records/nudge-event.js';
import type { SessionRecord } from '../records/session-record.js';
import { buildNudgeEvent, buildSession } from '../testing/index.js';
import { epochAtLocal, type LocalDate, MS_PER_MINUTE } from '../time/civil-date.js';

export { holdResult, repsResult } from '../testing/index.js';

/** Epoch ms of a local wall time 'HH:MM' on `date` under `offset` minutes east of UTC. */
export function localAt(date: LocalDate, hhmm: string, offset: number): number {
  const [h, m] = hhmm.split(':').map(Number);
  return epochAtLocal(date, (h ?? 0) * 60 + (m ?? 0), offset);
}

let counter = 0;

/** An 8-minute session with no ratings and no steps, unless overridden; ids never repeat. */
export function makeSession(
  startedAt: number,
  utcOffsetMinutes: number,
  overrides: Partial<SessionRecord> = {},
): SessionRecord {
  counter++;
  return buildSession({
    id: `dev1:${startedAt}:${counter}`,
    deviceId: 'dev1',
    startedAt,
    endedAt: startedAt + 8 * MS_PER_MINUTE,
    utcOffsetMinutes,
    painBefore: null,
    painAfter: null,
    stretches: [],
    ...overrides,
  });
}

export function makeNudgeEvent(
  nudgeId: string,
  action: NudgeEvent['action'],
  at: number,
  utcOffsetMinutes: number,
): NudgeEvent {
  counter++;
  return buildNudgeEvent({
    id: `watch1:ev${counter}`,
    nudgeId,
    deviceId: 'watch1',
    action,
    at,
    timeZone: 'Europe/Berlin',
    utcOffsetMinutes,
  });
}
