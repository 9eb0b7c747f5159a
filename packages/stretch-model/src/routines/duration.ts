/**
 * How long a routine takes: the sum of its enabled items (get-ready, holds or paced reps, side
 * switch) plus the rests between them. It matches the session engine's timeline for a run without
 * pauses or skips, which tests check.
 */
import type { Routine } from '../records/routine.js';
import { itemDurationSeconds } from './timing.js';

export function routineDurationSeconds(routine: Routine): number {
  const enabled = routine.items.filter((item) => item.enabled);
  if (enabled.length === 0) return 0;
  const work = enabled.reduce((sum, item) => sum + itemDurationSeconds(item), 0);
  return work + (enabled.length - 1) * Math.max(0, routine.restSeconds);
}
