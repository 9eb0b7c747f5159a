import type { Replica } from '../core';
import type { ConnectionSnapshot, SyncConnection } from './sync-connection';

export interface DeferredConnection extends SyncConnection {
  /** Loads and opens the real connection (once; nothing after `close`). */
  start(): void;
}

/**
 * The connection as the first render sees it: "connecting", with the replica's pending count.
 * The real one (sync-connection.ts and socket.io-client, loaded on demand) is opened by `start()`,
 * which the shell calls once the first page with data is on screen, so neither its code nor the
 * socket's set-up delays that page. From then on every call and every change goes to the real one.
 */
export function deferredConnection(
  replica: Replica,
  load: () => Promise<SyncConnection>,
): DeferredConnection {
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of [...listeners]) l();
  };
  let real: SyncConnection | null = null;
  let started = false;
  let closed = false;
  let syncWanted = false;
  /** why the real connection could not be loaded (then this reads as offline) */
  let failure: ConnectionSnapshot['error'] = null;
  let snap: ConnectionSnapshot = waiting();
  function waiting(): ConnectionSnapshot {
    return {
      status: failure ? 'offline' : 'connecting',
      pending: replica.pendingCount(),
      rejected: replica.rejected().length,
      lastSyncedAt: null,
      error: failure,
    };
  }
  // until the real connection is there, the pending count still follows local edits
  let unsubscribe = replica.subscribe(() => {
    snap = waiting();
    notify();
  });

  return {
    snapshot: () => (real ? real.snapshot() : snap),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    syncNow() {
      if (real) real.syncNow();
      else syncWanted = true;
    },
    start() {
      if (started || closed) return;
      started = true;
      void load().then(
        (connection) => {
          if (closed) {
            connection.close();
            return;
          }
          real = connection;
          unsubscribe();
          unsubscribe = connection.subscribe(notify);
          if (syncWanted) connection.syncNow();
          notify();
        },
        (e: unknown) => {
          // the chunk could not load (an update removed it while offline): say so, as offline
          failure = { code: 'unreachable', message: `could not start syncing: ${String(e)}` };
          snap = waiting();
          notify();
        },
      );
    },
    close() {
      closed = true;
      unsubscribe();
      real?.close();
    },
  };
}
