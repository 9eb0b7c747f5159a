/** Who is calling: a user (dashboard; `deviceId` is the browser replica, if stated) or a paired device. */
export interface Principal {
  kind: 'user' | 'device';
  userId: string;
  /** the replica the caller authors ops as; null for user requests that named none */
  deviceId: string | null;
  /** when the credential stops being valid (user tokens), ms since epoch */
  expiresAt: number | null;
  /** the signed-in session behind a user token; absent for paired devices */
  sessionId?: string;
}

/** Browser replicas name themselves `web-…` (kept in localStorage). */
export const WEB_DEVICE_ID = /^web-[A-Za-z0-9_-]{1,60}$/;
