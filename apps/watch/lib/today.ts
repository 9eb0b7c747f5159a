import {
  type AsOf,
  dailyAdherence,
  listSessions,
  personToday,
  prepareSessions,
  type ProfessionalAdvice,
  type SessionRecord,
  seeProfessional,
  streaks,
} from '@unknot/stretch-model';
import { utcOffsetMinutesAt } from './platform/clock.js';
import { openReplica, syncedSettings } from './sync/replica-store.js';

/** Home's numbers, all computed by the core's adherence rules over the replica's sessions. */
export interface TodayOverview {
  planned: boolean;
  completedToday: number;
  streak: number;
  pending: number;
  advice: ProfessionalAdvice;
  records: SessionRecord[];
}

export function todayOverview(now: number): TodayOverview {
  const replica = openReplica();
  const { plan } = syncedSettings(replica);
  const records = listSessions(replica.state());
  const asOf: AsOf = { now, utcOffsetMinutes: utcOffsetMinutesAt(now) };
  const prepared = prepareSessions(records);
  // the same "today" the streak below uses (a session done further east can be ahead of the clock's date)
  const today = personToday(prepared, asOf);
  const day = dailyAdherence(prepared, plan, today, today)[0];
  return {
    planned: day?.planned ?? false,
    completedToday: day?.completed ?? 0,
    streak: streaks(prepared, plan, asOf).current,
    pending: replica.pendingCount(),
    advice: seeProfessional(prepared, asOf),
    records,
  };
}
