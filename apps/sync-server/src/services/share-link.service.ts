import { randomBytes, randomUUID } from 'node:crypto';
import {
  asOfInZone,
  checkReportRange,
  checkShareLinkDays,
  type CreateShareLinkResponse,
  getPlanSettings,
  getSessionNotes,
  intlOffsetResolver,
  listSessions,
  MAX_OPEN_SHARE_LINKS,
  MS_PER_DAY,
  REPORT_PAGE_PREFIX,
  SHARE_TOKEN_PATTERN,
  type SharedReportResponse,
  type ShareLinkInfo,
  type SyncError,
  settingsWriteTimes,
  type TherapistReport,
  therapistReport,
} from '@unknot/stretch-model';
import { syncError } from '../errors.js';
import type { ShareLinkRecord } from '../stores/share-link-store.js';
import { sha256Hex, type Store } from '../stores/store.js';
import type { SnapshotService } from './snapshot.service.js';
import { TokenBuckets } from './token-bucket.js';

export interface ShareLinkServiceOptions {
  now?: () => number;
  /** the public route's brake, per client address: `burst` opens, then `perSecond` */
  openBurst?: number;
  openPerSecond?: number;
}

/**
 * Report share links. A link's token is 32 random bytes (base64url); only its sha-256 is stored.
 * The token opens exactly one thing, `open` (GET /v1/reports/:token): the report of its owner for
 * its range, computed by the core from the owner's materialised state. It is not a credential:
 * the auth service never looks at share links, so no other route or socket accepts it.
 */
export class ShareLinkService {
  private readonly now: () => number;
  private readonly openBuckets: TokenBuckets;

  constructor(
    private readonly store: Store,
    private readonly snapshots: SnapshotService,
    options: ShareLinkServiceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.openBuckets = new TokenBuckets(options.openBurst ?? 30, options.openPerSecond ?? 0.5, this.now);
  }

  async create(userId: string, body: unknown): Promise<CreateShareLinkResponse | SyncError> {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const range = checkReportRange(b.from, b.to);
    if (!range.ok) return syncError('shareLinkInvalid', range.error.message);
    const days = checkShareLinkDays(b.expiresInDays);
    if (!days.ok) return syncError('shareLinkInvalid', days.error.message);
    const now = this.now();
    const open = (await this.store.shareLinks.list(userId)).filter((l) => statusOf(l, now) === 'active');
    if (open.length >= MAX_OPEN_SHARE_LINKS)
      return syncError(
        'shareLinkInvalid',
        `You have ${MAX_OPEN_SHARE_LINKS} links open already. Please turn one off before making another.`,
      );
    const token = randomBytes(32).toString('base64url');
    const record: ShareLinkRecord = {
      linkId: randomUUID(),
      userId,
      tokenHash: sha256Hex(token),
      from: range.range.from,
      to: range.range.to,
      createdAt: now,
      expiresAt: now + days.days * MS_PER_DAY,
      revokedAt: null,
      lastOpenedAt: null,
      opens: 0,
    };
    await this.store.shareLinks.create(record);
    return { ok: true, link: infoOf(record, now), token, path: `${REPORT_PAGE_PREFIX}${token}` };
  }

  async list(userId: string): Promise<ShareLinkInfo[]> {
    const now = this.now();
    return (await this.store.shareLinks.list(userId)).map((l) => infoOf(l, now));
  }

  /** Revokes one of the user's own links; another account's link id is simply not found. */
  async revoke(userId: string, linkId: unknown): Promise<SyncError | null> {
    if (typeof linkId !== 'string' || linkId.length === 0 || linkId.length > 64)
      return syncError('shareLinkNotFound', 'There is no such link.');
    const ok = await this.store.shareLinks.revoke(userId, linkId, this.now());
    return ok ? null : syncError('shareLinkNotFound', 'There is no such link.');
  }

  /** The report behind a token, for anyone holding it (rate-limited per client address). */
  async open(token: unknown, clientKey: string): Promise<SharedReportResponse | SyncError> {
    if (!this.openBuckets.take(clientKey))
      return syncError(
        'rateLimited',
        'Too many report openings from here; please wait a minute and try again.',
      );
    if (typeof token !== 'string' || !SHARE_TOKEN_PATTERN.test(token))
      return syncError(
        'shareLinkNotFound',
        'This report link is not known. Please check it, or ask for a new one.',
      );
    const link = await this.store.shareLinks.getByTokenHash(sha256Hex(token));
    if (!link)
      return syncError(
        'shareLinkNotFound',
        'This report link is not known. Please check it, or ask for a new one.',
      );
    const now = this.now();
    if (link.revokedAt !== null)
      return syncError(
        'shareLinkRevoked',
        'This report link was turned off by the person who shared it. They can make a new one if they wish.',
      );
    if (link.expiresAt <= now)
      return syncError(
        'shareLinkExpired',
        'This report link has expired. The person who shared it can make a new one if they wish.',
      );
    await this.store.shareLinks.markOpened(link.tokenHash, now);
    return { ok: true, report: await this.reportOf(link, now), expiresAt: link.expiresAt };
  }

  /** The core's report for the link's user and range, from the user's materialised state. */
  private async reportOf(link: ShareLinkRecord, now: number): Promise<TherapistReport> {
    const { state } = await this.snapshots.materialise(link.userId);
    const plan = getPlanSettings(state);
    return therapistReport({
      records: listSessions(state),
      plan,
      asOf: asOfInZone(now, plan.timeZone, intlOffsetResolver),
      range: { from: link.from, to: link.to },
      timeZone: plan.timeZone,
      settingsWrittenAt: settingsWriteTimes(state),
      notes: getSessionNotes(state),
    });
  }
}

function statusOf(l: ShareLinkRecord, now: number): ShareLinkInfo['status'] {
  return l.revokedAt !== null ? 'revoked' : l.expiresAt <= now ? 'expired' : 'active';
}

function infoOf(l: ShareLinkRecord, now: number): ShareLinkInfo {
  return {
    linkId: l.linkId,
    range: { from: l.from, to: l.to },
    createdAt: l.createdAt,
    expiresAt: l.expiresAt,
    revokedAt: l.revokedAt,
    lastOpenedAt: l.lastOpenedAt,
    opens: l.opens,
    status: statusOf(l, now),
  };
}
