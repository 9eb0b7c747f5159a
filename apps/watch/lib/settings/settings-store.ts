import {
  type CoreMessage,
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

export type SaveResult =
  | { ok: true; settings: ReminderSettings }
  /**
   * Nothing was changed. `problem`: the core's refusal as a descriptor (`settings.error.*`, shown
   * in the watch's language); null when the replica did not take the write.
   */
  | { ok: false; problem: CoreMessage | null; settings: ReminderSettings };

/** The reminder settings the watch's replica holds now (the core's defaults before any write). */
export function currentReminderSettings(): ReminderSettings {
  return getReminderSettings(openReplica().state());
}

/**
 * Writes the reminder settings as the same synced register the dashboard edits
 * (`settings.reminders`, last write wins by HLC), after the core's validation: a value it refuses
 * changes nothing and its descriptor is returned. Then makes the change count at once: the nudge
 * service re-decides within seconds (or its wake-up is cancelled when nudges are off) and the
 * routine reminder's alarm is re-booked or cancelled. The outbox carries it to the server at the
 * next sync.
 */
export function saveReminderSettings(next: unknown, now: number): SaveResult {
  const replica = openReplica();
  const before = getReminderSettings(replica.state());
  const checked = validateReminderSettings(next);
  if (!checked.ok) {
    return { ok: false, problem: checked.errors[0]?.i18n ?? null, settings: before };
  }
  if (JSON.stringify(checked.value) === JSON.stringify(before)) return { ok: true, settings: before };
  const recorded = replica.record('register.set', { key: REMINDER_SETTINGS_KEY, value: checked.value });
  if (!recorded.ok) return { ok: false, problem: null, settings: before };
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
