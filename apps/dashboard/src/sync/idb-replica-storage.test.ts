import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_REMINDER_SETTINGS, type ReminderSettings } from '../core';
import type { AsyncKeyValue } from './idb-replica-storage';
import { forgetReplica, openReplica, replicaKey } from './open-replica';

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
});
