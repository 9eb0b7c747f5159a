/**
 * Adherence: how the person's practice went, computed from the append-only session records
 * (and nudge events) that every device syncs.
 *
 * Design:
 * - Pure functions over arrays, no clock: "now" arrives as `AsOf { now, utcOffsetMinutes }`,
 *   the user's current offset (build one from a zone with `asOfInZone` on the server or
 *   dashboard; the watch passes its own offset as a number).
 * - Each session counts on the local day it was STARTED, in its OWN zone (its recorded
 *   `utcOffsetMinutes`). A session done at 07:00 in Tokyo and one at 07:00 in New York land on
 *   the days the person lived them, and a session at 00:30 on a DST day belongs to that day.
 *   "Today" and week boundaries use the user's current offset — or the later day of a session
 *   already done further east (`personTodayNumber`), so travelling never hides a session.
 * - Days are civil-date day numbers (see ../time), so DST never stretches a day and a week is
 *   always seven days.
 * - Records are de-duplicated by id, so a record delivered twice never counts twice.
 * - Streak rule: only PLANNED days matter. A planned day with ≥ 1 completed session extends
 *   the streak; a planned day without one breaks it — except today, which is still open.
 *   Unplanned days neither break nor extend it, even if the person stretched.
 * - Planned means planned by the plan IN FORCE that day (`plan-in-force.ts`): a plan edit counts
 *   from the day it was made and never rewrites earlier days.
 * - Adherence starts on the first day of use (`adherenceStartDate`: first session, first dated
 *   plan or first settings write). Earlier days are "before you started": not planned, never
 *   missed. With no use at all yet, today is the start. Every function below takes the start
 *   as an optional last argument and works it out from the sessions and the plan when omitted.
 * - Hold compliance credits only the hold time the watch observed (`observedSeconds`); time
 *   that ran out with the screen off or the app closed is reported apart as `unobserved`.
 * - Every function is one linear pass (plus a walk over the days in range), so three years
 *   of daily sessions take a few milliseconds.
 */
import { STRETCH_IDS } from '../records/ids.js';
import type { NudgeEvent } from '../records/nudge-event.js';
import type { SessionRecord } from '../records/session-record.js';
import type { PlanSettings } from '../records/settings.js';
import { earliestPlanDay, isPlannedOn, planSchedule } from './plan-in-force.js';
import {
  dayNumberOf,
  formatDayNumber,
  hourOfDay,
  isoWeekStartDayNumber,
  type LocalDate,
  localDayNumber,
  MS_PER_MINUTE,
  type Weekday,
  weekdayOfDayNumber,
} from '../time/civil-date.js';
import type { TimeZoneOffsetResolver } from '../time/time-zone.js';

/** The moment adherence is computed for, with the user's UTC offset at that moment. */
export interface AsOf {
  now: number;
  /** Minutes east of UTC where the user is now. */
  utcOffsetMinutes: number;
}

/** Builds an `AsOf` from a zone name and a resolver (server/dashboard: `intlOffsetResolver`). */
export function asOfInZone(now: number, timeZone: string, resolve: TimeZoneOffsetResolver): AsOf {
  return { now, utcOffsetMinutes: resolve(timeZone, now) };
}

/** An inclusive range of local dates. */
export interface DateRange {
  from: LocalDate;
  to: LocalDate;
}

/** The longest range the day-by-day functions will walk (about 10 years); longer ranges keep the latest days. */
export const MAX_RANGE_DAYS = 3700;

/** The local date the user is on at `asOf`, by the offset alone (see `personTodayNumber`). */
export function todayOf(asOf: AsOf): LocalDate {
  return formatDayNumber(localDayNumber(asOf.now, asOf.utcOffsetMinutes));
}

/**
 * The furthest a session's own local day can be ahead of the home zone's date at the same
 * moment: a record's offset is within ±14 h, so two offsets are at most 28 hours apart, which can
 * cross two midnights.
 */
const MAX_DAYS_AHEAD_OF_HOME = 2;

/**
 * "Today" for everything that ends today (streak, this week, the calendar, pain, the report):
 * the date at `asOf`'s offset, or a later one when the person has already done a session dated
 * later in its own zone. Someone at home in Los Angeles who stretches in Tokyo at 08:00 on the
 * 3rd has lived into the 3rd while Los Angeles is still on the 2nd; that session counts today,
 * not in nine hours. A session that started after `asOf.now` (a skewed clock) moves nothing.
 */
export function personTodayNumber(records: SessionsInput, asOf: AsOf): number {
  const home = localDayNumber(asOf.now, asOf.utcOffsetMinutes);
  const { byDay } = asPrepared(records);
  for (let n = home + MAX_DAYS_AHEAD_OF_HOME; n > home; n--) {
    const b = byDay.get(n);
    if (b && b.firstStartedAt <= asOf.now) return n;
  }
  return home;
}

/** `personTodayNumber` as a local date. */
export function personToday(records: SessionsInput, asOf: AsOf): LocalDate {
  return formatDayNumber(personTodayNumber(records, asOf));
}

/** The local day (as a day number) a session belongs to: the day it started, in its own zone. */
export function sessionDayNumber(record: SessionRecord): number {
  return localDayNumber(record.startedAt, record.utcOffsetMinutes);
}

/** The local date a session belongs to. */
export function sessionLocalDate(record: SessionRecord): LocalDate {
  return formatDayNumber(sessionDayNumber(record));
}

// ---------------------------------------------------------------------------------------------
// Internal indexing

interface DayBucket {
  completed: number;
  aborted: number;
  /** epoch ms of the earliest start among the day's sessions */
  firstStartedAt: number;
}

/**
 * Records de-duplicated by id, with each one's local day worked out once. Every function here
 * accepts either plain records or this; pass `prepareSessions(records)` when calling several.
 */
export interface PreparedSessions {
  readonly kind: 'preparedSessions';
  readonly records: readonly SessionRecord[];
  /** `dayNumbers[i]` is the local day number of `records[i]`. */
  readonly dayNumbers: readonly number[];
  readonly byDay: ReadonlyMap<number, Readonly<DayBucket>>;
}

export type SessionsInput = readonly SessionRecord[] | PreparedSessions;

export function prepareSessions(records: readonly SessionRecord[]): PreparedSessions {
  const seen = new Set<string>();
  const unique: SessionRecord[] = [];
  const dayNumbers: number[] = [];
  const byDay = new Map<number, DayBucket>();
  for (const r of records) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const n = sessionDayNumber(r);
    unique.push(r);
    dayNumbers.push(n);
    let b = byDay.get(n);
    if (!b) {
      b = { completed: 0, aborted: 0, firstStartedAt: r.startedAt };
      byDay.set(n, b);
    } else if (r.startedAt < b.firstStartedAt) b.firstStartedAt = r.startedAt;
    if (r.outcome === 'completed') b.completed++;
    else b.aborted++;
  }
  return { kind: 'preparedSessions', records: unique, dayNumbers, byDay };
}

/** The prepared form of either input (no work when it already is). */
export function asPrepared(input: SessionsInput): PreparedSessions {
  return (input as PreparedSessions).kind === 'preparedSessions'
    ? (input as PreparedSessions)
    : prepareSessions(input as readonly SessionRecord[]);
}

/**
 * The first day of use, as a local date, or null when there is no evidence of use yet.
 * Evidence: the first session (on the local day it started, in its own zone), the plan's oldest
 * dated period, and `settingsWrittenAt` — epoch ms of settings writes (for a replica: its
 * register write times, `settingsWriteTimes(state)`), put on a day with `utcOffsetMinutes`.
 */
export function adherenceStartDate(
  records: SessionsInput,
  plan: PlanSettings | null,
  settingsWrittenAt: readonly number[] = [],
  utcOffsetMinutes = 0,
): LocalDate | null {
  let best: number | null = null;
  const p = asPrepared(records);
  for (const n of p.dayNumbers) if (best === null || n < best) best = n;
  const planDay = plan ? earliestPlanDay(plan) : null;
  if (planDay !== null && (best === null || planDay < best)) best = planDay;
  for (const t of settingsWrittenAt) {
    if (!Number.isFinite(t) || t <= 0) continue;
    const n = localDayNumber(t, utcOffsetMinutes);
    if (best === null || n < best) best = n;
  }
  return best === null ? null : formatDayNumber(best);
}

/** The start as a day number: given (a date, or null for "not started": `fallback`), or derived. */
function startDay(
  p: PreparedSessions,
  plan: PlanSettings,
  start: LocalDate | null | undefined,
  fallback: number,
): number {
  const date = start === undefined ? adherenceStartDate(p, plan) : start;
  return date === null ? fallback : Math.min(dayNumberOf(date), fallback);
}

function rangeDayNumbers(range: DateRange): { from: number; to: number } {
  const to = dayNumberOf(range.to);
  const from = Math.max(dayNumberOf(range.from), to - MAX_RANGE_DAYS + 1);
  return { from, to };
}

function inRange(day: number, range: { from: number; to: number } | null): boolean {
  return range === null || (day >= range.from && day <= range.to);
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function mean(sum: number, count: number): number | null {
  return count > 0 ? round(sum / count) : null;
}

/** Least-squares slope of y over x (units of y per unit of x); null with fewer than two distinct x. */
export function leastSquaresSlope(points: ReadonlyArray<readonly [number, number]>): number | null {
  const n = points.length;
  if (n < 2) return null;
  let sx = 0;
  let sy = 0;
  for (const [x, y] of points) {
    sx += x;
    sy += y;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) * (x - mx);
  }
  return den === 0 ? null : num / den;
}

function roundedSlope(points: ReadonlyArray<readonly [number, number]>): number | null {
  const s = leastSquaresSlope(points);
  return s === null ? null : round(s, 4);
}

// ---------------------------------------------------------------------------------------------
// Daily plan vs done

export interface DayAdherence {
  date: LocalDate;
  weekday: Weekday;
  /** Before the first day of use: never planned, never missed ("before you started"). */
  beforeStart: boolean;
  /** The plan in force that day has its weekday (and the day is not before the start). */
  planned: boolean;
  /** At least one completed session started on this local day. */
  done: boolean;
  /** All sessions started this day, completed or aborted. */
  sessions: number;
  completed: number;
  aborted: number;
}

/**
 * Plan vs done for every local date from `from` to `to` inclusive (oldest first; empty when
 * from > to). `start`: the first day of use (see the module doc); with no use yet, `to` is.
 */
export function dailyAdherence(
  records: SessionsInput,
  plan: PlanSettings,
  from: LocalDate,
  to: LocalDate,
  start?: LocalDate | null,
): DayAdherence[] {
  const prepared = asPrepared(records);
  const { byDay } = prepared;
  const schedule = planSchedule(plan);
  const days = rangeDayNumbers({ from, to });
  const first = startDay(prepared, plan, start, days.to);
  const out: DayAdherence[] = [];
  for (let n = days.from; n <= days.to; n++) {
    const b = byDay.get(n);
    const wd = weekdayOfDayNumber(n);
    const completed = b ? b.completed : 0;
    const aborted = b ? b.aborted : 0;
    const beforeStart = n < first;
    out.push({
      date: formatDayNumber(n),
      weekday: wd,
      beforeStart,
      planned: !beforeStart && isPlannedOn(schedule, n),
      done: completed > 0,
      sessions: completed + aborted,
      completed,
      aborted,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Streaks

export interface StreakSummary {
  /** Consecutive planned days done, ending today (or at the last planned day, while today is open). */
  current: number;
  /** The longest such run ever, up to today. */
  best: number;
  today: LocalDate;
  todayPlanned: boolean;
  todayDone: boolean;
}

/**
 * Current and best streak of planned days done, each day judged by the plan in force that day.
 * Today is `personTodayNumber`. Sessions dated after it (skewed clocks) and days before the start
 * are ignored.
 */
export function streaks(
  records: SessionsInput,
  plan: PlanSettings,
  asOf: AsOf,
  start?: LocalDate | null,
): StreakSummary {
  const prepared = asPrepared(records);
  const { byDay } = prepared;
  const schedule = planSchedule(plan);
  const today = personTodayNumber(prepared, asOf);
  const isDone = (n: number) => (byDay.get(n)?.completed ?? 0) > 0;
  const firstDay = startDay(prepared, plan, start, today);
  let first = today;
  for (const [n, b] of byDay) if (b.completed > 0 && n < first && n >= firstDay) first = n;
  let run = 0;
  let best = 0;
  for (let n = first; n <= today; n++) {
    if (!isPlannedOn(schedule, n)) continue;
    if (isDone(n)) {
      run++;
      if (run > best) best = run;
    } else if (n !== today) {
      run = 0;
    }
  }
  return {
    current: run,
    best,
    today: formatDayNumber(today),
    todayPlanned: isPlannedOn(schedule, today),
    todayDone: isDone(today),
  };
}

// ---------------------------------------------------------------------------------------------
// Weekly adherence

export interface WeekAdherence {
  /** The Monday that starts the week. */
  weekStart: LocalDate;
  /**
   * Planned days counted: all seven days of past weeks; in the current week, days before today,
   * plus today once it is done. Days before the start never count.
   */
  plannedDays: number;
  doneDays: number;
  /** doneDays ÷ plannedDays, 0..1; null when nothing counted ("no data", never 0 %). */
  rate: number | null;
  /** `rate` as a whole percentage. */
  percent: number | null;
  /** Why there is no rate: the whole week is before the start, or nothing was planned in it. */
  noData: 'beforeStart' | 'nothingPlanned' | null;
}

/**
 * Adherence per Monday-based week, oldest first, ending with the current week. In the current
 * week only days up to today count, and today counts only once it is done, so the morning
 * never shows a dip for a day that is still open.
 */
export function weeklyAdherence(
  records: SessionsInput,
  plan: PlanSettings,
  asOf: AsOf,
  weeks = 8,
  start?: LocalDate | null,
): WeekAdherence[] {
  const prepared = asPrepared(records);
  const { byDay } = prepared;
  const schedule = planSchedule(plan);
  const today = personTodayNumber(prepared, asOf);
  const firstDay = startDay(prepared, plan, start, today);
  const currentWeek = isoWeekStartDayNumber(today);
  const count = Math.max(1, Math.min(Math.floor(weeks), Math.ceil(MAX_RANGE_DAYS / 7)));
  const out: WeekAdherence[] = [];
  for (let w = count - 1; w >= 0; w--) {
    const monday = currentWeek - 7 * w;
    let plannedDays = 0;
    let doneDays = 0;
    for (let n = Math.max(monday, firstDay); n < monday + 7 && n <= today; n++) {
      if (!isPlannedOn(schedule, n)) continue;
      const done = (byDay.get(n)?.completed ?? 0) > 0;
      if (n === today && !done) continue;
      plannedDays++;
      if (done) doneDays++;
    }
    const rate = plannedDays > 0 ? doneDays / plannedDays : null;
    out.push({
      weekStart: formatDayNumber(monday),
      plannedDays,
      doneDays,
      rate: rate === null ? null : round(rate),
      percent: rate === null ? null : Math.round(rate * 100),
      noData: rate !== null ? null : monday + 6 < firstDay ? 'beforeStart' : 'nothingPlanned',
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Per-stretch hold compliance and skip rate

/** Share of a held target that counts a result as compliant. */
export const COMPLIANT_SHARE = 0.9;

export interface MeasureCompliance {
  /** Results measured (target > 0). */
  results: number;
  /** Σ target (seconds for holds, reps for rep stretches). */
  target: number;
  /**
   * Σ achieved, each result capped at its target so over-holding one cannot hide another. For
   * holds only the observed part counts (`observedSeconds`; records without it count as observed).
   */
  achieved: number;
  /** Hold seconds that ran out unobserved (screen off, app closed): held but not credited. 0 for reps. */
  unobserved: number;
  /** achieved ÷ target, 0..1. */
  ratio: number;
  /** Share of results that reached ≥ 90 % of their target, 0..1. */
  compliantShare: number;
}

export interface StretchCompliance {
  stretchId: string;
  /** Hold results: seconds held vs target. Null when the stretch has none. */
  hold: MeasureCompliance | null;
  /** Rep results: reps done vs target (e.g. Cat-Cow). Null when the stretch has none. */
  reps: MeasureCompliance | null;
}

interface MeasureAcc {
  results: number;
  target: number;
  achieved: number;
  compliant: number;
  unobserved: number;
}

function addMeasure(
  acc: MeasureAcc,
  target: number | null,
  achieved: number | null,
  observed?: number | null,
): void {
  if (target === null || target <= 0) return;
  const held = Math.max(0, Math.min(achieved ?? 0, target));
  const got = observed === undefined || observed === null ? held : Math.max(0, Math.min(observed, held));
  acc.results++;
  acc.target += target;
  acc.achieved += got;
  acc.unobserved += held - got;
  if (got / target >= COMPLIANT_SHARE) acc.compliant++;
}

function finishMeasure(acc: MeasureAcc): MeasureCompliance | null {
  if (acc.results === 0) return null;
  return {
    results: acc.results,
    target: acc.target,
    achieved: round(acc.achieved, 1),
    unobserved: round(acc.unobserved, 1),
    ratio: round(acc.achieved / acc.target),
    compliantShare: round(acc.compliant / acc.results),
  };
}

const CATALOG_ORDER: readonly string[] = STRETCH_IDS;
function byCatalogOrder(a: { stretchId: string }, b: { stretchId: string }): number {
  const ia = CATALOG_ORDER.indexOf(a.stretchId);
  const ib = CATALOG_ORDER.indexOf(b.stretchId);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
}

function filteredRecords(records: SessionsInput, range?: DateRange): SessionRecord[] {
  const p = asPrepared(records);
  if (!range) return p.records.slice();
  const days = rangeDayNumbers(range);
  const out: SessionRecord[] = [];
  for (let i = 0; i < p.records.length; i++) {
    const r = p.records[i];
    if (r && inRange(p.dayNumbers[i] ?? 0, days)) out.push(r);
  }
  return out;
}

/**
 * Held vs target per stretch, over every session (completed or aborted) started in `range`
 * (all time when omitted). A skipped result counts as held for as long as it got. Only observed
 * hold time is credited; the rest is `unobserved`.
 * Stretches come in catalog order; unknown ids (none today) after them.
 */
export function holdCompliance(records: SessionsInput, range?: DateRange): StretchCompliance[] {
  const acc = new Map<string, { hold: MeasureAcc; reps: MeasureAcc }>();
  for (const r of filteredRecords(records, range)) {
    for (const s of r.stretches) {
      let a = acc.get(s.stretchId);
      if (!a) {
        a = {
          hold: { results: 0, target: 0, achieved: 0, compliant: 0, unobserved: 0 },
          reps: { results: 0, target: 0, achieved: 0, compliant: 0, unobserved: 0 },
        };
        acc.set(s.stretchId, a);
      }
      if (s.kind === 'hold') addMeasure(a.hold, s.targetSeconds, s.heldSeconds, s.observedSeconds);
      else addMeasure(a.reps, s.targetReps, s.repsDone);
    }
  }
  const out: StretchCompliance[] = [];
  for (const [stretchId, a] of acc)
    out.push({ stretchId, hold: finishMeasure(a.hold), reps: finishMeasure(a.reps) });
  return out.sort(byCatalogOrder);
}

export interface SkipStat {
  /** Stretch results (one per side for two-sided stretches). */
  results: number;
  skipped: number;
  /** skipped ÷ results, 0..1; null with no results. */
  rate: number | null;
}

export interface SkipRates {
  overall: SkipStat;
  byStretch: Array<SkipStat & { stretchId: string }>;
}

/** How often each stretch (and all of them together) is skipped, over sessions started in `range`. */
export function skipRate(records: SessionsInput, range?: DateRange): SkipRates {
  const per = new Map<string, { results: number; skipped: number }>();
  let results = 0;
  let skipped = 0;
  for (const r of filteredRecords(records, range)) {
    for (const s of r.stretches) {
      let p = per.get(s.stretchId);
      if (!p) {
        p = { results: 0, skipped: 0 };
        per.set(s.stretchId, p);
      }
      p.results++;
      results++;
      if (s.skipped) {
        p.skipped++;
        skipped++;
      }
    }
  }
  const stat = (n: number, k: number): SkipStat => ({
    results: n,
    skipped: k,
    rate: n > 0 ? round(k / n) : null,
  });
  const byStretch: SkipRates['byStretch'] = [];
  for (const [stretchId, p] of per) byStretch.push({ stretchId, ...stat(p.results, p.skipped) });
  return { overall: stat(results, skipped), byStretch: byStretch.sort(byCatalogOrder) };
}

// ---------------------------------------------------------------------------------------------
// Pain trend

/** Days in the rolling mean of the pain trend. */
export const PAIN_ROLLING_DAYS = 7;

export interface PainDay {
  date: LocalDate;
  /** Sessions this day with a before or after rating. */
  ratedSessions: number;
  /** Mean pain before / after the sessions of this day, 0–10; null when unrated. */
  before: number | null;
  after: number | null;
  /** Mean over all ratings in the 7 days ending this day. */
  rollingBefore: number | null;
  rollingAfter: number | null;
}

export interface PainTrend {
  days: PainDay[];
  averageBefore: number | null;
  averageAfter: number | null;
  /** Mean of (before − after) over sessions rated both times; positive means stretching eased it. */
  averageDrop: number | null;
  /** Sessions rated both before and after. */
  pairedSessions: number;
  /** Least-squares slope of the daily mean, in points per day (negative = improving). */
  slopeBeforePerDay: number | null;
  slopeAfterPerDay: number | null;
}

interface PainAcc {
  rated: number;
  beforeSum: number;
  beforeN: number;
  afterSum: number;
  afterN: number;
}

/** Pain before/after per day over `range`, with a 7-day rolling mean, the average drop and the slope. */
export function painTrend(records: SessionsInput, range: DateRange): PainTrend {
  const { from, to } = rangeDayNumbers(range);
  const rollFrom = from - (PAIN_ROLLING_DAYS - 1);
  const byDay = new Map<number, PainAcc>();
  let dropSum = 0;
  let paired = 0;
  const p = asPrepared(records);
  for (let i = 0; i < p.records.length; i++) {
    const r = p.records[i];
    if (!r || (r.painBefore === null && r.painAfter === null)) continue;
    const n = p.dayNumbers[i] ?? 0;
    if (n < rollFrom || n > to) continue;
    let a = byDay.get(n);
    if (!a) {
      a = { rated: 0, beforeSum: 0, beforeN: 0, afterSum: 0, afterN: 0 };
      byDay.set(n, a);
    }
    a.rated++;
    if (r.painBefore !== null) {
      a.beforeSum += r.painBefore;
      a.beforeN++;
    }
    if (r.painAfter !== null) {
      a.afterSum += r.painAfter;
      a.afterN++;
    }
    if (n >= from && r.painBefore !== null && r.painAfter !== null) {
      dropSum += r.painBefore - r.painAfter;
      paired++;
    }
  }
  const days: PainDay[] = [];
  const window: Array<PainAcc | undefined> = [];
  const roll = { beforeSum: 0, beforeN: 0, afterSum: 0, afterN: 0 };
  let totBefore = 0;
  let totBeforeN = 0;
  let totAfter = 0;
  let totAfterN = 0;
  const beforePoints: Array<[number, number]> = [];
  const afterPoints: Array<[number, number]> = [];
  for (let n = rollFrom; n <= to; n++) {
    const a = byDay.get(n);
    window.push(a);
    if (a) {
      roll.beforeSum += a.beforeSum;
      roll.beforeN += a.beforeN;
      roll.afterSum += a.afterSum;
      roll.afterN += a.afterN;
    }
    if (window.length > PAIN_ROLLING_DAYS) {
      const old = window.shift();
      if (old) {
        roll.beforeSum -= old.beforeSum;
        roll.beforeN -= old.beforeN;
        roll.afterSum -= old.afterSum;
        roll.afterN -= old.afterN;
      }
    }
    if (n < from) continue;
    const before = a ? mean(a.beforeSum, a.beforeN) : null;
    const after = a ? mean(a.afterSum, a.afterN) : null;
    if (a) {
      totBefore += a.beforeSum;
      totBeforeN += a.beforeN;
      totAfter += a.afterSum;
      totAfterN += a.afterN;
      if (a.beforeN > 0) beforePoints.push([n - from, a.beforeSum / a.beforeN]);
      if (a.afterN > 0) afterPoints.push([n - from, a.afterSum / a.afterN]);
    }
    days.push({
      date: formatDayNumber(n),
      ratedSessions: a ? a.rated : 0,
      before,
      after,
      rollingBefore: mean(roll.beforeSum, roll.beforeN),
      rollingAfter: mean(roll.afterSum, roll.afterN),
    });
  }
  return {
    days,
    averageBefore: mean(totBefore, totBeforeN),
    averageAfter: mean(totAfter, totAfterN),
    averageDrop: mean(dropSum, paired),
    pairedSessions: paired,
    slopeBeforePerDay: roundedSlope(beforePoints),
    slopeAfterPerDay: roundedSlope(afterPoints),
  };
}

// ---------------------------------------------------------------------------------------------
// Nudge response

export interface HourResponse {
  /** Local hour the nudge was shown, 0–23. */
  hour: number;
  shown: number;
  started: number;
  /** started ÷ shown; null when none shown. */
  rate: number | null;
}

export interface NudgeResponseSummary {
  shown: number;
  started: number;
  snoozed: number;
  dismissed: number;
  /** Shown and never answered (older than the pending window). */
  ignored: number;
  /** Shown within the pending window before `now`, not answered yet. */
  pending: number;
  /** started ÷ shown (pending ones excluded); null when none. */
  responseRate: number | null;
  /** All 24 local hours, by the hour each nudge was shown. */
  byHour: HourResponse[];
  /** Up to three hours where nudges most often led to a break (hours with ≥ 3 nudges), best first. */
  bestHours: number[];
}

export interface NudgeResponseOptions {
  /** Only nudges shown on these local dates. */
  range?: DateRange;
  /** With `now`, unanswered nudges younger than `pendingMinutes` are pending, not ignored. */
  now?: number;
  pendingMinutes?: number;
}

/**
 * What people did with their nudges. Events are grouped by `nudgeId`; the earliest response
 * wins. A response whose `shown` event has not arrived yet still counts as shown (at the
 * response's time), so the rate stays within 0..1 and nothing is lost.
 */
export function nudgeResponse(
  events: readonly NudgeEvent[],
  options: NudgeResponseOptions = {},
): NudgeResponseSummary {
  const nudges = new Map<string, { shown: NudgeEvent | null; response: NudgeEvent | null }>();
  const seenIds = new Set<string>();
  for (const e of events) {
    if (seenIds.has(e.id)) continue;
    seenIds.add(e.id);
    let n = nudges.get(e.nudgeId);
    if (!n) {
      n = { shown: null, response: null };
      nudges.set(e.nudgeId, n);
    }
    if (e.action === 'shown') {
      if (!n.shown || e.at < n.shown.at) n.shown = e;
    } else if (!n.response || e.at < n.response.at) {
      n.response = e;
    }
  }
  const days = options.range ? rangeDayNumbers(options.range) : null;
  const pendingMs = (options.pendingMinutes ?? 30) * MS_PER_MINUTE;
  const hours = Array.from({ length: 24 }, () => ({ shown: 0, started: 0 }));
  const s = { shown: 0, started: 0, snoozed: 0, dismissed: 0, ignored: 0, pending: 0 };
  for (const { shown, response } of nudges.values()) {
    const anchor = shown ?? response;
    if (!anchor) continue;
    if (!inRange(localDayNumber(anchor.at, anchor.utcOffsetMinutes), days)) continue;
    if (!response && options.now !== undefined && options.now - anchor.at < pendingMs) {
      s.pending++;
      continue;
    }
    s.shown++;
    const h = hours[hourOfDay(anchor.at, anchor.utcOffsetMinutes)];
    if (h) h.shown++;
    if (!response) s.ignored++;
    else if (response.action === 'started') {
      s.started++;
      if (h) h.started++;
    } else if (response.action === 'snoozed') s.snoozed++;
    else s.dismissed++;
  }
  const byHour = hours.map((h, hour) => ({
    hour,
    shown: h.shown,
    started: h.started,
    rate: h.shown > 0 ? round(h.started / h.shown) : null,
  }));
  const bestHours = byHour
    .filter((h) => h.shown >= 3 && h.started > 0)
    .sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0) || b.shown - a.shown || a.hour - b.hour)
    .slice(0, 3)
    .map((h) => h.hour);
  return { ...s, responseRate: s.shown > 0 ? round(s.started / s.shown) : null, byHour, bestHours };
}
