import {
  getSessionNote,
  type NoteArea,
  type NoteSide,
  reownRecord,
  sessionNoteWrite,
  sessionRecord,
  type SessionState,
  validateSessionNote,
} from '@unknot/stretch-model';
import { openReplica } from '../sync/replica-store.js';

/** One area and side picked on the summary's "Where?" step. */
export interface WherePick {
  area: NoteArea;
  side: NoteSide;
}

/**
 * Records where it hurt for a finished run: the session's note register (`note.<session id>`)
 * gains the picked area, as one op in the replica's persisted outbox, pushed by the next sync like
 * the session itself. Opening the replica folds the journal in first, so the session is queued
 * before its note and the note names the session's id as the replica holds it. A note already
 * there (text from the dashboard, another area) is kept. Returns whether it was recorded.
 */
export function recordWhere(state: SessionState, pick: WherePick): boolean {
  const record = sessionRecord(state);
  if (!record) return false;
  const replica = openReplica();
  const sessionId = reownRecord(record, replica.deviceId).id;
  const existing = getSessionNote(replica.state(), sessionId);
  const areas = (existing?.areas ?? []).filter((a) => a.area !== pick.area);
  areas.push(pick);
  const checked = validateSessionNote({ sessionId, note: existing?.note ?? '', areas });
  if (!checked.ok) return false;
  return replica.record('register.set', sessionNoteWrite(checked.value)).ok;
}
