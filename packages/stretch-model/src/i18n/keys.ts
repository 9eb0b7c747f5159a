/**
 * Key builders for the data the core keeps in English (catalog, tips, safety, built-in
 * routines), so every shell names the same key the same way. The scheme:
 *
 * - `stretch.<id>.name|shortName|setup|description|whyItHelps|pictureAlt`,
 *   `stretch.<id>.step.<n>`, `.caution.<n>`, `.muscle.<n>` (1-based, in the catalog's order),
 *   `stretch.<id>.inhaleCue|exhaleCue` (paced stretches only);
 * - `safety.<seeProfessional|afterPainfulRun|disclaimer|stopOnSharpPain>.short|long`;
 * - `tip.<id>.title|text|detail`; `routine.<id>.name` (built-ins);
 * - messages of rules: `advice.seeProfessional.<reason>`, `reminder.problem.<code>`,
 *   `routine.error.*`, `advisory.*`, `settings.error.*`, `firstRun.problem.*`, `name.*`,
 *   `device.*`, `account.*`, `duration.*`, `cue.*`, `session.*`, `report.*`.
 */
import type { Stretch } from '../catalog/stretches.js';
import type { TipId } from '../catalog/tips.js';
import type { StretchId } from '../records/ids.js';
import type { CoreMessage, CoreMessageKey } from './types.js';

export type StretchTextField = 'name' | 'shortName' | 'setup' | 'description' | 'whyItHelps' | 'pictureAlt';
export type StretchListField = 'step' | 'caution' | 'muscle';

/** `stretch.<id>.<field>`. */
export function stretchKey(id: StretchId, field: StretchTextField): CoreMessageKey {
  return `stretch.${id}.${field}` as CoreMessageKey;
}

/** `stretch.<id>.<field>.<n>`, n 1-based (the first step is `step.1`). */
export function stretchListKey(id: StretchId, field: StretchListField, n: number): CoreMessageKey {
  return `stretch.${id}.${field}.${n}` as CoreMessageKey;
}

/** `stretch.<id>.inhaleCue|exhaleCue` (only paced stretches have them). */
export function stretchCueKey(id: StretchId, breath: 'inhale' | 'exhale'): CoreMessageKey {
  return `stretch.${id}.${breath}Cue` as CoreMessageKey;
}

/** The watch lines of a stretch, `[setup, ...steps]`, as messages. */
export function stretchLineMessages(stretch: Pick<Stretch, 'id' | 'steps'>): CoreMessage[] {
  return [
    { key: stretchKey(stretch.id, 'setup') },
    ...stretch.steps.map((_, i) => ({ key: stretchListKey(stretch.id, 'step', i + 1) })),
  ];
}

/** A stretch's name (or short name) as a message, e.g. for a `{stretch}` param. */
export function stretchNameMessage(id: StretchId, short = false): CoreMessage {
  return { key: stretchKey(id, short ? 'shortName' : 'name') };
}

export function tipKey(id: TipId, field: 'title' | 'text' | 'detail'): CoreMessageKey {
  return `tip.${id}.${field}` as CoreMessageKey;
}

export type SafetyMessageName = 'seeProfessional' | 'afterPainfulRun' | 'disclaimer' | 'stopOnSharpPain';

export function safetyKey(name: SafetyMessageName, length: 'short' | 'long'): CoreMessageKey {
  return `safety.${name}.${length}` as CoreMessageKey;
}

/** `routine.<id>.name` for a built-in routine; null for any other id (a person's own name stays theirs). */
export function builtinRoutineNameKey(id: string): CoreMessageKey | null {
  return id === 'full-back' || id === 'desk-upper' || id === 'desk-reach' || id === 'floor-break'
    ? (`routine.${id}.name` as CoreMessageKey)
    : null;
}
