import { createStore, del, delMany, get, set, setMany } from 'idb-keyval';
import type { ReplicaStorage } from '../core';
import { localReplicaStorage } from './replica-storage';
import { contentVersionOf, versionKey } from './stored-overview';

/** Where a replica's persisted string can live: IndexedDB in a browser, a map in tests. */
export interface AsyncKeyValue {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  del(key: string): Promise<void>;
  /** Several keys in one transaction (all or none), where the backend can. */
  setMany?(entries: [string, string][]): Promise<void>;
  delMany?(keys: string[]): Promise<void>;
}

export type ReplicaStorageKind = 'indexedDB' | 'localStorage' | 'memory';

/** A replica's storage as the dashboard uses it: synchronous for the core, durable underneath. */
export interface DashboardReplicaStorage extends ReplicaStorage {
  /** Where the writes go now ('localStorage' or 'memory' when IndexedDB could not be used). */
  kind(): ReplicaStorageKind;
  /** Resolves once every write made so far is stored (or has fallen back). */
  flush(): Promise<void>;
  /** Stops writing (anything pending is dropped) and deletes the stored replica everywhere. */
  clear(): Promise<void>;
}

export const IDB_NAME = 'unknot';
export const IDB_STORE = 'replicas';

/** How long opening IndexedDB may take before the dashboard gives up on it (a stuck open). */
const OPEN_TIMEOUT_MS = 3000;

/** IndexedDB through idb-keyval (one database, one object store, the replica string per user). */
export function indexedDbKeyValue(
  factory: IDBFactory | undefined = globalThis.indexedDB,
): AsyncKeyValue | null {
  if (!factory) return null;
  const store = createStore(IDB_NAME, IDB_STORE);
  return {
    get: (key) => get<string>(key, store),
    set: (key, value) => set(key, value, store),
    del: (key) => del(key, store),
    setMany: (entries) => setMany(entries, store),
    delMany: (keys) => delMany(keys, store),
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`IndexedDB did not answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

function safeGet(storage: Storage | undefined, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export interface OpenReplicaStorageOptions {
  /** null: no IndexedDB here (tests, or a browser that has none) */
  idb: AsyncKeyValue | null;
  /** localStorage: the older dashboards' home of the replica (migrated once), and the fallback */
  local: Storage | undefined;
  warn?: (message: string) => void;
  /** a read of this key from `idb` already started (main.tsx, before React), taken instead of a new one */
  prefetched?: Promise<string | undefined>;
}

/**
 * Opens the stored replica of one key, ready for `createReplica`'s synchronous storage.
 *
 * - IndexedDB is the home. Writes are coalesced into one per task (a pull page changes the
 *   replica many times in a row) and issued at once; IndexedDB runs read-write transactions on
 *   one store in the order they were made, so the last write always wins. `pagehide` issues a
 *   pending write straight away.
 * - Migration: a replica still in localStorage (an older dashboard, or a session that had to
 *   fall back) is written into IndexedDB first and removed from localStorage only after that
 *   write committed — queued, unsent ops are never in neither place. It wins over what IndexedDB
 *   holds, since localStorage is only written when IndexedDB could not be.
 * - Fallback: no IndexedDB, one that does not open (some private modes) or a write it refuses
 *   (quota): the replica goes on in localStorage (about 5 MB; over that, it keeps the outbox and
 *   drops confirmed history, which the server sends again), with a console warning saying so. If
 *   localStorage fails too, it lives in memory for this page only.
 */
export async function openReplicaStorage(
  key: string,
  { idb, local, warn = (m) => console.warn(`Unknot: ${m}`), prefetched }: OpenReplicaStorageOptions,
): Promise<{ initial: string | null; storage: DashboardReplicaStorage }> {
  const legacy = safeGet(local, key);
  let backend = idb;
  let initial: string | null = legacy;
  if (backend) {
    try {
      if (legacy !== null) {
        await withTimeout(backend.set(key, legacy), OPEN_TIMEOUT_MS);
        local?.removeItem(key);
      } else {
        initial = (await withTimeout(prefetched ?? backend.get(key), OPEN_TIMEOUT_MS)) ?? null;
      }
    } catch (e) {
      warn(`IndexedDB is not usable here (${String(e)}); keeping this browser's data in localStorage`);
      backend = null;
    }
  } else {
    warn('this browser has no IndexedDB; keeping its data in localStorage');
  }
  return { initial, storage: createStorage(key, initial, backend, local, warn) };
}

function createStorage(
  key: string,
  initial: string | null,
  idb: AsyncKeyValue | null,
  local: Storage | undefined,
  warn: (message: string) => void,
): DashboardReplicaStorage {
  let kind: ReplicaStorageKind = idb ? 'indexedDB' : local ? 'localStorage' : 'memory';
  let current = initial;
  let pending: string | null = null;
  let scheduled = false;
  let stopped = false;
  let written: Promise<void> = Promise.resolve();
  const fallback = local ? localReplicaStorage(local, key) : null;

  const toFallback = (value: string) => {
    try {
      fallback?.set(value);
      fallback?.flush();
      if (!fallback) kind = 'memory';
    } catch (e) {
      if (kind !== 'memory')
        warn(`could not store this browser's data (${String(e)}); it lasts until the page closes`);
      kind = 'memory';
    }
  };

  const issue = () => {
    scheduled = false;
    if (pending === null || stopped) return;
    const value = pending;
    pending = null;
    if (kind !== 'indexedDB' || !idb) {
      toFallback(value);
      return;
    }
    // The replica's content version (its seal header) beside it, in the same transaction: the
    // stored Overview summary is valid only for the replica content it names (stored-overview.ts).
    const write = (
      idb.setMany
        ? idb.setMany([
            [key, value],
            [versionKey(key), contentVersionOf(value)],
          ])
        : idb.set(key, value)
    ).catch((e: unknown) => {
      if (stopped) return;
      if (kind === 'indexedDB')
        warn(`IndexedDB refused a write (${String(e)}); keeping this browser's data in localStorage`);
      kind = local ? 'localStorage' : 'memory';
      // the newest value, not this one: writes issued after this one may have failed as well
      toFallback(current ?? value);
    });
    written = Promise.all([written, write]).then(() => undefined);
  };
  const onPageHide = () => issue();
  if (typeof window !== 'undefined') window.addEventListener('pagehide', onPageHide);

  return {
    get: () => current,
    set(value) {
      if (stopped) return;
      current = value;
      pending = value;
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(issue);
    },
    kind: () => kind,
    async flush() {
      issue();
      await written;
    },
    async clear() {
      stopped = true;
      pending = null;
      if (typeof window !== 'undefined') window.removeEventListener('pagehide', onPageHide);
      await written;
      try {
        local?.removeItem(key);
      } catch {
        // nothing stored there
      }
      await (idb?.delMany ? idb.delMany([key, versionKey(key)]) : idb?.del(key))?.catch(() => undefined);
    },
  };
}
