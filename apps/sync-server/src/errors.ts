import { HttpException } from '@nestjs/common';
import type { SyncError, SyncErrorCode } from '@unknot/stretch-model';

export function syncError(code: SyncErrorCode, message: string): SyncError {
  return { code, message };
}

const HTTP_STATUS: Record<SyncErrorCode, number> = {
  clientTooOld: 426,
  serverTooOld: 400,
  unauthenticated: 401,
  forbidden: 403,
  deviceRevoked: 403,
  invalidOp: 400,
  unknownOpType: 400,
  opTooLarge: 413,
  tooManyOps: 413,
  rateLimited: 429,
  tooManyReplicas: 403,
  conflictingOpId: 409,
  // Per-op only (an ack, never a whole response); 409 if it ever is one: retry once the clock is right.
  clockAhead: 409,
  badCursor: 400,
  pairingCodeInvalid: 400,
  pairingCodeExpired: 410,
  pairingCodeUsed: 410,
  deviceNameInvalid: 400,
  // Conflict: the device is still active; revoke it first
  deviceNotRevoked: 409,
  // accounts: a refused passkey is a failed sign-in; a stale challenge or a bad name a bad request;
  // an invitation no longer good is Gone
  passkeyRefused: 401,
  challengeInvalid: 400,
  invitationInvalid: 400,
  invitationExpired: 410,
  invitationUsed: 410,
  invitationRevoked: 410,
  accountNameInvalid: 400,
  shareLinkInvalid: 400,
  shareLinkNotFound: 404,
  // a report link that no longer opens is Gone
  shareLinkExpired: 410,
  shareLinkRevoked: 410,
  // Service Unavailable: shutting down; retry (nothing was stored)
  unavailable: 503,
  // Insufficient Storage: retry later; nothing was stored
  storageFull: 507,
  internal: 500,
};

export function httpStatusFor(code: SyncErrorCode): number {
  return HTTP_STATUS[code];
}

/** A SyncError as the HTTP error the API promises: status by code, body `{ ok: false, error }`. */
export function httpError(error: SyncError): HttpException {
  return new HttpException({ ok: false, error }, httpStatusFor(error.code));
}

/** Type guard for "a service returned an error value". */
export function isSyncError(value: unknown): value is SyncError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SyncError).code === 'string' &&
    typeof (value as SyncError).message === 'string'
  );
}
