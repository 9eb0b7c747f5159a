import { randomUUID } from 'node:crypto';
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import {
  checkDisplayName,
  checkPasskeyName,
  defaultPasskeyName,
  type LocalLoginResponse,
  PASSKEY_CHALLENGE_TTL_MS,
  type PasskeyInfo,
  type PasskeyOptions,
  type SyncError,
} from '@unknot/stretch-model';
import { syncError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { OriginPolicy } from '../origin-policy.js';
import type { ChallengeRecord, InvitationRefusal, PasskeyRecord } from '../stores/account-store.js';
import { sha256Hex, type Store } from '../stores/store.js';
import type { AuthService } from './auth.service.js';
import type { SessionService } from './session.service.js';

const RP_NAME = 'Unknot';
/** set once the first passkey is registered: the sign-in page then offers passkey sign-in */
export const PASSKEYS_META_KEY = 'local.passkeys';

/** Where a WebAuthn request came from: the browser's `Origin` and the request's `Host`. */
export interface CeremonyContext {
  origin: string | undefined;
  host: string | undefined;
  userAgent?: string | undefined;
}

const INVITATION_ERRORS: Record<InvitationRefusal, SyncError> = {
  invalid: syncError('invitationInvalid', 'this invitation link is not known; ask for a new one'),
  expired: syncError('invitationExpired', 'this invitation link expired; ask for a new one'),
  used: syncError('invitationUsed', 'this invitation link was used already; ask for a new one'),
  revoked: syncError('invitationRevoked', 'this invitation link was withdrawn; ask for a new one'),
};
export function invitationError(reason: InvitationRefusal): SyncError {
  return INVITATION_ERRORS[reason];
}

const STALE_CHALLENGE = syncError(
  'challengeInvalid',
  'this passkey request is unknown, expired or was answered already; start again',
);
const REFUSED = syncError('passkeyRefused', 'that passkey was not accepted');

/** The passkey id people and URLs see: a hash of the credential id (any length, any bytes). */
export function passkeyIdOf(credentialId: string): string {
  return sha256Hex(`passkey:${credentialId}`).slice(0, 32);
}

export function passkeyInfo(p: PasskeyRecord): PasskeyInfo {
  return {
    passkeyId: passkeyIdOf(p.credentialId),
    name: p.name,
    createdAt: p.createdAt,
    lastUsedAt: p.lastUsedAt,
    backedUp: p.backedUp,
  };
}

/**
 * Passkeys (WebAuthn, through @simplewebauthn/server) for AUTH_MODE=local. The relying party is
 * the host name of the address the dashboard is opened at — the request's `Origin`, which the
 * origin policy only lets through when it is this server's own (its `Host`) or `PUBLIC_URL`.
 * Challenges are stored server-side, single use and short-lived; counters are checked (compare
 * and set); user verification is preferred. Passkeys are discoverable, so sign-in needs no name.
 */
export class PasskeyService {
  private windowStart = 0;
  private windowCount = 0;

  constructor(
    private readonly store: Store,
    private readonly sessions: SessionService,
    private readonly auth: AuthService,
    private readonly origins: OriginPolicy,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    /**
     * Challenges this instance hands out per minute, all callers together: the options routes
     * need no sign-in, so this keeps anyone from filling the challenge table (each lasts 5 min).
     */
    private readonly challengesPerMinute = 300,
  ) {}

  private overLimit(): SyncError | null {
    const t = this.now();
    if (t - this.windowStart >= 60_000) {
      this.windowStart = t;
      this.windowCount = 0;
    }
    this.windowCount++;
    if (this.windowCount <= this.challengesPerMinute) return null;
    return syncError('rateLimited', 'too many passkey requests just now; please try again in a minute');
  }

  /** The origin and RP ID of a ceremony, or a refusal for a request no browser page of ours sent. */
  private relyingParty(ctx: CeremonyContext): { origin: string; rpId: string } | SyncError {
    const limited = this.overLimit();
    if (limited) return limited;
    if (ctx.origin === undefined || !this.origins.allows(ctx.origin, ctx.host))
      return syncError('forbidden', 'passkeys work only from the dashboard at this server’s own address');
    return { origin: ctx.origin.toLowerCase(), rpId: new URL(ctx.origin).hostname };
  }

  private async challenge(
    ctx: { origin: string; rpId: string },
    challenge: string,
    rest: Pick<ChallengeRecord, 'purpose' | 'userId' | 'invitationHash' | 'displayName'>,
  ): Promise<void> {
    const at = this.now();
    await this.store.accounts.putChallenge({
      challenge,
      ...rest,
      rpId: ctx.rpId,
      origin: ctx.origin,
      createdAt: at,
      expiresAt: at + PASSKEY_CHALLENGE_TTL_MS,
    });
  }

  private async creationOptions(
    rp: { origin: string; rpId: string },
    userId: string,
    userName: string,
    exclude: readonly PasskeyRecord[],
  ): Promise<PasskeyOptions> {
    return (await generateRegistrationOptions({
      rpName: RP_NAME,
      rpID: rp.rpId,
      userName,
      userDisplayName: userName,
      userID: new TextEncoder().encode(userId),
      timeout: PASSKEY_CHALLENGE_TTL_MS,
      attestationType: 'none',
      excludeCredentials: exclude.map((p) => ({ id: p.credentialId, transports: p.transports })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    })) as unknown as PasskeyOptions;
  }

  /** A signed-in local user starts adding a passkey to their account. */
  async addOptions(userId: string, ctx: CeremonyContext): Promise<PasskeyOptions | SyncError> {
    const rp = this.relyingParty(ctx);
    if ('code' in rp) return rp;
    const me = await this.auth.me(userId);
    const existing = await this.store.accounts.listPasskeys(userId);
    const options = await this.creationOptions(rp, userId, me.displayName, existing);
    await this.challenge(rp, options.challenge, {
      purpose: 'register',
      userId,
      invitationHash: null,
      displayName: null,
    });
    return options;
  }

  /** Finishes adding a passkey: only to the account the challenge was made for. */
  async add(userId: string, body: unknown, ctx: CeremonyContext): Promise<PasskeyInfo | SyncError> {
    const parsed = parseFinish(body);
    if ('code' in parsed) return parsed;
    const name = parsed.name === undefined ? null : checkPasskeyName(parsed.name);
    if (name && !name.ok) return syncError('accountNameInvalid', name.message);
    const taken = await this.takeChallenge(parsed.response, 'register');
    if ('code' in taken) return taken;
    if (taken.userId !== userId || taken.invitationHash !== null) return STALE_CHALLENGE;
    const verified = await this.verifyRegistration(
      parsed.response as unknown as RegistrationResponseJSON,
      taken,
    );
    if ('code' in verified) return verified;
    const record = { ...verified, userId, name: name?.name ?? defaultPasskeyName(ctx.userAgent ?? '') };
    if (!(await this.store.accounts.addPasskey(record)))
      return syncError('passkeyRefused', 'this passkey is on your account already');
    await this.store.setMeta(PASSKEYS_META_KEY, '1');
    this.logger.info({ userId }, 'passkey added');
    return passkeyInfo(record);
  }

  /** An invitee names themselves and starts registering the passkey of their new account. */
  async invitationOptions(body: unknown, ctx: CeremonyContext): Promise<PasskeyOptions | SyncError> {
    const rp = this.relyingParty(ctx);
    if ('code' in rp) return rp;
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const inv = await this.openInvitation(b.invitationToken);
    if ('code' in inv) return inv;
    const name = checkDisplayName(b.displayName);
    if (!name.ok) return syncError('accountNameInvalid', name.message);
    // the new account's id, fixed now: the passkey carries it as its user handle
    const userId = `user-${randomUUID()}`;
    const options = await this.creationOptions(rp, userId, name.name, []);
    await this.challenge(rp, options.challenge, {
      purpose: 'register',
      userId,
      invitationHash: inv.tokenHash,
      displayName: name.name,
    });
    return options;
  }

  /**
   * Finishes an invitee's registration: the passkey checks out, then the invitation is used —
   * once, whatever runs concurrently — and only then is the account made and signed in.
   */
  async registerInvitee(body: unknown, ctx: CeremonyContext): Promise<LocalLoginResponse | SyncError> {
    const parsed = parseFinish(body);
    if ('code' in parsed) return parsed;
    const token = (body as { invitationToken?: unknown }).invitationToken;
    if (typeof token !== 'string' || token.length === 0 || token.length > 200)
      return invitationError('invalid');
    const tokenHash = sha256Hex(token);
    const taken = await this.takeChallenge(parsed.response, 'register');
    if ('code' in taken) return taken;
    if (taken.invitationHash !== tokenHash || taken.userId === null || taken.displayName === null)
      return STALE_CHALLENGE;
    const verified = await this.verifyRegistration(
      parsed.response as unknown as RegistrationResponseJSON,
      taken,
    );
    if ('code' in verified) return verified;
    const userId = taken.userId;
    const used = await this.store.accounts.useInvitation(tokenHash, userId, this.now());
    if (!used.ok) return invitationError(used.reason);
    await this.store.ensureUser({
      userId,
      displayName: taken.displayName,
      email: null,
      createdAt: this.now(),
    });
    await this.store.accounts.addPasskey({
      ...verified,
      userId,
      name: defaultPasskeyName(ctx.userAgent ?? ''),
    });
    await this.store.setMeta(PASSKEYS_META_KEY, '1');
    this.logger.info({ userId, invitedBy: used.invitation.createdBy }, 'account made with an invitation');
    return this.signedIn(userId);
  }

  async signInOptions(ctx: CeremonyContext): Promise<PasskeyOptions | SyncError> {
    const rp = this.relyingParty(ctx);
    if ('code' in rp) return rp;
    const options = (await generateAuthenticationOptions({
      rpID: rp.rpId,
      timeout: PASSKEY_CHALLENGE_TTL_MS,
      userVerification: 'preferred',
      allowCredentials: [],
    })) as unknown as PasskeyOptions;
    await this.challenge(rp, options.challenge, {
      purpose: 'signIn',
      userId: null,
      invitationHash: null,
      displayName: null,
    });
    return options;
  }

  /** Signs in with a passkey: its user handle names the account, its signature and counter prove it. */
  async signIn(body: unknown): Promise<LocalLoginResponse | SyncError> {
    const parsed = parseFinish(body);
    if ('code' in parsed) return parsed;
    const response = parsed.response as unknown as AuthenticationResponseJSON;
    const taken = await this.takeChallenge(parsed.response, 'signIn');
    if ('code' in taken) return taken;
    const handle = response.response.userHandle;
    if (typeof handle !== 'string' || handle.length === 0 || handle.length > 200) return REFUSED;
    const userId = Buffer.from(handle, 'base64url').toString('utf8');
    const passkey = await this.store.accounts.getPasskey(userId, response.id);
    if (!passkey) return REFUSED;
    let result: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: taken.challenge,
        expectedOrigin: taken.origin,
        expectedRPID: taken.rpId,
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
          counter: passkey.counter,
          transports: passkey.transports,
        },
        requireUserVerification: false,
      });
    } catch (err) {
      this.logger.info({ userId, reason: (err as Error).message }, 'passkey sign-in refused');
      return REFUSED;
    }
    if (!result.verified) return REFUSED;
    const moved = await this.store.accounts.recordPasskeyUse(
      userId,
      passkey.credentialId,
      passkey.counter,
      result.authenticationInfo.newCounter,
      this.now(),
    );
    if (!moved) return REFUSED; // another sign-in with the same counter won the race
    return this.signedIn(userId);
  }

  /** The invitation behind a token, while it can still be used. */
  async openInvitation(
    token: unknown,
  ): Promise<{ tokenHash: string; createdBy: string; expiresAt: number } | SyncError> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 200)
      return invitationError('invalid');
    const tokenHash = sha256Hex(token);
    const inv = await this.store.accounts.getInvitation(tokenHash);
    if (!inv) return invitationError('invalid');
    if (inv.revokedAt !== null) return invitationError('revoked');
    if (inv.usedAt !== null) return invitationError('used');
    if (inv.expiresAt <= this.now()) return invitationError('expired');
    return { tokenHash, createdBy: inv.createdBy, expiresAt: inv.expiresAt };
  }

  private async signedIn(userId: string): Promise<LocalLoginResponse> {
    const session = await this.sessions.issue(userId);
    return { ok: true, token: session.token, expiresAt: session.expiresAt, user: await this.auth.me(userId) };
  }

  /** The stored challenge the answer names, taken (single use) — or why not. */
  private async takeChallenge(
    response: WebAuthnAnswer,
    purpose: ChallengeRecord['purpose'],
  ): Promise<ChallengeRecord | SyncError> {
    const challenge = challengeOf(response.response.clientDataJSON);
    if (challenge === null) return REFUSED;
    const taken = await this.store.accounts.takeChallenge(challenge, this.now());
    if (!taken || taken.purpose !== purpose) return STALE_CHALLENGE;
    return taken;
  }

  private async verifyRegistration(
    response: RegistrationResponseJSON,
    taken: ChallengeRecord,
  ): Promise<Omit<PasskeyRecord, 'userId' | 'name'> | SyncError> {
    try {
      const result = await verifyRegistrationResponse({
        response,
        expectedChallenge: taken.challenge,
        expectedOrigin: taken.origin,
        expectedRPID: taken.rpId,
        requireUserVerification: false,
      });
      if (!result.verified) return REFUSED;
      const info = result.registrationInfo;
      return {
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
        counter: info.credential.counter,
        transports: (response.response.transports ?? []).filter((t) => typeof t === 'string').slice(0, 8),
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        createdAt: this.now(),
        lastUsedAt: null,
      };
    } catch (err) {
      this.logger.info({ reason: (err as Error).message }, 'passkey registration refused');
      return REFUSED;
    }
  }
}

const MAX_FIELD = 16 * 1024;

/** A WebAuthn answer as far as this file reads it; the library checks the rest. */
interface WebAuthnAnswer {
  id: string;
  response: { clientDataJSON?: unknown; [key: string]: unknown };
}

/** The shape of a WebAuthn answer (its contents are the library's to check), bounded in size. */
function parseFinish(body: unknown): { response: WebAuthnAnswer; name?: unknown } | SyncError {
  const bad = syncError('passkeyRefused', 'that passkey answer is malformed');
  if (typeof body !== 'object' || body === null) return bad;
  const { response, name } = body as { response?: unknown; name?: unknown };
  if (typeof response !== 'object' || response === null) return bad;
  const r = response as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id.length === 0 || r.id.length > 1024) return bad;
  if (typeof r.rawId !== 'string' || r.type !== 'public-key') return bad;
  if (typeof r.response !== 'object' || r.response === null) return bad;
  for (const v of Object.values(r.response as Record<string, unknown>))
    if (typeof v === 'string' && v.length > MAX_FIELD) return bad;
  return {
    response: r as unknown as WebAuthnAnswer,
    ...(name !== undefined ? { name } : {}),
  };
}

/** The challenge inside a `clientDataJSON` (base64url JSON), or null when there is none. */
function challengeOf(clientDataJSON: unknown): string | null {
  if (typeof clientDataJSON !== 'string' || clientDataJSON.length > MAX_FIELD) return null;
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as {
      challenge?: unknown;
    };
    return typeof data.challenge === 'string' && data.challenge.length > 0 && data.challenge.length <= 200
      ? data.challenge
      : null;
  } catch {
    return null;
  }
}
