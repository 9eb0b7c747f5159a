/**
 * The rules of accounts (AUTH_MODE=local: passkeys and invitations; the account page in both
 * modes), once for the server and the dashboard. Pure: the time is always passed in.
 */

/** A display name or a passkey name has 1 to 40 characters (code points) once trimmed. */
export const ACCOUNT_NAME_MAX_LENGTH = 40;
/** An invitation link lasts this long unless revoked or used first. */
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;
/** A WebAuthn challenge (one registration or sign-in) must be answered within this. */
export const PASSKEY_CHALLENGE_TTL_MS = 5 * 60_000;

import type { CoreMessage } from '../i18n/types.js';

export type AccountNameCheck =
  | { ok: true; name: string }
  /** `i18n`: `message` as a descriptor for any locale (`name.blank.*`, `name.notOneLine`, `name.tooLong`). */
  | { ok: false; message: string; i18n: CoreMessage };

// control characters, line and paragraph separators
const NOT_ONE_LINE = /[\p{Cc}\u2028\u2029]/u;
// white space and invisible format characters (zero-width space, joiners, BOM …)
const INVISIBLE = /[\s\p{Cf}]/gu;

function checkName(input: unknown, what: string, blank: CoreMessage): AccountNameCheck {
  const name = typeof input === 'string' ? input.trim() : '';
  if (name.replace(INVISIBLE, '') === '') return { ok: false, message: `Please give ${what}.`, i18n: blank };
  if (NOT_ONE_LINE.test(name))
    return {
      ok: false,
      message: 'Please keep the name on one line, without special characters.',
      i18n: { key: 'name.notOneLine' },
    };
  const length = [...name].length;
  if (length > ACCOUNT_NAME_MAX_LENGTH)
    return {
      ok: false,
      message: `Please keep the name to ${ACCOUNT_NAME_MAX_LENGTH} characters or fewer (this one has ${length}).`,
      i18n: { key: 'name.tooLong', params: { max: ACCOUNT_NAME_MAX_LENGTH, length } },
    };
  return { ok: true, name };
}

/** The name a person goes by on this server (account page, invitation page), trimmed. */
export function checkDisplayName(input: unknown): AccountNameCheck {
  return checkName(input, 'your name', { key: 'name.blank.display' });
}

/** The name of a passkey on the account page ("Laptop", "Phone"), trimmed. */
export function checkPasskeyName(input: unknown): AccountNameCheck {
  return checkName(input, 'the passkey a name', { key: 'name.blank.passkey' });
}

export type InvitationStatus = 'open' | 'used' | 'revoked' | 'expired';

/** Where an invitation stands at `now`: used and revoked win over expired (they happened first). */
export function invitationStatus(
  inv: { usedAt: number | null; revokedAt: number | null; expiresAt: number },
  now: number,
): InvitationStatus {
  if (inv.usedAt !== null) return 'used';
  if (inv.revokedAt !== null) return 'revoked';
  return inv.expiresAt <= now ? 'expired' : 'open';
}

/**
 * How long an open invitation has left, in plain words: "expires in 7 days", "expires in 5 hours",
 * "expires in 12 minutes" (rounded down; under a minute: "expires in less than a minute").
 */
export function invitationExpiryText(expiresAt: number, now: number): string {
  const left = expiresAt - now;
  if (left <= 0) return 'expired';
  const days = Math.floor(left / 86_400_000);
  if (days >= 1) return `expires in ${days} ${days === 1 ? 'day' : 'days'}`;
  const hours = Math.floor(left / 3_600_000);
  if (hours >= 1) return `expires in ${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  const minutes = Math.floor(left / 60_000);
  if (minutes >= 1) return `expires in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  return 'expires in less than a minute';
}

/** `invitationExpiryText` as a descriptor for any locale (`account.invitation.*`, plural by `count`). */
export function invitationExpiryMessage(expiresAt: number, now: number): CoreMessage {
  const left = expiresAt - now;
  if (left <= 0) return { key: 'account.invitation.expired' };
  const days = Math.floor(left / 86_400_000);
  if (days >= 1) return { key: 'account.invitation.expiresDays', params: { count: days } };
  const hours = Math.floor(left / 3_600_000);
  if (hours >= 1) return { key: 'account.invitation.expiresHours', params: { count: hours } };
  const minutes = Math.floor(left / 60_000);
  if (minutes >= 1) return { key: 'account.invitation.expiresMinutes', params: { count: minutes } };
  return { key: 'account.invitation.expiresSoon' };
}

/**
 * A passkey's default name from the browser's user agent ("Chrome on Linux"), so the list says
 * something before the person names it; "Passkey" when nothing is recognised.
 */
export function defaultPasskeyName(userAgent: string): string {
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : null;
  const os = /iPhone|iPad/.test(userAgent)
    ? 'iOS'
    : /Android/.test(userAgent)
      ? 'Android'
      : /Mac OS X/.test(userAgent)
        ? 'macOS'
        : /Windows/.test(userAgent)
          ? 'Windows'
          : /Linux|CrOS/.test(userAgent)
            ? 'Linux'
            : null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? 'Passkey';
}

/** `defaultPasskeyName` as a descriptor for any locale (browser and system names stay as they are). */
export function defaultPasskeyNameMessage(userAgent: string): CoreMessage {
  const name = defaultPasskeyName(userAgent);
  if (name === 'Passkey') return { key: 'account.passkeyDefaultName' };
  const on = name.indexOf(' on ');
  return on < 0
    ? { key: 'account.passkeyNamed', params: { name } }
    : { key: 'account.passkeyBrowserOn', params: { browser: name.slice(0, on), os: name.slice(on + 4) } };
}

/** After "Not now", the first-run passkey reminder comes back this much later. */
export const PASSKEY_REMINDER_SNOOZE_MS = 3 * 24 * 3600_000;

/**
 * Whether to remind a local-mode person to add a passkey: they have none, and they have not said
 * "not now" within PASSKEY_REMINDER_SNOOZE_MS (a snooze time in the future counts as just now).
 */
export function passkeyReminderDue(passkeyCount: number, snoozedAt: number | null, now: number): boolean {
  if (passkeyCount > 0) return false;
  if (snoozedAt === null) return true;
  return now - Math.min(snoozedAt, now) >= PASSKEY_REMINDER_SNOOZE_MS;
}
