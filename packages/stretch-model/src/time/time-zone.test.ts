import { describe, expect, it } from 'vitest';
import { localDate, minuteOfDay } from './civil-date.js';
import { fixedOffsetResolver, intlOffsetResolver, isKnownTimeZone, zonedEpochAtLocal } from './time-zone.js';

const utc = (iso: string) => Date.parse(iso);

describe('intlOffsetResolver (server/dashboard only)', () => {
  it('follows Europe/Berlin across both DST changes', () => {
    const z = 'Europe/Berlin';
    expect(intlOffsetResolver(z, utc('2026-03-29T00:59:59Z'))).toBe(60);
    expect(intlOffsetResolver(z, utc('2026-03-29T01:00:00Z'))).toBe(120);
    expect(intlOffsetResolver(z, utc('2026-10-25T00:59:59Z'))).toBe(120);
    expect(intlOffsetResolver(z, utc('2026-10-25T01:00:00Z'))).toBe(60);
  });

  it('follows America/New_York across both DST changes', () => {
    const z = 'America/New_York';
    expect(intlOffsetResolver(z, utc('2026-03-08T06:59:00Z'))).toBe(-300);
    expect(intlOffsetResolver(z, utc('2026-03-08T07:00:00Z'))).toBe(-240);
    expect(intlOffsetResolver(z, utc('2026-11-01T05:59:00Z'))).toBe(-240);
    expect(intlOffsetResolver(z, utc('2026-11-01T06:00:00Z'))).toBe(-300);
  });

  it('handles half-hour and quarter-hour zones', () => {
    expect(intlOffsetResolver('Asia/Kolkata', utc('2026-01-10T12:00:00Z'))).toBe(330);
    expect(intlOffsetResolver('Asia/Kolkata', utc('2026-07-10T12:00:00Z'))).toBe(330);
    expect(intlOffsetResolver('Pacific/Chatham', utc('2026-07-10T12:00:00Z'))).toBe(765);
    expect(intlOffsetResolver('Pacific/Chatham', utc('2026-01-10T12:00:00Z'))).toBe(825);
    expect(intlOffsetResolver('UTC', utc('2026-01-10T12:34:56.789Z'))).toBe(0);
  });

  it('gives local dates that match the zone on DST days', () => {
    const t = utc('2026-03-28T23:30:00Z'); // 00:30 CET on the Berlin spring-forward day
    const off = intlOffsetResolver('Europe/Berlin', t);
    expect(localDate(t, off)).toBe('2026-03-29');
    expect(minuteOfDay(t, off)).toBe(30);
  });

  it('finds local midnight in a zone, even on DST days', () => {
    expect(zonedEpochAtLocal('2026-03-29', 0, 'Europe/Berlin', intlOffsetResolver)).toBe(
      utc('2026-03-28T23:00:00Z'),
    );
    expect(zonedEpochAtLocal('2026-03-30', 0, 'Europe/Berlin', intlOffsetResolver)).toBe(
      utc('2026-03-29T22:00:00Z'),
    );
    expect(zonedEpochAtLocal('2026-11-01', 0, 'America/New_York', intlOffsetResolver)).toBe(
      utc('2026-11-01T04:00:00Z'),
    );
    expect(zonedEpochAtLocal('2026-11-02', 0, 'America/New_York', intlOffsetResolver)).toBe(
      utc('2026-11-02T05:00:00Z'),
    );
  });

  it('knows which zone names are real', () => {
    expect(isKnownTimeZone('Pacific/Chatham')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(() => intlOffsetResolver('Mars/Olympus_Mons', 0)).toThrow(RangeError);
  });
});

describe('fixedOffsetResolver', () => {
  it('always answers its offset', () => {
    const r = fixedOffsetResolver(545);
    expect(r('Asia/Kathmandu', 0)).toBe(545);
    expect(r('anything', 1e12)).toBe(545);
  });
});
