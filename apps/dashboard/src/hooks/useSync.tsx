import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useState,
  useSyncExternalStore,
} from 'react';
import type { ApiClient } from '../api/http-client';
import type { OpPayload, OpType, RecordResult, Replica, SyncState } from '../core';
import type { ConnectionSnapshot, SyncConnection } from '../sync/sync-connection';

/** What every view reads from: the replica (data), the connection (status) and the HTTP API. */
export interface SyncContextValue {
  replica: Replica;
  connection: SyncConnection;
  api: ApiClient;
}

const SyncContext = createContext<SyncContextValue | null>(null);
/**
 * The connection alone: the shell's indicator reads it, also in the moment a start renders Overview
 * from the stored summary, before the replica (and so the SyncProvider) exists.
 */
export const ConnectionContext = createContext<SyncConnection | null>(null);

/**
 * Derived values several views need (the sorted session list, prepared sessions…) are computed
 * once per provider and state, not once per hook call. Keyed by name; recomputed when any input
 * changes identity (the replica's state objects are immutable, so identity is change).
 */
type DerivedCache = Map<string, { inputs: readonly unknown[]; value: unknown }>;
const DerivedContext = createContext<DerivedCache | null>(null);

/**
 * `value` null: the replica is not open yet (a start rendering Overview from the stored summary);
 * then only `connection` (what the indicator shows until then) is provided.
 */
export function SyncProvider({
  value,
  connection,
  children,
}: {
  value: SyncContextValue | null;
  connection?: SyncConnection;
  children: ReactNode;
}) {
  const [cache] = useState<DerivedCache>(() => new Map());
  return (
    <SyncContext.Provider value={value}>
      <ConnectionContext.Provider value={value?.connection ?? connection ?? null}>
        <DerivedContext.Provider value={cache}>{children}</DerivedContext.Provider>
      </ConnectionContext.Provider>
    </SyncContext.Provider>
  );
}

export function useDerived<T>(name: string, inputs: readonly unknown[], compute: () => T): T {
  const cache = useContext(DerivedContext);
  if (!cache) return compute();
  const hit = cache.get(name);
  if (hit && hit.inputs.length === inputs.length && hit.inputs.every((x, i) => Object.is(x, inputs[i])))
    return hit.value as T;
  const value = compute();
  cache.set(name, { inputs, value });
  return value;
}

/** The API client, or null outside a <SyncProvider> (the Overview painted from its stored summary). */
export function useOptionalApi(): ApiClient | null {
  return useContext(SyncContext)?.api ?? null;
}

export function useSyncContext(): SyncContextValue {
  const value = useContext(SyncContext);
  if (!value) throw new Error('useSync needs a <SyncProvider>');
  return value;
}

/** The merged replica state; re-renders when any device's op lands. */
export function useSyncState(): SyncState {
  const { replica } = useSyncContext();
  return useSyncExternalStore(replica.subscribe, replica.state, replica.state);
}

/** Connection status for the indicator: online / syncing / offline with N pending. */
export function useConnection(): ConnectionSnapshot {
  const connection = useContext(ConnectionContext);
  if (!connection) throw new Error('useConnection needs a <SyncProvider> or a <ConnectionContext>');
  return useSyncExternalStore(connection.subscribe, connection.snapshot, connection.snapshot);
}

/** Records a local op (validated by the core); it syncs now or when the connection returns. */
export function useRecord(): <T extends OpType>(type: T, payload: OpPayload<T>) => RecordResult {
  const { replica } = useSyncContext();
  return useCallback((type, payload) => replica.record(type, payload), [replica]);
}

/** Everything a view typically needs in one call. */
export function useSync() {
  return { state: useSyncState(), connection: useConnection(), record: useRecord() };
}

export function useApi(): ApiClient {
  return useSyncContext().api;
}
