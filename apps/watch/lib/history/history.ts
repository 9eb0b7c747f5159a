import { listSessions } from '@unknot/stretch-model';
import { openReplica } from '../sync/replica-store.js';

/** One line of the watch's History page. */
export interface HistoryEntry {
  id: string;
  endedAt: number;
  utcOffsetMinutes: number;
  routineId: string;
  routineName: string;
  outcome: 'completed' | 'aborted';
  painBefore: number | null;
  painAfter: number | null;
}

/**
 * The latest sessions the watch knows, newest first: its own (also those not yet synced, or
 * never: no account needed) and, once paired, the ones synced from other devices. `openReplica`
 * folds in the runs still in the journal first, so a routine just finished is listed.
 */
export function recentSessions(limit: number): { entries: HistoryEntry[]; older: number } {
  const all = listSessions(openReplica().state())
    .slice()
    .sort((a, b) => b.endedAt - a.endedAt || (a.id < b.id ? -1 : 1));
  const entries = all.slice(0, limit).map((r) => ({
    id: r.id,
    endedAt: r.endedAt,
    utcOffsetMinutes: r.utcOffsetMinutes,
    routineId: r.routineId,
    routineName: r.routineName,
    outcome: r.outcome,
    painBefore: r.painBefore,
    painAfter: r.painAfter,
  }));
  return { entries, older: Math.max(0, all.length - entries.length) };
}
