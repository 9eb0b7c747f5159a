/**
 * The inactivity nudge policy: one pure function, `decideNudge`, that the watch's app-service,
 * the firmware sim and the tests all call, so "when do we buzz" is decided in exactly one place.
 *
 * Inputs are what a watch really has at a wake-up: the settings, the current time and UTC
 * offset, readings of its step counter, and a small persisted history (last nudge, nudges
 * today, snooze, last session end from ANY device learned via sync, last movement).
 *
 * Step input: `StepSample { at, total }` where `total` is the counter's CUMULATIVE step count for
 * the local day, read at irregular wake-ups. Samples are folded in time order; a sample no later
 * than the last one folded (a late delivery or a duplicate) is ignored, so it can never rewind
 * the history or change a decision. A total lower than the previous one means the counter reset
 * at midnight: the new total is the steps since the reset.
 *
 * What counts as moving — SUSTAINED movement: between two samples `m` minutes apart the person
 * moved when the steps reach `movingStepsPerMinute` × min(m, 5) (`MOVEMENT_BURST_MINUTES`: about
 * five minutes of walking at the moving rate) PLUS an idle allowance of
 * min(`IDLE_STEPS_PER_MINUTE` = 5, `movingStepsPerMinute`) for each minute beyond those five.
 * The allowance is what a wrist counter registers while someone sits and fidgets (typing,
 * gesturing: 2–3 steps a minute is common), so a whole day of that never counts as moving, while
 * a five-minute walk inside a 50-minute gap still does (with the defaults: 100 steps + 5 a minute
 * for the other 45 minutes = 325; a walk at 100 steps a minute gives 500 on its own). A watch
 * that wakes every 20–50 minutes cannot see inside an interval, so movement is credited at the
 * END of it, which errs towards fewer nudges.
 *
 * The still spell starts at the latest of: the last moving interval, the last session end (a
 * session on any device is movement), the start of the current active window (nobody should
 * get a buzz at 09:00 for "sitting" all night), and, with no evidence at all, the first sample.
 *
 * Scheduling, not polling: every decision also says when it is next worth waking —
 * the moment the still spell could first reach the threshold, the end of a snooze or a quiet
 * period, or the start of the next active window. Regular checks are at least
 * `MIN_CHECK_INTERVAL_MINUTES` apart (boundaries may come sooner), so a watch wakes about three
 * times an hour at most, leaving room for the odd boundary under the budget of four.
 *
 * Hard rules: never outside active hours or days, never in a quiet period, never past the cap,
 * never before the still threshold is reached, and after a nudge the next one comes at least the
 * still threshold later — unless the person snoozed it, in which case it may return when the
 * snooze ends (if they are still sitting).
 *
 * The cap (`dailyCap`) counts nudges per ACTIVE WINDOW: each occurrence of the active hours,
 * from its start to its end, even when it crosses midnight (22:00–02:00 gets one cap, not two).
 *
 * Snooze back-off: each snooze in a row lasts twice as long as the one before — `snoozeMinutes`,
 * then 2×, 4×, … — up to `MAX_SNOOZE_MINUTES` (2 h; or `snoozeMinutes` itself if set longer).
 * The run of snoozes ends when the person starts a break, dismisses a nudge, moves (as defined
 * above) or finishes a session on any device.
 *
 * Times are local wall times under the CURRENT offset. If a DST change falls before a scheduled
 * wake-up, that wake-up is off by the shift and simply re-evaluates; nothing is skipped.
 */
import * as v from 'valibot';
import type { DailyWindow, ReminderSettings } from '../records/settings.js';
import {
  localDayNumber,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  weekdayOfDayNumber,
} from '../time/civil-date.js';

/** Regular checks are at least this far apart; snooze ends, quiet-period ends and window starts may come sooner. */
export const MIN_CHECK_INTERVAL_MINUTES = 20;
/** An interval counts as movement with at least this many minutes' worth of moving-rate steps (plus the idle allowance). */
export const MOVEMENT_BURST_MINUTES = 5;
/** Steps a minute a wrist counter registers while someone sits and fidgets; never counted as moving. */
export const IDLE_STEPS_PER_MINUTE = 5;
/** The longest a backed-off snooze lasts (unless `snoozeMinutes` itself is longer). */
export const MAX_SNOOZE_MINUTES = 120;
/** With reminders off, wake this rarely (settings changes re-run the policy anyway). */
export const DISABLED_RECHECK_MS = 6 * MS_PER_HOUR;
/** A session end further in the future than this came from a skewed clock and is ignored until it is near. */
export const CLOCK_SKEW_TOLERANCE_MS = 5 * MS_PER_MINUTE;
/** Nudge times older than this are dropped from history: the cap only needs today's. */
export const NUDGE_TIMES_KEEP_MS = 2 * MS_PER_DAY;

/** A reading of the step counter: the cumulative step total for the local day at `at`. */
export const StepSampleSchema = v.object({
  at: v.pipe(v.number(), v.integer(), v.minValue(0)),
  total: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type StepSample = v.InferOutput<typeof StepSampleSchema>;

const NullableTime = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0)));

/** What the watch remembers between wake-ups (persist it; validate it with this schema when reading back). */
export const NudgeHistorySchema = v.object({
  lastNudgeAt: NullableTime,
  /** When recent nudges were shown (≤ 2 days kept), for the per-local-day cap. */
  nudgeTimes: v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(0))), v.maxLength(256)),
  snoozedUntil: NullableTime,
  /** The latest end of a session on ANY device (learned via sync). */
  lastSessionEndedAt: NullableTime,
  /** The end of the latest interval known to be moving. */
  lastMovementAt: v.optional(NullableTime),
  /** The previous step reading, so the next one can be compared with it. */
  lastStepSample: v.optional(v.nullable(StepSampleSchema)),
  /** Snoozes in a row (for the back-off); reset by a break, a dismissal, movement or a session. */
  snoozeCount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});
export type NudgeHistory = v.InferOutput<typeof NudgeHistorySchema>;

export function emptyNudgeHistory(): NudgeHistory {
  return {
    lastNudgeAt: null,
    nudgeTimes: [],
    snoozedUntil: null,
    lastSessionEndedAt: null,
    lastMovementAt: null,
    lastStepSample: null,
    snoozeCount: 0,
  };
}

export const NUDGE_REASONS = [
  'disabled',
  'inactiveDay',
  'outsideActiveHours',
  'quietPeriod',
  'capReached',
  'snoozed',
  'recentNudge',
  'recentSession',
  'recentlyMoved',
  'stillTooLong',
] as const;
/** Why the policy did (only 'stillTooLong') or did not nudge. */
export type NudgeReason = (typeof NUDGE_REASONS)[number];

export interface NudgeInput {
  settings: ReminderSettings;
  now: number;
  /** Minutes east of UTC now (the watch's own clock). */
  utcOffsetMinutes: number;
  /** Step readings, any order; may be empty when the history carries the last one. */
  steps: readonly StepSample[];
  history: NudgeHistory;
}

export interface NudgeDecision {
  nudge: boolean;
  reason: NudgeReason;
  /** When to wake and decide again (always later than `now`). */
  nextCheckAt: number;
  /** Start of the current still spell, when it matters (inside active hours). */
  stillSince: number | null;
  /** Whole minutes still so far (0 when unknown). */
  stillMinutes: number;
}

// ---------------------------------------------------------------------------------------------
// Windows in epoch ms under a fixed offset

interface Span {
  start: number;
  end: number;
}

function windowLengthMinutes(w: DailyWindow): number {
  if (w.endMinute === w.startMinute) return 0;
  if (w.endMinute > w.startMinute) return w.endMinute - w.startMinute;
  return w.endMinute + 1440 - w.startMinute;
}

/** Occurrences of a daily window on local days [fromDay, toDay], optionally only on some weekdays. */
function occurrences(
  w: DailyWindow,
  offset: number,
  fromDay: number,
  toDay: number,
  weekdays: readonly number[] | null,
): Span[] {
  const len = windowLengthMinutes(w);
  const out: Span[] = [];
  if (len <= 0) return out;
  for (let d = fromDay; d <= toDay; d++) {
    if (weekdays && !weekdays.includes(weekdayOfDayNumber(d))) continue;
    const start = d * MS_PER_DAY + (w.startMinute - offset) * MS_PER_MINUTE;
    out.push({ start, end: start + len * MS_PER_MINUTE });
  }
  return out;
}

class Calendar {
  constructor(
    private readonly settings: ReminderSettings,
    private readonly offset: number,
  ) {}

  private day(t: number): number {
    return localDayNumber(t, this.offset);
  }

  /** The single active-window occurrence containing t (not joined with adjoining ones): the span the cap counts over. */
  occurrenceAt(t: number): Span | null {
    const d = this.day(t);
    const spans = occurrences(this.settings.activeHours, this.offset, d - 1, d + 1, this.settings.activeDays);
    let hit: Span | null = null;
    for (const s of spans) if (s.start <= t && t < s.end && (hit === null || s.start > hit.start)) hit = s;
    return hit;
  }

  /** The active-window occurrence containing t (joined with any directly adjoining one). */
  activeAt(t: number): Span | null {
    const d = this.day(t);
    const spans = occurrences(this.settings.activeHours, this.offset, d - 1, d + 1, this.settings.activeDays);
    const hit = spans.find((s) => s.start <= t && t < s.end);
    if (!hit) return null;
    let end = hit.end;
    for (const s of spans) if (s.start === end) end = s.end;
    return { start: hit.start, end };
  }

  /** The first active-window start after t, within the next eight days; null when there is none. */
  nextActiveStart(t: number): number | null {
    const d = this.day(t);
    const spans = occurrences(this.settings.activeHours, this.offset, d - 1, d + 8, this.settings.activeDays);
    let best: number | null = null;
    for (const s of spans) if (s.start > t && (best === null || s.start < best)) best = s.start;
    return best;
  }

  /** The end of the quiet period containing t (following overlapping ones), or null when t is not quiet. */
  quietEnd(t: number): number | null {
    let end: number | null = null;
    let probe = t;
    for (let guard = 0; guard < 32; guard++) {
      const d = this.day(probe);
      let next: number | null = null;
      for (const q of this.settings.quietPeriods) {
        for (const s of occurrences(q, this.offset, d - 1, d, null)) {
          if (s.start <= probe && probe < s.end && (next === null || s.end > next)) next = s.end;
        }
      }
      if (next === null) return end;
      end = next;
      probe = next;
    }
    return end;
  }

  /** The first time ≥ t inside an active window and outside quiet periods; null when none is near. */
  nextOpenTime(t: number): number | null {
    let probe = t;
    for (let guard = 0; guard < 64; guard++) {
      if (!this.activeAt(probe)) {
        const start = this.nextActiveStart(probe);
        if (start === null) return null;
        probe = start;
        continue;
      }
      const quietEnd = this.quietEnd(probe);
      if (quietEnd === null) return probe;
      probe = quietEnd;
    }
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Movement from step readings

/**
 * Steps needed between two readings `minutes` apart for the interval to count as moving: five
 * minutes' worth at the moving rate, plus the idle allowance for every minute beyond five.
 */
export function movingStepsNeeded(minutes: number, movingStepsPerMinute: number): number {
  const burst = Math.min(minutes, MOVEMENT_BURST_MINUTES);
  const rest = Math.max(0, minutes - MOVEMENT_BURST_MINUTES);
  return movingStepsPerMinute * burst + Math.min(IDLE_STEPS_PER_MINUTE, movingStepsPerMinute) * rest;
}

/** True when the person was moving between two readings (sustained movement, see the module comment). */
export function isMovingInterval(a: StepSample, b: StepSample, movingStepsPerMinute: number): boolean {
  if (b.at <= a.at) return false;
  const steps = b.total >= a.total ? b.total - a.total : b.total;
  const minutes = (b.at - a.at) / MS_PER_MINUTE;
  return steps > 0 && steps >= movingStepsNeeded(minutes, movingStepsPerMinute);
}

interface StepFold {
  lastStepSample: StepSample | null;
  lastMovementAt: number | null;
  /** True when some folded interval was moving. */
  moved: boolean;
}

/**
 * Folds readings into the last reading and the last movement, in time order. Readings no later
 * than the last one folded (late or duplicate) are skipped; of readings with the same time, the
 * highest total is used, so the result does not depend on the order they are given in.
 */
function foldSamples(
  start: StepFold,
  samples: readonly StepSample[],
  movingStepsPerMinute: number,
  now: number,
): StepFold {
  const sorted = samples.filter((s) => s.at <= now).sort((a, b) => a.at - b.at || b.total - a.total);
  let prev = start.lastStepSample;
  let lastMovementAt = start.lastMovementAt;
  let moved = start.moved;
  for (const s of sorted) {
    if (prev !== null && s.at <= prev.at) continue;
    if (prev === null) {
      // Nothing known before the first reading: start the still clock here.
      if (lastMovementAt === null) lastMovementAt = s.at;
    } else if (isMovingInterval(prev, s, movingStepsPerMinute)) {
      lastMovementAt = Math.max(lastMovementAt ?? s.at, s.at);
      moved = true;
    }
    prev = s;
  }
  return { lastStepSample: prev, lastMovementAt, moved };
}

/**
 * How long the n-th snooze in a row lasts, in minutes (n = 1 for the first): `snoozeMinutes`
 * doubled for each earlier snooze in the run, at most `MAX_SNOOZE_MINUTES` (or `snoozeMinutes`
 * when that is longer). With 15: 15, 30, 60, 120, 120, …
 */
export function snoozeMinutesFor(consecutive: number, settings: ReminderSettings): number {
  const n = Math.max(1, Math.floor(Number.isFinite(consecutive) ? consecutive : 1));
  const cap = Math.max(MAX_SNOOZE_MINUTES, settings.snoozeMinutes);
  return Math.min(cap, settings.snoozeMinutes * 2 ** Math.min(n - 1, 16));
}

// ---------------------------------------------------------------------------------------------
// The decision

export function decideNudge(input: NudgeInput): NudgeDecision {
  const { settings, now, utcOffsetMinutes: offset, history } = input;
  const cal = new Calendar(settings, offset);
  const thresholdMs = settings.stillThresholdMinutes * MS_PER_MINUTE;
  const fallback = (ms: number) => now + ms;
  const quiet = (
    reason: NudgeReason,
    nextCheckAt: number,
    stillSince: number | null = null,
  ): NudgeDecision => ({
    nudge: false,
    reason,
    nextCheckAt: Math.max(nextCheckAt, now + 1000),
    stillSince,
    stillMinutes: stillSince === null ? 0 : Math.max(0, Math.floor((now - stillSince) / MS_PER_MINUTE)),
  });

  if (!settings.enabled) return quiet('disabled', fallback(DISABLED_RECHECK_MS));

  const active = cal.activeAt(now);
  if (!active) {
    const todayActive = settings.activeDays.includes(weekdayOfDayNumber(localDayNumber(now, offset)));
    return quiet(
      todayActive ? 'outsideActiveHours' : 'inactiveDay',
      cal.nextActiveStart(now) ?? fallback(MS_PER_DAY),
    );
  }

  const quietEnd = cal.quietEnd(now);
  if (quietEnd !== null) return quiet('quietPeriod', cal.nextOpenTime(quietEnd) ?? fallback(MS_PER_DAY));

  // The cap counts per occurrence of the active window (which may cross midnight).
  const window = cal.occurrenceAt(now) ?? active;
  let nudgesThisWindow = 0;
  for (const t of history.nudgeTimes) if (t >= window.start && t <= now) nudgesThisWindow++;
  if (nudgesThisWindow >= settings.dailyCap) {
    return quiet('capReached', cal.nextOpenTime(window.end) ?? fallback(MS_PER_DAY));
  }

  const snoozedUntil = history.snoozedUntil;
  if (snoozedUntil !== null && snoozedUntil > now) {
    return quiet('snoozed', cal.nextOpenTime(snoozedUntil) ?? fallback(MS_PER_DAY));
  }

  // Where does the still spell start? (Late and duplicate readings are skipped by the fold.)
  const folded = foldSamples(
    {
      lastStepSample: history.lastStepSample ?? null,
      lastMovementAt: history.lastMovementAt ?? null,
      moved: false,
    },
    input.steps,
    settings.movingStepsPerMinute,
    now,
  );
  // The last moving interval's end — or, with no movement known, the first reading.
  const movedAt = folded.lastMovementAt ?? -1;
  const reportedEnd = history.lastSessionEndedAt;
  const sessionEnd =
    reportedEnd === null || reportedEnd > now + CLOCK_SKEW_TOLERANCE_MS ? -1 : Math.min(reportedEnd, now);
  let stillSince = Math.max(movedAt, sessionEnd);
  let origin: 'movement' | 'session' = sessionEnd >= movedAt && sessionEnd >= 0 ? 'session' : 'movement';
  if (stillSince < 0) stillSince = now;
  if (stillSince < active.start) {
    stillSince = active.start;
    origin = 'movement';
  }

  const stillReachedAt = stillSince + thresholdMs;
  const lastNudgeAt = history.lastNudgeAt;
  const snoozedLastNudge = lastNudgeAt !== null && snoozedUntil !== null && snoozedUntil > lastNudgeAt;
  const nudgeGapEndsAt =
    lastNudgeAt === null ? -1 : snoozedLastNudge ? (snoozedUntil ?? 0) : lastNudgeAt + thresholdMs;

  if (now >= stillReachedAt && now >= nudgeGapEndsAt) {
    return {
      nudge: true,
      reason: 'stillTooLong',
      nextCheckAt: cal.nextOpenTime(now + thresholdMs) ?? fallback(MS_PER_DAY),
      stillSince,
      stillMinutes: Math.floor((now - stillSince) / MS_PER_MINUTE),
    };
  }

  const reason: NudgeReason =
    now < nudgeGapEndsAt && nudgeGapEndsAt >= stillReachedAt
      ? 'recentNudge'
      : origin === 'session'
        ? 'recentSession'
        : 'recentlyMoved';
  const earliest = Math.max(stillReachedAt, nudgeGapEndsAt, now + MIN_CHECK_INTERVAL_MINUTES * MS_PER_MINUTE);
  return quiet(reason, cal.nextOpenTime(earliest) ?? fallback(MS_PER_DAY), stillSince);
}

// ---------------------------------------------------------------------------------------------
// History reducers: the app-service just threads its persisted history through these.

/**
 * Folds a new step reading into history: marks movement since the previous reading, keeps this
 * one. A reading no later than the previous one (late or duplicate) leaves the history as it is.
 * Movement also ends a run of snoozes.
 */
export function recordStepSample(
  history: NudgeHistory,
  sample: StepSample,
  settings: ReminderSettings,
): NudgeHistory {
  const prev = history.lastStepSample ?? null;
  if (prev !== null && sample.at <= prev.at) return history;
  const folded = foldSamples(
    { lastStepSample: prev, lastMovementAt: history.lastMovementAt ?? null, moved: false },
    [sample],
    settings.movingStepsPerMinute,
    sample.at,
  );
  return {
    ...history,
    lastMovementAt: folded.lastMovementAt,
    lastStepSample: folded.lastStepSample,
    ...(folded.moved ? { snoozeCount: 0 } : {}),
  };
}

/** Records that a nudge was shown at `at` (a shown nudge also ends any snooze). */
export function recordNudgeShown(history: NudgeHistory, at: number): NudgeHistory {
  const nudgeTimes = history.nudgeTimes.filter((t) => at - t < NUDGE_TIMES_KEEP_MS && t <= at);
  nudgeTimes.push(at);
  return { ...history, lastNudgeAt: at, nudgeTimes: nudgeTimes.slice(-64), snoozedUntil: null };
}

export type NudgeResponse = 'started' | 'snoozed' | 'dismissed';

/**
 * Records the person's answer to the last nudge. Snoozing sets the snooze, backed off by the run
 * of snoozes so far (`snoozeMinutesFor`); starting a break counts as movement (its session end
 * arrives later through `recordSessionEnded`); dismissing only ends the run of snoozes — the
 * next nudge is a full still threshold away anyway.
 */
export function recordNudgeResponse(
  history: NudgeHistory,
  response: NudgeResponse,
  at: number,
  settings: ReminderSettings,
): NudgeHistory {
  if (response === 'snoozed') {
    const snoozeCount = (history.snoozeCount ?? 0) + 1;
    return {
      ...history,
      snoozedUntil: at + snoozeMinutesFor(snoozeCount, settings) * MS_PER_MINUTE,
      snoozeCount,
    };
  }
  if (response === 'started') {
    return {
      ...history,
      snoozedUntil: null,
      snoozeCount: 0,
      lastMovementAt: Math.max(history.lastMovementAt ?? at, at),
    };
  }
  return { ...history, snoozedUntil: null, snoozeCount: 0 };
}

/** Records a session that ended at `endedAt` on any device (sync may deliver them late or out of order). */
export function recordSessionEnded(history: NudgeHistory, endedAt: number): NudgeHistory {
  const last = history.lastSessionEndedAt;
  return last !== null && last >= endedAt
    ? history
    : { ...history, lastSessionEndedAt: endedAt, snoozeCount: 0 };
}
