import { nextRoutineReminderAt } from '@unknot/stretch-model';
import { cancel, getAllAlarms, set } from '@zos/alarm';
import { utcOffsetMinutesAt } from '../platform/clock.js';
import { readJson, STORAGE_KEYS, writeJson } from '../platform/storage.js';
import { PAGES } from '../routes.js';
import { cachedSettings } from '../routines.js';

/** The param the routine reminder's alarm carries (App onCreate gets it; the runner ignores it). */
export const ROUTINE_REMINDER_PARAM = 'routine-reminder';

interface BookedAlarm {
  id: number;
  /** When it fires, epoch ms. */
  at: number;
}

function loadBooked(): BookedAlarm | null {
  const b = readJson(STORAGE_KEYS.routineAlarm) as Partial<BookedAlarm> | null;
  return b && typeof b.id === 'number' && typeof b.at === 'number' ? { id: b.id, at: b.at } : null;
}

function pending(id: number): boolean {
  try {
    return getAllAlarms().includes(id);
  } catch {
    return false;
  }
}

/**
 * Keeps exactly one alarm booked for the daily routine reminder: a `@zos/alarm` at the next due
 * time (the core's `nextRoutineReminderAt`, from the synced settings and the watch's own clock and
 * offset) that opens the runner page. Called when the app starts (so after the alarm fired and
 * opened the runner, the next one is booked) and after a sync changed the settings. Off, or no
 * planned day: the booked alarm is cancelled. Returns the booked time, or null.
 *
 * The new alarm is set before the old one is cancelled and forgotten, as the nudge service does:
 * a kill in between leaves an extra alarm (it opens the runner once more), never none.
 */
export function ensureRoutineReminder(now: number): number | null {
  const { reminders, plan } = cachedSettings();
  const due = nextRoutineReminderAt({
    now,
    reminder: reminders.routineReminder,
    plannedDays: plan.days,
    offsetAt: utcOffsetMinutesAt,
  });
  const booked = loadBooked();
  if (!booked && due === null) return null;
  // Already booked for that time, and the system still has it.
  if (booked && due !== null && booked.at === due && pending(booked.id)) return due;
  let next: BookedAlarm | null = null;
  if (due !== null) {
    const id = set({
      url: PAGES.runner,
      time: Math.ceil(due / 1000),
      param: ROUTINE_REMINDER_PARAM,
      store: true,
    });
    if (id > 0) next = { id, at: due };
  }
  writeJson(STORAGE_KEYS.routineAlarm, next);
  // A past alarm has fired and is gone; cancelling it again is harmless.
  if (booked && booked.id !== next?.id) cancel(booked.id);
  return next ? next.at : null;
}
