import { pt } from '../lib/i18n/phone-t.js';
import {
  ErrorBodySchema,
  HTTP_ROUTES,
  type HttpSyncRequest,
  HttpSyncResponseSchema,
  PROTOCOL_VERSION,
  parseMessage,
  type RedeemRequest,
  RedeemResponseSchema,
  type SyncError,
} from '@unknot/stretch-model';
import { PHONE_FETCH_TIMEOUT_MS, type RelaySyncResult } from '../lib/sync/relay-messages.js';
import type { DeviceCredential } from './phone-settings.js';

/** The side service's view of Zepp's fetch (injected so tests can use a fake). */
export type PhoneFetch = (request: ZeppFetchRequest) => Promise<ZeppFetchResponse>;

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    // A proxy error page or similar: the caller reports the HTTP status instead.
    return null;
  }
}

/** The server's typed error, when the body is the core's error body. */
function errorOf(body: unknown): SyncError | null {
  const parsed = parseMessage(ErrorBodySchema, body, 'error body');
  return parsed.ok ? parsed.value.error : null;
}

/** The message of an error from any realm (the phone's fetch may reject with a host Error). */
export function errorMessage(err: unknown): string {
  const m = (err as { message?: unknown } | null)?.message;
  return typeof m === 'string' ? m : String(err);
}

export type RedeemOutcome = { ok: true; credential: DeviceCredential } | { ok: false; message: string };

/** `POST /v1/pairing/redeem`: a one-time code for a device credential. */
export async function redeemPairingCode(
  fetchFn: PhoneFetch,
  serverUrl: string,
  code: string,
  deviceName: string,
): Promise<RedeemOutcome> {
  const request: RedeemRequest = { code: code.trim().toUpperCase(), deviceName, deviceKind: 'watch' };
  let res: ZeppFetchResponse;
  try {
    res = await fetchFn({
      url: `${serverUrl}${HTTP_ROUTES.pairingRedeem}`,
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  } catch (err) {
    return { ok: false, message: pt('status.unreachable', { reason: errorMessage(err) }) };
  }
  const body = parseBody(res.body);
  const failure = errorOf(body);
  if (failure) return { ok: false, message: failure.message || failure.code };
  const parsed = parseMessage(RedeemResponseSchema, body, 'redeem response');
  if (res.status >= 300 || !parsed.ok)
    return { ok: false, message: pt('status.pairingFailed', { status: res.status }) };
  const { userId, deviceId, secret } = parsed.value;
  return { ok: true, credential: { serverUrl, userId, deviceId, secret } };
}

/** `POST /v1/sync` with the device credential: pushes the watch's ops and pulls from `cursor`. */
export async function relaySync(
  fetchFn: PhoneFetch,
  credential: DeviceCredential,
  ops: unknown[],
  cursor: number,
  outboxSize?: number,
): Promise<RelaySyncResult> {
  const request: HttpSyncRequest = { protocolVersion: PROTOCOL_VERSION, ops, cursor };
  if (outboxSize !== undefined) request.outboxSize = outboxSize;
  let res: ZeppFetchResponse;
  try {
    res = await fetchFn({
      url: `${credential.serverUrl}${HTTP_ROUTES.sync}`,
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Device ${credential.deviceId}:${credential.secret}`,
      },
      body: JSON.stringify(request),
      // Below the watch's ZML request timeout, so the watch hears "unreachable" rather than nothing.
      timeout: PHONE_FETCH_TIMEOUT_MS,
    });
  } catch (err) {
    return {
      ok: false,
      relayError: { code: 'unreachable', message: errorMessage(err) },
    };
  }
  const body = parseBody(res.body);
  const failure = errorOf(body);
  if (failure) return { ok: false, error: failure };
  const parsed = parseMessage(HttpSyncResponseSchema, body, 'sync response');
  if (res.status >= 300 || !parsed.ok || !parsed.value.ok) {
    const message = parsed.ok ? `HTTP ${res.status}` : `HTTP ${res.status}: ${parsed.error.message}`;
    return { ok: false, relayError: { code: 'unreachable', message } };
  }
  return parsed.value;
}
