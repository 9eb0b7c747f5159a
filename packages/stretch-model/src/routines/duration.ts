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

/**
 * How long something takes, said the same way everywhere: "under a minute" below 60 s (never
 * "0 min"), then whole minutes rounded ("about 4 min"), and hours with minutes from an hour on
 * ("about 1 h 5 min"). Sentence case is the caller's: `Under a minute per run.`
 */
export function describeDuration(seconds: number): string {
  if (!(seconds >= 60)) return 'under a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `about ${h} h` : `about ${h} h ${m} min`;
}

/**
 * How long a session lasted (`endedAt - startedAt`), said the same way on the watch summary, in
 * History and in exports: seconds under a minute ("4 s", never "0 min" or "1 min" for a 4-second
 * run), then whole minutes ("6 min"), then hours ("1 h", "1 h 5 min").
 */
export function sessionDurationText(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < 59_500) return `${Math.round(safe / 1000)} s`;
  const minutes = Math.round(safe / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
