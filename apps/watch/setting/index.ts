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
import { pt } from '../lib/i18n/phone-t.js';

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
    return View({ style: { padding: '12px 20px' } }, [
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
