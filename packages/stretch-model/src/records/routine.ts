import * as v from 'valibot';
import { StretchIdSchema } from './ids.js';

/**
 * One step of a routine. `holdSeconds` applies to hold stretches, `reps` to rep stretches;
 * the other is null. Bounds (hold 10–60 s, reps 4–20) are checked by `validateRoutine` in
 * `routines/`, which returns typed errors; this schema checks the shape and sizes only (hold and rest at most an hour, reps at most 100).
 */
export const RoutineItemSchema = v.object({
  stretchId: StretchIdSchema,
  holdSeconds: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600))),
  reps: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100))),
  enabled: v.boolean(),
});
export type RoutineItem = v.InferOutput<typeof RoutineItemSchema>;

/** The longest routine name, in characters (the editor caps its field at the same length). */
export const ROUTINE_NAME_MAX_LENGTH = 80;
/** The most stretches one routine holds. */
export const ROUTINE_MAX_ITEMS = 24;

export const RoutineSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/, 'routine id must be 1–64 of a-z, 0-9, -')),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(ROUTINE_NAME_MAX_LENGTH)),
  kind: v.picklist(['full', 'micro', 'custom']),
  restSeconds: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600)),
  /** A stretch may appear twice only when the author says so (e.g. cat-cow to open and close). */
  allowRepeats: v.boolean(),
  items: v.pipe(v.array(RoutineItemSchema), v.maxLength(ROUTINE_MAX_ITEMS)),
});
export type Routine = v.InferOutput<typeof RoutineSchema>;
