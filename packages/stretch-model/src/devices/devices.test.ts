import { describe, expect, it } from 'vitest';
import {
  agoText,
  CONTACT_WINDOW_MS,
  checkDeviceName,
  isConnectedNow,
  lastContactOf,
  lastContactText,
  pendingOpsText,
} from './index.js';

describe('checkDeviceName', () => {
  it('trims and keeps a name of 1 to 40 characters', () => {
    expect(checkDeviceName('  Kitchen watch ')).toEqual({ ok: true, name: 'Kitchen watch' });
    expect(checkDeviceName('K')).toEqual({ ok: true, name: 'K' });
    expect(checkDeviceName('x'.repeat(40))).toEqual({ ok: true, name: 'x'.repeat(40) });
    // counted in characters people see: 40 emoji are 80 UTF-16 units and still fit
    expect(checkDeviceName('⌚'.repeat(20) + '🙂'.repeat(20))).toMatchObject({ ok: true });
  });

  it('refuses an empty name, one of only spaces or invisible characters, and a non-string', () => {
    for (const input of ['', '   ', '\t ', '\u00a0\u3000', '\u200b\u200d', null, 42, undefined])
      expect(checkDeviceName(input)).toEqual({
        ok: false,
        problem: 'blank',
        message: 'Please give the device a name.',
        i18n: { key: 'name.blank.device' },
      });
  });

  it('refuses 41 characters, saying how many it has', () => {
    expect(checkDeviceName('y'.repeat(41))).toEqual({
      ok: false,
      problem: 'tooLong',
      message: 'Please keep the name to 40 characters or fewer (this one has 41).',
      i18n: { key: 'name.tooLong', params: { max: 40, length: 41 } },
    });
    expect(checkDeviceName(`  ${'z'.repeat(10_000)}  `)).toMatchObject({ problem: 'tooLong' });
  });

  it('refuses line breaks and control characters inside a name', () => {
    for (const input of ['Two\nlines', 'Tab\there', 'Bell\u0007', 'Sep\u2028x'])
      expect(checkDeviceName(input)).toMatchObject({ ok: false, problem: 'notOneLine' });
  });
});

describe('contact', () => {
  it('takes the newest of last seen and last sync', () => {
    expect(lastContactOf({ lastSeenAt: null, lastSyncAt: null })).toBeNull();
    expect(lastContactOf({ lastSeenAt: 5_000, lastSyncAt: null })).toBe(5_000);
    expect(lastContactOf({ lastSeenAt: null, lastSyncAt: 7_000 })).toBe(7_000);
    expect(lastContactOf({ lastSeenAt: 9_000, lastSyncAt: 7_000 })).toBe(9_000);
    expect(lastContactOf({ lastSeenAt: 6_000, lastSyncAt: 8_000 })).toBe(8_000);
  });

  it('is connected with a live socket, or up to 60 s after a contact', () => {
    expect(CONTACT_WINDOW_MS).toBe(60_000);
    const now = 1_000_000;
    expect(isConnectedNow(null, true, now)).toBe(true);
    expect(isConnectedNow(null, false, now)).toBe(false);
    expect(isConnectedNow(now - 60_000, false, now)).toBe(true);
    expect(isConnectedNow(now - 60_001, false, now)).toBe(false);
    expect(isConnectedNow(now + 500, false, now)).toBe(true);
  });

  it('says how long ago in plain words, rounded down', () => {
    const now = 10 * 86_400_000;
    expect(agoText(now, now)).toBe('just now');
    expect(agoText(now - 59_999, now)).toBe('just now');
    expect(agoText(now + 3_000, now)).toBe('just now');
    expect(agoText(now - 60_000, now)).toBe('1 minute ago');
    expect(agoText(now - 3 * 60_000 - 59_000, now)).toBe('3 minutes ago');
    expect(agoText(now - 3_599_999, now)).toBe('59 minutes ago');
    expect(agoText(now - 3_600_000, now)).toBe('1 hour ago');
    expect(agoText(now - 23 * 3_600_000, now)).toBe('23 hours ago');
    expect(agoText(now - 86_400_000, now)).toBe('1 day ago');
    expect(agoText(now - 9 * 86_400_000, now)).toBe('9 days ago');
  });

  it('words the last contact, or its absence', () => {
    expect(lastContactText(null, 0)).toBe('Never in contact yet');
    expect(lastContactText(1_000, 1_000 + 3 * 60_000)).toBe('Last contact 3 minutes ago');
    expect(lastContactText(1_000, 1_000 + 2_000)).toBe('Last contact just now');
  });
});

describe('pendingOpsText', () => {
  it('says how many changes wait, and where', () => {
    expect(pendingOpsText(null, 'watch')).toBeNull();
    expect(pendingOpsText(0, 'watch')).toBe('Nothing waiting to send');
    expect(pendingOpsText(1, 'watch')).toBe('1 change waiting on the watch');
    expect(pendingOpsText(2, 'watch')).toBe('2 changes waiting on the watch');
    expect(pendingOpsText(5, 'phone')).toBe('5 changes waiting on the phone');
    expect(pendingOpsText(3, 'sim')).toBe('3 changes waiting on the simulated watch');
    expect(pendingOpsText(1, 'web')).toBe('1 change waiting in that browser');
    expect(pendingOpsText(2, 'web', true)).toBe('2 changes waiting in this browser');
    expect(pendingOpsText(1, 'watch', true)).toBe('1 change waiting on the watch');
  });
});
