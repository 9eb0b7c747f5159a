/**
 * Making, copying and removing routines, the rules the dashboard's buttons follow. A routine lives
 * in the register `routine.<id>`; writing null there is a tombstone: a custom routine is gone, a
 * built-in one is back to how it ships (`BUILTIN_ROUTINES`). Built-ins cannot be deleted, only
 * reset, and the routine the plan runs daily cannot be deleted until another one is chosen.
 */
import { CATALOG, getStretch, type Stretch } from '../catalog/stretches.js';
import type { StretchId } from '../records/ids.js';
import {
  ROUTINE_MAX_ITEMS,
  ROUTINE_NAME_MAX_LENGTH,
  type Routine,
  type RoutineItem,
} from '../records/routine.js';
import { getBuiltinRoutine } from './builtin.js';
import type { CoreMessage } from '../i18n/types.js';

/** A fresh id for a custom routine, `custom-` and 8 of a-z0-9 (`random` returns [0, 1)). */
export function customRoutineId(random: () => number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = 'custom-';
  for (let i = 0; i < 8; i++) out += alphabet[Math.floor(random() * alphabet.length) % alphabet.length];
  return out;
}

/** One routine item for a stretch, at the catalog's default hold or reps. */
export function defaultRoutineItem(stretchId: StretchId): RoutineItem {
  const d = getStretch(stretchId).dosage;
  return d.kind === 'hold'
    ? { stretchId, holdSeconds: d.defaultSeconds, reps: null, enabled: true }
    : { stretchId, holdSeconds: null, reps: d.defaultReps, enabled: true };
}

/** A new custom routine: the six stretches at their default dosage, 10 s rest, ready to trim. */
export function newCustomRoutine(id: string, name = 'My routine'): Routine {
  return {
    id,
    name,
    kind: 'custom',
    restSeconds: 10,
    allowRepeats: false,
    items: CATALOG.map((s) => defaultRoutineItem(s.id)),
  };
}

/** A copy of a routine under a new id, named "Copy of …" (kept within the name limit). */
export function duplicateRoutine(source: Routine, id: string): Routine {
  const name = `Copy of ${source.name}`.slice(0, ROUTINE_NAME_MAX_LENGTH).trim();
  return { ...source, id, name, kind: 'custom', items: source.items.map((item) => ({ ...item })) };
}

/** The stretches "Add a stretch" may offer: those not in the routine yet (all when repeats are allowed), none when full. */
export function stretchesToAdd(
  routine: Pick<Routine, 'allowRepeats'> & { items: readonly { stretchId: string }[] },
): Stretch[] {
  if (routine.items.length >= ROUTINE_MAX_ITEMS) return [];
  if (routine.allowRepeats) return [...CATALOG];
  return CATALOG.filter((s) => !routine.items.some((item) => item.stretchId === s.id));
}

export type RoutineRemoval =
  | { ok: true; action: 'delete' | 'reset' }
  | {
      ok: false;
      code: 'dailyRoutine' | 'builtinUnchanged';
      message: string;
      /** `message` as a descriptor for any locale: `routine.removal.<code>`. */
      i18n: CoreMessage;
    };

/**
 * Whether a routine can be removed (custom: deleted; built-in: reset to how it ships) — both are a
 * tombstone in its register. `edited`: a built-in has a stored version of its own.
 */
export function routineRemoval(
  routineId: string,
  options: { planRoutineId: string; edited: boolean },
): RoutineRemoval {
  if (getBuiltinRoutine(routineId)) {
    if (!options.edited)
      return {
        ok: false,
        code: 'builtinUnchanged',
        message: 'This routine is already as it ships.',
        i18n: { key: 'routine.removal.builtinUnchanged' },
      };
    return { ok: true, action: 'reset' };
  }
  if (routineId === options.planRoutineId)
    return {
      ok: false,
      code: 'dailyRoutine',
      message: 'This is your daily routine. Choose another one for your plan below before deleting it.',
      i18n: { key: 'routine.removal.dailyRoutine' },
    };
  return { ok: true, action: 'delete' };
}
