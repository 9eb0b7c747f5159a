/**
 * The phone settings page (Zepp app → Unknot → Settings): server address, pairing code,
 * pairing status and last sync. It only writes settings storage; the side service does the
 * network work and writes the status lines back here.
 */
import {
  isLastSync,
  isPairingStatus,
  isRemoval,
  type LastSync,
  type PairingStatus,
  readSetting,
  SETTINGS_KEYS,
} from '../app-side/phone-settings.js';
import { phoneCoreText, pt } from '../lib/i18n/phone-t.js';
import { clockText } from '../lib/settings/settings-text.js';
import { applyReminderPatch } from '@unknot/stretch-model';
import {
  isStampedPatch,
  isStampedReminders,
  type PhoneReminderChange,
  phoneBaseReminders,
  phoneReminderEdit,
  REMINDER_SETTINGS_KEYS,
} from '../lib/settings/phone-reminders.js';

function when(at: number): string {
  return new Date(at).toLocaleString();
}

/** "6 Jan 2025" in the phone's language (the `.po` has the date order and month names). */
function shortDate(at: number): string {
  const d = new Date(at);
  return pt('date.short', {
    day: d.getDate(),
    month: pt(`date.month.${d.getMonth() + 1}`),
    year: d.getFullYear(),
  });
}

function statusText(status: PairingStatus | null, paired: boolean): string {
  if (status) return status.message;
  return paired ? pt('status.paired') : pt('status.notPaired');
}

function lastSyncText(last: LastSync | null): string {
  if (!last) return pt('sync.never');
  return last.ok
    ? pt('sync.last', { when: when(last.at), pushed: last.pushed, pulled: last.pulled })
    : pt('sync.failed', { when: when(last.at), message: last.message });
}

AppSettingsPage({
  build(props) {
    const storage = props.settingsStorage;
    const status = readSetting(storage, SETTINGS_KEYS.pairingStatus, isPairingStatus);
    const last = readSetting(storage, SETTINGS_KEYS.lastSync, isLastSync);
    const paired = typeof storage.getItem(SETTINGS_KEYS.credential) === 'string';
    // Removed from the account (the side service forgot the refused credential): say so and how to pair again.
    const removal = paired ? null : readSetting(storage, SETTINGS_KEYS.removal, isRemoval);
    const serverUrl = storage.getItem(SETTINGS_KEYS.serverUrl) ?? '';
    const edit = readSetting(storage, REMINDER_SETTINGS_KEYS.reminderEdit, isStampedPatch);
    const watch = readSetting(storage, REMINDER_SETTINGS_KEYS.watchReminders, isStampedReminders);
    const base = phoneBaseReminders(watch);
    const pending = edit?.patch ?? {};
    const shown = applyReminderPatch(base, pending);
    const refused = storage.getItem(REMINDER_SETTINGS_KEYS.reminderError);
    // A change is checked by the core's rules; only a valid one becomes the edit the watch takes.
    const change = (c: PhoneReminderChange) => {
      const next = phoneReminderEdit(base, pending, c);
      if (!next.ok) {
        storage.setItem(
          REMINDER_SETTINGS_KEYS.reminderError,
          next.problem.kind === 'core' ? phoneCoreText(next.problem.message) : pt('reminders.badTime'),
        );
        return;
      }
      storage.removeItem(REMINDER_SETTINGS_KEYS.reminderError);
      storage.setItem(
        REMINDER_SETTINGS_KEYS.reminderEdit,
        JSON.stringify({ patch: next.patch, at: Date.now() }),
      );
    };
    const reminder = shown.routineReminder ?? { enabled: false, minute: 7 * 60 + 30 };
    return View({ style: { padding: '12px 20px' } }, [
      Section({ title: pt('reminders.section') }, [
        Toggle({
          label: pt('reminders.nudges'),
          value: shown.enabled,
          onChange: (v: boolean) => change({ field: 'enabled', value: v }),
        }),
        TextInput({
          label: pt('reminders.from'),
          value: clockText(shown.activeHours.startMinute),
          onChange: (v: string) => change({ field: 'start', value: v }),
        }),
        TextInput({
          label: pt('reminders.until'),
          value: clockText(shown.activeHours.endMinute),
          onChange: (v: string) => change({ field: 'end', value: v }),
        }),
        TextInput({
          label: pt('reminders.snooze'),
          value: String(shown.snoozeMinutes),
          onChange: (v: string) => change({ field: 'snooze', value: v }),
        }),
        Toggle({
          label: pt('reminders.reminder'),
          value: reminder.enabled,
          onChange: (v: boolean) => change({ field: 'reminderEnabled', value: v }),
        }),
        TextInput({
          label: pt('reminders.reminderAt'),
          value: clockText(reminder.minute),
          onChange: (v: string) => change({ field: 'reminderTime', value: v }),
        }),
        typeof refused === 'string' && refused !== '' ? Text({ bold: true }, refused) : null,
        Text(
          { paragraph: true },
          edit ? pt('reminders.waiting') : watch ? pt('reminders.fromWatch') : pt('reminders.noWatchYet'),
        ),
      ]),
      Section({ title: pt('server.title') }, [
        TextInput({
          label: pt('server.label'),
          placeholder: 'https://unknot.example.com',
          value: serverUrl,
          onChange: (value: string) => storage.setItem(SETTINGS_KEYS.serverUrl, value.trim()),
        }),
      ]),
      Section({ title: pt('pair.title') }, [
        removal ? Text({ bold: true }, pt('pair.removedOn', { date: shortDate(removal.at) })) : null,
        removal ? Text({ paragraph: true }, pt('pair.removedSteps')) : null,
        Text({ paragraph: true }, pt('pair.howTo')),
        TextInput({
          label: pt('pair.label'),
          placeholder: 'XXXX-XXXX',
          value: '',
          onChange: (value: string) => storage.setItem(SETTINGS_KEYS.pairingCode, value.trim()),
        }),
        // After a removal, a pairing attempt's own status (pairing, a wrong code) still shows.
        removal && status?.state === 'removed'
          ? null
          : Text({ bold: true }, pt('pair.status', { status: statusText(status, paired) })),
        paired
          ? Button({
              label: pt('pair.forget'),
              onClick: () => {
                storage.removeItem(SETTINGS_KEYS.credential);
                storage.setItem(
                  SETTINGS_KEYS.pairingStatus,
                  JSON.stringify({ state: 'unpaired', message: pt('status.notPaired'), at: Date.now() }),
                );
              },
            })
          : null,
      ]),
      Section({ title: pt('sync.title') }, [Text({}, lastSyncText(last))]),
    ]);
  },
});
