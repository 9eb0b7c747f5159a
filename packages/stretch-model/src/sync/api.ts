/**
 * The sync server's outward API, shared by the server, the dashboard, the phone side service and
 * the sim so that routes, event names and bodies are defined once.
 */
import type {
  OpsEvent,
  PullRequest,
  PullResponse,
  PushRequest,
  PushResponse,
  ReadyEvent,
  SyncError,
} from './protocol.js';

/** socket.io: `io(origin + SYNC_NAMESPACE, { path: SOCKET_PATH, auth: SocketAuth })`. */
export const SOCKET_PATH = '/ws';
export const SYNC_NAMESPACE = '/sync';

// Handshake auth (`SocketAuthSchema`), `ready`, `revoked` and the `connect_error` data are schemas
// in protocol.ts, with every other message.

/** socket.io event names. `push` and `pull` take an ack callback with the response. */
export const SOCKET_EVENTS = {
  push: 'push',
  pull: 'pull',
  /** server → client after the handshake is accepted */
  ready: 'ready',
  /** server → client: live ops from the user's other devices */
  ops: 'ops',
  /** server → client right before it closes a socket whose device was revoked or whose token expired */
  revoked: 'revoked',
} as const;

export interface ClientToServerEvents {
  push: (req: PushRequest, ack: (res: PushResponse) => void) => void;
  pull: (req: PullRequest, ack: (res: PullResponse) => void) => void;
}
export interface ServerToClientEvents {
  ready: (ev: ReadyEvent) => void;
  ops: (ev: OpsEvent) => void;
  revoked: (ev: SyncError) => void;
}

// ---- HTTP routes (JSON). Auth header: `Authorization: Bearer <user token>` or
// `Authorization: Device <deviceId>:<secret>`. Errors: HTTP 4xx/5xx with body `{ ok: false, error: SyncError }`.

export const HTTP_ROUTES = {
  health: '/healthz',
  ready: '/readyz',
  metrics: '/metrics',
  /** GET → AuthConfig (no auth) */
  authConfig: '/v1/auth/config',
  /** POST LocalLoginRequest → LocalLoginResponse (no auth; the token is the one-time login link's) */
  localLogin: '/v1/auth/local/login',
  /** GET → Me (user auth) */
  me: '/v1/me',
  /** POST → { ok: true } (user auth): ends this session; its token stops working at once */
  signOut: '/v1/auth/sign-out',
  /** POST → { ok: true, ended } (user auth): ends every session of the user */
  signOutEverywhere: '/v1/auth/sign-out-everywhere',
  /** POST → PairingCode (user auth; rate-limited) */
  pairingCodes: '/v1/pairing-codes',
  /** POST RedeemRequest → RedeemResponse (no auth: the code is the secret) */
  pairingRedeem: '/v1/pairing/redeem',
  /**
   * GET → DeviceInfo[] (user auth). Per device (`/v1/devices/:deviceId`, the user's own only):
   * DELETE revokes; PATCH DeviceRenameRequest → DeviceInfo renames; POST `…/:deviceId/remove`
   * takes a revoked device off the list (its ops stay in the log).
   */
  devices: '/v1/devices',
  /** POST HttpSyncRequest → HttpSyncResponse (device or user auth) */
  sync: '/v1/sync',
  /** GET ?format=csv|json&kind=sessions|nudges (user auth) → file download */
  export: '/v1/export',
} as const;

export type AuthConfig =
  | { mode: 'local' }
  | { mode: 'firebase'; firebase: { apiKey: string; projectId: string; authEmulatorUrl?: string } };

/** The one-time login link printed at start-up is `${origin}/login#token=${loginToken}`. */
export interface LocalLoginRequest {
  loginToken: string;
}
export interface LocalLoginResponse {
  ok: true;
  token: string;
  expiresAt: number;
  user: Me;
}
export interface Me {
  userId: string;
  displayName: string;
  email: string | null;
}

export interface PairingCode {
  /** 8 characters from an unambiguous alphabet, shown as XXXX-XXXX; single use */
  code: string;
  expiresAt: number;
}
export interface DeviceInfo {
  deviceId: string;
  name: string;
  kind: 'watch' | 'phone' | 'sim' | 'web';
  createdAt: number;
  /** the last authenticated contact of any kind: socket handshake, push or pull */
  lastSeenAt: number | null;
  /** the last push */
  lastSyncAt: number | null;
  /**
   * The newest contact (push or pull, socket or HTTP; a watch's requests relayed by its phone use
   * the watch's credential and count as the watch's), or null if it never synced.
   */
  lastContactAt: number | null;
  /** ops the device said it still had queued, at `pendingOpsAt` (its last push or sync saying so) */
  pendingOps: number | null;
  pendingOpsAt: number | null;
  revokedAt: number | null;
  /** a live socket on any instance, or a contact within CONTACT_WINDOW_MS (never for a revoked device) */
  connected: boolean;
}

/** PATCH /v1/devices/:deviceId: the name people see (checked with `checkDeviceName`). */
export interface DeviceRenameRequest {
  name: string;
}

/**
 * HTTP: a user-authenticated (`Bearer`) request that pushes ops names the browser replica
 * (`web-…`) that authored them in this header; device credentials already name their device.
 */
export const DEVICE_ID_HEADER = 'x-unknot-device-id';
