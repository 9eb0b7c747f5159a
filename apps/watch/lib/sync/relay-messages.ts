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

/**
 * Sizes and times of one relay request. BLE loses whole ZML frames and ZML does not resend a
 * lost chunk: a message with a missing chunk never completes and its request times out. So every
 * request and response is kept to about two ZML frames (payload chunk 3,518 bytes; a request
 * also costs a shake and its reply), and each batch is acknowledged on its own: a lost frame
 * costs one small batch, not the whole outbox.
 */
export const RELAY_LIMITS = {
  /** JSON bytes of the ops one sync request pushes (always at least one op): ~2 ZML frames with the envelope. */
  pushBytes: 6_500,
  /** JSON bytes of pulled ops the phone puts in one response (at least one op): ~2 ZML frames with the acks. */
  pullBytes: 6_000,
  /**
   * ZML request timeout. ZML's default (60 s) makes every lost frame cost a minute; this is just
   * above the phone's own fetch limit (10 s, `PHONE_FETCH_TIMEOUT_MS`) plus the air time of two
   * frames each way at a few KB/s, so a slow server still answers in time.
   */
  timeoutMs: 15_000,
} as const;

/** The phone's `POST /v1/sync` timeout (Zepp's fetch default); below `RELAY_LIMITS.timeoutMs`. */
export const PHONE_FETCH_TIMEOUT_MS = 10_000;

export interface RelayHelloResult {
  paired: boolean;
  /** The device id the server gave this watch at pairing; the watch's ops must carry it. */
  deviceId: string | null;
  /**
   * When the phone learned that the server no longer takes this watch's credential (the device
   * was removed from the account, or the server does not know it): epoch ms. Absent or null: not
   * removed (an older phone side never sends it).
   */
  removedAt?: number | null;
}

export interface RelaySyncParams {
  deviceId: string;
  ops: unknown[];
  cursor: number;
  /**
   * The watch holds every op of its own with `seq <= ownSeq` (queued or acknowledged), so the
   * phone leaves their echoes out of the pulled page (the cursor still moves past them). Absent: 0.
   */
  ownSeq?: number;
  /** At most this many JSON bytes of pulled ops in the response (0: none). Absent: the whole page. */
  pullBytes?: number;
  /**
   * Ops the watch still holds unsent once this push is stored (the devices page's "pending"). Absent
   * (an older watch): the phone reports nothing.
   */
  outboxSize?: number;
}

/**
 * Relay-level failures: the phone could not reach the server, is not paired, is paired as another
 * device, or its credential was refused for good (`removed`: the server answered `deviceRevoked`,
 * or `unauthenticated` for a credential it does not know). Nothing of a refused push was stored.
 */
export type RelayFailureCode = 'unreachable' | 'notPaired' | 'deviceMismatch' | 'removed';

/** Server error codes that mean this credential will never work again: pair again. */
export const CREDENTIAL_REFUSED_CODES: readonly SyncError['code'][] = ['deviceRevoked', 'unauthenticated'];

export interface RelayFailure {
  code: RelayFailureCode;
  message: string;
  /** With `removed`: when the phone learned it, epoch ms. */
  removedAt?: number;
}

export type RelaySyncResult = HttpSyncResponse | { ok: false; relayError: RelayFailure; error?: SyncError };
