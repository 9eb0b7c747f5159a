import { describe, expect, it } from 'vitest';
import type { Routine } from '../records/routine.js';
import { routineAdvisories } from './advisories.js';
import { BUILTIN_ROUTINES } from './builtin.js';
import { validateRoutine } from './validate.js';

const routine = (items: Routine['items']): Routine => ({
  id: 'mine',
  name: 'Mine',
  kind: 'custom',
  restSeconds: 10,
  allowRepeats: false,
  items,
});

describe('routineAdvisories', () => {
  it('accepts a 10 s hold and 4 cat-cow reps, and says both leave the guide ranges', () => {
    const r = routine([
      { stretchId: 'upper-back', holdSeconds: 10, reps: null, enabled: true },
      { stretchId: 'cat-cow', holdSeconds: null, reps: 4, enabled: true },
    ]);
    // Hard bounds (10–60 s, 4–20 reps) still pass: the advisories never block.
    expect(validateRoutine(r).ok).toBe(true);
    const advice = routineAdvisories(r);
    expect(advice.map(({ code, path, value, min, max }) => ({ code, path, value, min, max }))).toEqual([
      { code: 'holdOutsideGuide', path: 'items.0.holdSeconds', value: 10, min: 20, max: 30 },
      { code: 'repsOutsideGuide', path: 'items.1.reps', value: 4, min: 8, max: 10 },
    ]);
    expect(advice[0]?.message).toMatch(/shorter than the 20–30 seconds/);
    expect(advice[1]?.message).toMatch(/fewer than the 8–10/);
  });

  it('is quiet at the range ends and speaks just outside them', () => {
    const at = (hold: number, reps: number) =>
      routineAdvisories(
        routine([
          { stretchId: 'wall-lat', holdSeconds: hold, reps: null, enabled: true },
          { stretchId: 'cat-cow', holdSeconds: null, reps, enabled: true },
        ]),
      ).map((a) => a.value);
    expect(at(20, 8)).toEqual([]);
    expect(at(30, 10)).toEqual([]);
    expect(at(19, 11)).toEqual([19, 11]);
    expect(at(31, 7)).toEqual([31, 7]);
  });

  it('ignores disabled items, and has nothing to say about the built-in routines', () => {
    const r = routine([{ stretchId: 'upper-back', holdSeconds: 10, reps: null, enabled: false }]);
    expect(routineAdvisories(r)).toEqual([]);
    for (const b of BUILTIN_ROUTINES) expect(routineAdvisories(b), b.id).toEqual([]);
  });
});
