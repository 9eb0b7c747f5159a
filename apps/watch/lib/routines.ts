import {
  BUILTIN_ROUTINES,
  DEFAULT_PLAN_SETTINGS,
  DEFAULT_REMINDER_SETTINGS,
  type PlanSettings,
  type ReminderSettings,
  type Routine,
} from '@unknot/stretch-model';
import { readCache } from './sync/journal.js';

/**
 * What pages read from the synced state, through the cache `openReplica` keeps (so these pages do
 * not bundle the replica); before the first sync the core's defaults apply.
 */
export function cachedSettings(): { reminders: ReminderSettings; plan: PlanSettings } {
  const cache = readCache();
  return {
    reminders: cache?.reminders ?? DEFAULT_REMINDER_SETTINGS,
    plan: cache?.plan ?? DEFAULT_PLAN_SETTINGS,
  };
}

/** Built-in routines plus the ones edited on the dashboard (synced, validated by the core when cached). */
export function availableRoutines(): Routine[] {
  const byId = new Map<string, Routine>();
  for (const r of BUILTIN_ROUTINES) byId.set(r.id, r);
  for (const r of readCache()?.routines ?? []) byId.set(r.id, r);
  return [...byId.values()];
}

export function findRoutine(id: string | null): Routine | undefined {
  if (id === null) return undefined;
  return availableRoutines().find((r) => r.id === id);
}

/** The routine the plan names (the dashboard can change it), else the full back routine. */
export function plannedRoutine(): Routine {
  const planned = findRoutine(cachedSettings().plan.routineId);
  return planned ?? (availableRoutines()[0] as Routine);
}

/** The quick break: the first micro routine. */
export function quickBreakRoutine(): Routine {
  const routines = availableRoutines();
  return routines.find((r) => r.kind === 'micro') ?? (routines[0] as Routine);
}
