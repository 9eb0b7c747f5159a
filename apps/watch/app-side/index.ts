/**
 * The phone side service: a relay between the watch (ZML request/response over BLE) and the sync
 * server (HTTP with the device credential). It also redeems the pairing code typed on the
 * settings page. It holds no sync state of its own: the watch's replica is the source of truth.
 */
import { reminderPatchDecision } from '@unknot/stretch-model';
import { BaseSideService, settingsLib } from '@zeppos/zml/base-side';
import {
  CREDENTIAL_REFUSED_CODES,
  RELAY_METHODS,
  type RelayHelloResult,
  type RelaySyncResult,
} from '../lib/sync/relay-messages.js';
import { pt } from '../lib/i18n/phone-t.js';
import {
  type DeviceCredential,
  isCredential,
  isRemoval,
  type LastSync,
  normaliseServerUrl,
  type PairingStatus,
  type Removal,
  readSetting,
  SETTINGS_KEYS,
  type SettingsStore,
} from './phone-settings.js';
import {
  isStampedPatch,
  isStampedReminders,
  REMINDER_SETTINGS_KEYS,
  REMINDERS_METHOD,
  type RemindersAnswer,
} from '../lib/settings/phone-reminders.js';
import { fitPullForWatch } from './pull-fit.js';
import { errorMessage, type PhoneFetch, redeemPairingCode, relaySync } from './server-client.js';

const store: SettingsStore = settingsLib;
const phoneFetch: PhoneFetch = (request) => fetch(request);

function credential(): DeviceCredential | null {
  return readSetting(store, SETTINGS_KEYS.credential, isCredential);
}

function removal(): Removal | null {
  return readSetting(store, SETTINGS_KEYS.removal, isRemoval);
}

/**
 * The server refused the credential for good: forget it (it will never work again) and remember
 * when and why, for the watch (`hello`, the sync answer) and the settings page. The watch keeps
 * its unsent ops; the next pairing sends them under the new credential.
 */
function markRemoved(cred: DeviceCredential, error: { code: string; message: string }): Removal {
  const record: Removal = {
    at: Date.now(),
    deviceId: cred.deviceId,
    code: error.code,
    message: error.message,
  };
  store.setItem(SETTINGS_KEYS.removal, JSON.stringify(record));
  store.removeItem(SETTINGS_KEYS.credential);
  setStatus({ state: 'removed', message: pt('status.removed') });
  return record;
}

function removedAnswer(record: Removal): RelaySyncResult {
  return {
    ok: false,
    relayError: {
      code: 'removed',
      message: `removed from the account: ${record.message}`,
      removedAt: record.at,
    },
  };
}

function setStatus(status: Omit<PairingStatus, 'at'>): void {
  store.setItem(SETTINGS_KEYS.pairingStatus, JSON.stringify({ ...status, at: Date.now() }));
}

async function redeemPendingCode(): Promise<void> {
  const code = store.getItem(SETTINGS_KEYS.pairingCode);
  if (typeof code !== 'string' || code.trim() === '') return;
  const raw = store.getItem(SETTINGS_KEYS.serverUrl);
  const serverUrl = normaliseServerUrl(typeof raw === 'string' ? raw : '');
  if (serverUrl === '') {
    setStatus({ state: 'failed', message: pt('status.noServer') });
    return;
  }
  setStatus({ state: 'pairing', message: pt('status.pairing') });
  const outcome = await redeemPairingCode(phoneFetch, serverUrl, code, pt('device.defaultName'));
  store.removeItem(SETTINGS_KEYS.pairingCode);
  if (!outcome.ok) {
    setStatus({ state: 'failed', message: outcome.message });
    return;
  }
  store.setItem(SETTINGS_KEYS.credential, JSON.stringify(outcome.credential));
  store.removeItem(SETTINGS_KEYS.removal);
  setStatus({ state: 'paired', message: pt('status.pairedAs', { device: outcome.credential.deviceId }) });
}

async function handleSync(params: Record<string, unknown>): Promise<RelaySyncResult> {
  const cred = credential();
  if (!cred) {
    const removed = removal();
    if (removed) return removedAnswer(removed);
    return { ok: false, relayError: { code: 'notPaired', message: 'pair in the settings page' } };
  }
  if (params.deviceId !== cred.deviceId) {
    return {
      ok: false,
      relayError: { code: 'deviceMismatch', message: `credential is for ${cred.deviceId}` },
    };
  }
  const ops = Array.isArray(params.ops) ? (params.ops as unknown[]) : [];
  const cursor = typeof params.cursor === 'number' ? params.cursor : 0;
  const outboxSize =
    typeof params.outboxSize === 'number' && Number.isInteger(params.outboxSize) && params.outboxSize >= 0
      ? Math.min(params.outboxSize, 1_000_000_000)
      : undefined;
  const relayed = await relaySync(phoneFetch, cred, ops, cursor, outboxSize);
  const refused = !relayed.ok && !('relayError' in relayed) ? relayed.error : undefined;
  const answer =
    refused && CREDENTIAL_REFUSED_CODES.includes(refused.code)
      ? { ...removedAnswer(markRemoved(cred, refused)), error: refused }
      : relayed;
  // An older watch sends no `pullBytes` and gets the whole page, as before.
  const result =
    answer.ok && typeof params.pullBytes === 'number'
      ? fitPullForWatch(answer, cursor, {
          deviceId: cred.deviceId,
          ownSeq: typeof params.ownSeq === 'number' ? params.ownSeq : 0,
          maxBytes: params.pullBytes,
        })
      : answer;
  const last: LastSync = {
    at: Date.now(),
    ok: result.ok,
    pushed: result.ok ? result.acks.filter((a) => a.ok).length : 0,
    pulled: result.ok ? result.ops.length : 0,
    message: result.ok
      ? 'ok'
      : 'relayError' in result
        ? result.relayError.message
        : (result.error?.message ?? 'error'),
  };
  store.setItem(SETTINGS_KEYS.lastSync, JSON.stringify(last));
  return result;
}

/**
 * The watch reports its reminder settings and takes the phone page's pending edit (see
 * `lib/settings/phone-reminders.ts`); an edit the watch says it has taken is dropped.
 */
function reminders(params: Record<string, unknown>): RemindersAnswer {
  const reported = { value: params.reminders, at: Date.now() };
  if (isStampedReminders(reported))
    store.setItem(REMINDER_SETTINGS_KEYS.watchReminders, JSON.stringify(reported));
  const taken = typeof params.appliedEditAt === 'number' ? params.appliedEditAt : 0;
  const edit = readSetting(store, REMINDER_SETTINGS_KEYS.reminderEdit, isStampedPatch);
  if (edit && reminderPatchDecision(edit.at, taken, null) === 'taken') {
    store.removeItem(REMINDER_SETTINGS_KEYS.reminderEdit);
    return { edit: null };
  }
  return { edit };
}

function hello(): RelayHelloResult {
  const cred = credential();
  return {
    paired: cred !== null,
    deviceId: cred?.deviceId ?? null,
    removedAt: cred ? null : (removal()?.at ?? null),
  };
}

AppSideService(
  BaseSideService({
    onInit() {
      redeemPendingCode().catch((err: unknown) => setStatus({ state: 'failed', message: errorMessage(err) }));
    },
    onRequest(req, res) {
      if (req.method === RELAY_METHODS.hello) {
        res(null, hello());
        return;
      }
      if (req.method === REMINDERS_METHOD) {
        res(null, reminders(req.params));
        return;
      }
      if (req.method === RELAY_METHODS.sync) {
        handleSync(req.params).then(
          (result) => res(null, result),
          (err: unknown) =>
            res(null, {
              ok: false,
              relayError: { code: 'unreachable', message: errorMessage(err) },
            } satisfies RelaySyncResult),
        );
        return;
      }
      res({ code: 'unknownMethod', message: `unknown method ${req.method}` }, null);
    },
    onSettingsChange({ key }) {
      if (key === SETTINGS_KEYS.pairingCode) {
        redeemPendingCode().catch((err: unknown) =>
          setStatus({ state: 'failed', message: errorMessage(err) }),
        );
      }
    },
    onRun() {},
    onDestroy() {},
  }),
);
