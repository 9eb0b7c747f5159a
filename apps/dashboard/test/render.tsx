import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { buildSession } from '@unknot/stretch-model/testing';
import { vi } from 'vitest';
import type { ApiClient } from '../src/api/http-client';
import { createReplica, type Replica, type Snapshot } from '../src/core';
import { generateHistory, historySnapshot } from '../src/fixtures/generate-history';
import { ClockContext } from '../src/hooks/useNow';
import { SyncProvider } from '../src/hooks/useSync';
import type { SyncConnection } from '../src/sync/sync-connection';
import { offlineConnection } from '../src/sync/offline-connection';

/** Friday 15 May 2026, 20:00 UTC: the fixed "now" of every component test. */
export const NOW = Date.UTC(2026, 4, 15, 20, 0);

export function fixtureSnapshot(days = 120, persistentPain = false): Snapshot {
  const h = generateHistory({ endAt: NOW, days, seed: 11, persistentPain });
  return historySnapshot(h, h.sessions.length + h.nudgeEvents.length);
}

/**
 * A replica holding one 8-minute session done half an hour before NOW in Karachi (+05:00): it
 * started at 00:30 on Saturday 16 May, its own day, while the default plan's zone (UTC) is still
 * on Friday the 15th — a person who has travelled east past the plan zone's midnight.
 */
export function eastOfPlanZoneReplica(): Replica {
  const startedAt = NOW - 30 * 60_000;
  const east = buildSession({
    startedAt,
    endedAt: startedAt + 8 * 60_000,
    timeZone: 'Asia/Karachi',
    utcOffsetMinutes: 300,
  });
  return fixtureReplica({ serverSeq: 1, registers: {}, sessions: [east], nudgeEvents: [] });
}

export function fixtureReplica(snapshot: Snapshot | null = fixtureSnapshot()): Replica {
  const replica = createReplica({ deviceId: 'web-test', now: () => NOW });
  if (snapshot) replica.applySnapshot(snapshot);
  return replica;
}

export function fakeApi(overrides: Partial<ApiClient> = {}): ApiClient {
  const notUsed = async () => ({
    ok: false as const,
    error: { code: 'internal' as const, message: 'not used', status: 500 },
  });
  return {
    me: vi.fn(notUsed),
    createPairingCode: vi.fn(notUsed),
    listDevices: vi.fn(async () => ({ ok: true as const, value: [] })),
    revokeDevice: vi.fn(notUsed),
    renameDevice: vi.fn(notUsed),
    removeDevice: vi.fn(notUsed),
    exportFile: vi.fn(notUsed),
    ...overrides,
  };
}

export function renderWithSync(
  ui: ReactNode,
  options: { replica?: Replica; api?: ApiClient; connection?: SyncConnection } = {},
) {
  const replica = options.replica ?? fixtureReplica();
  const api = options.api ?? fakeApi();
  const connection = options.connection ?? offlineConnection(replica, 'online');
  const result = render(
    <ClockContext.Provider value={() => NOW}>
      <SyncProvider value={{ replica, api, connection }}>{ui}</SyncProvider>
    </ClockContext.Provider>,
  );
  return { ...result, replica, api, connection };
}
