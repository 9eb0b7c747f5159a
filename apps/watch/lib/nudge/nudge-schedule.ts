import { cancel, set } from '@zos/alarm';
import { loadNudgeMemory, saveNudgeMemory } from './nudge-memory.js';

export const NUDGE_SERVICE_FILE = 'app-service/nudge';

/**
 * Replaces the pending wake-up with one at `atMs`. `@zos/alarm` takes UTC seconds in `time`
 * (device-types 4.0; the zeus template's `{file, date}` form is the older spelling of the same).
 */
export function scheduleNudgeWake(atMs: number): number {
  const memory = loadNudgeMemory();
  if (memory.alarmId > 0) cancel(memory.alarmId);
  const id = set({ url: NUDGE_SERVICE_FILE, time: Math.ceil(atMs / 1000), param: 'wake', store: true });
  saveNudgeMemory({ ...memory, alarmId: Math.max(id, 0), alarmAt: id > 0 ? atMs : null });
  return id;
}

/**
 * Has the nudge service re-decide within a couple of seconds (it then books its own next wake-up).
 * Done through the alarm rather than `@zos/app-service` `start`, so the service always runs the
 * same way — woken, decide, book, exit — and never lives alongside an open page.
 */
export function runNudgeServiceNow(now: number): void {
  scheduleNudgeWake(now + 2000);
}

/** On app start: make sure a wake-up is pending; a lost or past alarm re-runs the service. */
export function ensureNudgeScheduled(now: number): void {
  const memory = loadNudgeMemory();
  if (memory.alarmId > 0 && memory.alarmAt !== null && memory.alarmAt > now) return;
  runNudgeServiceNow(now);
}
