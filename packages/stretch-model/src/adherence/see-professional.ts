/**
 * "See a professional" advice: a gentle flag for the dashboard and watch when the person's own
 * ratings suggest the pain is not just everyday tightness.
 *
 * Why these rules: stretching eases tightness, but pain that stays high, keeps rising, or gets
 * worse with stretching is a reason to have someone look at it. We never diagnose and never
 * promise a fix; we point to a physical therapist or chiropractor. Thresholds are deliberately
 * conservative (several sessions, over two weeks) so one bad day does not raise an alarm.
 */
import { localDayNumber } from '../time/civil-date.js';
import { type AsOf, asPrepared, leastSquaresSlope, type SessionsInput } from './adherence.js';

/** Days looked back over, today included. */
export const PROFESSIONAL_WINDOW_DAYS = 14;
/** A rating at or above this is high pain. */
export const HIGH_PAIN = 6;
/** Fewest high-pain sessions that can raise the flag (and they must be more than half). */
export const MIN_HIGH_PAIN_SESSIONS = 3;
/** A pain-before slope at or above this (points per day, ≈ 2 points over two weeks) is rising… */
export const RISING_SLOPE_PER_DAY = 0.15;
/** …over ratings spanning at least this many days… */
export const RISING_MIN_SPAN_DAYS = 7;
/** …when the last week's mean pain-before is at least this. */
export const RISING_MIN_RECENT_MEAN = 4;
/** Pain after minus before, averaged, at or above this means stretching seems to hurt. */
export const WORSE_AFTER_MIN_INCREASE = 2;

export type ProfessionalAdviceReason = 'persistentHighPain' | 'painWorseAfter' | 'risingPain';

export const PROFESSIONAL_ADVICE_MESSAGES: Readonly<Record<ProfessionalAdviceReason, string>> = {
  persistentHighPain:
    'Your back has hurt a lot in most of your recent sessions. Gentle stretching can ease tightness, ' +
    'but pain that keeps coming back deserves a closer look. Please consider seeing a physical therapist ' +
    'or chiropractor: they can find out what is going on and suggest what suits you.',
  painWorseAfter:
    'Your back has tended to feel worse after stretching, not better. Please ease off any stretch that ' +
    'hurts, and check in with a physical therapist or chiropractor before carrying on.',
  risingPain:
    'Your pain before stretching has been creeping up over the last two weeks. It would be worth ' +
    'talking to a physical therapist or chiropractor, who can look at the cause and adjust the routine for you.',
};

export interface ProfessionalAdvice {
  /** True when the person should be encouraged to see a professional. */
  flag: boolean;
  reason: ProfessionalAdviceReason | null;
  /** Kind, plain text to show with the flag; null when there is no flag. */
  message: string | null;
  details: {
    windowDays: number;
    /** Sessions in the window with any pain rating. */
    ratedSessions: number;
    /** Of those, sessions rated ≥ HIGH_PAIN (before or after). */
    highPainSessions: number;
    /** Mean of (after − before) over sessions rated both ways; positive means worse after. */
    meanIncreaseAfter: number | null;
    /** Slope of the daily mean pain-before, points per day. */
    painBeforeSlopePerDay: number | null;
  };
}

/** Decides whether to suggest seeing a physical therapist or chiropractor, from the last 14 local days. */
export function seeProfessional(records: SessionsInput, asOf: AsOf): ProfessionalAdvice {
  const today = localDayNumber(asOf.now, asOf.utcOffsetMinutes);
  const first = today - (PROFESSIONAL_WINDOW_DAYS - 1);
  const prepared = asPrepared(records);
  let rated = 0;
  let high = 0;
  let pairs = 0;
  let increaseSum = 0;
  const beforeByDay = new Map<number, { sum: number; n: number }>();
  for (let i = 0; i < prepared.records.length; i++) {
    const r = prepared.records[i];
    if (!r || (r.painBefore === null && r.painAfter === null)) continue;
    const day = prepared.dayNumbers[i] ?? 0;
    if (day < first || day > today) continue;
    rated++;
    if (Math.max(r.painBefore ?? 0, r.painAfter ?? 0) >= HIGH_PAIN) high++;
    if (r.painBefore !== null && r.painAfter !== null) {
      pairs++;
      increaseSum += r.painAfter - r.painBefore;
    }
    if (r.painBefore !== null) {
      const d = beforeByDay.get(day) ?? { sum: 0, n: 0 };
      d.sum += r.painBefore;
      d.n++;
      beforeByDay.set(day, d);
    }
  }
  const points: Array<[number, number]> = [];
  let firstRated = today;
  let lastRated = first;
  let recentSum = 0;
  let recentN = 0;
  for (const [day, d] of beforeByDay) {
    points.push([day - first, d.sum / d.n]);
    firstRated = Math.min(firstRated, day);
    lastRated = Math.max(lastRated, day);
    if (day > today - 7) {
      recentSum += d.sum;
      recentN += d.n;
    }
  }
  const slopeBefore = leastSquaresSlope(points);
  const meanIncrease = pairs > 0 ? Math.round((increaseSum / pairs) * 100) / 100 : null;

  let reason: ProfessionalAdviceReason | null = null;
  if (high >= MIN_HIGH_PAIN_SESSIONS && high * 2 > rated) reason = 'persistentHighPain';
  else if (pairs >= 3 && meanIncrease !== null && meanIncrease >= WORSE_AFTER_MIN_INCREASE)
    reason = 'painWorseAfter';
  else if (
    points.length >= 4 &&
    lastRated - firstRated >= RISING_MIN_SPAN_DAYS &&
    slopeBefore !== null &&
    slopeBefore >= RISING_SLOPE_PER_DAY &&
    recentN > 0 &&
    recentSum / recentN >= RISING_MIN_RECENT_MEAN
  )
    reason = 'risingPain';

  return {
    flag: reason !== null,
    reason,
    message: reason ? PROFESSIONAL_ADVICE_MESSAGES[reason] : null,
    details: {
      windowDays: PROFESSIONAL_WINDOW_DAYS,
      ratedSessions: rated,
      highPainSessions: high,
      meanIncreaseAfter: meanIncrease,
      painBeforeSlopePerDay: slopeBefore === null ? null : Math.round(slopeBefore * 1000) / 1000,
    },
  };
}
