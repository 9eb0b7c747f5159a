import { useMemo } from 'react';
import {
  type AsOf,
  addDays,
  adherenceStartDate,
  compareDates,
  adherenceSummary,
  asOfInZone,
  BUILTIN_ROUTINES,
  type DateRange,
  dailyAdherence,
  getPlanSettings,
  getReminderSettings,
  holdCompliance,
  intlOffsetResolver,
  listNudgeEvents,
  listRoutines,
  listSessions,
  type NudgeEvent,
  nudgeResponse,
  overviewSummary,
  type PlanSettings,
  painTrend,
  type PreparedSessions,
  prepareSessions,
  type ReminderSettings,
  type Routine,
  type SessionRecord,
  seeProfessional,
  settingsWriteTimes,
  skipRate,
  personToday,
  sessionLocalDate,
} from '../core';
import { useNow } from './useNow';
import { useDerived, useSyncState } from './useSync';

/**
 * The data layer the views read: thin memoised wrappers over the core's adherence functions and
 * the replica's merged state. Components never compute a rule themselves.
 */

export function useSessions(): SessionRecord[] {
  const { sessions } = useSyncState();
  // The merge returns the same `sessions` object when nothing changed, so this is computed once per change.
  return useDerived('sessions', [sessions], () => listSessions({ sessions, nudgeEvents: {}, registers: {} }));
}

/** Sessions indexed by local day once, for the core's day-by-day functions. */
export function usePreparedSessions(): PreparedSessions {
  const records = useSessions();
  return useDerived('preparedSessions', [records], () => prepareSessions(records));
}

export function useNudgeEvents(): NudgeEvent[] {
  const { nudgeEvents } = useSyncState();
  return useDerived('nudgeEvents', [nudgeEvents], () =>
    listNudgeEvents({ sessions: {}, nudgeEvents, registers: {} }),
  );
}

export function usePlan(): PlanSettings {
  const { registers } = useSyncState();
  return useDerived('plan', [registers], () => getPlanSettings({ registers, sessions: {}, nudgeEvents: {} }));
}

export function useReminderSettings(): ReminderSettings {
  const { registers } = useSyncState();
  return useDerived('reminders', [registers], () =>
    getReminderSettings({ registers, sessions: {}, nudgeEvents: {} }),
  );
}

/** Built-in routines, each replaced by the person's edited copy when one is stored, then custom ones. */
export function useRoutines(): { routine: Routine; edited: boolean; builtin: boolean }[] {
  const state = useSyncState();
  return useMemo(() => {
    const stored = listRoutines(state);
    const byId = new Map(stored.map((r) => [r.id, r]));
    const out = BUILTIN_ROUTINES.map((b) => {
      const edited = byId.get(b.id);
      return { routine: edited ?? b, edited: edited !== undefined, builtin: true };
    });
    for (const r of stored) {
      if (!BUILTIN_ROUTINES.some((b) => b.id === r.id))
        out.push({ routine: r, edited: true, builtin: false });
    }
    return out;
  }, [state]);
}

/** "Now" in the person's home zone (the plan's), as the core's adherence functions want it. */
export function useAsOf(): AsOf {
  const now = useNow();
  const plan = usePlan();
  // Resolving a zone with Intl is not free: once per minute and zone, shared by every hook.
  return useDerived('asOf', [now, plan.timeZone], () => asOfInZone(now, plan.timeZone, intlOffsetResolver));
}

/** The last `days` local days, ending today (the core's `personToday`). `null` days = all time (from the first session). */
export function useDateRange(days: number | null): DateRange {
  const asOf = useAsOf();
  const sessions = useSessions();
  const prepared = usePreparedSessions();
  return useMemo(() => {
    // the home zone's date, or the later day of a session already done further east
    const today = personToday(prepared, asOf);
    if (days !== null) return { from: addDays(today, -(days - 1)), to: today };
    const first = sessions[0];
    if (!first) return { from: today, to: today };
    const from = sessionLocalDate(first);
    return { from: compareDates(from, today) < 0 ? from : today, to: today };
  }, [asOf, days, sessions, prepared]);
}

/** Epoch ms of the settings writes the replica knows: evidence of the first day of use. */
export function useSettingsWriteTimes(): number[] {
  const { registers } = useSyncState();
  return useDerived('settingsWriteTimes', [registers], () =>
    settingsWriteTimes({ registers, sessions: {}, nudgeEvents: {} }),
  );
}

/** The first day of use (the core's rule); null before any use. */
export function useAdherenceStart(): string | null {
  const records = usePreparedSessions();
  const plan = usePlan();
  const written = useSettingsWriteTimes();
  const asOf = useAsOf();
  return useMemo(
    () => adherenceStartDate(records, plan, written, asOf.utcOffsetMinutes),
    [records, plan, written, asOf.utcOffsetMinutes],
  );
}

export function useAdherenceSummary(historyDays = 30) {
  const records = useSessions();
  const nudgeEvents = useNudgeEvents();
  const plan = usePlan();
  const asOf = useAsOf();
  const start = useAdherenceStart();
  return useMemo(
    () => adherenceSummary({ records, nudgeEvents, plan, asOf, historyDays, start }),
    [records, nudgeEvents, plan, asOf, historyDays, start],
  );
}

/** What Overview shows (today, streak, this week, 8 weeks, advice): no per-day figures it would discard. */
export function useOverviewSummary() {
  const records = usePreparedSessions();
  const plan = usePlan();
  const asOf = useAsOf();
  const start = useAdherenceStart();
  return useMemo(() => overviewSummary({ records, plan, asOf, start }), [records, plan, asOf, start]);
}

export function useDailyAdherence(range: DateRange) {
  const records = usePreparedSessions();
  const plan = usePlan();
  const start = useAdherenceStart();
  return useMemo(
    () => dailyAdherence(records, plan, range.from, range.to, start),
    [records, plan, range, start],
  );
}

export function useStretchStats(range: DateRange) {
  const records = usePreparedSessions();
  return useMemo(
    () => ({ compliance: holdCompliance(records, range), skips: skipRate(records, range) }),
    [records, range],
  );
}

export function usePain(range: DateRange) {
  const records = usePreparedSessions();
  const asOf = useAsOf();
  return useMemo(
    () => ({ trend: painTrend(records, range), advice: seeProfessional(records, asOf) }),
    [records, range, asOf],
  );
}

export function useNudgeResponse(range: DateRange) {
  const events = useNudgeEvents();
  const asOf = useAsOf();
  return useMemo(() => nudgeResponse(events, { range, now: asOf.now }), [events, range, asOf.now]);
}
