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
  // ---- accounts (AUTH_MODE=local has passkeys and invitations; the account page is in both modes)
  /** POST → PasskeyOptions (no auth): starts a passkey sign-in (a discoverable credential) */
  passkeySignInOptions: '/v1/auth/passkey/sign-in/options',
  /** POST PasskeyFinishRequest → LocalLoginResponse (no auth: the signed assertion is the proof) */
  passkeySignIn: '/v1/auth/passkey/sign-in',
  /** POST InvitationCheckRequest → InvitationCheck (no auth): is this invitation still good? */
  invitationCheck: '/v1/auth/invitation/check',
  /** POST InvitationStartRequest → PasskeyOptions (no auth; the token is the invitation's) */
  invitationOptions: '/v1/auth/invitation/options',
  /** POST InvitationFinishRequest → LocalLoginResponse: the invitee's new account, signed in */
  invitationRegister: '/v1/auth/invitation/register',
  /** GET → AccountInfo; PATCH AccountRenameRequest → AccountInfo (user auth) */
  account: '/v1/account',
  /**
   * POST → PasskeyOptions (user auth): adds a passkey to the caller's account; then POST
   * `…/passkeys` PasskeyFinishRequest → PasskeyInfo; DELETE `…/passkeys/:passkeyId` removes one.
   */
  accountPasskeyOptions: '/v1/account/passkeys/options',
  accountPasskeys: '/v1/account/passkeys',
  /** GET → InvitationInfo[]; POST → CreatedInvitation; DELETE `…/:invitationId` revokes (user auth) */
  accountInvitations: '/v1/account/invitations',
} as const;

export type AuthConfig =
  /** `passkeys`: a passkey was registered on this server, so the sign-in page offers one */
  | { mode: 'local'; passkeys?: boolean }
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

/**
 * WebAuthn options as JSON (`PublicKeyCredentialCreationOptionsJSON` or
 * `PublicKeyCredentialRequestOptionsJSON`), passed to the browser's WebAuthn call as they are.
 */
export interface PasskeyOptions {
  challenge: string;
  [key: string]: unknown;
}
/** The browser's WebAuthn answer as JSON (`RegistrationResponseJSON` / `AuthenticationResponseJSON`). */
export interface PasskeyFinishRequest {
  response: {
    id: string;
    rawId: string;
    type: string;
    response: Record<string, unknown>;
    [key: string]: unknown;
  };
  /** a new passkey's name on the account page (defaults to one from the browser) */
  name?: string;
}
export interface InvitationCheckRequest {
  invitationToken: string;
}
export interface InvitationCheck {
  ok: true;
  expiresAt: number;
  /** who sent it, as they are named on this server */
  invitedBy: string;
}
export interface InvitationStartRequest {
  invitationToken: string;
  displayName: string;
}
export interface InvitationFinishRequest extends PasskeyFinishRequest {
  invitationToken: string;
}
export interface PasskeyInfo {
  passkeyId: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  /** synced by its provider (a password manager, iCloud Keychain …) rather than kept on one device */
  backedUp: boolean;
}
export interface AccountSessionInfo {
  /** not the session's own id: a hash of it, enough to tell the rows apart */
  id: string;
  createdAt: number;
  expiresAt: number;
  /** the session this request came from */
  current: boolean;
  /** the browser replica (`web-…`) it last synced as, if any */
  browserId: string | null;
}
export interface AccountInfo {
  user: Me;
  mode: AuthConfig['mode'];
  /** null in firebase mode (sign-in is Firebase's) */
  passkeys: PasskeyInfo[] | null;
  sessions: AccountSessionInfo[];
}
export interface AccountRenameRequest {
  displayName: string;
}
export interface InvitationInfo {
  invitationId: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  revokedAt: number | null;
  /** the name of the account made with it */
  usedByName: string | null;
}
/** A new invitation; its token is shown once, in the link `${origin}/invite#token=${token}`. */
export interface CreatedInvitation extends InvitationInfo {
  token: string;
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
