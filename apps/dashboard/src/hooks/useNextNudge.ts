import { useMemo } from 'react';
import {
  type AsOf,
  decideNudge,
  emptyNudgeHistory,
  MS_PER_DAY,
  type NudgeDecision,
  type NudgeEvent,
  type ReminderSettings,
  recordNudgeResponse,
  recordNudgeShown,
  recordSessionEnded,
  type SessionRecord,
} from '../core';
import { useAsOf, useNudgeEvents, useReminderSettings, useSessions } from './useAdherence';

/**
 * When the next nudge could come, as the watch's own policy (`decideNudge`) sees it from what has
 * synced: the reminder settings, recent nudges and their answers, and the last session. The
 * dashboard has no step counter, so this is "if you stay still from now on".
 */
export function nextNudgeDecision(
  settings: ReminderSettings,
  events: readonly NudgeEvent[],
  sessions: readonly SessionRecord[],
  asOf: AsOf,
): NudgeDecision {
  let history = emptyNudgeHistory();
  const since = asOf.now - 2 * MS_PER_DAY;
  for (const e of events) {
    if (e.at < since || e.at > asOf.now) continue;
    history =
      e.action === 'shown'
        ? recordNudgeShown(history, e.at)
        : recordNudgeResponse(history, e.action, e.at, settings);
  }
  const last = sessions[sessions.length - 1];
  if (last && last.endedAt <= asOf.now) history = recordSessionEnded(history, last.endedAt);
  return decideNudge({
    settings,
    now: asOf.now,
    utcOffsetMinutes: asOf.utcOffsetMinutes,
    steps: [],
    history,
  });
}

export function useNextNudge(): NudgeDecision {
  const settings = useReminderSettings();
  const events = useNudgeEvents();
  const sessions = useSessions();
  const asOf = useAsOf();
  return useMemo(
    () => nextNudgeDecision(settings, events, sessions, asOf),
    [settings, events, sessions, asOf],
  );
}
