/**
 * Session notes' words as descriptors: the areas and sides a note picks, and the editor's
 * problems. The checks themselves stay in `sync/session-notes.ts` (its English texts unchanged);
 * the descriptors are made from a check's result and the draft it checked.
 */
import {
  AREA_SIDES,
  NOTE_AREAS,
  type NoteArea,
  type NoteAreaPick,
  type NoteSide,
} from '../records/session-note.js';
import type { SessionNoteDraft, SessionNoteError } from '../sync/session-notes.js';
import { SESSION_NOTE_MAX_LENGTH } from '../records/session-note.js';
import type { CoreMessage, CoreMessageKey } from './types.js';

/** "Upper back", as a label (`note.area.<area>`). */
export function noteAreaKey(area: NoteArea): CoreMessageKey {
  return `note.area.${area}` as CoreMessageKey;
}

/** "both sides" (`note.side.<side>`). */
export function noteSideKey(side: NoteSide): CoreMessageKey {
  return `note.side.${side}` as CoreMessageKey;
}

/** `noteAreaText` as a descriptor: "Lower back (left)". */
export function noteAreaMessage(pick: NoteAreaPick): CoreMessage {
  return {
    key: 'note.areaWithSide',
    params: { area: { key: noteAreaKey(pick.area) }, side: { key: noteSideKey(pick.side) } },
  };
}

/**
 * `noteAreasText` as descriptors, one per area in body order; join them with the locale's
 * `note.listSeparator` (", " in English, "、" in Chinese).
 */
export function noteAreaMessages(areas: readonly NoteAreaPick[]): CoreMessage[] {
  return [...areas]
    .sort((a, b) => NOTE_AREAS.indexOf(a.area) - NOTE_AREAS.indexOf(b.area))
    .map(noteAreaMessage);
}

function sidesList(area: NoteArea): CoreMessage {
  const sides = AREA_SIDES[area].map((s) => ({ key: noteSideKey(s) }));
  return sides.length === 3
    ? { key: 'note.sides.3', params: { a: sides[0] ?? '', b: sides[1] ?? '', c: sides[2] ?? '' } }
    : {
        key: 'note.sides.4',
        params: { a: sides[0] ?? '', b: sides[1] ?? '', c: sides[2] ?? '', d: sides[3] ?? '' },
      };
}

/** A `validateSessionNote` problem as a descriptor, from the error and the draft it was found in. */
export function sessionNoteErrorMessage(error: SessionNoteError, draft: SessionNoteDraft): CoreMessage {
  switch (error.code) {
    case 'tooLong': {
      const length = typeof draft.note === 'string' ? draft.note.trim().length : 0;
      return { key: 'note.error.tooLong', params: { max: SESSION_NOTE_MAX_LENGTH, length } };
    }
    case 'repeatedArea':
    case 'sideNotApplicable': {
      const index = Number(error.path.split('.')[1]);
      const area = draft.areas[index]?.area as NoteArea;
      if ((NOTE_AREAS as readonly string[]).indexOf(area) < 0) return { key: 'note.error.unknownArea' };
      return error.code === 'repeatedArea'
        ? { key: 'note.error.repeatedArea', params: { area: { key: noteAreaKey(area) } } }
        : {
            key: 'note.error.sideNotApplicable',
            params: {
              area: { key: `note.areaInSentence.${area}` as CoreMessageKey },
              sides: sidesList(area),
            },
          };
    }
    default:
      return { key: `note.error.${error.code}` };
  }
}
