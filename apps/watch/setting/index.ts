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
    return View({ style: { padding: '12px 20px' } }, [
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
