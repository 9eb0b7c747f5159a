/**
 * The phone settings page (Zepp app → Unknot → Settings): server address, pairing code,
 * pairing status and last sync. It only writes settings storage; the side service does the
 * network work and writes the status lines back here.
 */
import { REMOVED_TEXT } from '../lib/sync/removed-text.js';
import {
  isLastSync,
  isPairingStatus,
  isRemoval,
  type LastSync,
  type PairingStatus,
  readSetting,
  SETTINGS_KEYS,
} from '../app-side/phone-settings.js';
import { clockText } from '../lib/settings/settings-text.js';
import {
  applyReminderPatch,
  isStampedPatch,
  isStampedReminders,
  type PhoneReminderChange,
  phoneBaseReminders,
  phoneReminderEdit,
  REMINDER_SETTINGS_KEYS,
} from '../lib/settings/phone-reminders.js';
import { PHONE_REMINDER_TEXT } from '../lib/settings/phone-text.js';

function when(at: number): string {
  return new Date(at).toLocaleString();
}

function statusText(status: PairingStatus | null, paired: boolean): string {
  if (status) return status.message;
  return paired ? 'Paired' : 'Not paired';
}

function lastSyncText(last: LastSync | null): string {
  if (!last) return 'Never synced';
  return last.ok
    ? `Last sync ${when(last.at)}: ${last.pushed} sent, ${last.pulled} received`
    : `Last attempt ${when(last.at)} failed: ${last.message}`;
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
        storage.setItem(REMINDER_SETTINGS_KEYS.reminderError, next.message);
        return;
      }
      storage.removeItem(REMINDER_SETTINGS_KEYS.reminderError);
      storage.setItem(
        REMINDER_SETTINGS_KEYS.reminderEdit,
        JSON.stringify({ patch: next.patch, at: Date.now() }),
      );
    };
    const reminder = shown.routineReminder ?? { enabled: false, minute: 7 * 60 + 30 };
    const t = PHONE_REMINDER_TEXT;
    return View({ style: { padding: '12px 20px' } }, [
      Section({ title: t.section }, [
        Toggle({
          label: t.nudges,
          value: shown.enabled,
          onChange: (v: boolean) => change({ field: 'enabled', value: v }),
        }),
        TextInput({
          label: t.from,
          value: clockText(shown.activeHours.startMinute),
          onChange: (v: string) => change({ field: 'start', value: v }),
        }),
        TextInput({
          label: t.until,
          value: clockText(shown.activeHours.endMinute),
          onChange: (v: string) => change({ field: 'end', value: v }),
        }),
        TextInput({
          label: t.snooze,
          value: String(shown.snoozeMinutes),
          onChange: (v: string) => change({ field: 'snooze', value: v }),
        }),
        Toggle({
          label: t.reminder,
          value: reminder.enabled,
          onChange: (v: boolean) => change({ field: 'reminderEnabled', value: v }),
        }),
        TextInput({
          label: t.reminderAt,
          value: clockText(reminder.minute),
          onChange: (v: string) => change({ field: 'reminderTime', value: v }),
        }),
        typeof refused === 'string' && refused !== '' ? Text({ bold: true }, refused) : null,
        Text({ paragraph: true }, edit ? t.waiting : watch ? t.fromWatch : t.noWatchYet),
      ]),
      Section({ title: 'Sync server' }, [
        TextInput({
          label: 'Server address',
          placeholder: 'https://unknot.example.com',
          value: serverUrl,
          onChange: (value: string) => storage.setItem(SETTINGS_KEYS.serverUrl, value.trim()),
        }),
      ]),
      Section({ title: 'Pair this watch' }, [
        removal ? Text({ bold: true }, REMOVED_TEXT.phoneStatusLine(removal.at)) : null,
        removal ? Text({ paragraph: true }, REMOVED_TEXT.phoneSteps) : null,
        Text(
          { paragraph: true },
          'Open the Unknot dashboard, choose Devices > Pair, and type the code here.',
        ),
        TextInput({
          label: 'Pairing code',
          placeholder: 'XXXX-XXXX',
          value: '',
          onChange: (value: string) => storage.setItem(SETTINGS_KEYS.pairingCode, value.trim()),
        }),
        // After a removal, a pairing attempt's own status (pairing, a wrong code) still shows.
        removal && status?.state === 'removed'
          ? null
          : Text({ bold: true }, `Status: ${statusText(status, paired)}`),
        paired
          ? Button({
              label: 'Forget this pairing',
              onClick: () => {
                storage.removeItem(SETTINGS_KEYS.credential);
                storage.setItem(
                  SETTINGS_KEYS.pairingStatus,
                  JSON.stringify({ state: 'unpaired', message: 'Not paired', at: Date.now() }),
                );
              },
            })
          : null,
      ]),
      Section({ title: 'Sync' }, [Text({}, lastSyncText(last))]),
    ]);
  },
});
