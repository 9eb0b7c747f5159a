/**
 * Fixed pacing shared by the routine duration estimate and the session engine, so the estimate a
 * screen shows is exactly the time the engine takes for an uninterrupted run.
 */
import { getStretch } from '../catalog/stretches.js';
import type { RoutineItem } from '../records/routine.js';

/** Get-ready countdown before each stretch. */
export const PREPARE_SECONDS = 5;
/** Pause between the left and the right side of a two-sided stretch. */
export const SWITCH_SIDE_SECONDS = 5;

/** Editor bounds enforced by `validateRoutine`. */
export const ROUTINE_BOUNDS = {
  holdSeconds: { min: 10, max: 60 },
  reps: { min: 4, max: 20 },
  restSeconds: { min: 0, max: 60 },
} as const;

/**
 * Seconds one routine item takes from its get-ready countdown to its last hold or rep, for an
 * item that passed `validateRoutine`. Unknown stretches count as 0.
 */
export function itemDurationSeconds(item: RoutineItem): number {
  const stretch = getStretch(item.stretchId);
  if (!stretch) return 0;
  const dosage = stretch.dosage;
  const oneSide =
    dosage.kind === 'hold'
      ? (item.holdSeconds ?? dosage.defaultSeconds)
      : (item.reps ?? dosage.defaultReps) * (dosage.inhaleSeconds + dosage.exhaleSeconds);
  const sides = stretch.sides === 'both' ? 2 * oneSide + SWITCH_SIDE_SECONDS : oneSide;
  return PREPARE_SECONDS + sides;
}
