import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../records/session-record.js';
import { addDays } from '../time/civil-date.js';
import { PROFESSIONAL_ADVICE_MESSAGES, seeProfessional } from './see-professional.js';
import { localAt, makeSession } from './test-fixtures.js';

const OFF = 60;
const TODAY = '2026-11-25';
const asOf = { now: localAt(TODAY, '20:00', OFF), utcOffsetMinutes: OFF };

function rated(daysAgo: number, painBefore: number | null, painAfter: number | null): SessionRecord {
  return makeSession(localAt(addDays(TODAY, -daysAgo), '08:00', OFF), OFF, { painBefore, painAfter });
}

describe('seeProfessional', () => {
  it('stays quiet with mild pain that eases', () => {
    const records = [rated(1, 3, 1), rated(3, 4, 2), rated(5, 2, 1), rated(8, 3, 2)];
    expect(seeProfessional(records, asOf)).toMatchObject({ flag: false, reason: null, message: null });
  });

  it('does not raise the flag for one or two bad days', () => {
    const records = [rated(1, 8, 7), rated(2, 7, 6), rated(3, 2, 1), rated(4, 3, 2), rated(5, 2, 2)];
    expect(seeProfessional(records, asOf).flag).toBe(false);
  });

  it('flags high pain in most sessions over the last 14 days', () => {
    const records = [rated(0, 7, 6), rated(2, 6, 5), rated(6, 3, 2), rated(9, 8, 7), rated(13, 2, 1)];
    const advice = seeProfessional(records, asOf);
    expect(advice).toMatchObject({
      flag: true,
      reason: 'persistentHighPain',
      details: { ratedSessions: 5, highPainSessions: 3 },
    });
    expect(advice.message).toMatch(/physical therapist or chiropractor/);
  });

  it('ignores sessions older than 14 local days', () => {
    const records = [rated(0, 7, 6), rated(14, 7, 6), rated(20, 8, 7)];
    expect(seeProfessional(records, asOf)).toMatchObject({ flag: false, details: { ratedSessions: 1 } });
  });

  it('flags pain that gets worse with stretching', () => {
    const records = [rated(1, 2, 5), rated(2, 3, 5), rated(4, 1, 4)];
    expect(seeProfessional(records, asOf).reason).toBe('painWorseAfter');
  });

  it('flags a rising two-week trend in pain before stretching', () => {
    const records = [
      rated(13, 2, 1),
      rated(10, 3, 2),
      rated(7, 4, 3),
      rated(4, 4, 3),
      rated(2, 5, 4),
      rated(0, 5, 4),
    ];
    const advice = seeProfessional(records, asOf);
    expect(advice.reason).toBe('risingPain');
    expect(advice.details.painBeforeSlopePerDay).toBeGreaterThan(0.15);
  });

  it('speaks kindly and never promises a cure', () => {
    for (const message of Object.values(PROFESSIONAL_ADVICE_MESSAGES)) {
      expect(message).toMatch(/physical therapist or chiropractor/);
      expect(message).not.toMatch(/\b(cure|guarantee|fix)/i);
    }
  });
});
