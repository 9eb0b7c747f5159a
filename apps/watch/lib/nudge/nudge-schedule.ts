import type { ReminderSettings } from '@unknot/stretch-model';
import { cancel, set } from '@zos/alarm';
import { cachedSettings } from '../routines.js';
import { loadNudgeMemory, saveNudgeMemory } from './nudge-memory.js';

export const NUDGE_SERVICE_FILE = 'app-service/nudge';

/**
 * If a wake-up dies before it books the next one (the system stops a service after 600 ms, or
 * kills it), this one is already pending: the nudge comes at most this much later. A normal run
 * cancels it when it books the real next wake-up, so it costs no extra wake.
 */
export const PROVISIONAL_WAKE_MS = 2 * 60_000;

/**
 * Replaces the pending wake-up with one at `atMs`. `@zos/alarm` takes UTC seconds in `time`
 * (device-types 4.0; the zeus template's `{file, date}` form is the older spelling of the same).
 *
 * Order matters when the process can be killed between any two calls: the new alarm is set
 * first, then remembered, and only then the old one cancelled. A kill in between leaves one
 * alarm too many (an extra, harmless wake-up), never none.
 */
export function scheduleNudgeWake(atMs: number): number {
  // The alarm is the first system call: nothing before it can fail or be cut off.
  const id = set({ url: NUDGE_SERVICE_FILE, time: Math.ceil(atMs / 1000), param: 'wake', store: true });
  if (id <= 0) return id;
  const memory = loadNudgeMemory();
  saveNudgeMemory({ ...memory, alarmId: id, alarmAt: atMs });
  if (memory.alarmId > 0 && memory.alarmId !== id) cancel(memory.alarmId);
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

/**
 * Nudges turned off: no wake-up stays booked (the service would only find them off). Turning
 * them on again, on the watch, the phone or the dashboard, runs the service (`applyNudgeSettings`).
 */
export function cancelNudgeWake(): void {
  const memory = loadNudgeMemory();
  if (memory.alarmId <= 0) return;
  saveNudgeMemory({ ...memory, alarmId: 0, alarmAt: null });
  cancel(memory.alarmId);
}

/** After the reminder settings changed: nudges on → the service re-decides now; off → no wake-up. */
export function applyNudgeSettings(settings: ReminderSettings, now: number): void {
  if (settings.enabled) runNudgeServiceNow(now);
  else cancelNudgeWake();
}

/**
 * On app start: make sure a wake-up is pending while nudges are on (a lost or past alarm re-runs
 * the service); with nudges off, none is booked.
 */
export function ensureNudgeScheduled(now: number): void {
  if (!cachedSettings().reminders.enabled) {
    cancelNudgeWake();
    return;
  }
  const memory = loadNudgeMemory();
  if (memory.alarmId > 0 && memory.alarmAt !== null && memory.alarmAt > now) return;
  runNudgeServiceNow(now);
}
