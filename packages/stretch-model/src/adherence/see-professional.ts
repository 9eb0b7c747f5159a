/**
 * "See a professional" advice: a gentle flag for the dashboard and watch when the person's own
 * ratings suggest the pain is not just everyday tightness.
 *
 * Why these rules: stretching eases tightness, but pain that persists, keeps rising, or gets
 * worse with stretching is a reason to have someone look at it. We never diagnose and never
 * promise a fix; we point to a physical therapist or chiropractor.
 *
 * Everything is decided over DAYS, not sessions, so one bad day can never raise the flag however
 * many micro-breaks were rated on it. Over the last 14 local days (today included):
 * - a day is *rated* when any session that day has a pain rating (before or after);
 * - a rated day is a *high-pain day* when its highest rating reaches `HIGH_PAIN` (7 of 10);
 * - `persistentHighPain`: at least 3 high-pain days, and they are more than half of the rated days;
 * - `painWorseAfter`: on at least 3 days rated both before and after, pain after minus pain
 *   before, averaged per day and then over those days, is 2 points or more;
 * - `risingPain`: the daily mean pain-before rises by 0.15 points a day or more (least squares,
 *   ≈ 2 points over two weeks), over at least 4 rated days spanning 7 days or more, and the mean
 *   pain-before of the last 7 days is 4 or more.
 * The first rule that applies gives the reason, in that order.
 */
import { HIGH_PAIN } from '../catalog/safety.js';
import type { CoreMessage } from '../i18n/types.js';
import {
  type AsOf,
  asPrepared,
  leastSquaresSlope,
  personTodayNumber,
  type SessionsInput,
} from './adherence.js';

/** Days looked back over, today included. */
export const PROFESSIONAL_WINDOW_DAYS = 14;
/** Fewest high-pain days that can raise the flag (and they must be more than half the rated days). */
export const MIN_HIGH_PAIN_DAYS = 3;
/** Fewest days rated before and after for the "worse after stretching" rule. */
export const MIN_WORSE_AFTER_DAYS = 3;
/** A pain-before slope at or above this (points per day, ≈ 2 points over two weeks) is rising… */
export const RISING_SLOPE_PER_DAY = 0.15;
/** …over ratings spanning at least this many days… */
export const RISING_MIN_SPAN_DAYS = 7;
/** …when the last week's mean pain-before is at least this. */
export const RISING_MIN_RECENT_MEAN = 4;
/** Pain after minus before, averaged over days, at or above this means stretching seems to hurt. */
export const WORSE_AFTER_MIN_INCREASE = 2;

export type ProfessionalAdviceReason = 'persistentHighPain' | 'painWorseAfter' | 'risingPain';

export const PROFESSIONAL_ADVICE_MESSAGES: Readonly<Record<ProfessionalAdviceReason, string>> = {
  persistentHighPain:
    'Your back has hurt a lot on most of the days you rated recently. Gentle stretching can ease ' +
    'tightness, but pain that persists deserves a closer look. Please consider seeing a physical ' +
    'therapist or chiropractor: they can find out what is going on and suggest what suits you.',
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
  /** `message` as a descriptor for any locale (`advice.seeProfessional.<reason>`); null with no flag. */
  i18n: CoreMessage | null;
  details: {
    windowDays: number;
    /** Sessions in the window with any pain rating (for information; the rules count days). */
    ratedSessions: number;
    /** Local days in the window with at least one rating. */
    ratedDays: number;
    /** Of those, days whose highest rating is ≥ HIGH_PAIN. */
    highPainDays: number;
    /** Days with a session rated both before and after. */
    pairedDays: number;
    /** Mean over paired days of each day's mean (after − before); positive means worse after. */
    meanIncreaseAfter: number | null;
    /** Slope of the daily mean pain-before, points per day. */
    painBeforeSlopePerDay: number | null;
  };
}

interface DayPain {
  highest: number;
  beforeSum: number;
  beforeN: number;
  increaseSum: number;
  pairs: number;
}

/** Decides whether to suggest seeing a physical therapist or chiropractor, from the last 14 local days. */
export function seeProfessional(records: SessionsInput, asOf: AsOf): ProfessionalAdvice {
  const prepared = asPrepared(records);
  const today = personTodayNumber(prepared, asOf);
  const first = today - (PROFESSIONAL_WINDOW_DAYS - 1);
  let ratedSessions = 0;
  const days = new Map<number, DayPain>();
  for (let i = 0; i < prepared.records.length; i++) {
    const r = prepared.records[i];
    if (!r || (r.painBefore === null && r.painAfter === null)) continue;
    const day = prepared.dayNumbers[i] ?? 0;
    if (day < first || day > today) continue;
    ratedSessions++;
    let d = days.get(day);
    if (!d) {
      d = { highest: 0, beforeSum: 0, beforeN: 0, increaseSum: 0, pairs: 0 };
      days.set(day, d);
    }
    d.highest = Math.max(d.highest, r.painBefore ?? 0, r.painAfter ?? 0);
    if (r.painBefore !== null) {
      d.beforeSum += r.painBefore;
      d.beforeN++;
    }
    if (r.painBefore !== null && r.painAfter !== null) {
      d.pairs++;
      d.increaseSum += r.painAfter - r.painBefore;
    }
  }

  let highDays = 0;
  let pairedDays = 0;
  let increaseOfDays = 0;
  const points: Array<[number, number]> = [];
  let firstRated = today;
  let lastRated = first;
  let recentSum = 0;
  let recentN = 0;
  for (const [day, d] of days) {
    if (d.highest >= HIGH_PAIN) highDays++;
    if (d.pairs > 0) {
      pairedDays++;
      increaseOfDays += d.increaseSum / d.pairs;
    }
    if (d.beforeN > 0) {
      points.push([day - first, d.beforeSum / d.beforeN]);
      firstRated = Math.min(firstRated, day);
      lastRated = Math.max(lastRated, day);
      if (day > today - 7) {
        recentSum += d.beforeSum;
        recentN += d.beforeN;
      }
    }
  }
  const ratedDays = days.size;
  const slopeBefore = leastSquaresSlope(points);
  const meanIncrease = pairedDays > 0 ? Math.round((increaseOfDays / pairedDays) * 100) / 100 : null;

  let reason: ProfessionalAdviceReason | null = null;
  if (highDays >= MIN_HIGH_PAIN_DAYS && highDays * 2 > ratedDays) reason = 'persistentHighPain';
  else if (
    pairedDays >= MIN_WORSE_AFTER_DAYS &&
    meanIncrease !== null &&
    meanIncrease >= WORSE_AFTER_MIN_INCREASE
  )
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
    i18n: reason ? { key: `advice.seeProfessional.${reason}` } : null,
    details: {
      windowDays: PROFESSIONAL_WINDOW_DAYS,
      ratedSessions,
      ratedDays,
      highPainDays: highDays,
      pairedDays,
      meanIncreaseAfter: meanIncrease,
      painBeforeSlopePerDay: slopeBefore === null ? null : Math.round(slopeBefore * 1000) / 1000,
    },
  };
}

/**
 * The one note a screen shows after a run: pain that persists (the flag, which points to a physical
 * therapist or chiropractor) outranks the gentle note about a single painful run; with neither,
 * nothing.
 */
export function afterRunNote(advice: ProfessionalAdvice, singleRunNote: string | null): string | null {
  return advice.flag && advice.message !== null ? advice.message : singleRunNote;
}

/** `afterRunNote` as a descriptor: the flag's message, else the single-run note (e.g. `safety.afterPainfulRun.short`). */
export function afterRunNoteMessage(
  advice: ProfessionalAdvice,
  singleRunNote: CoreMessage | null,
): CoreMessage | null {
  return advice.flag && advice.i18n !== null ? advice.i18n : singleRunNote;
}
