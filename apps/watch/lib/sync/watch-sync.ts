import {
  nextRetryDelay,
  type Op,
  type PullResponse,
  type PushResponse,
  type RetryPolicy,
  type SyncOnceResult,
  type SyncTransport,
  syncOnce,
} from '@unknot/stretch-model';
import { nowMs } from '../platform/clock.js';
import { loadSyncStatus, type SyncStatus, saveSyncStatus } from './sync-status.js';
import { RELAY_METHODS, type RelayHelloResult, type RelaySyncResult } from './relay-messages.js';
import { adoptDeviceId, openReplica } from './replica-store.js';

export { loadSyncStatus, type SyncStatus } from './sync-status.js';

/** ZML's page `request`, as the sync needs it. */
export type RelayRequest = (data: { method: string; params: Record<string, unknown> }) => Promise<unknown>;

/** Watch-side backoff: seconds at first, then up to 30 minutes while the phone or server stays away. */
export const WATCH_RETRY_POLICY: RetryPolicy = { baseMs: 10_000, capMs: 30 * 60_000 };

class RelayUnavailable extends Error {}

/**
 * Adapts the phone relay (one `sync` call = push + pull, like `POST /v1/sync`) to the core's
 * two-step `SyncTransport`: a push also returns the first pull page, which the following pull
 * uses instead of a second round trip.
 */
function relayTransport(request: RelayRequest, deviceId: string, cursor: () => number): SyncTransport {
  let prefetched: { cursor: number; response: PullResponse } | null = null;
  const call = async (ops: Op[], from: number) => {
    const res = (await request({
      method: RELAY_METHODS.sync,
      params: { deviceId, ops, cursor: from },
    })) as RelaySyncResult;
    if (!res.ok && 'relayError' in res) {
      const { code, message } = res.relayError;
      throw new RelayUnavailable(code === 'unreachable' ? message : `${code}: ${message}`);
    }
    return res;
  };
  return {
    async push(ops: Op[]): Promise<PushResponse> {
      const from = cursor();
      const res = await call(ops, from);
      if (!res.ok) return res;
      prefetched = {
        cursor: from,
        response: { ok: true, ops: res.ops, cursor: res.cursor, hasMore: res.hasMore },
      };
      return { ok: true, acks: res.acks };
    },
    async pull(from: number): Promise<PullResponse> {
      if (prefetched && prefetched.cursor === from) {
        const page = prefetched.response;
        prefetched = null;
        return page;
      }
      prefetched = null;
      const res = await call([], from);
      if (!res.ok) return res;
      return { ok: true, ops: res.ops, cursor: res.cursor, hasMore: res.hasMore };
    },
  };
}

export type WatchSyncOutcome =
  | { ok: true; result: SyncOnceResult; status: SyncStatus }
  | { ok: false; reason: 'notDue' | 'notPaired' | 'failed'; message: string; status: SyncStatus };

/**
 * One sync round from the watch: ask the phone who we are, adopt the server's device id if the
 * phone was just paired, then let the core's `syncOnce` push the outbox and pull remote ops.
 * Failed rounds back off with the core's `nextRetryDelay`; ops stay queued until acknowledged.
 */
export async function syncWithPhone(
  request: RelayRequest,
  options: { force?: boolean; random?: () => number } = {},
): Promise<WatchSyncOutcome> {
  const started = nowMs();
  const status = loadSyncStatus();
  if (!options.force && started < status.nextAttemptAt) {
    return { ok: false, reason: 'notDue', message: 'waiting before the next attempt', status };
  }
  const random = options.random ?? Math.random;
  const fail = (
    reason: 'notPaired' | 'failed',
    message: string,
    paired: boolean | null,
  ): WatchSyncOutcome => {
    const failures = status.failures + 1;
    const next: SyncStatus = {
      ...status,
      lastAttemptAt: started,
      failures,
      nextAttemptAt: nowMs() + nextRetryDelay(failures - 1, random(), WATCH_RETRY_POLICY),
      lastError: message,
      paired,
    };
    saveSyncStatus(next);
    return { ok: false, reason, message, status: next };
  };

  let hello: RelayHelloResult;
  try {
    hello = (await request({ method: RELAY_METHODS.hello, params: {} })) as RelayHelloResult;
  } catch (err) {
    return fail(
      'failed',
      `phone unreachable: ${err instanceof Error ? err.message : String(err)}`,
      status.paired,
    );
  }
  if (!hello.paired || !hello.deviceId) return fail('notPaired', 'phone is not paired with a server', false);

  const replica = hello.deviceId === openReplica().deviceId ? openReplica() : adoptDeviceId(hello.deviceId);
  const result = await syncOnce(
    replica,
    relayTransport(request, replica.deviceId, () => replica.cursor()),
    {
      maxAttempts: 2,
      random,
    },
  );
  if (!result.ok) return fail('failed', `${result.error.code}: ${result.error.message}`, true);
  const next: SyncStatus = {
    lastAttemptAt: started,
    lastSuccessAt: nowMs(),
    failures: 0,
    nextAttemptAt: 0,
    lastError: null,
    paired: true,
  };
  saveSyncStatus(next);
  return { ok: true, result, status: next };
}
