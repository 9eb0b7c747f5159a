/**
 * The reminder settings on the phone (Zepp app > Unknot > Settings), shared by the settings page,
 * the side service and the watch. The phone has no replica: the watch owns the synced
 * `settings.reminders` register. So the phone page keeps what the person changed as a pending
 * **edit** in settings storage, and the watch takes it the next time it talks to the phone (the
 * `reminders` relay request, also with no server and no pairing) and writes it as the same
 * register the dashboard and the watch page write (last write wins: an edit older than the
 * register's latest write is dropped). The watch answers with its current settings, which the
 * page shows.
 */
import {
  DEFAULT_REMINDER_SETTINGS,
  type ReminderSettings,
  validateReminderSettings,
} from '@unknot/stretch-model';

export const REMINDERS_METHOD = 'reminders';

export const REMINDER_SETTINGS_KEYS = {
  /** What the watch last reported: `{ value: ReminderSettings, at }`. */
  watchReminders: 'watchReminders',
  /** A change made on the phone, waiting for the watch: `{ value: ReminderSettings, at }`. */
  reminderEdit: 'reminderEdit',
  /** The core's message for the last value the page refused. */
  reminderError: 'reminderError',
} as const;

export interface StampedReminders {
  value: ReminderSettings;
  /** Epoch ms (the phone's clock for an edit, the phone's time of the report for the watch's). */
  at: number;
}

/** The watch's `reminders` request. */
export interface RemindersRequest {
  /** The watch's current settings. */
  reminders: ReminderSettings;
  /** The newest phone edit the watch has taken (its `at`), 0 for none. */
  appliedEditAt: number;
}

export interface RemindersAnswer {
  edit: StampedReminders | null;
}

export function isStampedReminders(v: unknown): v is StampedReminders {
  const s = v as Partial<StampedReminders> | null;
  return (
    typeof s === 'object' && s !== null && typeof s.at === 'number' && validateReminderSettings(s.value).ok
  );
}

/** "07:30" / "7:30" → 450; null for anything else. */
export function parseClock(text: string): number | null {
  const m = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h <= 23 && min <= 59 ? h * 60 + min : null;
}

/** What the phone page shows: the pending edit, else what the watch reported, else the defaults. */
export function phoneShownReminders(edit: StampedReminders | null, watch: StampedReminders | null): ReminderSettings {
  return edit?.value ?? watch?.value ?? DEFAULT_REMINDER_SETTINGS;
}

export type PhoneReminderChange =
  | { field: 'enabled'; value: boolean }
  | { field: 'start' | 'end' | 'reminderTime'; value: string }
  | { field: 'snooze'; value: string }
  | { field: 'reminderEnabled'; value: boolean };

/**
 * One change on the phone page applied to the shown settings and checked by the core's rules.
 * A time that is not HH:MM or a snooze out of bounds gets a message and no edit.
 */
export function phoneReminderEdit(
  base: ReminderSettings,
  change: PhoneReminderChange,
): { ok: true; value: ReminderSettings } | { ok: false; message: string } {
  const reminder = base.routineReminder ?? { enabled: false, minute: 7 * 60 + 30 };
  let next: unknown;
  if (change.field === 'enabled') next = { ...base, enabled: change.value };
  else if (change.field === 'reminderEnabled')
    next = { ...base, routineReminder: { ...reminder, enabled: change.value } };
  else if (change.field === 'snooze') {
    const n = /^\s*\d+\s*$/.test(change.value) ? Number(change.value) : Number.NaN;
    next = { ...base, snoozeMinutes: n };
  } else {
    const minute = parseClock(change.value);
    if (minute === null) return { ok: false, message: 'Enter a time as HH:MM, for example 09:00.' };
    if (change.field === 'start') next = { ...base, activeHours: { ...base.activeHours, startMinute: minute } };
    else if (change.field === 'end') next = { ...base, activeHours: { ...base.activeHours, endMinute: minute } };
    else next = { ...base, routineReminder: { ...reminder, minute } };
  }
  const checked = validateReminderSettings(next);
  if (!checked.ok) return { ok: false, message: checked.errors[0]?.message ?? 'Not a valid setting.' };
  return { ok: true, value: checked.value };
}
