import { createReplica, type Replica, ReplicaError } from '../core';
import { localReplicaStorage } from './replica-storage';

export const replicaKey = (userId: string) => `unknot.replica.${userId}`;

/**
 * This browser's replica for one user, resumed from localStorage (outbox included). Unreadable
 * stored data is dropped and the replica starts over; the server still has everything acknowledged.
 */
export function openReplica(storage: Storage, userId: string, deviceId: string, now: () => number): Replica {
  const store = localReplicaStorage(storage, replicaKey(userId));
  try {
    return createReplica({ deviceId, now, storage: store });
  } catch (e) {
    if (!(e instanceof ReplicaError)) throw e;
    console.warn(`Unknot: starting a fresh replica (${e.code}: ${e.message})`);
    storage.removeItem(replicaKey(userId));
    return createReplica({ deviceId, now, storage: store });
  }
}
