/**
 * The reminder settings on the phone (Zepp app > Unknot > Settings), shared by the settings page,
 * the side service and the watch. The phone has no replica: the watch owns the synced
 * `settings.reminders` register. So the phone page keeps what the person changed as a pending
 * **edit** in settings storage, and the watch takes it the next time it talks to the phone (the
 * `reminders` relay request, also with no server and no pairing) and writes it as the same
 * register the dashboard and the watch page write. The edit is a **patch** of the fields the
 * person changed; how it is applied and when it loses to a later write are the core's rules
 * (`applyReminderPatch`, `reminderPatchDecision` in the core's `records/reminder-patch.ts`).
 * The watch reports its current settings, which the page shows.
 */
import {
  applyReminderPatch,
  type CoreMessage,
  DEFAULT_REMINDER_SETTINGS,
  isReminderPatch,
  type ReminderPatch,
  type ReminderSettings,
  validateReminderSettings,
} from '@unknot/stretch-model';

export const REMINDERS_METHOD = 'reminders';

export const REMINDER_SETTINGS_KEYS = {
  /** What the watch last reported: `{ value: ReminderSettings, at }`. */
  watchReminders: 'watchReminders',
  /** Changes made on the phone, waiting for the watch: `{ patch: ReminderPatch, at }`. */
  reminderEdit: 'reminderEdit',
  /** The message for the last value the page refused. */
  reminderError: 'reminderError',
} as const;

export interface StampedReminders {
  value: ReminderSettings;
  /** Epoch ms: when the phone got the watch's report. */
  at: number;
}

export interface StampedPatch {
  patch: ReminderPatch;
  /** Epoch ms (the phone's clock): the latest change. */
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
  edit: StampedPatch | null;
}

export function isStampedReminders(v: unknown): v is StampedReminders {
  const s = v as Partial<StampedReminders> | null;
  return (
    typeof s === 'object' && s !== null && typeof s.at === 'number' && validateReminderSettings(s.value).ok
  );
}

export function isStampedPatch(v: unknown): v is StampedPatch {
  const s = v as Partial<StampedPatch> | null;
  return typeof s === 'object' && s !== null && Number.isFinite(s.at) && isReminderPatch(s.patch);
}

/** "07:30" / "7:30" -> 450; null for anything else. */
export function parseClock(text: string): number | null {
  const m = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h <= 23 && min <= 59 ? h * 60 + min : null;
}

/** What the watch last reported (the core's defaults before it ever did). */
export function phoneBaseReminders(watch: StampedReminders | null): ReminderSettings {
  return watch?.value ?? DEFAULT_REMINDER_SETTINGS;
}

export type PhoneReminderChange =
  | { field: 'enabled' | 'reminderEnabled'; value: boolean }
  | { field: 'start' | 'end' | 'reminderTime' | 'snooze'; value: string };

/**
 * Why the phone page refused a change: a time that is not HH:MM (`notAClock`), or the core's
 * validation (its descriptor, `settings.error.*`, shown in the phone's language).
 */
export type PhoneReminderProblem = { kind: 'notAClock' } | { kind: 'core'; message: CoreMessage };

/**
 * One change on the phone page, added to the pending patch and checked by the core's rules on
 * the settings it would give. A time that is not HH:MM or a snooze out of bounds gets a problem
 * and leaves the patch as it was.
 */
export function phoneReminderEdit(
  base: ReminderSettings,
  pending: ReminderPatch,
  change: PhoneReminderChange,
): { ok: true; patch: ReminderPatch } | { ok: false; problem: PhoneReminderProblem } {
  let patch: ReminderPatch;
  switch (change.field) {
    case 'enabled':
      patch = { ...pending, enabled: change.value };
      break;
    case 'reminderEnabled':
      patch = { ...pending, reminderEnabled: change.value };
      break;
    case 'snooze':
      patch = {
        ...pending,
        snoozeMinutes: /^\s*\d+\s*$/.test(change.value) ? Number(change.value) : Number.NaN,
      };
      break;
    default: {
      const minute = parseClock(change.value);
      if (minute === null) return { ok: false, problem: { kind: 'notAClock' } };
      const key =
        change.field === 'start' ? 'startMinute' : change.field === 'end' ? 'endMinute' : 'reminderMinute';
      patch = { ...pending, [key]: minute };
    }
  }
  const checked = validateReminderSettings(applyReminderPatch(base, patch));
  if (!checked.ok)
    return {
      ok: false,
      problem: { kind: 'core', message: checked.errors[0]?.i18n ?? { key: 'settings.error.invalidShape' } },
    };
  return { ok: true, patch };
}
