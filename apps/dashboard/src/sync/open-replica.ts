import { createReplica, type Replica, ReplicaError } from '../core';
import {
  type AsyncKeyValue,
  type DashboardReplicaStorage,
  indexedDbKeyValue,
  openReplicaStorage,
} from './idb-replica-storage';
import { stopOverviewWriter } from './overview-writer';
import { overviewKey, replicaKey, takePrefetchedReplicaValue, versionKey } from './stored-overview';

export { replicaKey };

export interface OpenReplicaOptions {
  /** IndexedDB by default; null where there is none */
  idb?: AsyncKeyValue | null;
  /** localStorage by default: migrated from once, and the fallback */
  local?: Storage;
}

export interface OpenedReplica {
  replica: Replica;
  storage: DashboardReplicaStorage;
}

/** The storage of each user's replica open in this page, so signing out can stop and delete it. */
const open = new Map<string, DashboardReplicaStorage>();

type StorageRead = ReturnType<typeof openReplicaStorage>;
/** Reads started before anyone asked (`prefetchReplica`), taken once by `openReplica`. */
const prefetched = new Map<string, StorageRead>();

/**
 * Starts reading a user's stored replica now, so the IndexedDB read runs while React renders the
 * shell (main.tsx calls it for the stored session before the first render). `openReplica` for that
 * user takes this read instead of starting its own. Harmless if no one asks: nothing is written.
 */
export function prefetchReplica(userId: string, options: OpenReplicaOptions = {}): void {
  const key = replicaKey(userId);
  if (prefetched.has(key)) return;
  globalThis.performance?.mark?.('unknot:replica-open');
  const read = readStorage(key, options);
  read.catch(() => undefined); // surfaced by openReplica, which awaits it
  prefetched.set(key, read);
}

function readStorage(key: string, options: OpenReplicaOptions): StorageRead {
  const local = options.local ?? (typeof localStorage === 'undefined' ? undefined : localStorage);
  const idb = options.idb === undefined ? indexedDbKeyValue() : options.idb;
  // main.tsx's raw read of the browser's IndexedDB (before this code loaded), when it is that one
  const prefetched = options.idb === undefined ? takePrefetchedReplicaValue(key) : undefined;
  return openReplicaStorage(key, { idb, local, prefetched });
}

/**
 * This browser's replica for one user, resumed from IndexedDB (outbox included; see
 * `openReplicaStorage` for the one-time move out of localStorage and the fallback). Unreadable
 * stored data is dropped and the replica starts over; the server still has everything acknowledged.
 */
export async function openReplica(
  userId: string,
  deviceId: string,
  now: () => number,
  options: OpenReplicaOptions = {},
): Promise<OpenedReplica> {
  const key = replicaKey(userId);
  const early = prefetched.get(key);
  prefetched.delete(key);
  if (!early && !globalThis.performance?.getEntriesByName?.('unknot:replica-open').length)
    globalThis.performance?.mark?.('unknot:replica-open');
  const { storage } = await (early ?? readStorage(key, options));
  open.set(key, storage);
  // for the start-up benchmark (e2e/startup-bench.test.ts): when the stored replica has been read
  globalThis.performance?.mark?.('unknot:replica-read');
  try {
    // sealed: written with a checksum, so the next start need not re-validate the whole history
    const replica = createReplica({ deviceId, now, storage, sealStorage: true });
    globalThis.performance?.mark?.('unknot:replica-decoded');
    return { replica, storage };
  } catch (e) {
    if (!(e instanceof ReplicaError)) throw e;
    console.warn(`Unknot: starting a fresh replica (${e.code}: ${e.message})`);
    const fresh = createReplica({ deviceId, now, storage: startOver(storage), sealStorage: true });
    return { replica: fresh, storage };
  }
}

/** The same storage reading as empty: the fresh replica's first write replaces the bad data. */
function startOver(storage: DashboardReplicaStorage): DashboardReplicaStorage {
  let fresh = true;
  return {
    ...storage,
    get: () => (fresh ? null : storage.get()),
    set(value) {
      fresh = false;
      storage.set(value);
    },
  };
}

/**
 * Sign-out: stops writing this user's replica and its Overview summary and deletes both (and the
 * replica's content version) from IndexedDB and localStorage.
 */
export async function forgetReplica(userId: string, options: OpenReplicaOptions = {}): Promise<void> {
  const key = replicaKey(userId);
  prefetched.delete(key);
  void takePrefetchedReplicaValue(key);
  stopOverviewWriter(userId);
  const idb = options.idb === undefined ? indexedDbKeyValue() : options.idb;
  const summaryGone = idb?.del(overviewKey(userId)).catch(() => undefined);
  const storage = open.get(key);
  open.delete(key);
  if (storage) {
    await Promise.all([storage.clear(), summaryGone]);
    return;
  }
  const local = options.local ?? (typeof localStorage === 'undefined' ? undefined : localStorage);
  local?.removeItem(key);
  await Promise.all([
    summaryGone,
    (idb?.delMany ? idb.delMany([key, versionKey(key)]) : idb?.del(key))?.catch(() => undefined),
  ]);
}
