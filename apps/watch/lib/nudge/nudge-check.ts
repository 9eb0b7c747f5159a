import {
  decideNudge,
  type NudgeDecision,
  recordNudgeShown,
  recordSessionEnded,
  recordStepSample,
} from '@unknot/stretch-model';
import { loadIdentity } from '../identity.js';
import { utcOffsetMinutesAt } from '../platform/clock.js';
import { cachedSettings } from '../routines.js';
import { journal, readCache, readJournal } from '../sync/journal.js';
import { loadNudgeMemory, type NudgeMemory, saveNudgeMemory } from './nudge-memory.js';

/** Wake-ups older than this are forgotten; the budget is checked over the last 48 hours. */
const WAKE_LOG_MS = 48 * 3_600_000;

export interface NudgeCheckResult {
  decision: NudgeDecision;
  /** Set when a nudge should be shown now. */
  nudgeId: string | null;
  memory: NudgeMemory;
}

/**
 * One wake-up of the nudge service, minus the platform calls: folds in the step reading and the
 * latest session end known from sync (sessions done on any device), asks the core whether to
 * nudge, has `show` show it, and journals it (it enters the outbox when a page next opens the
 * replica). The caller schedules `nextCheckAt`.
 */
export function runNudgeCheck(
  now: number,
  stepTotal: number,
  show: (nudgeId: string, decision: NudgeDecision) => void,
): NudgeCheckResult {
  const { reminders, plan } = cachedSettings();
  const deviceId = loadIdentity().deviceId;
  const memory = loadNudgeMemory();
  let history = memory.history;
  // Sessions known from sync (any device, via the cache) and the ones not folded in yet.
  const lastSynced = readCache()?.lastSessionEndedAt ?? null;
  if (lastSynced !== null) history = recordSessionEnded(history, lastSynced);
  for (const entry of readJournal())
    if (entry.type === 'session.finished') history = recordSessionEnded(history, entry.payload.endedAt);
  history = recordStepSample(history, { at: now, total: stepTotal }, reminders);
  const utcOffsetMinutes = utcOffsetMinutesAt(now);
  const decision = decideNudge({ settings: reminders, now, utcOffsetMinutes, steps: [], history });

  let nudgeId: string | null = null;
  if (decision.nudge) {
    nudgeId = `${deviceId}:n${now}`;
    // Shown before it is recorded: a run killed in between shows it again on the next wake-up
    // (one buzz too many) rather than recording a nudge nobody saw.
    show(nudgeId, decision);
    history = recordNudgeShown(history, now);
    journal({
      type: 'nudge.event',
      payload: {
        id: `${nudgeId}-shown`,
        nudgeId,
        deviceId,
        action: 'shown',
        at: now,
        timeZone: plan.timeZone,
        utcOffsetMinutes,
      },
    });
  }
  const next: NudgeMemory = {
    ...memory,
    history,
    openNudgeId: nudgeId ?? memory.openNudgeId,
    wakes: [...memory.wakes.filter((t) => now - t < WAKE_LOG_MS), now],
  };
  saveNudgeMemory(next);
  return { decision, nudgeId, memory: next };
}
