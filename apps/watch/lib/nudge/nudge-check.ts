import {
  decideNudge,
  listSessions,
  type NudgeDecision,
  type NudgeResponse,
  recordNudgeResponse,
  recordNudgeShown,
  recordSessionEnded,
  recordStepSample,
} from '@unknot/stretch-model';
import { utcOffsetMinutesAt } from '../platform/clock.js';
import { openReplica, syncedSettings } from '../sync/replica-store.js';
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
 * nudge, and records the nudge as an op. The caller shows it and schedules `nextCheckAt`.
 */
export function runNudgeCheck(now: number, stepTotal: number): NudgeCheckResult {
  const replica = openReplica();
  const { reminders, plan } = syncedSettings(replica);
  const memory = loadNudgeMemory();
  let history = memory.history;
  for (const session of listSessions(replica.state())) history = recordSessionEnded(history, session.endedAt);
  history = recordStepSample(history, { at: now, total: stepTotal }, reminders);
  const utcOffsetMinutes = utcOffsetMinutesAt(now);
  const decision = decideNudge({ settings: reminders, now, utcOffsetMinutes, steps: [], history });

  let nudgeId: string | null = null;
  if (decision.nudge) {
    nudgeId = `${replica.deviceId}-n${now}`;
    history = recordNudgeShown(history, now);
    replica.record('nudge.event', {
      id: `${nudgeId}-shown`,
      nudgeId,
      deviceId: replica.deviceId,
      action: 'shown',
      at: now,
      timeZone: plan.timeZone,
      utcOffsetMinutes,
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

/** The person answered a nudge on the nudge page: record the op and fold it into the policy's history. */
export function answerNudge(response: NudgeResponse, now: number): { nudgeId: string | null } {
  const memory = loadNudgeMemory();
  const replica = openReplica();
  const { reminders, plan } = syncedSettings(replica);
  const nudgeId = memory.openNudgeId;
  if (nudgeId) {
    replica.record('nudge.event', {
      id: `${nudgeId}-${response}`,
      nudgeId,
      deviceId: replica.deviceId,
      action: response,
      at: now,
      timeZone: plan.timeZone,
      utcOffsetMinutes: utcOffsetMinutesAt(now),
    });
  }
  saveNudgeMemory({
    ...memory,
    history: recordNudgeResponse(memory.history, response, now, reminders),
    openNudgeId: null,
  });
  return { nudgeId };
}
