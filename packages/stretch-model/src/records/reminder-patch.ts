/**
 * A change to the reminder settings made where there is no replica (the phone's settings page),
 * carried to the device that owns the register as a **patch**: only the fields the person changed.
 * The owner applies it to its settings of that moment, so a change of another field that reached
 * it meanwhile (from the dashboard, say) is kept, and takes it only when it is newer than the
 * register's latest write: last write wins, as between the dashboard and the watch.
 */
import { DEFAULT_ROUTINE_REMINDER, type ReminderSettings } from './settings.js';

/** The fields a patch may set. */
export interface ReminderPatch {
  enabled?: boolean;
  startMinute?: number;
  endMinute?: number;
  snoozeMinutes?: number;
  reminderEnabled?: boolean;
  reminderMinute?: number;
}

const PATCH_FIELDS: Record<keyof ReminderPatch, 'boolean' | 'number'> = {
  enabled: 'boolean',
  startMinute: 'number',
  endMinute: 'number',
  snoozeMinutes: 'number',
  reminderEnabled: 'boolean',
  reminderMinute: 'number',
};

/**
 * An object of patch fields only, each of its type (`{}` is a patch that changes nothing). The
 * values' ranges are not checked here: the settings a patch gives are, by `validateReminderSettings`.
 */
export function isReminderPatch(v: unknown): v is ReminderPatch {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const p = v as Record<string, unknown>;
  return Object.keys(p).every(
    (k) =>
      // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is newer than the watch's engine
      Object.prototype.hasOwnProperty.call(PATCH_FIELDS, k) &&
      typeof p[k] === PATCH_FIELDS[k as keyof ReminderPatch],
  );
}

/**
 * `base` with the patch's fields set; every other field as it is in `base`. A routine-reminder
 * field on settings that have no routine reminder yet starts from the default one (off, 07:30).
 * Not validated: the caller checks the result with `validateReminderSettings`.
 */
export function applyReminderPatch(base: ReminderSettings, patch: ReminderPatch): ReminderSettings {
  const next: ReminderSettings = {
    ...base,
    enabled: patch.enabled ?? base.enabled,
    activeHours: {
      startMinute: patch.startMinute ?? base.activeHours.startMinute,
      endMinute: patch.endMinute ?? base.activeHours.endMinute,
    },
    snoozeMinutes: patch.snoozeMinutes ?? base.snoozeMinutes,
  };
  if (patch.reminderEnabled !== undefined || patch.reminderMinute !== undefined || base.routineReminder) {
    const reminder = base.routineReminder ?? DEFAULT_ROUTINE_REMINDER;
    next.routineReminder = {
      enabled: patch.reminderEnabled ?? reminder.enabled,
      minute: patch.reminderMinute ?? reminder.minute,
    };
  }
  return next;
}

/**
 * What the register's owner does with a patch made at `patchAt` (epoch ms):
 * - `taken`: it took this patch (or a newer one) already, at `takenAt`; nothing to do;
 * - `older`: the register was written at `registerWrittenAt` (the wall time of its HLC) at or
 *   after the patch was made, so the later write wins and the patch is dropped;
 * - `take`: apply it.
 * `takenAt` is 0 and `registerWrittenAt` null when there was none.
 */
export function reminderPatchDecision(
  patchAt: number,
  takenAt: number,
  registerWrittenAt: number | null,
): 'take' | 'taken' | 'older' {
  if (patchAt <= takenAt) return 'taken';
  if (registerWrittenAt !== null && patchAt <= registerWrittenAt) return 'older';
  return 'take';
}
