/**
 * The dashboard overview in one call: everything the adherence views show, computed from the
 * same records with the same rules, so the overview, the calendar and the watch's home screen
 * can never disagree.
 */
import type { NudgeEvent } from '../records/nudge-event.js';
import type { SessionRecord } from '../records/session-record.js';
import type { PlanSettings } from '../records/settings.js';
import { addDays, type LocalDate } from '../time/civil-date.js';
import {
  adherenceStartDate,
  asPrepared,
  type AsOf,
  type DateRange,
  type DayAdherence,
  dailyAdherence,
  holdCompliance,
  type NudgeResponseSummary,
  nudgeResponse,
  type PainTrend,
  painTrend,
  prepareSessions,
  type SessionsInput,
  type SkipRates,
  type StreakSummary,
  type StretchCompliance,
  skipRate,
  streaks,
  personToday,
  type WeekAdherence,
  weeklyAdherence,
} from './adherence.js';
import { type ProfessionalAdvice, seeProfessional } from './see-professional.js';

export interface AdherenceSummaryInput {
  records: readonly SessionRecord[];
  nudgeEvents: readonly NudgeEvent[];
  plan: PlanSettings;
  asOf: AsOf;
  /** Weeks of weekly adherence, the current one last. Default 8. */
  weeks?: number;
  /** Days of history for the calendar, compliance, skips, pain and nudges. Default 30. */
  historyDays?: number;
  /**
   * Epoch ms of settings writes, evidence of the first day of use (a replica's
   * `settingsWriteTimes(state)`). Sessions and the plan's dates are always used.
   */
  settingsWrittenAt?: readonly number[];
  /** The first day of use, when the caller knows it better; overrides the evidence above. */
  start?: LocalDate | null;
}

export interface AdherenceSummary {
  /** The first day of use; null when there is none yet (then today counts as the start). */
  start: LocalDate | null;
  today: DayAdherence;
  streak: StreakSummary;
  thisWeek: WeekAdherence;
  weeks: WeekAdherence[];
  /** The range the per-day figures below cover (ends today). */
  range: DateRange;
  days: DayAdherence[];
  compliance: StretchCompliance[];
  skips: SkipRates;
  pain: PainTrend;
  nudges: NudgeResponseSummary;
  seeProfessional: ProfessionalAdvice;
}

export function adherenceSummary(input: AdherenceSummaryInput): AdherenceSummary {
  const { plan, asOf } = input;
  const records = prepareSessions(input.records);
  const today = personToday(records, asOf);
  const historyDays = Math.max(1, Math.floor(input.historyDays ?? 30));
  const range: DateRange = { from: addDays(today, -(historyDays - 1)), to: today };
  const start =
    input.start !== undefined
      ? input.start
      : adherenceStartDate(records, plan, input.settingsWrittenAt ?? [], asOf.utcOffsetMinutes);
  const days = dailyAdherence(records, plan, range.from, range.to, start);
  const weeks = weeklyAdherence(records, plan, asOf, input.weeks ?? 8, start);
  const todayRow = days[days.length - 1];
  const thisWeek = weeks[weeks.length - 1];
  if (!todayRow || !thisWeek) throw new Error('unreachable: ranges always include today');
  return {
    start,
    today: todayRow,
    streak: streaks(records, plan, asOf, start),
    thisWeek,
    weeks,
    range,
    days,
    compliance: holdCompliance(records, range),
    skips: skipRate(records, range),
    pain: painTrend(records, range),
    nudges: nudgeResponse(input.nudgeEvents, { range, now: asOf.now }),
    seeProfessional: seeProfessional(records, asOf),
  };
}

/** What the dashboard's start page (Overview) shows: the head of `adherenceSummary`. */
export type OverviewSummary = Pick<
  AdherenceSummary,
  'start' | 'today' | 'streak' | 'thisWeek' | 'weeks' | 'seeProfessional'
>;

/**
 * `adherenceSummary` without the per-day figures of the last weeks (calendar, compliance, skips,
 * pain, nudge response), which the start page does not show: the same rules over the same
 * records, for a first render that does no work it throws away.
 */
export function overviewSummary(
  input: Omit<AdherenceSummaryInput, 'records' | 'nudgeEvents' | 'historyDays'> & {
    /** the sessions, or the same already indexed by `prepareSessions` */
    records: SessionsInput;
  },
): OverviewSummary {
  const { plan, asOf } = input;
  const records = asPrepared(input.records);
  const today = personToday(records, asOf);
  const start =
    input.start !== undefined
      ? input.start
      : adherenceStartDate(records, plan, input.settingsWrittenAt ?? [], asOf.utcOffsetMinutes);
  const weeks = weeklyAdherence(records, plan, asOf, input.weeks ?? 8, start);
  const todayRow = dailyAdherence(records, plan, today, today, start)[0];
  const thisWeek = weeks[weeks.length - 1];
  if (!todayRow || !thisWeek) throw new Error('unreachable: ranges always include today');
  return {
    start,
    today: todayRow,
    streak: streaks(records, plan, asOf, start),
    thisWeek,
    weeks,
    seeProfessional: seeProfessional(records, asOf),
  };
}
