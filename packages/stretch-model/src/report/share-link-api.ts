/**
 * The report share links over HTTP: the routes and their bodies, shared by the sync server and
 * the dashboard. A link is a random token (32 bytes, base64url) the server keeps only a hash of;
 * it opens one report (its owner's data, its date range) read-only at `GET /v1/reports/:token`,
 * and nothing else: no other route or socket takes it as a credential.
 */
import type { DateRange } from '../adherence/adherence.js';
import type { TherapistReport } from './therapist-report.js';

export const REPORT_ROUTES = {
  /** POST CreateShareLinkRequest → CreateShareLinkResponse; GET → ShareLinkList (user auth) */
  shareLinks: '/v1/share-links',
  /** DELETE `/v1/share-links/:linkId` → { ok: true } (user auth; the user's own links only) */
  shareLink: '/v1/share-links/:linkId',
  /** GET `/v1/reports/:token` → SharedReportResponse (no auth: the token is the secret; rate-limited) */
  report: '/v1/reports/:token',
} as const;

/** Where the dashboard opens a shared report: `/r/<token>` (outside the signed-in pages). */
export const REPORT_PAGE_PREFIX = '/r/';

/** Length of a link token: 32 random bytes in base64url. */
export const SHARE_TOKEN_LENGTH = 43;
/** Only the shape of a token, before any look-up. */
export const SHARE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** The most links a person can have open (not expired, not revoked) at a time. */
export const MAX_OPEN_SHARE_LINKS = 20;

export interface CreateShareLinkRequest {
  /** First and last local date of the report, YYYY-MM-DD. */
  from: string;
  to: string;
  /** Days until the link stops opening; default SHARE_LINK_DEFAULT_DAYS (30), at most 365. */
  expiresInDays?: number;
}

export type ShareLinkStatus = 'active' | 'expired' | 'revoked';

export interface ShareLinkInfo {
  linkId: string;
  range: DateRange;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  /** The last time anyone opened it; null when never. */
  lastOpenedAt: number | null;
  opens: number;
  status: ShareLinkStatus;
}

export interface CreateShareLinkResponse {
  ok: true;
  link: ShareLinkInfo;
  /** The secret: shown once; the server cannot show it again. */
  token: string;
  /** `/r/<token>`, to put after the dashboard's origin. */
  path: string;
}

export interface ShareLinkList {
  ok: true;
  links: ShareLinkInfo[];
}

export interface SharedReportResponse {
  ok: true;
  report: TherapistReport;
  /** Until when the link opens. */
  expiresAt: number;
}
