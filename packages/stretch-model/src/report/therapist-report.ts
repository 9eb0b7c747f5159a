/**
 * The report a person brings to a physical therapist or chiropractor: one object with everything
 * the shared report page and its PDF show, for a chosen range of local dates.
 *
 * Nothing here decides a rule of its own. Every figure comes from the adherence functions the
 * dashboard uses (`dailyAdherence`, `holdCompliance`, `skipRate`, `painTrend`, `seeProfessional`,
 * the plan in force), so the report can never disagree with the person's own pages. This module
 * only picks the range, puts the figures side by side and says them in plain words.
 *
 * - Days after today are never counted (a range may end in the future; it is cut at today).
 * - Planned days are counted the way weekly adherence counts them: each day by the plan in force
 *   that day, days before the first day of use never, and today only once it is done.
 * - The "see a professional" flag is the core's 14-day rule, judged at the end of the report's
 *   last day (so a report of last month shows what last month's ratings said).
 * - Session notes and pain areas come from the session-note registers (`notes`), by session id.
 */
import { SAFETY } from '../catalog/safety.js';
import { getStretch } from '../catalog/stretches.js';
import type { SessionRecord } from '../records/session-record.js';
import type { PlanSettings } from '../records/settings.js';
import {
  addDays,
  compareDates,
  dayNumberOf,
  daysBetween,
  epochAtLocal,
  type LocalDate,
  localDate,
  minuteOfDay,
  parseLocalDate,
  type Weekday,
} from '../time/civil-date.js';
import {
  adherenceStartDate,
  asPrepared,
  type AsOf,
  type DateRange,
  type DayAdherence,
  dailyAdherence,
  holdCompliance,
  type MeasureCompliance,
  type PainTrend,
  painTrend,
  type SessionsInput,
  type SkipStat,
  sessionDayNumber,
  skipRate,
  personToday,
} from '../adherence/adherence.js';
import { planDaysOn } from '../adherence/plan-in-force.js';
import {
  PROFESSIONAL_WINDOW_DAYS,
  type ProfessionalAdvice,
  seeProfessional,
} from '../adherence/see-professional.js';
import { HIGH_PAIN } from '../catalog/safety.js';
import type { CoreMessage } from '../i18n/types.js';

/** The longest range a report covers (a year, a leap day included). */
export const REPORT_MAX_RANGE_DAYS = 366;
/** A share link lasts this many days unless the person picks another number. */
export const SHARE_LINK_DEFAULT_DAYS = 30;
/** The longest a share link may last. */
export const SHARE_LINK_MAX_DAYS = 365;

/** Words every report carries, on the page and in the PDF. */
export const REPORT_NOTICES = {
  /** Why the report exists: the advice Unknot follows. */
  professional:
    'Gentle stretching can ease everyday tightness. If pain persists despite stretching, please see a ' +
    'physical therapist or chiropractor: this report is meant to help that conversation.',
  /** Not medical advice. */
  disclaimer: SAFETY.disclaimer.long,
  /** How the figures were measured. */
  method:
    'Measured by the Unknot watch app: hold times are the seconds the watch saw each hold run; pain is ' +
    'the person’s own rating from 0 (none) to 10 (worst), before and after each routine.',
} as const;

/** `REPORT_NOTICES` as descriptors for any locale. */
export const REPORT_NOTICE_MESSAGES: { readonly [K in keyof typeof REPORT_NOTICES]: CoreMessage } = {
  professional: { key: 'report.notice.professional' },
  disclaimer: { key: 'safety.disclaimer.long' },
  method: { key: 'report.notice.method' },
};

export type ReportInputErrorCode = 'invalidDate' | 'rangeReversed' | 'rangeTooLong' | 'invalidExpiry';
export interface ReportInputError {
  code: ReportInputErrorCode;
  message: string;
  /** `message` as a descriptor for any locale (`report.error.*`). */
  i18n: CoreMessage;
}

/** A range the person chose, checked: two real local dates, in order, at most a year long. */
export function checkReportRange(
  from: unknown,
  to: unknown,
): { ok: true; range: DateRange } | { ok: false; error: ReportInputError } {
  for (const [name, value] of [
    ['start', from],
    ['end', to],
  ] as const) {
    if (typeof value !== 'string' || !parseLocalDate(value).ok)
      return {
        ok: false,
        error: {
          code: 'invalidDate',
          message: `The ${name} date must be a real date written as YYYY-MM-DD.`,
          i18n: { key: `report.error.invalidDate.${name}` },
        },
      };
  }
  const range = { from: from as LocalDate, to: to as LocalDate };
  if (compareDates(range.from, range.to) > 0)
    return {
      ok: false,
      error: {
        code: 'rangeReversed',
        message: 'The start date must not be after the end date.',
        i18n: { key: 'report.error.rangeReversed' },
      },
    };
  if (daysBetween(range.from, range.to) + 1 > REPORT_MAX_RANGE_DAYS)
    return {
      ok: false,
      error: {
        code: 'rangeTooLong',
        message: `A report covers at most ${REPORT_MAX_RANGE_DAYS} days.`,
        i18n: { key: 'report.error.rangeTooLong', params: { max: REPORT_MAX_RANGE_DAYS } },
      },
    };
  return { ok: true, range };
}

/** How many days a share link lasts: the default when not given, else a whole number 1…365. */
export function checkShareLinkDays(
  days: unknown,
): { ok: true; days: number } | { ok: false; error: ReportInputError } {
  if (days === undefined || days === null) return { ok: true, days: SHARE_LINK_DEFAULT_DAYS };
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > SHARE_LINK_MAX_DAYS)
    return {
      ok: false,
      error: {
        code: 'invalidExpiry',
        message: `A link can last from 1 to ${SHARE_LINK_MAX_DAYS} days (whole days).`,
        i18n: { key: 'report.error.invalidExpiry', params: { max: SHARE_LINK_MAX_DAYS } },
      },
    };
  return { ok: true, days };
}

/** Where it hurt: an area of the back (or chest, shoulder) and its side, as a session note picks them. */
export interface ReportPainArea {
  area: string;
  side: string;
}

/**
 * A person's note on a session, in the shape of the core's session-note register value
 * (`records/session-note.ts`, read with `getSessionNotes(state)`): typed structurally here so the
 * report takes any source of them.
 */
export interface ReportNoteSource {
  note: string;
  areas: readonly ReportPainArea[];
}

/**
 * The note and pain areas of a session: from `notes` (by session id) when given, else nothing.
 * An empty note with no areas reads as no note, as the note register says.
 */
export function sessionNoteOf(
  record: SessionRecord,
  notes?: Readonly<Record<string, ReportNoteSource | null | undefined>>,
): { note: string | null; painAreas: ReportPainArea[] } {
  const n = notes?.[record.id];
  if (!n) return { note: null, painAreas: [] };
  const text = n.note.trim();
  return {
    note: text.length > 0 ? text : null,
    painAreas: n.areas.map((a) => ({ area: a.area, side: a.side })),
  };
}

export interface ReportStretch {
  stretchId: string;
  /** The catalog's name (the id for a stretch the catalog does not know). */
  name: string;
  hold: MeasureCompliance | null;
  reps: MeasureCompliance | null;
  skips: SkipStat;
  /** `hold.ratio` (else `reps.ratio`) as a whole percentage. */
  compliancePercent: number | null;
  /** `skips.rate` as a whole percentage. */
  skipPercent: number | null;
}

export interface ReportSession {
  id: string;
  /** The local date and time it started, in the zone it was done in. */
  date: LocalDate;
  time: string;
  routineName: string;
  trigger: SessionRecord['trigger'];
  outcome: SessionRecord['outcome'];
  /** Whole minutes, at least 1 for a session that ran at all. */
  minutes: number;
  painBefore: number | null;
  painAfter: number | null;
  /** Stretch steps done and skipped (one per side for two-sided stretches). */
  steps: number;
  skipped: number;
  note: string | null;
  painAreas: ReportPainArea[];
}

export interface ReportAdherence {
  /** Planned days counted (by the plan in force each day; today only once done). */
  plannedDays: number;
  doneDays: number;
  /** doneDays ÷ plannedDays as a whole percentage; null when nothing was planned. */
  percent: number | null;
  /** Days not planned on which a routine was still completed. */
  extraDays: number;
  sessions: number;
  completed: number;
  aborted: number;
  /** Every day of the (cut) range, oldest first. */
  days: DayAdherence[];
}

export interface ReportProfessional extends ProfessionalAdvice {
  /** The day the 14-day rule was judged at (the report's last day). */
  judgedOn: LocalDate;
  /** Plain sentences saying what the rule looked at and found. */
  why: string[];
}

export interface TherapistReport {
  kind: 'unknotTherapistReport';
  version: 1;
  generatedAt: number;
  timeZone: string;
  /** The range asked for. */
  requested: DateRange;
  /** The range the figures cover: the requested one, cut at today. */
  range: DateRange;
  /** Days in `range` (0 when it lies wholly in the future). */
  dayCount: number;
  /** The weekdays (0 = Sunday) planned by the plan in force on the range's last day. */
  plannedWeekdays: Weekday[];
  adherence: ReportAdherence;
  stretches: ReportStretch[];
  skips: SkipStat;
  /** Σ observed hold seconds ÷ Σ target over every hold (whole %), null with no holds. */
  holdPercent: number | null;
  pain: PainTrend;
  seeProfessional: ReportProfessional;
  /** Sessions in the range, oldest first. */
  sessions: ReportSession[];
  /** The summary in a few plain sentences, for the top of the page and the PDF. */
  lines: string[];
  notices: typeof REPORT_NOTICES;
  /** The words above as descriptors for any locale (`report.*`); `why` is `seeProfessional.why`'s. */
  i18n: {
    lines: CoreMessage[];
    why: CoreMessage[];
    notices: typeof REPORT_NOTICE_MESSAGES;
  };
}

export interface TherapistReportInput {
  records: SessionsInput;
  plan: PlanSettings;
  asOf: AsOf;
  range: DateRange;
  /** The person's zone name, shown with the dates. */
  timeZone: string;
  /** Epoch ms of settings writes (evidence of the first day of use), as `adherenceSummary` takes. */
  settingsWrittenAt?: readonly number[];
  /** The first day of use, when the caller knows it better. */
  start?: LocalDate | null;
  /** Session notes by session id (`getSessionNotes(state)`); sessions without one show none. */
  notes?: Readonly<Record<string, ReportNoteSource | null | undefined>>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2 Nov 2026": a date no reader can take the wrong way round. */
export function reportDate(date: LocalDate): string {
  const [y, m, d] = date.split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

/** `reportDate` as a descriptor for any locale (`report.date` with `report.month.<1-12>`). */
export function reportDateMessage(date: LocalDate): CoreMessage {
  const [y, m, d] = date.split('-');
  return {
    key: 'report.date',
    params: {
      day: Number(d),
      month: { key: `report.month.${Number(m)}` as CoreMessage['key'] },
      year: y ?? '',
    },
  };
}

/** A decimal to one place, as a number (the UI writes it in its locale). */
function oneNumber(x: number): number {
  return Math.round(x * 10) / 10;
}

function countOf(
  key: 'day' | 'onDay' | 'plannedDay' | 'unplannedDay' | 'session' | 'stretchStep',
  n: number,
): CoreMessage {
  return { key: `report.count.${key}`, params: { count: n } };
}

function pct(ratio: number | null): number | null {
  return ratio === null ? null : Math.round(ratio * 100);
}

function one(x: number): string {
  return (Math.round(x * 10) / 10).toFixed(1);
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function professionalWhy(advice: ProfessionalAdvice, judgedOn: LocalDate): string[] {
  const d = advice.details;
  const window = `In the ${d.windowDays} days up to ${reportDate(judgedOn)}`;
  if (d.ratedDays === 0) return [`${window} no pain ratings were given, so the rule had nothing to look at.`];
  const out = [
    `${window}, pain was rated on ${plural(d.ratedDays, 'day')}; on ${plural(d.highPainDays, 'day')} it reached ${HIGH_PAIN} of 10 or more.`,
  ];
  if (advice.reason === 'persistentHighPain')
    out.push('High pain on most of the rated days raised the flag.');
  else if (advice.reason === 'painWorseAfter' && d.meanIncreaseAfter !== null)
    out.push(
      `On ${plural(d.pairedDays, 'day')} rated before and after, pain was on average ${one(d.meanIncreaseAfter)} points higher after stretching, which raised the flag.`,
    );
  else if (advice.reason === 'risingPain' && d.painBeforeSlopePerDay !== null)
    out.push(
      `Pain before stretching rose by about ${one(d.painBeforeSlopePerDay * 7)} points a week, which raised the flag.`,
    );
  else
    out.push(
      'None of the signs that suggest seeing a professional were found (high pain on most days, pain worse after stretching, pain rising).',
    );
  return out;
}

function professionalWhyMessages(advice: ProfessionalAdvice, judgedOn: LocalDate): CoreMessage[] {
  const d = advice.details;
  const window = { windowDays: d.windowDays, date: reportDateMessage(judgedOn) };
  if (d.ratedDays === 0) return [{ key: 'report.why.noRatings', params: window }];
  const out: CoreMessage[] = [
    {
      key: 'report.why.rated',
      params: {
        ...window,
        ratedDays: countOf('onDay', d.ratedDays),
        highDays: countOf('onDay', d.highPainDays),
        highPain: HIGH_PAIN,
      },
    },
  ];
  if (advice.reason === 'persistentHighPain') out.push({ key: 'report.why.persistentHighPain' });
  else if (advice.reason === 'painWorseAfter' && d.meanIncreaseAfter !== null)
    out.push({
      key: 'report.why.painWorseAfter',
      params: { pairedDays: countOf('onDay', d.pairedDays), increase: oneNumber(d.meanIncreaseAfter) },
    });
  else if (advice.reason === 'risingPain' && d.painBeforeSlopePerDay !== null)
    out.push({ key: 'report.why.risingPain', params: { perWeek: oneNumber(d.painBeforeSlopePerDay * 7) } });
  else out.push({ key: 'report.why.none' });
  return out;
}

/** Everything the therapist report shows, for `input.range`, from the core's own rules. */
export function therapistReport(input: TherapistReportInput): TherapistReport {
  const { plan, asOf } = input;
  const records = asPrepared(input.records);
  const today = personToday(records, asOf);
  const requested = input.range;
  const to = compareDates(requested.to, today) > 0 ? today : requested.to;
  const future = compareDates(requested.from, to) > 0;
  // a range wholly in the future covers no day: an empty range ending the day before it starts
  const range: DateRange = future
    ? { from: requested.from, to: addDays(requested.from, -1) }
    : { from: requested.from, to };
  const dayCount = future ? 0 : daysBetween(range.from, range.to) + 1;
  const start =
    input.start !== undefined
      ? input.start
      : adherenceStartDate(records, plan, input.settingsWrittenAt ?? [], asOf.utcOffsetMinutes);

  const days = dayCount > 0 ? dailyAdherence(records, plan, range.from, range.to, start) : [];
  let plannedDays = 0;
  let doneDays = 0;
  let extraDays = 0;
  let completed = 0;
  let aborted = 0;
  for (const d of days) {
    completed += d.completed;
    aborted += d.aborted;
    if (d.planned) {
      if (d.date === today && !d.done) continue; // today is still open
      plannedDays++;
      if (d.done) doneDays++;
    } else if (d.done && !d.beforeStart) extraDays++;
  }

  const compliance = dayCount > 0 ? holdCompliance(records, range) : [];
  const skipRates =
    dayCount > 0
      ? skipRate(records, range)
      : { overall: { results: 0, skipped: 0, rate: null }, byStretch: [] };
  const skipsById = new Map(skipRates.byStretch.map((s) => [s.stretchId, s]));
  const stretches: ReportStretch[] = compliance.map((c) => {
    const s = skipsById.get(c.stretchId);
    const skips: SkipStat = s
      ? { results: s.results, skipped: s.skipped, rate: s.rate }
      : { results: 0, skipped: 0, rate: null };
    return {
      stretchId: c.stretchId,
      name: getStretch(c.stretchId)?.name ?? c.stretchId,
      hold: c.hold,
      reps: c.reps,
      skips,
      compliancePercent: pct(c.hold ? c.hold.ratio : c.reps ? c.reps.ratio : null),
      skipPercent: pct(skips.rate),
    };
  });
  let holdTarget = 0;
  let holdAchieved = 0;
  for (const c of compliance)
    if (c.hold) {
      holdTarget += c.hold.target;
      holdAchieved += c.hold.achieved;
    }
  const holdPercent = holdTarget > 0 ? Math.round((holdAchieved / holdTarget) * 100) : null;

  const pain =
    dayCount > 0 ? painTrend(records, range) : painTrend([], { from: requested.from, to: requested.from });
  if (dayCount === 0) pain.days = [];

  // the flag as of the end of the report's last day (now, when the range reaches today)
  const judgedOn = future ? today : range.to;
  const flagAsOf: AsOf =
    judgedOn === today
      ? asOf
      : {
          now: epochAtLocal(addDays(judgedOn, 1), 0, asOf.utcOffsetMinutes) - 1,
          utcOffsetMinutes: asOf.utcOffsetMinutes,
        };
  const advice = seeProfessional(records, flagAsOf);

  const sessions: ReportSession[] = [];
  if (dayCount > 0) {
    const fromDay = dayNumberOf(range.from);
    const toDay = dayNumberOf(range.to);
    const inRange = records.records
      .filter((r) => {
        const n = sessionDayNumber(r);
        return n >= fromDay && n <= toDay;
      })
      .sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const r of inRange) {
      const minute = minuteOfDay(r.startedAt, r.utcOffsetMinutes);
      const ms = r.endedAt - r.startedAt;
      sessions.push({
        id: r.id,
        date: localDate(r.startedAt, r.utcOffsetMinutes),
        time: `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
        routineName: r.routineName,
        trigger: r.trigger,
        outcome: r.outcome,
        minutes: ms > 0 ? Math.max(1, Math.round(ms / 60_000)) : 0,
        painBefore: r.painBefore,
        painAfter: r.painAfter,
        steps: r.stretches.length,
        skipped: r.stretches.filter((s) => s.skipped).length,
        ...sessionNoteOf(r, input.notes),
      });
    }
  }

  const adherence: ReportAdherence = {
    plannedDays,
    doneDays,
    percent: plannedDays > 0 ? Math.round((doneDays / plannedDays) * 100) : null,
    extraDays,
    sessions: completed + aborted,
    completed,
    aborted,
    days,
  };
  const professional: ReportProfessional = { ...advice, judgedOn, why: professionalWhy(advice, judgedOn) };
  const whyMessages = professionalWhyMessages(advice, judgedOn);
  return {
    kind: 'unknotTherapistReport',
    version: 1,
    generatedAt: asOf.now,
    timeZone: input.timeZone,
    requested,
    range,
    dayCount,
    plannedWeekdays: planDaysOn(plan, judgedOn) as Weekday[],
    adherence,
    stretches,
    skips: skipRates.overall,
    holdPercent,
    pain,
    seeProfessional: professional,
    sessions,
    lines: summaryLines(range, dayCount, adherence, holdPercent, skipRates.overall, pain, professional),
    notices: REPORT_NOTICES,
    i18n: {
      lines: summaryLineMessages(
        range,
        dayCount,
        adherence,
        holdPercent,
        skipRates.overall,
        pain,
        professional,
        whyMessages,
      ),
      why: whyMessages,
      notices: REPORT_NOTICE_MESSAGES,
    },
  };
}

function summaryLines(
  range: DateRange,
  dayCount: number,
  a: ReportAdherence,
  holdPercent: number | null,
  skips: SkipStat,
  pain: PainTrend,
  pro: ReportProfessional,
): string[] {
  if (dayCount === 0) return ['This report’s dates have not come yet, so there is nothing to show.'];
  const lines: string[] = [];
  const period = `From ${reportDate(range.from)} to ${reportDate(range.to)} (${plural(dayCount, 'day')})`;
  lines.push(
    a.plannedDays > 0
      ? `${period}, the routine was done on ${a.doneDays} of ${plural(a.plannedDays, 'planned day')} (${a.percent} %).`
      : `${period}, no days were planned.`,
  );
  lines.push(
    `${plural(a.sessions, 'session')} in all: ${a.completed} completed, ${a.aborted} stopped early` +
      (a.extraDays > 0 ? `; routines were also done on ${plural(a.extraDays, 'unplanned day')}.` : '.'),
  );
  if (holdPercent !== null) lines.push(`Holds reached ${holdPercent} % of their target time overall.`);
  if (skips.results > 0)
    lines.push(
      `${skips.skipped} of ${plural(skips.results, 'stretch step')} were skipped (${pct(skips.rate)} %).`,
    );
  if (pain.averageBefore !== null || pain.averageAfter !== null) {
    const before = pain.averageBefore === null ? 'not rated' : `${one(pain.averageBefore)} of 10`;
    const after = pain.averageAfter === null ? 'not rated' : `${one(pain.averageAfter)} of 10`;
    let line = `Pain averaged ${before} before stretching and ${after} after`;
    if (pain.averageDrop !== null)
      line +=
        pain.averageDrop >= 0
          ? ` (on average ${one(pain.averageDrop)} points lower after, over ${plural(pain.pairedSessions, 'session')} rated both times).`
          : ` (on average ${one(-pain.averageDrop)} points higher after, over ${plural(pain.pairedSessions, 'session')} rated both times).`;
    else line += '.';
    lines.push(line);
  } else lines.push('No pain ratings were given in this period.');
  lines.push(
    pro.flag
      ? `The app suggests seeing a professional: ${pro.why[pro.why.length - 1] ?? ''}`.trim()
      : `The app’s “see a professional” flag was not raised (judged over the ${PROFESSIONAL_WINDOW_DAYS} days up to ${reportDate(pro.judgedOn)}).`,
  );
  return lines;
}

/** `summaryLines` as descriptors for any locale (`report.line.*`). */
function summaryLineMessages(
  range: DateRange,
  dayCount: number,
  a: ReportAdherence,
  holdPercent: number | null,
  skips: SkipStat,
  pain: PainTrend,
  pro: ReportProfessional,
  why: readonly CoreMessage[],
): CoreMessage[] {
  if (dayCount === 0) return [{ key: 'report.line.notYet' }];
  const lines: CoreMessage[] = [];
  const period = {
    from: reportDateMessage(range.from),
    to: reportDateMessage(range.to),
    days: countOf('day', dayCount),
  };
  lines.push(
    a.plannedDays > 0
      ? {
          key: 'report.line.done',
          params: {
            ...period,
            done: a.doneDays,
            planned: countOf('plannedDay', a.plannedDays),
            percent: a.percent ?? 0,
          },
        }
      : { key: 'report.line.nothingPlanned', params: period },
  );
  const sessions = { sessions: countOf('session', a.sessions), completed: a.completed, aborted: a.aborted };
  lines.push(
    a.extraDays > 0
      ? {
          key: 'report.line.sessionsExtra',
          params: { ...sessions, extra: countOf('unplannedDay', a.extraDays) },
        }
      : { key: 'report.line.sessions', params: sessions },
  );
  if (holdPercent !== null) lines.push({ key: 'report.line.holds', params: { percent: holdPercent } });
  if (skips.results > 0)
    lines.push({
      key: 'report.line.skips',
      params: {
        skipped: skips.skipped,
        steps: countOf('stretchStep', skips.results),
        percent: pct(skips.rate) ?? 0,
      },
    });
  if (pain.averageBefore !== null || pain.averageAfter !== null) {
    const rating = (x: number | null): CoreMessage =>
      x === null
        ? { key: 'report.pain.notRated' }
        : { key: 'report.pain.value', params: { value: oneNumber(x) } };
    const both = { before: rating(pain.averageBefore), after: rating(pain.averageAfter) };
    if (pain.averageDrop === null) lines.push({ key: 'report.line.pain', params: both });
    else if (pain.averageDrop >= 0)
      lines.push({
        key: 'report.line.painLower',
        params: {
          ...both,
          drop: oneNumber(pain.averageDrop),
          sessions: countOf('session', pain.pairedSessions),
        },
      });
    else
      lines.push({
        key: 'report.line.painHigher',
        params: {
          ...both,
          rise: oneNumber(-pain.averageDrop),
          sessions: countOf('session', pain.pairedSessions),
        },
      });
  } else lines.push({ key: 'report.line.noPain' });
  const lastWhy = why[why.length - 1];
  lines.push(
    pro.flag && lastWhy
      ? { key: 'report.line.flagRaised', params: { why: lastWhy } }
      : {
          key: 'report.line.flagNotRaised',
          params: { windowDays: PROFESSIONAL_WINDOW_DAYS, date: reportDateMessage(pro.judgedOn) },
        },
  );
  return lines;
}
