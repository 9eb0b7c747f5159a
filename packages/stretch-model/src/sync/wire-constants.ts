/**
 * The wire's plain constants: the protocol versions, the limits and the closed set of error codes.
 * They live apart from the message schemas (`protocol.ts`, which re-exports them) so that code
 * needing only a route or an error code (the dashboard's first paint) does not load valibot and
 * the schemas. They are part of the wire: change them only together with PROTOCOL_VERSION.
 */
/** Bumped on any incompatible change. Peers compare at connect. */
export const PROTOCOL_VERSION = 2;
/** The oldest client version this build still understands. */
export const MIN_SUPPORTED_PROTOCOL_VERSION = 1;

/** Limits every peer enforces the same way. */
export const LIMITS = {
  maxOpsPerPush: 500,
  maxOpBytes: 16 * 1024,
  maxPushBytes: 1024 * 1024,
  maxPullPage: 1000,
  /**
   * How deeply an op may nest (objects and arrays). The deepest valid op is a session (op →
   * payload → stretches → item = 4); anything past this is refused as `invalidOp` before any code
   * walks it recursively.
   */
  maxOpDepth: 16,
} as const;

/** Closed set of error codes a peer can branch on. */
export const SYNC_ERROR_CODES = [
  'clientTooOld',
  'serverTooOld',
  'unauthenticated',
  'forbidden',
  'deviceRevoked',
  'invalidOp',
  'unknownOpType',
  'opTooLarge',
  'tooManyOps',
  'rateLimited',
  /** The user already has as many browser replicas (`web-…` devices) as the server allows; a new one is refused. Not retryable: remove an old browser on the devices page. */
  'tooManyReplicas',
  'conflictingOpId',
  /** The op's HLC is more than MAX_HLC_DRIFT_MS ahead of the server's clock. Retryable: the device keeps it and re-stamps it once its clock is right. */
  'clockAhead',
  'badCursor',
  'pairingCodeInvalid',
  'pairingCodeExpired',
  'pairingCodeUsed',
  /** A device name (devices page) that is blank, longer than DEVICE_NAME_MAX_LENGTH or not one line. Not retryable: nothing changed. */
  'deviceNameInvalid',
  /** Only a revoked device can be removed from the devices list; revoke it first. Nothing changed. */
  'deviceNotRevoked',
  /** A passkey's signed answer did not check out (forged, another site's, an unknown or removed passkey, a counter gone back). Not retryable with the same answer: sign in another way. */
  'passkeyRefused',
  /** The passkey ceremony's challenge is unknown, expired or was used already (a replay). Start the ceremony again. */
  'challengeInvalid',
  /** The invitation link is unknown (mistyped or made up). Ask for a new one. */
  'invitationInvalid',
  /** The invitation link expired (INVITATION_TTL_MS). Ask for a new one. */
  'invitationExpired',
  /** The invitation link made an account already (single use). Ask for a new one. */
  'invitationUsed',
  /** The person who made the invitation revoked it. Ask for a new one. */
  'invitationRevoked',
  /** A display or passkey name that is blank, longer than ACCOUNT_NAME_MAX_LENGTH or not one line. Nothing changed. */
  'accountNameInvalid',
  /** A report share link asked for with dates or a lifetime the core's checks refuse (checkReportRange, checkShareLinkDays). Nothing was created. */
  'shareLinkInvalid',
  /** A report share link that is not known: a mistyped or made-up token, or a link id of another account. */
  'shareLinkNotFound',
  /** A report share link past its expiry. The person who shared it can make a new one. */
  'shareLinkExpired',
  /** A report share link its owner turned off (revoked). The person who shared it can make a new one. */
  'shareLinkRevoked',
  /** The server is shutting down and takes no new pushes. Retryable: nothing of the push was stored; send it again (to this server once it is back, or another instance). */
  'unavailable',
  /** The server's storage is full (disk, or the database's size cap). Retryable: nothing was stored; the device keeps its ops and sends them again later. */
  'storageFull',
  'internal',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];
