import { type ReplicaStorage, unseal } from '../core';

/**
 * Keeps a replica in localStorage under one key per signed-in user. Writes are coalesced into
 * one per task (a pull page can change the replica many times in a row), and flushed when the
 * page is hidden so nothing queued is lost on reload.
 *
 * localStorage holds about 5 MB. When years of history no longer fit, the replica is stored
 * without its confirmed history (cursor reset to 0): the outbox — the person's unsynced edits —
 * always survives, and the history is pulled again from the server on the next start.
 */
export function localReplicaStorage(storage: Storage, key: string): ReplicaStorage & { flush(): void } {
  let pending: string | null = null;
  let scheduled = false;

  const write = (value: string) => {
    try {
      storage.setItem(key, value);
    } catch (e) {
      if (!isQuotaError(e)) throw e;
      storage.setItem(key, withoutHistory(value));
    }
  };
  const flush = () => {
    scheduled = false;
    if (pending === null) return;
    const value = pending;
    pending = null;
    write(value);
  };
  if (typeof window !== 'undefined') window.addEventListener('pagehide', flush);

  return {
    get: () => storage.getItem(key),
    set(value) {
      pending = value;
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(flush);
    },
    flush,
  };
}

function isQuotaError(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'QuotaExceededError' || e.code === 22);
}

/** The replica without its confirmed history, as plain JSON (validated in full when read: it is small). */
function withoutHistory(value: string): string {
  const unsealed = unseal(value);
  if (unsealed.kind === 'corrupt') throw new Error(unsealed.message);
  const persisted = JSON.parse(unsealed.json) as { cursor: number; confirmed: { serverSeq: number } };
  return JSON.stringify({
    ...persisted,
    cursor: 0,
    confirmed: { serverSeq: 0, registers: {}, sessions: [], nudgeEvents: [] },
  });
}
