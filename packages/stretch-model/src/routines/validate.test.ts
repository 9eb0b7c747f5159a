import { describe, expect, it } from 'vitest';
import type { Routine } from '../records/routine.js';
import { BUILTIN_ROUTINES } from './builtin.js';
import { type RoutineErrorCode, validateRoutine } from './validate.js';

const base: Routine = {
  id: 'my-routine',
  name: 'Mine',
  kind: 'custom',
  restSeconds: 10,
  allowRepeats: false,
  items: [
    { stretchId: 'upper-back', holdSeconds: 30, reps: null, enabled: true },
    { stretchId: 'cat-cow', holdSeconds: null, reps: 8, enabled: true },
  ],
};

function errorsOf(input: unknown): { code: RoutineErrorCode; path: string }[] {
  const result = validateRoutine(input);
  if (result.ok) return [];
  for (const e of result.errors) expect(e.message.length).toBeGreaterThan(0);
  return result.errors.map(({ code, path }) => ({ code, path }));
}

function withItem(i: number, patch: Partial<Routine['items'][number]>): Routine {
  return { ...base, items: base.items.map((item, j) => (j === i ? { ...item, ...patch } : item)) };
}

describe('validateRoutine', () => {
  it('accepts a good routine and returns a copy', () => {
    const result = validateRoutine(base);
    expect(result).toEqual({ ok: true, routine: base });
    if (result.ok) expect(result.routine).not.toBe(base);
  });

  it('accepts the editor bounds themselves', () => {
    expect(errorsOf(withItem(0, { holdSeconds: 10 }))).toEqual([]);
    expect(errorsOf(withItem(0, { holdSeconds: 60 }))).toEqual([]);
    expect(errorsOf(withItem(1, { reps: 4 }))).toEqual([]);
    expect(errorsOf(withItem(1, { reps: 20 }))).toEqual([]);
    expect(errorsOf({ ...base, restSeconds: 0 })).toEqual([]);
    expect(errorsOf({ ...base, restSeconds: 60 })).toEqual([]);
  });

  it('rejects holds outside 10–60 s', () => {
    expect(errorsOf(withItem(0, { holdSeconds: 9 }))).toEqual([
      { code: 'holdOutOfRange', path: 'items.0.holdSeconds' },
    ]);
    expect(errorsOf(withItem(0, { holdSeconds: 61 }))).toEqual([
      { code: 'holdOutOfRange', path: 'items.0.holdSeconds' },
    ]);
  });

  it('rejects reps outside 4–20', () => {
    expect(errorsOf(withItem(1, { reps: 3 }))).toEqual([{ code: 'repsOutOfRange', path: 'items.1.reps' }]);
    expect(errorsOf(withItem(1, { reps: 21 }))).toEqual([{ code: 'repsOutOfRange', path: 'items.1.reps' }]);
  });

  it('rejects rests outside 0–60 s', () => {
    expect(errorsOf({ ...base, restSeconds: -1 })).toEqual([{ code: 'restOutOfRange', path: 'restSeconds' }]);
    expect(errorsOf({ ...base, restSeconds: 61 })).toEqual([{ code: 'restOutOfRange', path: 'restSeconds' }]);
  });

  it('needs at least one enabled stretch', () => {
    expect(errorsOf({ ...base, items: [] })).toEqual([{ code: 'noStretches', path: 'items' }]);
    expect(errorsOf({ ...base, items: base.items.map((i) => ({ ...i, enabled: false })) })).toEqual([
      { code: 'noStretches', path: 'items' },
    ]);
  });

  it('names unknown stretches', () => {
    expect(errorsOf(withItem(1, { stretchId: 'toe-touch' as never }))).toEqual([
      { code: 'unknownStretch', path: 'items.1.stretchId' },
    ]);
  });

  it('refuses a repeated stretch unless repeats are allowed', () => {
    const twice = { ...base, items: [...base.items, base.items[0]] };
    expect(errorsOf(twice)).toEqual([{ code: 'duplicateStretch', path: 'items.2.stretchId' }]);
    expect(errorsOf({ ...twice, allowRepeats: true })).toEqual([]);
  });

  it('refuses a hold time on a rep stretch and reps on a held stretch', () => {
    expect(errorsOf(withItem(0, { reps: 8 }))).toEqual([{ code: 'wrongKind', path: 'items.0.reps' }]);
    expect(errorsOf(withItem(1, { holdSeconds: 30 }))).toEqual([
      { code: 'wrongKind', path: 'items.1.holdSeconds' },
    ]);
    expect(errorsOf(withItem(0, { holdSeconds: null, reps: 8 }))).toEqual([
      { code: 'wrongKind', path: 'items.0.reps' },
      { code: 'missingTarget', path: 'items.0.holdSeconds' },
    ]);
    expect(errorsOf(withItem(1, { reps: null }))).toEqual([{ code: 'missingTarget', path: 'items.1.reps' }]);
  });

  it('reports bad shapes as invalidShape with a path, without throwing', () => {
    for (const input of [null, 42, 'routine', [], {}]) {
      const errors = errorsOf(input);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((e) => e.code === 'invalidShape')).toBe(true);
    }
    expect(errorsOf({ ...base, id: 'Bad Id' })).toEqual([{ code: 'invalidShape', path: 'id' }]);
    expect(errorsOf(withItem(0, { enabled: 'yes' as never }))).toEqual([
      { code: 'invalidShape', path: 'items.0.enabled' },
    ]);
  });

  it('reports every problem at once', () => {
    const bad = {
      ...base,
      restSeconds: 99,
      items: [
        { ...base.items[0], holdSeconds: 5 },
        { ...base.items[0], holdSeconds: 5 },
      ],
    };
    expect(errorsOf(bad).map((e) => e.code)).toEqual([
      'restOutOfRange',
      'holdOutOfRange',
      'duplicateStretch',
      'holdOutOfRange',
    ]);
  });

  it('never shows the validator text', () => {
    for (const input of [
      null,
      42,
      'routine',
      [],
      {},
      { ...base, id: 'Bad Id' },
      withItem(0, { enabled: 'yes' as never }),
    ]) {
      const r = validateRoutine(input);
      for (const e of r.ok ? [] : r.errors) expect(e.message).not.toMatch(/Invalid|Expected|Received/);
    }
  });

  it('asks for whole numbers in its own words (2.5 s rest, 2.5 reps, 12.5 s hold)', () => {
    const messages = (input: unknown) => {
      const r = validateRoutine(input);
      return r.ok ? [] : r.errors.map((e) => `${e.path}:${e.code}:${e.message}`);
    };
    expect(messages({ ...base, restSeconds: 2.5 })).toEqual([
      'restSeconds:notWholeNumber:Use a whole number of seconds.',
    ]);
    expect(messages(withItem(1, { reps: 2.5 }))).toEqual([
      'items.1.reps:notWholeNumber:Use a whole number of reps.',
    ]);
    expect(messages(withItem(0, { holdSeconds: 12.5 }))).toEqual([
      'items.0.holdSeconds:notWholeNumber:Use a whole number of seconds.',
    ]);
    // a cleared rest field arrives as null: the range it wants
    expect(messages({ ...base, restSeconds: null })).toEqual([
      'restSeconds:restOutOfRange:Rest between stretches should be 0–60 seconds.',
    ]);
  });

  it('refuses a name of only spaces and a name over 80 characters', () => {
    const messages = (input: unknown) => {
      const r = validateRoutine(input);
      return r.ok ? [] : r.errors.map((e) => `${e.path}:${e.code}:${e.message}`);
    };
    expect(messages({ ...base, name: '' })).toEqual(['name:blankName:Give the routine a name.']);
    expect(messages({ ...base, name: '   ' })).toEqual(['name:blankName:Give the routine a name.']);
    expect(messages({ ...base, name: 'x'.repeat(81) })).toEqual([
      'name:nameTooLong:Keep the name to 80 characters or fewer.',
    ]);
    expect(messages({ ...base, name: 'x'.repeat(10_000) })).toEqual([
      'name:nameTooLong:Keep the name to 80 characters or fewer.',
    ]);
    expect(messages({ ...base, name: 'x'.repeat(80) })).toEqual([]);
  });

  it('caps a routine at 24 stretches in its own words', () => {
    const items = Array.from({ length: 25 }, () => base.items[0]);
    const r = validateRoutine({ ...base, allowRepeats: true, items });
    expect(r.ok ? [] : r.errors.map((e) => `${e.code}:${e.message}`)).toEqual([
      'tooManyStretches:A routine holds at most 24 stretches.',
    ]);
  });

  it('keeps built-ins valid', () => {
    for (const routine of BUILTIN_ROUTINES) expect(errorsOf(routine)).toEqual([]);
  });
});
