import { NOTE_AREAS, type NoteArea, type NoteAreaPick, type NoteSide } from '../core';
import { type MessageKey, t } from './i18n';

/** An area of the body in the active locale ("Lower back", "Unterer Rücken"). */
export const areaText = (area: NoteArea): string => t(`area.${area}` as MessageKey);
const sideText = (side: NoteSide): string => t(`areaSide.${side}` as MessageKey);

/**
 * The areas in words, in body order, in the active locale: "Upper back (center), Shoulder (left)";
 * "" for none (the core's `noteAreasText`, translated).
 */
export function noteAreasLocalized(areas: readonly NoteAreaPick[]): string {
  return [...areas]
    .sort((a, b) => NOTE_AREAS.indexOf(a.area) - NOTE_AREAS.indexOf(b.area))
    .map((p) => t('areaPick', { area: areaText(p.area), side: sideText(p.side) }))
    .join(', ');
}
