import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fixtureReplica, renderWithSync } from '../../test/render';
import type { ConnectionSnapshot, SyncConnection } from '../sync/sync-connection';
import { ConnectionIndicator, connectionLabel } from './ConnectionIndicator';

function controllable(initial: ConnectionSnapshot) {
  let snap = initial;
  const listeners = new Set<() => void>();
  const connection: SyncConnection = {
    snapshot: () => snap,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    syncNow() {},
    close() {},
  };
  return {
    connection,
    set(next: Partial<ConnectionSnapshot>) {
      snap = { ...snap, ...next };
      for (const l of listeners) l();
    },
  };
}

const base: ConnectionSnapshot = {
  status: 'online',
  pending: 0,
  rejected: 0,
  lastSyncedAt: null,
  error: null,
};

describe('connection indicator', () => {
  it('labels each state clearly', () => {
    expect(connectionLabel(base)).toBe('Online · up to date');
    expect(connectionLabel({ ...base, status: 'offline', pending: 3 })).toBe('Offline · 3 changes waiting');
    expect(connectionLabel({ ...base, status: 'offline', pending: 1 })).toBe('Offline · 1 change waiting');
    expect(connectionLabel({ ...base, status: 'syncing', pending: 2 })).toBe('Syncing 2 changes…');
    expect(connectionLabel({ ...base, status: 'connecting' })).toBe('Connecting…');
  });

  it('follows the connection live, as a polite status', () => {
    const c = controllable(base);
    renderWithSync(<ConnectionIndicator />, { replica: fixtureReplica(null), connection: c.connection });
    const status = screen.getByRole('status');
    expect(status).toHaveAttribute('data-status', 'online');
    expect(status).toHaveTextContent('Online · up to date');
    act(() => c.set({ status: 'offline', pending: 2 }));
    expect(status).toHaveAttribute('data-status', 'offline');
    expect(status).toHaveTextContent('Offline · 2 changes waiting');
    act(() => c.set({ status: 'syncing' }));
    expect(status).toHaveTextContent('Syncing 2 changes…');
  });
});
