/**
 * How long a routine takes: the sum of its enabled items (get-ready, holds or paced reps, side
 * switch) plus the rests between them. It matches the session engine's timeline for a run without
 * pauses or skips, which tests check.
 */
import type { CoreMessage } from '../i18n/types.js';
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

/** `describeDuration` as a descriptor for any locale (`duration.underMinute`, `duration.about.*`). */
export function describeDurationMessage(seconds: number): CoreMessage {
  if (!(seconds >= 60)) return { key: 'duration.underMinute' };
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return { key: 'duration.about.minutes', params: { minutes } };
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0
    ? { key: 'duration.about.hours', params: { hours: h } }
    : { key: 'duration.about.hoursMinutes', params: { hours: h, minutes: m } };
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

/** `sessionDurationText` as a descriptor for any locale (`duration.seconds|minutes|hours|hoursMinutes`). */
export function sessionDurationMessage(ms: number): CoreMessage {
  const safe = Math.max(0, ms);
  if (safe < 59_500) return { key: 'duration.seconds', params: { seconds: Math.round(safe / 1000) } };
  const minutes = Math.round(safe / 60_000);
  if (minutes < 60) return { key: 'duration.minutes', params: { minutes } };
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0
    ? { key: 'duration.hours', params: { hours: h } }
    : { key: 'duration.hoursMinutes', params: { hours: h, minutes: m } };
}
