import { createReplica, type Replica, ReplicaError } from '../core';
import {
  type AsyncKeyValue,
  type DashboardReplicaStorage,
  indexedDbKeyValue,
  openReplicaStorage,
} from './idb-replica-storage';

export const replicaKey = (userId: string) => `unknot.replica.${userId}`;

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
  const local = options.local ?? (typeof localStorage === 'undefined' ? undefined : localStorage);
  const idb = options.idb === undefined ? indexedDbKeyValue() : options.idb;
  const { storage } = await openReplicaStorage(key, { idb, local });
  open.set(key, storage);
  // for the start-up benchmark (e2e/startup-bench.test.ts): when the stored replica has been read
  globalThis.performance?.mark?.('unknot:replica-read');
  try {
    return { replica: createReplica({ deviceId, now, storage }), storage };
  } catch (e) {
    if (!(e instanceof ReplicaError)) throw e;
    console.warn(`Unknot: starting a fresh replica (${e.code}: ${e.message})`);
    return { replica: createReplica({ deviceId, now, storage: startOver(storage) }), storage };
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

/** Sign-out: stops writing this user's replica and deletes it from IndexedDB and localStorage. */
export async function forgetReplica(userId: string, options: OpenReplicaOptions = {}): Promise<void> {
  const key = replicaKey(userId);
  const storage = open.get(key);
  open.delete(key);
  if (storage) return storage.clear();
  const local = options.local ?? (typeof localStorage === 'undefined' ? undefined : localStorage);
  local?.removeItem(key);
  const idb = options.idb === undefined ? indexedDbKeyValue() : options.idb;
  await idb?.del(key).catch(() => undefined);
}
