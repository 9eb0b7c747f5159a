import type { NoteAreaPick, NudgeEvent, SessionNote, SessionRecord } from '@unknot/stretch-model';
import { getSessionNotes, listNudgeEvents, listSessions } from '@unknot/stretch-model';
import type { SnapshotService } from './snapshot.service.js';

export type ExportKind = 'sessions' | 'nudges';
export type ExportFormat = 'csv' | 'json';

/** Columns of the sessions CSV: one row per stretch (and side) of a session. */
export const SESSION_CSV_COLUMNS = [
  'session_id',
  'device_id',
  'routine_id',
  'routine_name',
  'trigger',
  'outcome',
  'started_at_utc',
  'ended_at_utc',
  'local_date',
  'time_zone',
  'utc_offset_minutes',
  'duration_seconds',
  'pain_before',
  'pain_after',
  'stretch_index',
  'stretch_id',
  'side',
  'kind',
  'target_seconds',
  'held_seconds',
  'target_reps',
  'reps_done',
  'skipped',
  // the person's note on the session and where it hurt (last, so the columns before keep their place)
  'note',
  'note_areas',
] as const;

export const NUDGE_CSV_COLUMNS = [
  'event_id',
  'nudge_id',
  'device_id',
  'action',
  'at_utc',
  'local_date',
  'local_time',
  'time_zone',
  'utc_offset_minutes',
] as const;

/** Exports the materialised state: what the user sees, not the raw log. */
export class ExportService {
  constructor(private readonly snapshots: SnapshotService) {}

  async export(
    userId: string,
    kind: ExportKind,
    format: ExportFormat,
  ): Promise<{ body: string; contentType: string; filename: string }> {
    const { state } = await this.snapshots.materialise(userId);
    const filename = `unknot-${kind}.${format}`;
    const notes = kind === 'sessions' ? getSessionNotes(state) : {};
    const sessions = kind === 'sessions' ? listSessions(state) : [];
    const events = kind === 'nudges' ? listNudgeEvents(state) : [];
    if (format === 'json') {
      // each session with its note ({ note, areas }) or null, as the CSV's last two columns
      const rows = kind === 'sessions' ? sessions.map((s) => ({ ...s, note: noteOf(notes, s.id) })) : events;
      return {
        body: `${JSON.stringify(rows, null, 2)}\n`,
        contentType: 'application/json; charset=utf-8',
        filename,
      };
    }
    const body = kind === 'sessions' ? sessionsCsv(sessions, notes) : nudgesCsv(events);
    return { body, contentType: 'text/csv; charset=utf-8', filename };
  }
}

/** A session's note as exported: its text and areas, null when it has none. */
function noteOf(
  notes: Readonly<Record<string, SessionNote>>,
  sessionId: string,
): { note: string; areas: NoteAreaPick[] } | null {
  const n = Object.hasOwn(notes, sessionId) ? notes[sessionId] : undefined;
  return n ? { note: n.note, areas: n.areas } : null;
}

/** `lowerBack:left;shoulder:right`: each area and side as the note register stores them, body order. */
function areasCell(areas: readonly NoteAreaPick[]): string {
  return areas.map((a) => `${a.area}:${a.side}`).join(';');
}

/** `notes`: the notes by session id (the core's getSessionNotes); each goes on every row of its session. */
export function sessionsCsv(
  sessions: readonly SessionRecord[],
  notes: Readonly<Record<string, SessionNote>> = {},
): string {
  const lines: string[] = [SESSION_CSV_COLUMNS.join(',')];
  for (const s of sessions) {
    const note = noteOf(notes, s.id);
    const noteCells = [note?.note ?? '', note ? areasCell(note.areas) : ''];
    const base = [
      s.id,
      s.deviceId,
      s.routineId,
      s.routineName,
      s.trigger,
      s.outcome,
      iso(s.startedAt),
      iso(s.endedAt),
      localIso(s.startedAt, s.utcOffsetMinutes).slice(0, 10),
      s.timeZone,
      s.utcOffsetMinutes,
      Math.round((s.endedAt - s.startedAt) / 1000),
      s.painBefore,
      s.painAfter,
    ];
    // a session without stretches still gets a row, so it is counted
    const stretches = s.stretches.length > 0 ? s.stretches : [null];
    stretches.forEach((r, i) => {
      const cells = r
        ? [
            i + 1,
            r.stretchId,
            r.side,
            r.kind,
            r.targetSeconds,
            r.heldSeconds,
            r.targetReps,
            r.repsDone,
            r.skipped,
          ]
        : ['', '', '', '', '', '', '', '', ''];
      lines.push([...base, ...cells, ...noteCells].map(csvCell).join(','));
    });
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function nudgesCsv(events: readonly NudgeEvent[]): string {
  const lines: string[] = [NUDGE_CSV_COLUMNS.join(',')];
  for (const e of events) {
    const local = localIso(e.at, e.utcOffsetMinutes);
    lines.push(
      [
        e.id,
        e.nudgeId,
        e.deviceId,
        e.action,
        iso(e.at),
        local.slice(0, 10),
        local.slice(11, 16),
        e.timeZone,
        e.utcOffsetMinutes,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Every instant the wire accepts (EPOCH_MS_MIN … EPOCH_MS_MAX, offsets ±14 h) formats; a record
 * stored before those bounds existed may hold one that does not (`8.64e15 + 1` is an Invalid
 * Date): its cell is left empty rather than failing the whole export.
 */
function iso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** Wall-clock time where the record was made, from its stored UTC offset. */
function localIso(ms: number, offsetMinutes: number): string {
  return iso(ms + offsetMinutes * 60_000);
}

/** RFC 4180 quoting; cells starting with = + - @ are prefixed with ' so spreadsheets do not run them. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
