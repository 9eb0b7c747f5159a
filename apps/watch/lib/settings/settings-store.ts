import {
  getReminderSettings,
  getRegister,
  parseHlc,
  REMINDER_SETTINGS_KEY,
  type ReminderSettings,
  validateReminderSettings,
} from '@unknot/stretch-model';
import { applyNudgeSettings } from '../nudge/nudge-schedule.js';
import { ensureRoutineReminder } from '../reminder/routine-alarm.js';
import { openReplica } from '../sync/replica-store.js';
import { applyReminderEdit, type ReminderEdit } from './reminder-edit.js';

/** The watch fonts may lack dashes beyond ASCII (README: built-in text is ASCII / Latin-1). */
const forWatch = (message: string) => message.replace(/[\u2013\u2014\u2212]/g, '-');

export type SaveResult =
  | { ok: true; settings: ReminderSettings }
  /** The core's validation message; nothing was changed. */
  | { ok: false; message: string; settings: ReminderSettings };

/** The reminder settings the watch's replica holds now (the core's defaults before any write). */
export function currentReminderSettings(): ReminderSettings {
  return getReminderSettings(openReplica().state());
}

/**
 * Writes the reminder settings as the same synced register the dashboard edits
 * (`settings.reminders`, last write wins by HLC), after the core's validation: a value it refuses
 * changes nothing and its message is returned. Then makes the change count at once: the nudge
 * service re-decides within seconds (or its wake-up is cancelled when nudges are off) and the
 * routine reminder's alarm is re-booked or cancelled. The outbox carries it to the server at the
 * next sync.
 */
export function saveReminderSettings(next: unknown, now: number): SaveResult {
  const replica = openReplica();
  const before = getReminderSettings(replica.state());
  const checked = validateReminderSettings(next);
  if (!checked.ok) {
    return {
      ok: false,
      message: forWatch(checked.errors[0]?.message ?? 'Not a valid setting.'),
      settings: before,
    };
  }
  if (JSON.stringify(checked.value) === JSON.stringify(before)) return { ok: true, settings: before };
  const recorded = replica.record('register.set', { key: REMINDER_SETTINGS_KEY, value: checked.value });
  if (!recorded.ok) return { ok: false, message: forWatch(recorded.error.message), settings: before };
  applyNudgeSettings(checked.value, now);
  ensureRoutineReminder(now);
  return { ok: true, settings: checked.value };
}

/** One tap of the settings page: the edit, validated and saved (see `saveReminderSettings`). */
export function editReminderSettings(edit: ReminderEdit, now: number): SaveResult {
  return saveReminderSettings(applyReminderEdit(currentReminderSettings(), edit), now);
}

/**
 * When the reminder register was last written (the wall time of its HLC), or null when it never
 * was. A change made on the phone at `at` is applied only if it is newer: last write wins, as
 * between the dashboard and the watch.
 */
export function reminderWrittenAt(): number | null {
  const entry = getRegister(openReplica().state(), REMINDER_SETTINGS_KEY);
  return entry ? (parseHlc(entry.hlc)?.wallMs ?? null) : null;
}
