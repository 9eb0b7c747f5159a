/**
 * A person's note on one session and where it hurt: a short plain-text note and the areas of the
 * back (and chest, shoulders) they felt it in. It lives in its own last-writer-wins register,
 * `note.<session id>` (the op table's `sessionNote` family), not in the session record: the watch
 * makes the session record once and never edits it, while a note can be added, edited or cleared
 * later from any device. See `sync/session-notes.ts` for the accessors and the edit checks.
 */
import * as v from 'valibot';
import { RecordIdSchema } from './ids.js';

/** Where it hurt, from the neck down. Never rename: stored notes refer to them. */
export const NOTE_AREAS = ['upperBack', 'midBack', 'lowerBack', 'chest', 'shoulder'] as const;
export type NoteArea = (typeof NOTE_AREAS)[number];

/** Which side of an area: `center` is along the spine (or the breastbone), `both` is both sides. */
export const NOTE_SIDES = ['center', 'left', 'right', 'both'] as const;
export type NoteSide = (typeof NOTE_SIDES)[number];

/** The sides each area can have: a shoulder is left, right or both, never in the middle. */
export const AREA_SIDES: { readonly [A in NoteArea]: readonly NoteSide[] } = {
  upperBack: NOTE_SIDES,
  midBack: NOTE_SIDES,
  lowerBack: NOTE_SIDES,
  chest: NOTE_SIDES,
  shoulder: ['left', 'right', 'both'],
};

/** The longest note, in characters (UTF-16 units, as a browser's `maxlength` counts them). */
export const SESSION_NOTE_MAX_LENGTH = 280;

/**
 * Plain text: no control characters but line breaks and tabs (no escape sequences, no NULs), so a
 * note prints the same in History, the report and a CSV.
 */
export function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x0a && c !== 0x09) || c === 0x7f) return false;
  }
  return true;
}

function isTrimmed(text: string): boolean {
  return text === text.trim();
}

function sideFits(a: { area: NoteArea; side: NoteSide }): boolean {
  return AREA_SIDES[a.area].indexOf(a.side) >= 0;
}

function eachAreaOnce(areas: { area: NoteArea; side: NoteSide }[]): boolean {
  for (let i = 0; i < areas.length; i++)
    for (let j = i + 1; j < areas.length; j++)
      if ((areas[i] as { area: NoteArea }).area === (areas[j] as { area: NoteArea }).area) return false;
  return true;
}

export const NoteAreaSchema = v.pipe(
  v.object({ area: v.picklist(NOTE_AREAS), side: v.picklist(NOTE_SIDES) }),
  v.check(sideFits, 'a shoulder is left, right or both'),
);
export type NoteAreaPick = v.InferOutput<typeof NoteAreaSchema>;

/**
 * The note register's value. `note` is trimmed plain text of at most 280 characters and may be
 * empty; `areas` names each area at most once. An empty note with no areas reads as no note (so
 * does a `null` tombstone): that is how a note is cleared.
 */
export const SessionNoteSchema = v.object({
  sessionId: RecordIdSchema,
  note: v.pipe(
    v.string(),
    v.maxLength(SESSION_NOTE_MAX_LENGTH, `a note is at most ${SESSION_NOTE_MAX_LENGTH} characters`),
    v.check(isTrimmed, 'a note has no leading or trailing spaces'),
    v.check(isPlainText, 'a note is plain text'),
  ),
  areas: v.pipe(
    v.array(NoteAreaSchema),
    v.maxLength(NOTE_AREAS.length),
    v.check(eachAreaOnce, 'each area at most once'),
  ),
});
export type SessionNote = v.InferOutput<typeof SessionNoteSchema>;
