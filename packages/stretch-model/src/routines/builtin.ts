/**
 * Routines that ship with the app. `full-back` runs all six stretches in catalog order. The
 * micro-breaks fit in two minutes including get-ready countdowns and rests; the `desk-*` ones use
 * only stretches you can do standing by a desk (a doorway and a wall are never far), while
 * `floor-break` is for when there is room to sit on the floor.
 */
import { builtinRoutineNameKey } from '../i18n/keys.js';
import type { CoreMessage } from '../i18n/types.js';
import type { Routine, RoutineItem } from '../records/routine.js';
import type { StretchId } from '../records/ids.js';

function hold(stretchId: StretchId, holdSeconds: number): RoutineItem {
  return { stretchId, holdSeconds, reps: null, enabled: true };
}

function reps(stretchId: StretchId, count: number): RoutineItem {
  return { stretchId, holdSeconds: null, reps: count, enabled: true };
}

/** Micro-breaks must not take longer than this, countdowns and rests included. */
export const MICRO_BREAK_MAX_SECONDS = 120;

export const BUILTIN_ROUTINES: readonly Routine[] = [
  {
    id: 'full-back',
    name: 'Full back routine',
    kind: 'full',
    restSeconds: 10,
    allowRepeats: false,
    items: [
      hold('upper-back', 30),
      hold('doorway-chest', 30),
      hold('childs-pose', 30),
      reps('cat-cow', 8),
      hold('seated-twist', 30),
      hold('wall-lat', 30),
    ],
  },
  {
    id: 'desk-upper',
    name: 'Desk break: upper back',
    kind: 'micro',
    restSeconds: 5,
    allowRepeats: false,
    items: [hold('upper-back', 30), hold('doorway-chest', 30), hold('wall-lat', 25)],
  },
  {
    id: 'desk-reach',
    name: 'Desk break: reach and open',
    kind: 'micro',
    restSeconds: 5,
    allowRepeats: false,
    items: [hold('wall-lat', 30), hold('upper-back', 30)],
  },
  {
    id: 'floor-break',
    name: 'Floor break: twist and rest',
    kind: 'micro',
    restSeconds: 5,
    allowRepeats: false,
    items: [hold('seated-twist', 25), hold('childs-pose', 25)],
  },
];

/** A built-in routine by id, or `undefined`. */
export function getBuiltinRoutine(id: string): Routine | undefined {
  return BUILTIN_ROUTINES.find((r) => r.id === id);
}

/**
 * How a routine's name reads in the reader's language. A built-in routine still under the name it
 * shipped with is shown by that name's message (its translation); a name the person gave it, or a
 * built-in they renamed, is theirs and stays as it is (null: show `name`). Without an id (a report
 * row knows only the name) a name equal to a built-in's shipped name counts as that built-in's.
 * The one rule the watch, the dashboard and the therapist report all follow.
 */
export function routineNameMessage(routine: { id?: string | null; name: string }): CoreMessage | null {
  const builtin =
    routine.id === undefined || routine.id === null
      ? BUILTIN_ROUTINES.find((r) => r.name === routine.name)
      : BUILTIN_ROUTINES.find((r) => r.id === routine.id);
  if (!builtin || builtin.name !== routine.name) return null;
  const key = builtinRoutineNameKey(builtin.id);
  return key ? { key } : null;
}
