/**
 * Session notes in the sync state: where a note is kept (`note.<session id>`, a last-writer-wins
 * register of the op table's `sessionNote` family), how to read it, and the checks an editor runs
 * before writing one, with typed errors and kind messages.
 *
 * A note for a session this state does not hold (yet) is kept like any register: the session may
 * come from another device that has not synced. `getSessionNote` answers by session id alone, so
 * the note shows the moment its session arrives; views that list sessions never show it before.
 */
import * as v from 'valibot';
import { RecordIdSchema } from '../records/ids.js';
import {
  AREA_SIDES,
  isPlainText,
  NOTE_AREAS,
  type NoteArea,
  type NoteAreaPick,
  type NoteSide,
  SESSION_NOTE_MAX_LENGTH,
  type SessionNote,
  SessionNoteSchema,
} from '../records/session-note.js';
import { getRegister, type SyncState } from './merge.js';
import { recordIdProblem, reownRecordId } from './op-table.js';

export const SESSION_NOTE_KEY_PREFIX = 'note.';

/** The register key a session's note is stored under. */
export function sessionNoteKey(sessionId: string): string {
  return `${SESSION_NOTE_KEY_PREFIX}${sessionId}`;
}

/** True when a note says nothing: no text and no areas (how a note is cleared). */
export function isEmptySessionNote(note: Pick<SessionNote, 'note' | 'areas'>): boolean {
  return note.note === '' && note.areas.length === 0;
}

/**
 * The note on a session, or null when there is none: never written, cleared (empty, or a
 * tombstone), or a value that does not parse or names another session. Areas come in body order
 * (upper back first), whatever order they were written in.
 */
export function getSessionNote(state: SyncState, sessionId: string): SessionNote | null {
  const entry = getRegister(state, sessionNoteKey(sessionId));
  if (!entry || entry.value === null) return null;
  const parsed = v.safeParse(SessionNoteSchema, entry.value);
  if (!parsed.success || parsed.output.sessionId !== sessionId || isEmptySessionNote(parsed.output))
    return null;
  return { ...parsed.output, areas: sortAreas(parsed.output.areas) };
}

/** Every note this state holds, by session id (sessions not held yet included). */
export function getSessionNotes(state: SyncState): Record<string, SessionNote> {
  const out: Record<string, SessionNote> = {};
  for (const key of Object.keys(state.registers).sort()) {
    if (key.slice(0, SESSION_NOTE_KEY_PREFIX.length) !== SESSION_NOTE_KEY_PREFIX) continue;
    const id = key.slice(SESSION_NOTE_KEY_PREFIX.length);
    const note = getSessionNote(state, id);
    if (note)
      Object.defineProperty(out, id, { value: note, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function sortAreas(areas: readonly NoteAreaPick[]): NoteAreaPick[] {
  return [...areas].sort((a, b) => NOTE_AREAS.indexOf(a.area) - NOTE_AREAS.indexOf(b.area));
}

// ---- editing ----

export const SESSION_NOTE_ERROR_CODES = [
  'badSessionId',
  'tooLong',
  'notPlainText',
  'unknownArea',
  'sideNotApplicable',
  'repeatedArea',
] as const;
export type SessionNoteErrorCode = (typeof SESSION_NOTE_ERROR_CODES)[number];

export interface SessionNoteError {
  code: SessionNoteErrorCode;
  /** `sessionId`, `note`, or `areas.<index>` */
  path: string;
  message: string;
}

/** What an editor hands in: the text as typed (it is trimmed here) and the picked areas. */
export interface SessionNoteDraft {
  sessionId: string;
  note: string;
  areas: readonly { area: string; side: string }[];
}

export type SessionNoteValidation =
  | { ok: true; value: SessionNote }
  | { ok: false; errors: SessionNoteError[] };

/**
 * Checks a note before it is written: the text trimmed, at most 280 characters of plain text;
 * each area known, at most once, with a side it can have; the session id of record-id shape.
 * The value returned is what to write (areas in body order). All problems are reported at once.
 */
export function validateSessionNote(draft: SessionNoteDraft): SessionNoteValidation {
  const errors: SessionNoteError[] = [];
  const text = typeof draft.note === 'string' ? draft.note.trim() : '';
  if (!v.is(RecordIdSchema, draft.sessionId))
    errors.push({
      code: 'badSessionId',
      path: 'sessionId',
      message: 'This session cannot be found, so the note was not saved.',
    });
  if (text.length > SESSION_NOTE_MAX_LENGTH)
    errors.push({
      code: 'tooLong',
      path: 'note',
      message: `Please keep the note to ${SESSION_NOTE_MAX_LENGTH} characters (it has ${text.length}).`,
    });
  else if (!isPlainText(text))
    errors.push({
      code: 'notPlainText',
      path: 'note',
      message: 'The note has characters that cannot be shown; please type it as plain text.',
    });
  const seen: string[] = [];
  const areas: NoteAreaPick[] = [];
  draft.areas.forEach((pick, i) => {
    const path = `areas.${i}`;
    if (!(NOTE_AREAS as readonly string[]).includes(pick.area)) {
      errors.push({ code: 'unknownArea', path, message: 'Choose an area from the list.' });
      return;
    }
    const area = pick.area as NoteArea;
    if (seen.includes(area)) {
      errors.push({
        code: 'repeatedArea',
        path,
        message: `${AREA_LABELS[area]} is picked twice; pick it once, with "both sides" if it is both.`,
      });
      return;
    }
    seen.push(area);
    if (!(AREA_SIDES[area] as readonly string[]).includes(pick.side)) {
      errors.push({
        code: 'sideNotApplicable',
        path,
        message: `For ${AREA_LABELS[area].toLowerCase()}, choose ${AREA_SIDES[area].map((s) => SIDE_LABELS[s]).join(', ')}.`,
      });
      return;
    }
    areas.push({ area, side: pick.side as NoteSide });
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { sessionId: draft.sessionId, note: text, areas: sortAreas(areas) } };
}

/** The register write of a checked note, for `replica.record('register.set', …)`. */
export function sessionNoteWrite(note: SessionNote): { key: string; value: SessionNote } {
  return { key: sessionNoteKey(note.sessionId), value: note };
}

/**
 * A queued note write re-made for a watch that pairing gave a new device id: its sessions are
 * re-owned (`reownRecord`), so a note on one of them follows, key and `sessionId` alike (the same
 * way every time). Any other register write, or a note on another device's session, is unchanged.
 */
export function reownSessionNoteWrite<P extends { key: string; value: unknown }>(
  payload: P,
  fromDevice: string,
  toDevice: string,
): P {
  if (payload.key.slice(0, SESSION_NOTE_KEY_PREFIX.length) !== SESSION_NOTE_KEY_PREFIX) return payload;
  const sessionId = payload.key.slice(SESSION_NOTE_KEY_PREFIX.length);
  if (recordIdProblem(sessionId, fromDevice) !== null) return payload;
  const id = reownRecordId(sessionId, fromDevice, toDevice);
  const value =
    payload.value !== null && typeof payload.value === 'object'
      ? { ...(payload.value as object), sessionId: id }
      : payload.value;
  return { ...payload, key: sessionNoteKey(id), value };
}

// ---- words ----

export const AREA_LABELS: { readonly [A in NoteArea]: string } = {
  upperBack: 'Upper back',
  midBack: 'Mid back',
  lowerBack: 'Lower back',
  chest: 'Chest',
  shoulder: 'Shoulder',
};

export const SIDE_LABELS: { readonly [S in NoteSide]: string } = {
  center: 'center',
  left: 'left',
  right: 'right',
  both: 'both sides',
};

/** "Lower back (left)", "Shoulder (both sides)". */
export function noteAreaText(pick: NoteAreaPick): string {
  return `${AREA_LABELS[pick.area]} (${SIDE_LABELS[pick.side]})`;
}

/** The areas in words, in body order: "Upper back (center), Shoulder (left)"; "" for none. */
export function noteAreasText(areas: readonly NoteAreaPick[]): string {
  return sortAreas(areas).map(noteAreaText).join(', ');
}

/**
 * The start of a note for a list row: whole when it fits in `max` characters, else cut at the
 * last space before the limit (or at the limit in a long word) with an ellipsis; line breaks
 * become spaces.
 */
export function noteExcerpt(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
