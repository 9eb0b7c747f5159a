import {
  addDays,
  adherenceStartDate,
  asOfInZone,
  getPlanSettings,
  getReminderSettings,
  intlOffsetResolver,
  listNudgeEvents,
  listSessions,
  needsFirstRunSetup,
  overviewSummary,
  prepareSessions,
  type Replica,
  type SyncState,
  settingsWriteTimes,
  type TimeZoneOffsetResolver,
  personToday,
  zonedEpochAtLocal,
} from '../core';
import { nextNudgeDecision } from '../hooks/useNextNudge';
import type { OverviewData } from '../views/OverviewPage';
import type { AsyncKeyValue } from './idb-replica-storage';
import { contentVersionOf, OVERVIEW_FORMAT, overviewKey, type StoredOverview } from './stored-overview';

/**
 * What Overview shows, from a replica state at `now`: the same core calls, in the same way, as the
 * live page's hooks (useAdherence.ts, useNextNudge.ts), so a summary-rendered Overview and the
 * live one are the same page (overview-summary.test.tsx renders both).
 */
export function overviewDataOf(
  state: SyncState,
  now: number,
  resolve: TimeZoneOffsetResolver = intlOffsetResolver,
): { data: OverviewData; date: string; timeZone: string; validUntil: number } {
  const sessions = listSessions({ sessions: state.sessions, nudgeEvents: {}, registers: {} });
  const records = prepareSessions(sessions);
  const plan = getPlanSettings({ registers: state.registers, sessions: {}, nudgeEvents: {} });
  const settings = getReminderSettings({ registers: state.registers, sessions: {}, nudgeEvents: {} });
  const events = listNudgeEvents({ sessions: {}, nudgeEvents: state.nudgeEvents, registers: {} });
  const written = settingsWriteTimes({ registers: state.registers, sessions: {}, nudgeEvents: {} });
  const asOf = asOfInZone(now, plan.timeZone, resolve);
  const start = adherenceStartDate(records, plan, written, asOf.utcOffsetMinutes);
  const date = personToday(records, asOf);
  return {
    data: {
      summary: overviewSummary({ records, plan, asOf, start }),
      lastSession: sessions[sessions.length - 1] ?? null,
      nextNudge: { decision: nextNudgeDecision(settings, events, sessions, asOf), settings, asOf },
    },
    date,
    timeZone: plan.timeZone,
    validUntil: zonedEpochAtLocal(addDays(date, 1), 0, plan.timeZone, resolve),
  };
}

/** The stored summary of a replica now, or null when there should be none (first-run setup pending). */
export function storedOverviewOf(
  userId: string,
  replica: Replica,
  storedReplica: string | null,
  now: number,
  resolve: TimeZoneOffsetResolver = intlOffsetResolver,
): StoredOverview | null {
  const state = replica.state();
  // the setup needs the replica to save; such a start opens it first
  if (storedReplica === null || needsFirstRunSetup(state)) return null;
  const { data, date, timeZone, validUntil } = overviewDataOf(state, now, resolve);
  return {
    format: OVERVIEW_FORMAT,
    userId,
    replicaVersion: contentVersionOf(storedReplica),
    date,
    timeZone,
    computedAt: now,
    validUntil,
    pending: replica.pendingCount(),
    data,
  };
}

export interface OverviewWriterOptions {
  userId: string;
  replica: Replica;
  /** the replica's stored text now (its content version is taken from it) */
  storedReplica: () => string | null;
  idb: AsyncKeyValue;
  now: () => number;
  /** quiet time after the last change before writing (a pull changes the replica many times) */
  delayMs?: number;
}

const writers = new Map<string, () => void>();

/**
 * Keeps the stored Overview summary in step with the replica: written once now (off the critical
 * path: after `delayMs`) and again after each change, debounced. A summary that should not exist
 * (setup pending) is deleted. `stop` cancels what is pending; sign-out calls it before deleting.
 */
export function startOverviewWriter({
  userId,
  replica,
  storedReplica,
  idb,
  now,
  delayMs = 800,
}: OverviewWriterOptions): { stop: () => void; flush: () => Promise<void> } {
  stopOverviewWriter(userId);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let written: Promise<void> = Promise.resolve();
  const write = () => {
    timer = null;
    if (stopped) return;
    const stored = storedOverviewOf(userId, replica, storedReplica(), now());
    const key = overviewKey(userId);
    const w = stored ? idb.set(key, JSON.stringify(stored)) : idb.del(key);
    written = Promise.all([written, w.catch(() => undefined)]).then(() => undefined);
  };
  const schedule = () => {
    if (stopped) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(write, delayMs);
  };
  const unsubscribe = replica.subscribe(schedule);
  schedule();
  const stop = () => {
    stopped = true;
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
    if (writers.get(userId) === stop) writers.delete(userId);
  };
  writers.set(userId, stop);
  return {
    stop,
    async flush() {
      if (timer !== null) {
        clearTimeout(timer);
        write();
      }
      await written;
    },
  };
}

export function stopOverviewWriter(userId: string): void {
  writers.get(userId)?.();
}
