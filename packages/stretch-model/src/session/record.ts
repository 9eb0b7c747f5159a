/**
 * Turns an ended session into the append-only `SessionRecord` that sync pushes everywhere. Only a
 * finished state (`done` or `aborted`) has a record; a run in progress gives null.
 */
import type { SessionRecord } from '../records/session-record.js';
import type { SessionState } from './state.js';

export function sessionRecord(state: SessionState): SessionRecord | null {
  if (state.phase !== 'done' && state.phase !== 'aborted') return null;
  const { info, startedAt, endedAt } = state;
  if (!info || startedAt === null || endedAt === null) return null;
  return {
    id: info.sessionId,
    deviceId: info.deviceId,
    routineId: state.routine.id,
    routineName: state.routine.name,
    trigger: info.trigger,
    outcome: state.phase === 'done' ? 'completed' : 'aborted',
    startedAt,
    endedAt,
    timeZone: info.timeZone,
    utcOffsetMinutes: info.utcOffsetMinutes,
    painBefore: state.painBefore,
    painAfter: state.painAfter,
    stretches: state.results.map((r) => ({ ...r })),
  };
}
