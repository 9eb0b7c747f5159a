import {
  LIMITS,
  nextRetryDelay,
  type Op,
  type PullResponse,
  type PushResponse,
  type Replica,
  type RetryPolicy,
  type SyncOnceResult,
  type SyncTransport,
  syncOnce,
  utf8Length,
} from '@unknot/stretch-model';
import { nowMs } from '../platform/clock.js';
import { loadSyncStatus, type SyncStatus, saveSyncStatus } from './sync-status.js';
import { connectStatus } from '@zos/ble';
import {
  RELAY_LIMITS,
  RELAY_METHODS,
  type RelayFailure,
  type RelayHelloResult,
  type RelaySyncResult,
} from './relay-messages.js';
import { adoptDeviceId, openReplica } from './replica-store.js';

export { loadSyncStatus, type SyncStatus } from './sync-status.js';

/**
 * ZML's page `request(data, options)`. ZML takes per-request options (`timeout`) although its d.ts
 * declares one parameter; pages pass `this.request.bind(this)` so the options reach it.
 */
export type RelayRequest = (
  data: { method: string; params: Record<string, unknown> },
  options: { timeout: number },
) => Promise<unknown>;

/** Watch-side backoff: seconds at first, then up to 30 minutes while the phone or server stays away. */
export const WATCH_RETRY_POLICY: RetryPolicy = { baseMs: 10_000, capMs: 30 * 60_000 };

/**
 * Backoff when the phone is connected but BLE lost a frame (no answer, or a broken one): the
 * phone and server are there, so try again within seconds, at most every 90 s.
 */
export const LINK_RETRY_POLICY: RetryPolicy = { baseMs: 3_000, capMs: 90_000 };

/** The phone answered that it cannot reach the server (or is not paired): wait with the long backoff. */
class RelayUnavailable extends Error {}

/** No (whole) answer from the phone: a lost BLE frame, a shake that timed out, a dropped link. */
class LinkFailure extends Error {}

/** A message from whatever the page's `request` rejected with (an error may cross realms as a plain object). */
function describeFailure(err: unknown): string {
  try {
    const m = (err as { message?: unknown } | null)?.message;
    if (typeof m === 'string') return m;
    return typeof err === 'string' ? err : String(JSON.stringify(err));
  } catch {
    return 'no answer from the phone';
  }
}

/**
 * One relay request with the ZML timeout, always settling: ZML rejects at its timeout, and a
 * backstop timer a little later rejects too in case that rejection never reaches the page (a
 * request that never settles would stop every later sync of this app run).
 */
function relayCall(
  request: RelayRequest,
  data: { method: string; params: Record<string, unknown> },
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(
      () => settle(() => reject(new LinkFailure(`no answer within ${RELAY_LIMITS.timeoutMs} ms`))),
      RELAY_LIMITS.timeoutMs + 2_000,
    );
    try {
      request(data, { timeout: RELAY_LIMITS.timeoutMs }).then(
        (value) => settle(() => resolve(value)),
        (err: unknown) => settle(() => reject(new LinkFailure(describeFailure(err)))),
      );
    } catch (err) {
      settle(() => reject(new LinkFailure(describeFailure(err))));
    }
  });
}

/**
 * The pause between tries, with the timer callback an arrow function of ours: the core's default
 * sleep hands the promise's native `resolve` straight to `setTimeout`, and under the simulator's
 * QuickJS bridge such a timer never fired, so the round (and every later sync of the run) hung.
 */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(() => resolve(), ms);
  });
}

/** Whether this app run has tried to sync yet (module state lives as long as the app process). */
let attemptedThisRun = false;

/** `@zos/ble` connectStatus(), false if the call itself fails. */
function phoneConnected(): boolean {
  try {
    return connectStatus();
  } catch {
    return false;
  }
}

/** The oldest ops of `ops` within `maxBytes` of JSON, at least one. */
function batchWithin(ops: Op[], maxBytes: number): Op[] {
  const batch: Op[] = [];
  let bytes = 2;
  for (const op of ops) {
    const size = utf8Length(JSON.stringify(op)) + 1;
    if (batch.length > 0 && bytes + size > maxBytes) break;
    batch.push(op);
    bytes += size;
  }
  return batch;
}

interface RelayTransport extends SyncTransport {
  /** The phone said it cannot reach the server (or is not paired / paired as another device). */
  relayFailure(): RelayFailure | null;
}

/**
 * Adapts the phone relay (one `sync` call = push + pull, like `POST /v1/sync`) to the core's
 * two-step `SyncTransport`, in bounded batches (`RELAY_LIMITS`): a push sends only the oldest ops
 * within the byte budget and returns their acks, so `syncOnce` comes back for the rest, each batch
 * acknowledged on its own. Pushes ask for no pulled ops except the one that empties the outbox;
 * its pulled page then serves the first pull instead of a second round trip.
 * Once the phone reports the server unreachable, the rest of the round fails at once (no point
 * asking again within the round; the long backoff applies).
 */
function relayTransport(
  request: RelayRequest,
  deviceId: string,
  cursor: () => number,
  ownSeq: number,
  pending: () => number,
): RelayTransport {
  let prefetched: { cursor: number; response: PullResponse } | null = null;
  let failure: RelayFailure | null = null;
  const call = async (ops: Op[], from: number, pullBytes: number) => {
    if (failure) throw new RelayUnavailable(failure.message);
    // what stays queued here once this batch is stored: the relay passes it on as the device's pending
    const outboxSize = Math.max(0, pending() - ops.length);
    const res = (await relayCall(request, {
      method: RELAY_METHODS.sync,
      params: { deviceId, ops, cursor: from, ownSeq, pullBytes, outboxSize },
    })) as RelaySyncResult;
    if (!res.ok && 'relayError' in res) {
      failure = res.relayError;
      const { code, message } = res.relayError;
      throw new RelayUnavailable(code === 'unreachable' ? message : `${code}: ${message}`);
    }
    return res;
  };
  return {
    relayFailure: () => failure,
    async push(ops: Op[]): Promise<PushResponse> {
      const batch = batchWithin(ops, RELAY_LIMITS.pushBytes);
      // The last batch (the outbox's tail): its response also brings the first pulled page.
      const last = batch.length === ops.length && ops.length < LIMITS.maxOpsPerPush;
      const from = cursor();
      const res = await call(batch, from, last ? RELAY_LIMITS.pullBytes : 0);
      if (!res.ok) return res;
      if (last) {
        prefetched = {
          cursor: from,
          response: { ok: true, ops: res.ops, cursor: res.cursor, hasMore: res.hasMore },
        };
      }
      return { ok: true, acks: res.acks };
    },
    async pull(from: number): Promise<PullResponse> {
      if (prefetched && prefetched.cursor === from) {
        const page = prefetched.response;
        prefetched = null;
        return page;
      }
      prefetched = null;
      const res = await call([], from, RELAY_LIMITS.pullBytes);
      if (!res.ok) return res;
      return { ok: true, ops: res.ops, cursor: res.cursor, hasMore: res.hasMore };
    },
  };
}

export type WatchSyncOutcome =
  | { ok: true; result: SyncOnceResult; status: SyncStatus }
  | { ok: false; reason: 'notDue' | 'notPaired' | 'failed'; message: string; status: SyncStatus };

/**
 * One sync round from the watch: ask the phone who we are (only until a round has succeeded:
 * afterwards every sync request names the device and the phone answers `notPaired` or
 * `deviceMismatch` if that changed, which sends the next round back to `hello`), adopt the
 * server's device id if the phone was just paired, then let the core's `syncOnce` push the outbox
 * in bounded batches and pull remote ops. Ops stay queued until acknowledged.
 *
 * Retry policy: a round that failed because BLE lost a frame (no answer from the phone) while
 * `@zos/ble` reports the phone connected retries within seconds (`LINK_RETRY_POLICY`, ≤ 90 s);
 * a phone that is away, or that answers that it cannot reach the server, backs off 10 s … 30 min
 * (`WATCH_RETRY_POLICY`). A failed round that still moved ops counts as a first failure again.
 */
export async function syncWithPhone(
  request: RelayRequest,
  options: { force?: boolean; random?: () => number } = {},
): Promise<WatchSyncOutcome> {
  const started = nowMs();
  const stored = loadSyncStatus();
  // The first attempt of each app run (the person just opened the app) goes at once and backs off
  // from scratch: a backoff grown while the phone was away for days would otherwise hold the
  // first sync after its return for up to 30 minutes.
  const firstOfRun = !attemptedThisRun;
  attemptedThisRun = true;
  const status: SyncStatus = firstOfRun
    ? { ...stored, failures: 0, awayFailures: 0, linkFailures: 0 }
    : stored;
  if (!options.force && !firstOfRun && started < status.nextAttemptAt) {
    return { ok: false, reason: 'notDue', message: 'waiting before the next attempt', status };
  }
  const random = options.random ?? Math.random;
  const fail = (
    reason: 'notPaired' | 'failed',
    message: string,
    paired: boolean | null,
    cause: 'link' | 'away',
    progress = false,
    removedAt: number | null = status.removedAt,
  ): WatchSyncOutcome => {
    // A round that still moved ops starts the count again.
    const base = progress ? { failures: 0, awayFailures: 0, linkFailures: 0 } : status;
    const link = cause === 'link' && phoneConnected();
    const awayFailures = link ? base.awayFailures : base.awayFailures + 1;
    const linkFailures = link ? base.linkFailures + 1 : 0;
    const delay = link
      ? nextRetryDelay(linkFailures - 1, random(), LINK_RETRY_POLICY)
      : nextRetryDelay(awayFailures - 1, random(), WATCH_RETRY_POLICY);
    const next: SyncStatus = {
      ...status,
      lastAttemptAt: started,
      failures: base.failures + 1,
      awayFailures,
      linkFailures,
      nextAttemptAt: nowMs() + delay,
      lastError: message,
      paired,
      removedAt,
    };
    saveSyncStatus(next);
    return { ok: false, reason, message, status: next };
  };

  let replica: Replica;
  if (status.paired === true && status.lastSuccessAt !== null) {
    replica = openReplica();
  } else {
    let hello: RelayHelloResult;
    try {
      hello = (await relayCall(request, { method: RELAY_METHODS.hello, params: {} })) as RelayHelloResult;
    } catch (err) {
      return fail('failed', `phone unreachable: ${describeFailure(err)}`, status.paired, 'link');
    }
    if (!hello.paired || !hello.deviceId) {
      const removedAt = typeof hello.removedAt === 'number' ? hello.removedAt : null;
      const why =
        removedAt !== null ? 'removed from the account; pair again' : 'phone is not paired with a server';
      return fail('notPaired', why, false, 'away', false, removedAt);
    }
    replica = hello.deviceId === openReplica().deviceId ? openReplica() : adoptDeviceId(hello.deviceId);
  }

  const transport = relayTransport(
    request,
    replica.deviceId,
    () => replica.cursor(),
    replica.toJSON().seq,
    () => replica.pendingCount(),
  );
  // Three tries per request within the round (the core's short in-round backoff, under 2 s in all):
  // on a lossy link most lost frames are made good here, before the round gives up.
  const result = await syncOnce(replica, transport, { maxAttempts: 3, random, sleep });
  if (!result.ok) {
    const message = `${result.error.code}: ${result.error.message}`;
    const progress = result.pushed + result.rejected + result.pulled > 0;
    const relay = transport.relayFailure();
    if (relay && relay.code === 'notPaired') return fail('notPaired', message, false, 'away', progress, null);
    // The server refused the credential for good: nothing of the push was stored, the outbox
    // stays for the next pairing, and home and About say so.
    if (relay && relay.code === 'removed')
      return fail('notPaired', message, false, 'away', progress, relay.removedAt ?? nowMs());
    // Paired again, as another device: the next round asks `hello` and adopts the new id.
    if (relay && relay.code === 'deviceMismatch') return fail('failed', message, null, 'away', progress);
    // `unreachable` without a relay answer: the request itself got no (whole) reply over BLE.
    const cause = !relay && result.error.code === 'unreachable' ? 'link' : 'away';
    return fail('failed', message, true, cause, progress);
  }
  const next: SyncStatus = {
    lastAttemptAt: started,
    lastSuccessAt: nowMs(),
    failures: 0,
    awayFailures: 0,
    linkFailures: 0,
    nextAttemptAt: 0,
    lastError: null,
    paired: true,
    removedAt: null,
  };
  saveSyncStatus(next);
  return { ok: true, result, status: next };
}
