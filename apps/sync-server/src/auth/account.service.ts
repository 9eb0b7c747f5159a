import { randomBytes } from 'node:crypto';
import {
  type AccountInfo,
  checkDisplayName,
  type CreatedInvitation,
  INVITATION_TTL_MS,
  type InvitationCheck,
  type InvitationInfo,
  type SyncError,
} from '@unknot/stretch-model';
import { syncError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { InvitationRecord } from '../stores/account-store.js';
import { sha256Hex, type Store } from '../stores/store.js';
import type { AuthService } from './auth.service.js';
import type { IdentityVerifier } from './identity.js';
import { type PasskeyService, passkeyIdOf, passkeyInfo } from './passkey.service.js';
import type { Principal } from './principal.js';

const LOCAL_ONLY = syncError(
  'forbidden',
  'passkeys and invitations are for local sign-in; this server signs in with Firebase',
);

/**
 * The account page: who you are (display name), your passkeys, your open sessions, and the
 * invitations you made. Everything is the caller's own: another user's passkey or invitation
 * answers as if it did not exist.
 */
export class AccountService {
  constructor(
    private readonly store: Store,
    private readonly auth: AuthService,
    private readonly identity: IdentityVerifier,
    /** null in firebase mode */
    readonly passkeys: PasskeyService | null,
    private readonly logger: Logger,
    private readonly invitationTtlMs: number = INVITATION_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get local(): boolean {
    return this.identity.mode === 'local';
  }

  async info(p: Principal): Promise<AccountInfo> {
    const sessions = await this.store.accounts.listOpenSessions(p.userId, this.now());
    return {
      user: await this.auth.me(p.userId),
      mode: this.identity.mode,
      passkeys: this.local ? (await this.store.accounts.listPasskeys(p.userId)).map(passkeyInfo) : null,
      sessions: sessions.map((s) => ({
        id: sha256Hex(`session:${s.sessionId}`).slice(0, 16),
        createdAt: s.createdAt,
        expiresAt: s.expiresAt,
        current: s.sessionId === p.sessionId,
        browserId: s.webDeviceId,
      })),
    };
  }

  async rename(p: Principal, body: unknown): Promise<AccountInfo | SyncError> {
    const raw =
      typeof body === 'object' && body !== null ? (body as { displayName?: unknown }).displayName : undefined;
    const name = checkDisplayName(raw);
    if (!name.ok) return syncError('accountNameInvalid', name.message);
    await this.store.accounts.setDisplayName(p.userId, name.name);
    return this.info(p);
  }

  /** Removes one of the caller's passkeys (by its passkeyId); another user's is "no such passkey". */
  async removePasskey(p: Principal, passkeyId: string): Promise<SyncError | null> {
    if (!this.local) return LOCAL_ONLY;
    const mine = await this.store.accounts.listPasskeys(p.userId);
    const found = mine.find((k) => passkeyIdOf(k.credentialId) === passkeyId);
    if (!found || !(await this.store.accounts.removePasskey(p.userId, found.credentialId)))
      return syncError('forbidden', 'no such passkey on this account');
    this.logger.info({ userId: p.userId, left: mine.length - 1 }, 'passkey removed');
    return null;
  }

  async listInvitations(p: Principal): Promise<InvitationInfo[] | SyncError> {
    if (!this.local) return LOCAL_ONLY;
    const list = await this.store.accounts.listInvitations(p.userId);
    return Promise.all(list.map((i) => this.invitationInfo(i)));
  }

  /** A new single-use invitation; its token is in the answer once and stored only as a hash. */
  async createInvitation(p: Principal): Promise<CreatedInvitation | SyncError> {
    if (!this.local) return LOCAL_ONLY;
    const token = randomBytes(32).toString('base64url');
    const at = this.now();
    const record: InvitationRecord = {
      invitationId: `inv-${randomBytes(9).toString('base64url')}`,
      tokenHash: sha256Hex(token),
      createdBy: p.userId,
      createdAt: at,
      expiresAt: at + this.invitationTtlMs,
      usedAt: null,
      usedBy: null,
      revokedAt: null,
    };
    await this.store.accounts.createInvitation(record);
    this.logger.info({ userId: p.userId, invitationId: record.invitationId }, 'invitation made');
    return { ...(await this.invitationInfo(record)), token };
  }

  async revokeInvitation(p: Principal, invitationId: string): Promise<SyncError | null> {
    if (!this.local) return LOCAL_ONLY;
    if (await this.store.accounts.revokeInvitation(p.userId, invitationId, this.now())) return null;
    const mine = (await this.store.accounts.listInvitations(p.userId)).find(
      (i) => i.invitationId === invitationId,
    );
    if (!mine) return syncError('forbidden', 'no such invitation on this account');
    return mine.usedAt !== null
      ? syncError('invitationUsed', 'this invitation was used already; it cannot be withdrawn')
      : null; // revoked already: nothing more to do
  }

  /** The invitation page asks first whether its link is still good (and who sent it). */
  async checkInvitation(body: unknown): Promise<InvitationCheck | SyncError> {
    if (!this.passkeys) return LOCAL_ONLY;
    const token =
      typeof body === 'object' && body !== null
        ? (body as { invitationToken?: unknown }).invitationToken
        : undefined;
    const inv = await this.passkeys.openInvitation(token);
    if ('code' in inv) return inv;
    return { ok: true, expiresAt: inv.expiresAt, invitedBy: (await this.auth.me(inv.createdBy)).displayName };
  }

  private async invitationInfo(i: InvitationRecord): Promise<InvitationInfo> {
    return {
      invitationId: i.invitationId,
      createdAt: i.createdAt,
      expiresAt: i.expiresAt,
      usedAt: i.usedAt,
      revokedAt: i.revokedAt,
      usedByName: i.usedBy ? (await this.auth.me(i.usedBy)).displayName : null,
    };
  }
}
