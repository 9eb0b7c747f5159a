import { describe, expect, it } from 'vitest';
import { getStretch } from '../catalog/stretches.js';
import { STRETCH_IDS } from '../records/ids.js';
import {
  BUILTIN_ROUTINES,
  getBuiltinRoutine,
  MICRO_BREAK_MAX_SECONDS,
  routineNameMessage,
} from './builtin.js';
import { routineDurationSeconds } from './duration.js';
import { validateRoutine } from './validate.js';

describe('built-in routines', () => {
  it('are all valid and have unique ids', () => {
    for (const routine of BUILTIN_ROUTINES) expect(validateRoutine(routine)).toEqual({ ok: true, routine });
    expect(new Set(BUILTIN_ROUTINES.map((r) => r.id)).size).toBe(BUILTIN_ROUTINES.length);
  });

  it('full-back runs all six stretches in catalog order at their default dose', () => {
    const full = getBuiltinRoutine('full-back');
    expect(full?.kind).toBe('full');
    expect(full?.items.map((i) => i.stretchId)).toEqual([...STRETCH_IDS]);
    for (const item of full?.items ?? []) {
      const dosage = getStretch(item.stretchId).dosage;
      if (dosage.kind === 'hold') expect(item.holdSeconds).toBe(dosage.defaultSeconds);
      else expect(item.reps).toBe(dosage.defaultReps);
    }
  });

  it('offers at least two desk micro-breaks of two minutes or less, desk-friendly stretches only', () => {
    const micro = BUILTIN_ROUTINES.filter((r) => r.kind === 'micro');
    for (const routine of micro)
      expect(routineDurationSeconds(routine)).toBeLessThanOrEqual(MICRO_BREAK_MAX_SECONDS);
    const desk = micro.filter((r) => r.id.startsWith('desk-'));
    expect(desk.length).toBeGreaterThanOrEqual(2);
    for (const routine of desk) {
      for (const item of routine.items) expect(getStretch(item.stretchId).deskFriendly).toBe(true);
    }
  });

  it('looks routines up by id', () => {
    expect(getBuiltinRoutine('desk-upper')?.name).toBe('Desk break: upper back');
    expect(getBuiltinRoutine('nope')).toBeUndefined();
  });
});

describe('routineDurationSeconds', () => {
  it('adds get-ready time, holds, both twist sides with the switch, paced reps and rests', () => {
    // 6 × 5 s get ready + 5 holds × 30 s (twist twice) + 5 s switch + 8 reps × 8 s + 5 rests × 10 s
    const full = getBuiltinRoutine('full-back');
    if (!full) throw new Error('missing full-back');
    expect(routineDurationSeconds(full)).toBe(30 + 150 + 30 + 5 + 64 + 50);
  });

  it('ignores disabled items and has no rest after the last stretch', () => {
    const routine = {
      id: 'r',
      name: 'R',
      kind: 'custom' as const,
      restSeconds: 20,
      allowRepeats: false,
      items: [
        { stretchId: 'upper-back' as const, holdSeconds: 20, reps: null, enabled: true },
        { stretchId: 'wall-lat' as const, holdSeconds: 20, reps: null, enabled: false },
      ],
    };
    expect(routineDurationSeconds(routine)).toBe(25);
    expect(routineDurationSeconds({ ...routine, items: [] })).toBe(0);
  });

  it('names a built-in by its message only while it keeps its shipped name', () => {
    // by id, as the watch and the dashboard know a routine
    expect(routineNameMessage({ id: 'full-back', name: 'Full back routine' })).toEqual({
      key: 'routine.full-back.name',
    });
    expect(routineNameMessage({ id: 'desk-upper', name: 'Desk break: upper back' })).toEqual({
      key: 'routine.desk-upper.name',
    });
    // renamed by the person: theirs
    expect(routineNameMessage({ id: 'full-back', name: 'My long one' })).toBeNull();
    // their own routine, even under a built-in's name
    expect(routineNameMessage({ id: 'r-1', name: 'Full back routine' })).toBeNull();
    // by name alone, as a report row knows it
    expect(routineNameMessage({ name: 'Floor break: twist and rest' })).toEqual({
      key: 'routine.floor-break.name',
    });
    expect(routineNameMessage({ id: null, name: 'Evening wind-down' })).toBeNull();
  });
});
