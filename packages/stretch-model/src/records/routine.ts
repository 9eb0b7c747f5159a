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

export const RoutineSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/, 'routine id must be 1–64 of a-z, 0-9, -')),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(80)),
  kind: v.picklist(['full', 'micro', 'custom']),
  restSeconds: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600)),
  /** A stretch may appear twice only when the author says so (e.g. cat-cow to open and close). */
  allowRepeats: v.boolean(),
  items: v.pipe(v.array(RoutineItemSchema), v.maxLength(24)),
});
export type Routine = v.InferOutput<typeof RoutineSchema>;
