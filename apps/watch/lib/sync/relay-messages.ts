/**
 * What the watch and the phone side service say to each other over ZML's `request`. The sync
 * payloads themselves are the core's HTTP shapes (`HttpSyncResponse`); this file adds only the
 * relay's own envelope, shared by both ends so they cannot drift.
 */
import type { HttpSyncResponse, SyncError } from '@unknot/stretch-model';

export const RELAY_METHODS = {
  /** Is the phone paired with a server, and as which device? */
  hello: 'hello',
  /** Push ops and pull remote ops in one round trip (`POST /v1/sync`). */
  sync: 'sync',
} as const;

export interface RelayHelloResult {
  paired: boolean;
  /** The device id the server gave this watch at pairing; the watch's ops must carry it. */
  deviceId: string | null;
}

export interface RelaySyncParams {
  deviceId: string;
  ops: unknown[];
  cursor: number;
}

/** Relay-level failures: the phone could not reach the server, or is not paired. */
export type RelayFailureCode = 'unreachable' | 'notPaired' | 'deviceMismatch';

export type RelaySyncResult =
  | HttpSyncResponse
  | { ok: false; relayError: { code: RelayFailureCode; message: string }; error?: SyncError };
