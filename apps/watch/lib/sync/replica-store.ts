import {
  createReplica,
  getPlanSettings,
  getReminderSettings,
  listRoutines,
  listSessions,
  isRecordOp,
  type Op,
  type PlanSettings,
  type ReminderSettings,
  type Replica,
  RECORD_STATE_KEYS,
  listRecords,
  reownRecord,
  restoreReplica,
  reownSessionNoteWrite,
  type SessionRecord,
  validateRoutine,
} from '@unknot/stretch-model';
import { loadIdentity, saveIdentity } from '../identity.js';
import { nowMs } from '../platform/clock.js';
import { localStorage } from '@zos/storage';
import { STORAGE_KEYS } from '../platform/storage.js';
import { forgetJournal, readJournal, writeCache } from './journal.js';

/**
 * The watch's sync replica, persisted in local storage after every change (the core writes it
 * through `ReplicaStorage`). Pages and the nudge service open it fresh for each change instead of
 * keeping one in memory, because they run in separate contexts that share only storage.
 */
const replicaStorage = {
  get(): string | null {
    const raw = localStorage.getItem(STORAGE_KEYS.replica) as unknown;
    return typeof raw === 'string' && raw !== '' ? raw : null;
  },
  set(value: string): void {
    localStorage.setItem(STORAGE_KEYS.replica, value);
  },
};

function openStored(): Replica {
  const stored = replicaStorage.get();
  if (stored !== null) {
    const restored = restoreReplica(stored, { now: nowMs, storage: replicaStorage });
    if (restored.ok) return restored.replica;
    // Unreadable storage must not block recording: keep the bad blob aside and start fresh.
    localStorage.setItem(`${STORAGE_KEYS.replica}.corrupt`, stored);
    localStorage.removeItem(STORAGE_KEYS.replica);
  }
  return createReplica({ deviceId: loadIdentity().deviceId, now: nowMs, storage: replicaStorage });
}

/** Folds the journal (records made on pages without the replica) into the outbox, once per id. */
function drainJournal(replica: Replica): void {
  const entries = readJournal();
  if (entries.length === 0) return;
  const state = replica.state();
  const known = new Set<string>();
  for (const part of RECORD_STATE_KEYS) for (const r of listRecords(state, part)) known.add(r.id);
  const done = new Set<string>();
  for (const entry of entries) {
    // made under this watch's id at the time; re-owned (the same way every time) if it changed since
    const payload = reownRecord(entry.payload, replica.deviceId);
    const ok = known.has(payload.id) || replica.record(entry.type, payload).ok;
    // A record the core refuses would block the journal for ever: drop it too.
    done.add(entry.payload.id);
    if (!ok) localStorage.setItem(`${STORAGE_KEYS.journal}.refused`, JSON.stringify(entry));
  }
  forgetJournal(done);
}

/** Rewrites the cache pages read instead of opening the replica. */
function refreshCache(replica: Replica): void {
  const state = replica.state();
  const ends = listSessions(state).map((r) => r.endedAt);
  writeCache({
    reminders: getReminderSettings(state),
    plan: getPlanSettings(state),
    routines: listRoutines(state).filter((r) => validateRoutine(r).ok),
    lastSessionEndedAt: ends.length > 0 ? Math.max(...ends) : null,
  });
}

export function openReplica(): Replica {
  const replica = openStored();
  drainJournal(replica);
  refreshCache(replica);
  replica.subscribe(() => refreshCache(replica));
  return replica;
}

/**
 * Pairing gave this watch a server device id. The server accepts only ops whose deviceId is the
 * credential's, so the unsent ops are re-made under the new id and the replica starts over from
 * cursor 0 to pull everything. A record id carries its device, so each record is re-owned: the
 * device part of its id becomes the new id (nothing was sent under the old one: it had no
 * credential).
 */
export function adoptDeviceId(newDeviceId: string): Replica {
  const old = openReplica();
  if (old.deviceId === newDeviceId) return old;
  const pending: Op[] = old.takeOutbox(Number.MAX_SAFE_INTEGER);
  localStorage.setItem(`${STORAGE_KEYS.replica}.previous`, JSON.stringify(old.toJSON()));
  localStorage.removeItem(STORAGE_KEYS.replica);
  saveIdentity({ deviceId: newDeviceId });
  const fresh = createReplica({ deviceId: newDeviceId, now: nowMs, storage: replicaStorage });
  for (const op of pending) {
    if (isRecordOp(op)) fresh.record(op.type, reownRecord(op.payload, newDeviceId));
    // a note on a session made before pairing follows its re-owned session
    else fresh.record(op.type, reownSessionNoteWrite(op.payload, old.deviceId, newDeviceId));
  }
  return fresh;
}

/** Records a finished session once: a record id already in the replica (e.g. after a crash) is not re-sent. */
export function recordSessionOnce(record: SessionRecord): { recorded: boolean } {
  const replica = openReplica();
  const owned = reownRecord(record, replica.deviceId);
  if (listSessions(replica.state()).some((s) => s.id === owned.id)) return { recorded: false };
  const result = replica.record('session.finished', owned);
  return { recorded: result.ok };
}

export interface SyncedSettings {
  reminders: ReminderSettings;
  plan: PlanSettings;
}

export function syncedSettings(replica: Replica = openReplica()): SyncedSettings {
  const state = replica.state();
  return { reminders: getReminderSettings(state), plan: getPlanSettings(state) };
}
