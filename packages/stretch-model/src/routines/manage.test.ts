import { describe, expect, it } from 'vitest';
import { CATALOG } from '../catalog/stretches.js';
import { BUILTIN_ROUTINES } from './builtin.js';
import {
  customRoutineId,
  duplicateRoutine,
  newCustomRoutine,
  routineRemoval,
  stretchesToAdd,
} from './manage.js';
import { validateRoutine } from './validate.js';

const fullBack = BUILTIN_ROUTINES[0];
if (!fullBack) throw new Error('no built-in');

describe('routine management', () => {
  it('makes ids of custom- and 8 of a-z0-9', () => {
    expect(customRoutineId(() => 0)).toBe('custom-aaaaaaaa');
    expect(customRoutineId(() => 0.999999)).toBe('custom-99999999');
    // 36 * 0.5 = 18 → 's'
    expect(customRoutineId(() => 0.5)).toBe('custom-ssssssss');
  });

  it('makes a new routine that is valid as it is', () => {
    const r = newCustomRoutine('custom-aaaaaaaa');
    expect(r.items.map((i) => i.stretchId)).toEqual(CATALOG.map((s) => s.id));
    expect(validateRoutine(r).ok).toBe(true);
  });

  it('duplicates as "Copy of …", custom, a separate copy, within 80 characters', () => {
    const copy = duplicateRoutine(fullBack, 'custom-bbbbbbbb');
    expect(copy).toMatchObject({ id: 'custom-bbbbbbbb', name: 'Copy of Full back routine', kind: 'custom' });
    expect(copy.items).toEqual(fullBack.items);
    expect(copy.items[0]).not.toBe(fullBack.items[0]);
    const long = duplicateRoutine({ ...fullBack, name: 'x'.repeat(80) }, 'custom-c');
    expect(long.name).toBe(`Copy of ${'x'.repeat(72)}`);
    expect(validateRoutine(long).ok).toBe(true);
  });

  it('offers only stretches not yet in the routine, unless repeats are allowed', () => {
    expect(stretchesToAdd(fullBack)).toEqual([]);
    const two = { allowRepeats: false, items: [{ stretchId: 'cat-cow' }, { stretchId: 'upper-back' }] };
    expect(stretchesToAdd(two).map((s) => s.id)).toEqual(
      CATALOG.map((s) => s.id).filter((id) => id !== 'cat-cow' && id !== 'upper-back'),
    );
    expect(stretchesToAdd({ ...fullBack, allowRepeats: true })).toHaveLength(6);
    const full = { allowRepeats: true, items: Array.from({ length: 24 }, () => ({ stretchId: 'cat-cow' })) };
    expect(stretchesToAdd(full)).toEqual([]);
  });

  it('resets an edited built-in, deletes a custom one, keeps the daily routine', () => {
    expect(routineRemoval('full-back', { planRoutineId: 'full-back', edited: true })).toEqual({
      ok: true,
      action: 'reset',
    });
    expect(routineRemoval('full-back', { planRoutineId: 'x', edited: false })).toMatchObject({
      ok: false,
      code: 'builtinUnchanged',
    });
    expect(routineRemoval('custom-a', { planRoutineId: 'full-back', edited: true })).toEqual({
      ok: true,
      action: 'delete',
    });
    expect(routineRemoval('custom-a', { planRoutineId: 'custom-a', edited: true })).toEqual({
      ok: false,
      code: 'dailyRoutine',
      message: 'This is your daily routine. Choose another one for your plan below before deleting it.',
      i18n: { key: 'routine.removal.dailyRoutine' },
    });
  });
});
