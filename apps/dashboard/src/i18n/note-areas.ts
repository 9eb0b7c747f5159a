import { type NoteArea, type NoteAreaPick, noteAreaKey, noteAreaMessages } from '../core';
import { coreText } from './core-text';

/** An area of the body in the active locale ("Lower back", "Unterer Rücken"): the core's words. */
export const areaText = (area: NoteArea): string => coreText({ key: noteAreaKey(area) });

/**
 * The areas in words, in body order, in the active locale: "Upper back (center), Shoulder (left)",
 * "上背部（中间）、肩部（左侧）"; "" for none (the core's descriptors and list separator).
 */
export function noteAreasLocalized(areas: readonly NoteAreaPick[]): string {
  return noteAreaMessages(areas)
    .map(coreText)
    .join(coreText({ key: 'note.listSeparator' }));
}
