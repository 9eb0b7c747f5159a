import { describe, expect, it } from 'vitest';
import { HIGH_PAIN } from '../catalog/safety.js';
import type { SessionRecord } from '../records/session-record.js';
import { addDays } from '../time/civil-date.js';
import {
  afterRunNote,
  PROFESSIONAL_ADVICE_MESSAGES,
  type ProfessionalAdvice,
  seeProfessional,
} from './see-professional.js';
import { localAt, makeSession } from './test-fixtures.js';

const OFF = 60;
const TODAY = '2026-11-25';
const asOf = { now: localAt(TODAY, '20:00', OFF), utcOffsetMinutes: OFF };

function rated(
  daysAgo: number,
  painBefore: number | null,
  painAfter: number | null,
  time = '08:00',
): SessionRecord {
  return makeSession(localAt(addDays(TODAY, -daysAgo), time, OFF), OFF, { painBefore, painAfter });
}

describe('seeProfessional', () => {
  it('uses the one HIGH_PAIN threshold of 7', () => {
    expect(HIGH_PAIN).toBe(7);
    // Three days whose highest rating is 6 are not high-pain days: no flag.
    const sixes = [rated(1, 6, 5), rated(3, 6, 6), rated(5, 6, 5)];
    expect(seeProfessional(sixes, asOf)).toMatchObject({ flag: false, details: { highPainDays: 0 } });
    // The same at 7: 3 high days of 3 rated → 3 ≥ 3 and 3·2 > 3 → flag.
    const sevens = [rated(1, 7, 5), rated(3, 7, 6), rated(5, 7, 5)];
    expect(seeProfessional(sevens, asOf)).toMatchObject({
      reason: 'persistentHighPain',
      details: { highPainDays: 3, ratedDays: 3 },
    });
  });

  it('stays quiet with mild pain that eases', () => {
    const records = [rated(1, 3, 1), rated(3, 4, 2), rated(5, 2, 1), rated(8, 3, 2)];
    expect(seeProfessional(records, asOf)).toMatchObject({ flag: false, reason: null, message: null });
  });

  it('one bad day never raises the flag, however many breaks were rated on it', () => {
    // Two calm ratings early in the fortnight, then three micro-breaks on one day, all 8/10.
    // Sessions: 3 of 5 are high (the old session rule flagged this). Days: 3 rated days
    // (13, 12 and 2 days ago), 1 of them high → 1 < 3 → no flag.
    const records = [
      rated(13, 2, 1),
      rated(12, 3, 2),
      rated(2, 8, 8, '09:00'),
      rated(2, 8, 8, '13:00'),
      rated(2, 8, 8, '17:00'),
    ];
    const advice = seeProfessional(records, asOf);
    expect(advice).toMatchObject({
      flag: false,
      details: { ratedSessions: 5, ratedDays: 3, highPainDays: 1 },
    });
  });

  it('flags high pain on most rated days over the last 14', () => {
    // Days 0 (7), 2 (max 7), 6 (3), 9 (8), 13 (2): 5 rated days, high on 0, 2, 9 → 3 ≥ 3, 3·2 = 6 > 5.
    const records = [rated(0, 7, 6), rated(2, 6, 7), rated(6, 3, 2), rated(9, 8, 7), rated(13, 2, 1)];
    const advice = seeProfessional(records, asOf);
    expect(advice).toMatchObject({
      flag: true,
      reason: 'persistentHighPain',
      details: { ratedDays: 5, highPainDays: 3 },
    });
    expect(advice.message).toMatch(/physical therapist or chiropractor/);
  });

  it('needs high pain on more than half the rated days', () => {
    // 6 rated days, 3 high: 3·2 = 6, not > 6 → no flag. (High days are the older ones, so the
    // pain-before trend falls and the rising rule stays quiet too.)
    const records = [
      rated(0, 2, 1),
      rated(1, 8, 7),
      rated(3, 2, 1),
      rated(4, 8, 7),
      rated(6, 2, 1),
      rated(7, 8, 7),
    ];
    expect(seeProfessional(records, asOf)).toMatchObject({
      flag: false,
      details: { ratedDays: 6, highPainDays: 3 },
    });
  });

  it('ignores sessions older than 14 local days', () => {
    const records = [rated(0, 7, 6), rated(14, 7, 6), rated(20, 8, 7)];
    expect(seeProfessional(records, asOf)).toMatchObject({
      flag: false,
      details: { ratedSessions: 1, ratedDays: 1 },
    });
  });

  it('flags pain that gets worse with stretching on several days', () => {
    // Increases per day: +3, +2, +3 → mean (3 + 2 + 3) / 3 = 2.67 ≥ 2 over 3 days.
    const records = [rated(1, 2, 5), rated(2, 3, 5), rated(4, 1, 4)];
    const advice = seeProfessional(records, asOf);
    expect(advice.reason).toBe('painWorseAfter');
    expect(advice.details).toMatchObject({ pairedDays: 3, meanIncreaseAfter: 2.67 });
  });

  it('does not call one day of three worse-after runs a pattern', () => {
    const records = [rated(1, 2, 5, '08:00'), rated(1, 3, 5, '12:00'), rated(1, 1, 4, '18:00')];
    expect(seeProfessional(records, asOf)).toMatchObject({ flag: false, details: { pairedDays: 1 } });
  });

  it('flags a rising two-week trend in pain before stretching', () => {
    // x = day − first day of the window (13 days ago is x = 0): (0,2) (3,3) (6,4) (9,4) (11,5) (13,5).
    // mean x = 42/6 = 7, mean y = 23/6 = 3.8333.
    // Σ(x−7)(y−ȳ) = (−7)(−1.8333) + (−4)(−0.8333) + (−1)(0.1667) + 2(0.1667) + 4(1.1667) + 6(1.1667)
    //             = 12.8333 + 3.3333 − 0.1667 + 0.3333 + 4.6667 + 7 = 28
    // Σ(x−7)² = 49 + 16 + 1 + 4 + 16 + 36 = 122 → slope = 28 / 122 = 0.2295 ≥ 0.15.
    // Last 7 days (days 0..6 ago): 4, 5, 5 → mean 4.67 ≥ 4. Span 13 ≥ 7 days.
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
    expect(advice.details.painBeforeSlopePerDay).toBe(0.23);
  });

  it('does not call a rise over less than a week a trend', () => {
    // Rising 2 → 6 over days 6..0 ago: span 6 < 7 days.
    const records = [rated(6, 2, 1), rated(4, 3, 2), rated(2, 5, 4), rated(0, 6, 5)];
    expect(seeProfessional(records, asOf).flag).toBe(false);
  });

  it('speaks kindly and never promises a cure', () => {
    for (const message of Object.values(PROFESSIONAL_ADVICE_MESSAGES)) {
      expect(message).toMatch(/physical therapist or chiropractor/);
      expect(message).not.toMatch(/\b(cure|guarantee|fix)/i);
    }
  });
});

describe('afterRunNote', () => {
  const raised: ProfessionalAdvice = {
    flag: true,
    reason: 'persistentHighPain',
    message: 'Please see a physical therapist.',
    i18n: { key: 'advice.seeProfessional.persistentHighPain' },
    details: {} as ProfessionalAdvice['details'],
  };
  const calm: ProfessionalAdvice = { ...raised, flag: false, reason: null, message: null, i18n: null };
  it('the flag outranks the gentle note; the gentle note stands alone; neither gives nothing', () => {
    expect(afterRunNote(raised, 'Sore today? Go gently.')).toBe('Please see a physical therapist.');
    expect(afterRunNote(calm, 'Sore today? Go gently.')).toBe('Sore today? Go gently.');
    expect(afterRunNote(calm, null)).toBeNull();
  });
});
