import { describe, expect, it } from 'vitest';
import {
  checkDisplayName,
  checkPasskeyName,
  defaultPasskeyName,
  invitationExpiryText,
  invitationStatus,
  passkeyReminderDue,
} from './index.js';

describe('account names', () => {
  it('trims, and refuses blank, multi-line and over-long names', () => {
    expect(checkDisplayName('  Sam  ')).toEqual({ ok: true, name: 'Sam' });
    expect(checkDisplayName(' \u200b ')).toEqual({
      ok: false,
      message: 'Please give your name.',
      i18n: { key: 'name.blank.display' },
    });
    expect(checkDisplayName(42)).toEqual({
      ok: false,
      message: 'Please give your name.',
      i18n: { key: 'name.blank.display' },
    });
    expect(checkDisplayName('Sam\nSmith').ok).toBe(false);
    expect(checkDisplayName('a'.repeat(40))).toEqual({ ok: true, name: 'a'.repeat(40) });
    expect(checkDisplayName('a'.repeat(41))).toEqual({
      ok: false,
      message: 'Please keep the name to 40 characters or fewer (this one has 41).',
      i18n: { key: 'name.tooLong', params: { max: 40, length: 41 } },
    });
    // 40 emoji are 40 code points (80 UTF-16 units): allowed
    expect(checkDisplayName('🙂'.repeat(40)).ok).toBe(true);
    expect(checkPasskeyName('')).toEqual({
      ok: false,
      message: 'Please give the passkey a name.',
      i18n: { key: 'name.blank.passkey' },
    });
  });
});

describe('invitations', () => {
  const inv = { usedAt: null, revokedAt: null, expiresAt: 10_000 };
  it('is open until it expires, then expired; used and revoked win', () => {
    expect(invitationStatus(inv, 9_999)).toBe('open');
    expect(invitationStatus(inv, 10_000)).toBe('expired');
    expect(invitationStatus({ ...inv, usedAt: 5 }, 20_000)).toBe('used');
    expect(invitationStatus({ ...inv, revokedAt: 5 }, 20_000)).toBe('revoked');
  });
  it('says how long it has left, rounded down', () => {
    const day = 86_400_000;
    expect(invitationExpiryText(7 * day, 0)).toBe('expires in 7 days');
    expect(invitationExpiryText(day + 5, 0)).toBe('expires in 1 day');
    expect(invitationExpiryText(day - 1, 0)).toBe('expires in 23 hours');
    expect(invitationExpiryText(3_600_000, 0)).toBe('expires in 1 hour');
    expect(invitationExpiryText(150_000, 0)).toBe('expires in 2 minutes');
    expect(invitationExpiryText(59_999, 0)).toBe('expires in less than a minute');
    expect(invitationExpiryText(0, 0)).toBe('expired');
  });
});

describe('default passkey names', () => {
  it('names the browser and the system', () => {
    expect(
      defaultPasskeyName(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
      ),
    ).toBe('Chrome on Linux');
    expect(
      defaultPasskeyName(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iOS');
    expect(defaultPasskeyName('curl/8.0')).toBe('Passkey');
  });
});

describe('the passkey reminder', () => {
  const day = 86_400_000;
  it('reminds without a passkey, not for 3 days after "not now", never with one', () => {
    expect(passkeyReminderDue(0, null, 10 * day)).toBe(true);
    expect(passkeyReminderDue(0, 10 * day, 10 * day + 3 * day - 1)).toBe(false);
    expect(passkeyReminderDue(0, 10 * day, 13 * day)).toBe(true);
    expect(passkeyReminderDue(0, 20 * day, 10 * day)).toBe(false); // a clock set back: as if just now
    expect(passkeyReminderDue(1, null, 10 * day)).toBe(false);
  });
});
