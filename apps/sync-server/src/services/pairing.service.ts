import { randomBytes, randomInt } from 'node:crypto';
import {
  issueText,
  type PairingCode,
  RedeemRequestSchema,
  type RedeemResponse,
  type SyncError,
} from '@unknot/stretch-model';
import * as v from 'valibot';
import { syncError } from '../errors.js';
import { sha256Hex, type Store } from '../stores/store.js';
import { TokenBuckets, WindowLimiter } from './token-bucket.js';

/** No 0/O, 1/I/L, so a code read off a screen is typed right. */
export const PAIRING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export interface PairingOptions {
  codeTtlMs: number;
  codesPerWindow: number;
  windowMs: number;
  now?: () => number;
}

/**
 * Pairing: a signed-in user asks for a short code, the device redeems it for a credential
 * (deviceId + 32-byte secret) bound to that user. Codes and secrets are stored as sha-256 only.
 */
export class PairingService {
  private readonly perUser: WindowLimiter;
  /** brute-force brake on redeem, per client address: 10 tries, then 1 every 6 s */
  private readonly redeemBuckets: TokenBuckets;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    private readonly options: PairingOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.perUser = new WindowLimiter(options.codesPerWindow, options.windowMs, this.now);
    this.redeemBuckets = new TokenBuckets(10, 1 / 6, this.now);
  }

  async createCode(userId: string): Promise<PairingCode | SyncError> {
    if (!this.perUser.take(userId))
      return syncError('rateLimited', 'too many pairing codes; wait a few minutes');
    let code = '';
    for (let i = 0; i < 8; i++) code += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
    const expiresAt = this.now() + this.options.codeTtlMs;
    await this.store.putOneTimeToken({
      kind: 'pairing',
      tokenHash: sha256Hex(code),
      userId,
      createdAt: this.now(),
      expiresAt,
    });
    return { code, expiresAt };
  }

  async redeem(body: unknown, clientKey: string): Promise<RedeemResponse | SyncError> {
    if (!this.redeemBuckets.take(clientKey))
      return syncError('rateLimited', 'too many pairing attempts; wait a minute');
    const parsed = v.safeParse(RedeemRequestSchema, body);
    if (!parsed.success) {
      if (parsed.issues[0]?.path?.[0]?.key === 'code' || typeof body !== 'object' || body === null)
        return syncError('pairingCodeInvalid', 'code missing');
      return syncError('invalidOp', `redeem body: ${issueText(parsed.issues)}`);
    }
    const req = parsed.output;
    const code = normaliseCode(req.code);
    if (code.length !== 8) return syncError('pairingCodeInvalid', 'a pairing code has 8 characters');
    const kind = req.deviceKind;
    const name = (req.deviceName ?? '').trim().slice(0, 80);
    const res = await this.store.consumeOneTimeToken('pairing', sha256Hex(code), this.now());
    if (!res.ok) {
      if (res.reason === 'expired')
        return syncError('pairingCodeExpired', 'this pairing code expired; get a new one');
      if (res.reason === 'used') return syncError('pairingCodeUsed', 'this pairing code was already used');
      return syncError('pairingCodeInvalid', 'unknown pairing code');
    }
    const secret = randomBytes(32).toString('base64url');
    for (;;) {
      const deviceId = `${kind}-${randomBytes(9).toString('base64url')}`;
      const created = await this.store.createDevice({
        deviceId,
        userId: res.userId,
        name: name || kind,
        kind,
        secretHash: sha256Hex(secret),
        createdAt: this.now(),
        lastSeenAt: null,
        lastSyncAt: null,
        pendingOps: null,
        revokedAt: null,
      });
      if (created) return { ok: true, userId: res.userId, deviceId, secret };
    }
  }
}

/** Accepts "abcd-efgh", "ABCD EFGH" … as ABCDEFGH. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, '');
}
