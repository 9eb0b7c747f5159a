import { BUILTIN_ROUTINES, listRoutines, type Routine, validateRoutine } from '@unknot/stretch-model';
import { openReplica, syncedSettings } from './sync/replica-store.js';

/** Built-in routines plus the ones edited on the dashboard (synced), each validated by the core. */
export function availableRoutines(): Routine[] {
  const replica = openReplica();
  const custom = listRoutines(replica.state()).filter((r) => validateRoutine(r).ok);
  const byId = new Map<string, Routine>();
  for (const r of BUILTIN_ROUTINES) byId.set(r.id, r);
  for (const r of custom) byId.set(r.id, r);
  return [...byId.values()];
}

export function findRoutine(id: string | null): Routine | undefined {
  if (id === null) return undefined;
  return availableRoutines().find((r) => r.id === id);
}

/** The routine the plan names (the dashboard can change it), else the full back routine. */
export function plannedRoutine(): Routine {
  const planned = findRoutine(syncedSettings().plan.routineId);
  return planned ?? (availableRoutines()[0] as Routine);
}

/** The quick break: the first micro routine. */
export function quickBreakRoutine(): Routine {
  const routines = availableRoutines();
  return routines.find((r) => r.kind === 'micro') ?? (routines[0] as Routine);
}
