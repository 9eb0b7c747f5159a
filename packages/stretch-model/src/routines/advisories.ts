/**
 * Gentle advice beside the hard bounds. `validateRoutine` refuses what cannot run (holds outside
 * 10–60 s, reps outside 4–20); inside those bounds a value may still leave the ranges the guide
 * recommends — holds of 20–30 seconds, cat-cow 8–10 times. Such a routine is allowed (some people
 * start shorter, or like a longer hold), but the editor says so. Advisories never block a save.
 */
import { getStretch } from '../catalog/stretches.js';
import type { StretchId } from '../records/ids.js';
import type { RoutineItem } from '../records/routine.js';
import type { CoreMessage } from '../i18n/types.js';
import { stretchNameMessage } from '../i18n/keys.js';

export const ROUTINE_ADVISORY_CODES = ['holdOutsideGuide', 'repsOutsideGuide'] as const;
export type RoutineAdvisoryCode = (typeof ROUTINE_ADVISORY_CODES)[number];

export interface RoutineAdvisory {
  code: RoutineAdvisoryCode;
  /** Dot path of the value, as in `RoutineError` (e.g. `items.2.holdSeconds`). */
  path: string;
  stretchId: StretchId;
  value: number;
  /** The guide's recommended range. */
  min: number;
  max: number;
  /** A kind, plain sentence for the editor. */
  message: string;
  /** `message` as a descriptor for any locale (`advisory.*`, with the stretch's name as `{stretch}`). */
  i18n: CoreMessage;
}

/**
 * The values of a routine's enabled items that lie outside the guide's ranges, in item order.
 * Accepts any routine-like input; items it cannot read (unknown stretch, missing number) are
 * skipped — `validateRoutine` reports those.
 */
export function routineAdvisories(routine: { items: readonly RoutineItem[] }): RoutineAdvisory[] {
  const out: RoutineAdvisory[] = [];
  for (let i = 0; i < routine.items.length; i++) {
    const item = routine.items[i];
    if (!item?.enabled) continue;
    const stretch = getStretch(item.stretchId as string);
    if (!stretch) continue;
    const d = stretch.dosage;
    if (d.kind === 'hold') {
      const value = item.holdSeconds;
      if (typeof value !== 'number') continue;
      const min = d.recommendedMinSeconds;
      const max = d.recommendedMaxSeconds;
      if (value >= min && value <= max) continue;
      out.push({
        code: 'holdOutsideGuide',
        path: `items.${i}.holdSeconds`,
        stretchId: stretch.id,
        value,
        min,
        max,
        message:
          value < min
            ? `${stretch.name}: ${value} s is shorter than the ${min}–${max} seconds the guide suggests. That's fine while you build up.`
            : `${stretch.name}: ${value} s is longer than the ${min}–${max} seconds the guide suggests. Ease off if it starts to hurt.`,
        i18n: {
          key: value < min ? 'advisory.holdShort' : 'advisory.holdLong',
          params: { stretch: stretchNameMessage(stretch.id), value, min, max },
        },
      });
    } else {
      const value = item.reps;
      if (typeof value !== 'number') continue;
      const min = d.recommendedMinReps;
      const max = d.recommendedMaxReps;
      if (value >= min && value <= max) continue;
      out.push({
        code: 'repsOutsideGuide',
        path: `items.${i}.reps`,
        stretchId: stretch.id,
        value,
        min,
        max,
        message:
          value < min
            ? `${stretch.name}: ${value} times is fewer than the ${min}–${max} the guide suggests.`
            : `${stretch.name}: ${value} times is more than the ${min}–${max} the guide suggests. Go slowly.`,
        i18n: {
          key: value < min ? 'advisory.repsFew' : 'advisory.repsMany',
          params: { stretch: stretchNameMessage(stretch.id), value, min, max },
        },
      });
    }
  }
  return out;
}
