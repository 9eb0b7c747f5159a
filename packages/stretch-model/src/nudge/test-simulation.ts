/**
 * A tiny virtual watch for nudge-policy tests (test-only; not exported from the package).
 * It wakes only when the policy asks, reads a scripted step counter, shows nudges, plays the
 * person's scripted answers, and hears about sessions finished on other devices via "sync".
 */
import type { ReminderSettings } from '../records/settings.js';
import { epochAtLocal, type LocalDate, MS_PER_MINUTE } from '../time/civil-date.js';
import {
  decideNudge,
  emptyNudgeHistory,
  type NudgeDecision,
  type NudgeHistory,
  type NudgeResponse,
  recordNudgeResponse,
  recordNudgeShown,
  recordSessionEnded,
  recordStepSample,
} from './nudge-policy.js';

/** A spell of walking, in local minutes after midnight. */
export interface Walk {
  startMinute: number;
  minutes: number;
  stepsPerMinute: number;
}

export interface DayScript {
  date: LocalDate;
  utcOffsetMinutes: number;
  settings: ReminderSettings;
  /** Local minutes of the simulated span; defaults 07:00–23:00. */
  fromMinute?: number;
  toMinute?: number;
  walks: Walk[];
  /** Sessions finished on another device (phone, laptop), by local end minute. */
  otherDeviceSessionEnds: number[];
  /** The person's answer to the i-th nudge of the day. */
  respond: (index: number) => NudgeResponse | 'ignored';
  /** Background steps per minute while sitting (fidgeting). */
  fidgetStepsPerMinute?: number;
}

export interface SimNudge {
  at: number;
  stillSince: number | null;
  response: NudgeResponse | 'ignored';
}

export interface SimResult {
  from: number;
  to: number;
  wakes: number[];
  nudges: SimNudge[];
  /** Session ends the watch knew about (own breaks and other devices). */
  sessionEnds: number[];
  decisions: Array<{ at: number; decision: NudgeDecision }>;
  /** The step readings taken at the wake-ups. */
  samples: Array<{ at: number; total: number }>;
}

/** Minutes a micro-break started from a nudge takes. */
export const BREAK_MINUTES = 3;

export function simulateDay(script: DayScript): SimResult {
  const { settings, utcOffsetMinutes: offset } = script;
  const toEpoch = (minute: number) => epochAtLocal(script.date, minute, offset);
  const from = toEpoch(script.fromMinute ?? 7 * 60);
  const to = toEpoch(script.toMinute ?? 23 * 60);
  const dayStart = toEpoch(0);
  const fidget = script.fidgetStepsPerMinute ?? 1;
  const stepsAt = (t: number): number => {
    const minute = (t - dayStart) / MS_PER_MINUTE;
    let total = fidget * minute;
    for (const w of script.walks) {
      const overlap = Math.min(minute, w.startMinute + w.minutes) - w.startMinute;
      if (overlap > 0) total += overlap * (w.stepsPerMinute - fidget);
    }
    return Math.max(0, Math.floor(total));
  };
  const pendingSync = script.otherDeviceSessionEnds.map(toEpoch).sort((a, b) => a - b);
  const sessionEnds: number[] = [];
  const nudges: SimNudge[] = [];
  const wakes: number[] = [];
  const decisions: SimResult['decisions'] = [];
  const samples: SimResult['samples'] = [];
  let history: NudgeHistory = emptyNudgeHistory();
  let t = from;
  for (let guard = 0; t < to && guard < 2000; guard++) {
    wakes.push(t);
    while (pendingSync.length > 0 && (pendingSync[0] ?? Number.POSITIVE_INFINITY) <= t) {
      const end = pendingSync.shift() ?? t;
      sessionEnds.push(end);
      history = recordSessionEnded(history, end);
    }
    samples.push({ at: t, total: stepsAt(t) });
    history = recordStepSample(history, { at: t, total: stepsAt(t) }, settings);
    const decision = decideNudge({ settings, now: t, utcOffsetMinutes: offset, steps: [], history });
    decisions.push({ at: t, decision });
    if (decision.nextCheckAt <= t) throw new Error('policy scheduled a wake-up in the past');
    let next = decision.nextCheckAt;
    if (decision.nudge) {
      const response = script.respond(nudges.length);
      nudges.push({ at: t, stillSince: decision.stillSince, response });
      history = recordNudgeShown(history, t);
      if (response !== 'ignored') {
        let at = t + MS_PER_MINUTE;
        history = recordNudgeResponse(history, response, at, settings);
        if (response === 'started') {
          at += BREAK_MINUTES * MS_PER_MINUTE;
          sessionEnds.push(at);
          history = recordSessionEnded(history, at);
        }
        next = decideNudge({ settings, now: at, utcOffsetMinutes: offset, steps: [], history }).nextCheckAt;
      }
    }
    t = next;
  }
  return { from, to, wakes, nudges, sessionEnds, decisions, samples };
}
