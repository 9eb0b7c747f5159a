import { sessionOp } from '@unknot/stretch-model/testing';
import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_REMINDER_SETTINGS,
  listSessions,
  type ReminderSettings,
  sealPersisted,
  type ServerOp,
  type SyncTransport,
  syncOnce,
} from '../core';
import type { AsyncKeyValue } from './idb-replica-storage';
import { forgetReplica, openReplica, prefetchReplica, replicaKey } from './open-replica';
import { localReplicaStorage } from './replica-storage';

/** IndexedDB stand-in: a map, with writes that can be held back or refused. */
function memoryKv(options: { failWrites?: boolean; failOpen?: boolean } = {}) {
  const data = new Map<string, string>();
  const writes: string[] = [];
  const kv: AsyncKeyValue & { data: Map<string, string>; writes: string[] } = {
    data,
    writes,
    async get(key) {
      if (options.failOpen) throw new DOMException('blocked', 'InvalidStateError');
      return data.get(key);
    },
    async set(key, value) {
      if (options.failOpen || options.failWrites) throw new DOMException('full', 'QuotaExceededError');
      writes.push(value);
      data.set(key, value);
    },
    async del(key) {
      data.delete(key);
    },
  };
  return kv;
}

const now = () => Date.UTC(2026, 4, 15, 12);
const USER = 'user-1';
const KEY = replicaKey(USER);

function queueEdit(replica: Awaited<ReturnType<typeof openReplica>>['replica'], n: number) {
  const value: ReminderSettings = { ...DEFAULT_REMINDER_SETTINGS, snoozeMinutes: 10 + n };
  const res = replica.record('register.set', { key: 'settings.reminders', value });
  expect(res.ok).toBe(true);
}

describe('the replica in IndexedDB', () => {
  it('keeps queued ops across a reopen (a reload), writing coalesced and in order', async () => {
    const idb = memoryKv();
    const first = await openReplica(USER, 'web-a', now, { idb, local: localStorage });
    expect(first.storage.kind()).toBe('indexedDB');
    queueEdit(first.replica, 0);
    queueEdit(first.replica, 1);
    queueEdit(first.replica, 2);
    await first.storage.flush();
    // three edits in one task: one write, holding all three
    expect(idb.writes).toHaveLength(1);
    expect(localStorage.getItem(KEY)).toBeNull();

    const again = await openReplica(USER, 'web-a', now, { idb, local: localStorage });
    expect(again.replica.pendingCount()).toBe(3);
    expect(again.replica.takeOutbox().map((op) => op.seq)).toEqual([1, 2, 3]);
  });

  it('moves an older dashboard’s localStorage replica into IndexedDB once, queued ops included', async () => {
    // what the localStorage-only dashboard left behind: two edits not yet sent
    const older = await openReplica(USER, 'web-a', now, { idb: null, local: localStorage });
    queueEdit(older.replica, 0);
    queueEdit(older.replica, 1);
    await older.storage.flush();
    const legacy = localStorage.getItem(KEY);
    expect(legacy).not.toBeNull();

    const idb = memoryKv();
    const upgraded = await openReplica(USER, 'web-a', now, { idb, local: localStorage });
    expect(upgraded.replica.pendingCount()).toBe(2);
    expect(idb.data.get(KEY)).toBe(legacy);
    expect(localStorage.getItem(KEY)).toBeNull(); // removed only after IndexedDB has it

    const later = await openReplica(USER, 'web-a', now, { idb, local: localStorage });
    expect(later.replica.pendingCount()).toBe(2);
    expect(later.storage.kind()).toBe('indexedDB');
  });

  it('falls back to localStorage, with a warning, where IndexedDB cannot open (private mode)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const idb = memoryKv({ failOpen: true });
    const opened = await openReplica(USER, 'web-a', now, { idb, local: localStorage });
    expect(opened.storage.kind()).toBe('localStorage');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/IndexedDB is not usable here/));
    queueEdit(opened.replica, 0);
    await opened.storage.flush();
    const reopened = await openReplica(USER, 'web-a', now, { idb, local: localStorage });
    expect(reopened.replica.pendingCount()).toBe(1);
    warn.mockRestore();
  });

  it('keeps the newest state in localStorage when IndexedDB refuses a write, and moves it back later', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const failing = memoryKv();
    const opened = await openReplica(USER, 'web-a', now, { idb: failing, local: localStorage });
    queueEdit(opened.replica, 0);
    await opened.storage.flush();
    const refusing = {
      ...failing,
      set: () => Promise.reject(new DOMException('full', 'QuotaExceededError')),
    };
    const second = await openReplica(USER, 'web-a', now, { idb: refusing, local: localStorage });
    queueEdit(second.replica, 1);
    await second.storage.flush();
    expect(second.storage.kind()).toBe('localStorage');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/IndexedDB refused a write/));
    // next load, IndexedDB works again: the localStorage copy (2 queued) wins and moves back
    const third = await openReplica(USER, 'web-a', now, { idb: failing, local: localStorage });
    expect(third.replica.pendingCount()).toBe(2);
    expect(third.storage.kind()).toBe('indexedDB');
    expect(localStorage.getItem(KEY)).toBeNull();
    warn.mockRestore();
  });

  it('sign-out stops the writes and deletes the replica from both stores', async () => {
    const idb = memoryKv();
    const opened = await openReplica(USER, 'web-a', now, { idb, local: localStorage });
    queueEdit(opened.replica, 0);
    await forgetReplica(USER, { idb, local: localStorage });
    queueEdit(opened.replica, 1); // a late change after sign-out is not written back
    await opened.storage.flush();
    expect(idb.data.has(KEY)).toBe(false);
    expect(localStorage.getItem(KEY)).toBeNull();
  });

  it('starts over on unreadable stored data', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const idb = memoryKv();
    idb.data.set(KEY, '{"format":99}');
    const opened = await openReplica(USER, 'web-a', now, { idb, local: localStorage });
    expect(opened.replica.pendingCount()).toBe(0);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/starting a fresh replica/));
    warn.mockRestore();
  });

  it('stores the replica sealed; a store changed by one character is found, and rebuilt from the server', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // the server holds one session of the watch (serverSeq 1)
    const held: ServerOp = { ...sessionOp('watch-2', 1), serverSeq: 1 };
    const server: SyncTransport = {
      push: async () => ({ ok: true, acks: [] }), // nothing is queued here
      pull: async (cursor) => ({ ok: true, ops: cursor < 1 ? [held] : [], cursor: 1, hasMore: false }),
    };
    const idb = memoryKv();
    const first = await openReplica(USER, 'web-a', now, { idb, local: localStorage });
    expect((await syncOnce(first.replica, server)).pulled).toBe(1);
    await first.storage.flush();
    const stored = idb.data.get(KEY) ?? '';
    expect(stored.startsWith('unknot-sealed-replica:1:2:')).toBe(true);

    // damage that still parses and would even validate: only the seal can tell
    expect(stored).toContain('"painAfter":3');
    idb.data.set(KEY, stored.replace('"painAfter":3', '"painAfter":4'));
    const damaged = await openReplica(USER, 'web-a', now, { idb, local: localStorage });
    expect(warn).toHaveBeenCalledWith(
      'Unknot: starting a fresh replica (corruptStorage: sealed replica: content does not match its checksum)',
    );
    expect(listSessions(damaged.replica.state())).toEqual([]);
    expect(damaged.replica.cursor()).toBe(0);

    // the next sync brings the history back, and the store is whole again
    expect((await syncOnce(damaged.replica, server)).pulled).toBe(1);
    await damaged.storage.flush();
    warn.mockClear();
    const healed = await openReplica(USER, 'web-a', now, { idb, local: localStorage });
    expect(listSessions(healed.replica.state()).map((r) => r.painAfter)).toEqual([3]);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('openReplica takes the read prefetchReplica started (one IndexedDB read)', async () => {
    const idb = memoryKv();
    const seeded = await openReplica(USER, 'web-a', now, { idb, local: localStorage });
    queueEdit(seeded.replica, 0);
    await seeded.storage.flush();
    const get = vi.spyOn(idb, 'get');
    prefetchReplica(USER, { idb, local: localStorage });
    prefetchReplica(USER, { idb, local: localStorage }); // a second call starts nothing
    const opened = await openReplica(USER, 'web-a', now, { idb, local: localStorage });
    expect(get).toHaveBeenCalledTimes(1);
    expect(opened.replica.pendingCount()).toBe(1);
    // taken once: a later open reads again
    await openReplica(USER, 'web-a', now, { idb, local: localStorage });
    expect(get).toHaveBeenCalledTimes(2);
  });

  it('the localStorage fallback over its quota keeps the outbox of a sealed replica, as plain JSON', async () => {
    const server: SyncTransport = {
      push: async () => ({ ok: true, acks: [] }),
      pull: async () => ({
        ok: true,
        ops: [1, 2, 3].map((n) => ({ ...sessionOp('watch-2', n), serverSeq: n })),
        cursor: 3,
        hasMore: false,
      }),
    };
    const opened = await openReplica(USER, 'web-a', now, { idb: null, local: localStorage });
    await syncOnce(opened.replica, server);
    queueEdit(opened.replica, 0);
    const full = opened.replica.toJSON();
    expect(full.confirmed.sessions).toHaveLength(3);
    // a storage that refuses anything as long as three sessions
    const limit = JSON.stringify(full).length - 100;
    const small = new Map<string, string>();
    const tiny = {
      getItem: (k: string) => small.get(k) ?? null,
      setItem: (k: string, v: string) => {
        if (v.length > limit) throw new DOMException('full', 'QuotaExceededError');
        small.set(k, v);
      },
    } as unknown as Storage;
    const fallback = localReplicaStorage(tiny, KEY);
    fallback.set(sealPersisted(JSON.stringify(full)));
    fallback.flush();
    const kept = JSON.parse(small.get(KEY) ?? '{}') as typeof full;
    expect(kept.outbox).toHaveLength(1);
    expect(kept.cursor).toBe(0);
    expect(kept.confirmed.sessions).toEqual([]);
  });
});
