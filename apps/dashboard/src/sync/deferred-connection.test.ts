import { describe, expect, it, vi } from 'vitest';
import { createReplica, DEFAULT_REMINDER_SETTINGS } from '../core';
import { deferredConnection } from './deferred-connection';
import type { ConnectionSnapshot, SyncConnection } from './sync-connection';

const now = () => Date.UTC(2026, 4, 15, 12);

/** A connection double whose snapshot the test sets. */
function fakeConnection(status: ConnectionSnapshot['status']) {
  const listeners = new Set<() => void>();
  let snap: ConnectionSnapshot = { status, pending: 0, rejected: 0, lastSyncedAt: 5, error: null };
  const c = {
    syncNow: vi.fn(),
    close: vi.fn(),
    snapshot: () => snap,
    subscribe(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    set(next: ConnectionSnapshot['status']) {
      snap = { ...snap, status: next };
      for (const l of [...listeners]) l();
    },
  } satisfies SyncConnection & { set(s: ConnectionSnapshot['status']): void };
  return c;
}

function edit(replica: ReturnType<typeof createReplica>) {
  const value = { ...DEFAULT_REMINDER_SETTINGS, snoozeMinutes: 12 };
  expect(replica.record('register.set', { key: 'settings.reminders', value }).ok).toBe(true);
}

describe('deferredConnection', () => {
  it('says "connecting" with the pending edits until started, then is the real connection', async () => {
    const replica = createReplica({ deviceId: 'web-a', now });
    const real = fakeConnection('online');
    const load = vi.fn(async () => real);
    const c = deferredConnection(replica, load);
    const seen = vi.fn();
    c.subscribe(seen);
    expect(c.snapshot()).toEqual({
      status: 'connecting',
      pending: 0,
      rejected: 0,
      lastSyncedAt: null,
      error: null,
    });
    edit(replica);
    expect(c.snapshot().pending).toBe(1);
    expect(seen).toHaveBeenCalledTimes(1);
    c.syncNow(); // asked before the real one exists: passed on when it does
    expect(load).not.toHaveBeenCalled();

    c.start();
    c.start();
    await vi.waitFor(() => expect(c.snapshot().status).toBe('online'));
    expect(load).toHaveBeenCalledTimes(1);
    expect(real.syncNow).toHaveBeenCalledTimes(1);
    expect(c.snapshot().lastSyncedAt).toBe(5);
    const before = seen.mock.calls.length;
    real.set('offline');
    expect(seen).toHaveBeenCalledTimes(before + 1);
    expect(c.snapshot().status).toBe('offline');
    c.close();
    expect(real.close).toHaveBeenCalledTimes(1);
  });

  it('closed before the real connection has loaded: it is closed as soon as it arrives', async () => {
    const replica = createReplica({ deviceId: 'web-a', now });
    const real = fakeConnection('online');
    let resolve: (c: SyncConnection) => void = () => {};
    const c = deferredConnection(replica, () => new Promise((r) => (resolve = r)));
    c.start();
    c.close();
    resolve(real);
    await vi.waitFor(() => expect(real.close).toHaveBeenCalledTimes(1));
    expect(c.snapshot().status).toBe('connecting');
  });

  it('a chunk that cannot load shows as offline with the reason, and the replica keeps working', async () => {
    const replica = createReplica({ deviceId: 'web-a', now });
    const c = deferredConnection(replica, () => Promise.reject(new Error('chunk gone')));
    c.start();
    await vi.waitFor(() => expect(c.snapshot().status).toBe('offline'));
    expect(c.snapshot().error).toEqual({
      code: 'unreachable',
      message: 'could not start syncing: Error: chunk gone',
    });
    edit(replica);
    expect(c.snapshot()).toMatchObject({ status: 'offline', pending: 1 });
  });
});
