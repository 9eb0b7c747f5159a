/**
 * The Overview summary stored beside the replica, for a first render that loads none of the
 * replica's code (merge, message schemas, adherence rules): it is read here with idb-keyval only.
 *
 * It is written by the live side (overview-writer.ts) after replica changes, under its own key per
 * user, and is used at start only when it is valid:
 * - its format is this one and it names this user;
 * - it was computed from the replica content stored now: its `replicaVersion` equals the content
 *   version written with the replica in the same IndexedDB transaction (the seal header, whose
 *   checksum covers the whole stored replica, outbox included);
 * - it is for today in the plan's time zone: computed no later than now, and now is before the
 *   next local midnight of that day (`validUntil`, worked out in the plan's zone when written; a
 *   change of the plan's zone is a replica change, so it is rewritten);
 * - its data has the expected shape.
 * Anything else (missing, stale, unreadable, no IndexedDB) reads as null: the start opens the
 * replica first, as without a summary.
 *
 * What it shows can only be wrong for the moment until the live data arrives: the replica opens
 * right after the first paint and Overview re-renders from it. (Example: the next-nudge line is
 * the decision at the time of writing; "If you stay still, around 10:40" may have passed by then.)
 */
import { createStore, get, getMany } from 'idb-keyval';
import type { OverviewData } from '../views/OverviewPage';

export const OVERVIEW_FORMAT = 1;
/** the IndexedDB database and store the replica lives in (idb-replica-storage.ts) */
const IDB_NAME = 'unknot';
const IDB_STORE = 'replicas';

export const replicaKey = (userId: string) => `unknot.replica.${userId}`;
export const overviewKey = (userId: string) => `unknot.overview.${userId}`;
/** the key of a replica's content version, written with it */
export const versionKey = (replicaStorageKey: string) => `${replicaStorageKey}#version`;

/** A stored replica's content version: its seal header line (protocol version + checksum of the rest). */
export function contentVersionOf(stored: string): string {
  const newline = stored.indexOf('\n');
  return newline < 0 ? `len:${stored.length}` : stored.slice(0, newline);
}

export interface StoredOverview {
  format: typeof OVERVIEW_FORMAT;
  userId: string;
  /** `contentVersionOf` the stored replica it was computed from */
  replicaVersion: string;
  /** the local date (plan's zone) it is for, and that zone */
  date: string;
  timeZone: string;
  /** epoch ms it was computed at, and of the next local midnight in `timeZone` */
  computedAt: number;
  validUntil: number;
  /** the replica's unsent changes then (the connection indicator's count until the replica opens) */
  pending: number;
  data: OverviewData;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** The stored data's shape, as far as the page reads it (a cheap check, no schema library). */
function looksLikeData(d: unknown): d is OverviewData {
  if (!isObject(d) || !isObject(d.summary) || !isObject(d.nextNudge)) return false;
  const { today, streak, thisWeek, weeks, seeProfessional } = d.summary;
  const { decision, settings, asOf } = d.nextNudge;
  return (
    isObject(today) &&
    isNum(today.completed) &&
    isObject(streak) &&
    isNum(streak.current) &&
    isNum(streak.best) &&
    isObject(thisWeek) &&
    Array.isArray(weeks) &&
    weeks.every((w) => isObject(w) && typeof w.weekStart === 'string') &&
    isObject(seeProfessional) &&
    typeof seeProfessional.flag === 'boolean' &&
    isObject(decision) &&
    typeof decision.reason === 'string' &&
    isNum(decision.nextCheckAt) &&
    isObject(settings) &&
    Array.isArray(settings.activeDays) &&
    isObject(settings.activeHours) &&
    isObject(asOf) &&
    isNum(asOf.now) &&
    isNum(asOf.utcOffsetMinutes) &&
    (d.lastSession === null ||
      (isObject(d.lastSession) && isNum(d.lastSession.startedAt) && isNum(d.lastSession.endedAt)))
  );
}

/** The stored summary if it is valid for this user, this replica content and `now`; else null. */
export function validOverview(
  stored: unknown,
  storedReplicaVersion: unknown,
  userId: string,
  now: number,
): StoredOverview | null {
  if (typeof stored === 'string') {
    try {
      return validOverview(JSON.parse(stored), storedReplicaVersion, userId, now);
    } catch {
      return null;
    }
  }
  if (!isObject(stored) || stored.format !== OVERVIEW_FORMAT || stored.userId !== userId) return null;
  if (typeof stored.replicaVersion !== 'string' || stored.replicaVersion !== storedReplicaVersion)
    return null;
  if (typeof stored.date !== 'string' || typeof stored.timeZone !== 'string') return null;
  if (!isNum(stored.computedAt) || !isNum(stored.validUntil) || !isNum(stored.pending)) return null;
  if (now < stored.computedAt || now >= stored.validUntil) return null;
  return looksLikeData(stored.data) ? (stored as unknown as StoredOverview) : null;
}

/** Reads a summary and the replica's content version together (one small transaction). */
export type OverviewRead = (userId: string) => Promise<[unknown, unknown]>;

export const idbOverviewRead: OverviewRead = (userId) => {
  if (typeof indexedDB === 'undefined') return Promise.resolve([undefined, undefined]);
  const store = createStore(IDB_NAME, IDB_STORE);
  return getMany([overviewKey(userId), versionKey(replicaKey(userId))], store) as Promise<[unknown, unknown]>;
};

const reads = new Map<string, Promise<[unknown, unknown]>>();

/** Starts reading the stored summary now (main.tsx, before React renders). */
export function prefetchOverview(userId: string, read: OverviewRead = idbOverviewRead): Promise<unknown> {
  const started = reads.get(userId);
  if (started) return started;
  const p = read(userId).catch((): [unknown, unknown] => [undefined, undefined]);
  reads.set(userId, p);
  return p;
}

/**
 * The valid stored summary for this user, or null (then the start opens the replica first). Takes
 * the read `prefetchOverview` started, else starts one. Never throws.
 */
export async function loadStoredOverview(
  userId: string,
  now: () => number,
  read: OverviewRead = idbOverviewRead,
): Promise<StoredOverview | null> {
  const early = reads.get(userId);
  reads.delete(userId);
  try {
    const [stored, version] = await (early ?? read(userId));
    const valid = validOverview(stored, version, userId, now());
    // for the start-up benchmark (e2e/startup-bench.test.ts): this start renders from the summary
    if (valid) globalThis.performance?.mark?.('unknot:summary-read');
    return valid;
  } catch {
    return null;
  }
}

const replicaReads = new Map<string, Promise<string | undefined>>();

/**
 * Starts reading the stored replica's text from IndexedDB now (main.tsx), without any of the code
 * that decodes it; `openReplica` (loaded later) takes this read instead of starting its own.
 */
export function prefetchReplicaValue(userId: string): void {
  const key = replicaKey(userId);
  if (replicaReads.has(key) || typeof indexedDB === 'undefined') return;
  globalThis.performance?.mark?.('unknot:replica-open');
  const read = get<string>(key, createStore(IDB_NAME, IDB_STORE));
  read.catch(() => undefined); // surfaced by openReplica, which awaits it
  replicaReads.set(key, read);
}

/** The read `prefetchReplicaValue` started for this storage key, once. */
export function takePrefetchedReplicaValue(key: string): Promise<string | undefined> | undefined {
  const read = replicaReads.get(key);
  replicaReads.delete(key);
  return read;
}
