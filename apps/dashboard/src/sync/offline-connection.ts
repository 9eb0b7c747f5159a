import type { Replica } from '../core';
import type { ConnectionSnapshot, SyncConnection } from './sync-connection';

/** A connection that never connects: for the bench route and component tests. */
export function offlineConnection(
  replica: Replica,
  status: ConnectionSnapshot['status'] = 'offline',
): SyncConnection {
  const listeners = new Set<() => void>();
  let snap: ConnectionSnapshot = {
    status,
    pending: replica.pendingCount(),
    rejected: 0,
    lastSyncedAt: null,
    error: null,
  };
  const unsubscribe = replica.subscribe(() => {
    snap = { ...snap, pending: replica.pendingCount(), rejected: replica.rejected().length };
    for (const l of [...listeners]) l();
  });
  return {
    snapshot: () => snap,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    syncNow() {},
    close: unsubscribe,
  };
}
