/**
 * The merge rules, as one pure state every peer folds ops into: the server to build snapshots,
 * the dashboard and the watch to show what they know.
 *
 * Why these rules: the state must come out the same on every replica no matter in which order,
 * how often, or in which batches ops arrive (retries duplicate, live events and pulls reorder).
 * So every rule is commutative, associative and idempotent:
 * - Sessions and nudge events are append-only facts identified by their record id. A re-sent id
 *   is a no-op, so nothing is counted twice. Two *different* records under one id can only come
 *   from a buggy peer; the one with the smaller canonical JSON is kept — arbitrary, but the same
 *   on every replica and needs no extra metadata (snapshots carry no per-record clocks).
 * - Registers (settings, custom routines) are last-writer-wins by HLC string. The deviceId inside
 *   the HLC breaks ties, so there is always exactly one winner. A delete is a `null` tombstone
 *   that keeps its HLC, so an older set arriving late cannot bring a deleted routine back, while
 *   a newer set can.
 *
 * `applyOp` is pure and returns the very same object when nothing changed (a cheap dedupe check
 * for callers). `applyOps` copies each part of the state at most once per call and then writes
 * in place, so folding 100,000 ops costs one copy, not 100,000.
 */
import * as v from 'valibot';
import { type NudgeEvent, NudgeEventSchema } from '../records/nudge-event.js';
import { type Routine, RoutineSchema } from '../records/routine.js';
import { type SessionRecord, SessionRecordSchema } from '../records/session-record.js';
import {
  DEFAULT_PLAN_SETTINGS,
  DEFAULT_REMINDER_SETTINGS,
  type PlanSettings,
  PlanSettingsSchema,
  type ReminderSettings,
  ReminderSettingsSchema,
} from '../records/settings.js';
import { hlcWithinDrift, MAX_HLC_DRIFT_MS } from './hlc.js';
import { type Op, type Snapshot, type SyncError, HlcSchema } from './protocol.js';

/**
 * The clock bound for folding data that came from elsewhere: a register stamped more than
 * `maxDriftMs` (default `MAX_HLC_DRIFT_MS`, 24 h) ahead of `nowMs` (the receiver's clock) is not
 * folded — it would otherwise win every later edit for good. Sessions and nudge events do not
 * merge by HLC, so they are always folded. Without a bound (the server folding ops it validated
 * on write, a device replaying its own outbox) everything is folded.
 */
export interface HlcBound {
  nowMs: number;
  maxDriftMs?: number;
}

export interface RegisterEntry {
  /** null is a tombstone */
  value: unknown;
  hlc: string;
}

/** Everything a replica knows, keyed for dedupe. Treat as immutable: every change makes a new object. */
export interface SyncState {
  registers: Record<string, RegisterEntry>;
  sessions: Record<string, SessionRecord>;
  nudgeEvents: Record<string, NudgeEvent>;
}

export const REMINDER_SETTINGS_KEY = 'settings.reminders';
export const PLAN_SETTINGS_KEY = 'settings.plan';
export const ROUTINE_KEY_PREFIX = 'routine.';

/** The register key a custom routine is stored under. */
export function routineRegisterKey(routineId: string): string {
  return `${ROUTINE_KEY_PREFIX}${routineId}`;
}

export function emptySyncState(): SyncState {
  return { registers: {}, sessions: {}, nudgeEvents: {} };
}

/** Folds one op into `state`. Pure; returns `state` itself when the op changes nothing. */
export function applyOp(state: SyncState, op: Op): SyncState {
  const work = workingState(state);
  work.apply(op);
  return work.result();
}

/** Folds many ops; same result as repeated `applyOp`, in time linear in the number of ops. */
export function applyOps(state: SyncState, ops: readonly Op[], bound?: HlcBound): SyncState {
  return applyOpsCounted(state, ops, bound).state;
}

/**
 * `applyOps`, also telling how many of the ops changed something (the rest were duplicates, lost
 * LWW, or — with a `bound` — were registers stamped too far ahead, counted in `tooFarAhead`).
 */
export function applyOpsCounted(
  state: SyncState,
  ops: readonly Op[],
  bound?: HlcBound,
): { state: SyncState; changed: number; tooFarAhead: number } {
  const work = workingState(state, bound);
  let changed = 0;
  for (const op of ops) if (work.apply(op)) changed++;
  return { state: work.result(), changed, tooFarAhead: work.tooFarAhead() };
}

/** The join of two states (e.g. a snapshot folded into what a device already has). */
export function mergeStates(a: SyncState, b: SyncState, bound?: HlcBound): SyncState {
  const work = workingState(a, bound);
  for (const key of Object.keys(b.registers)) work.putRegister(key, b.registers[key] as RegisterEntry);
  for (const rec of Object.values(b.sessions)) work.putSession(rec);
  for (const ev of Object.values(b.nudgeEvents)) work.putNudgeEvent(ev);
  return work.result();
}

/** A snapshot of `state` as the server hands it to a new device; lists sorted for stable output. */
export function toSnapshot(state: SyncState, serverSeq: number): Snapshot {
  const registers: Record<string, RegisterEntry> = {};
  for (const key of Object.keys(state.registers).sort()) {
    const entry = state.registers[key] as RegisterEntry;
    setOwn(registers, key, { value: entry.value, hlc: entry.hlc });
  }
  return { serverSeq, registers, sessions: listSessions(state), nudgeEvents: listNudgeEvents(state) };
}

/** The state a snapshot describes. Same merge rules, so duplicates inside the snapshot are harmless. */
export function fromSnapshot(snapshot: Snapshot, bound?: HlcBound): SyncState {
  const work = workingState(emptySyncState(), bound);
  for (const key of Object.keys(snapshot.registers))
    work.putRegister(key, snapshot.registers[key] as RegisterEntry);
  for (const rec of snapshot.sessions) work.putSession(rec);
  for (const ev of snapshot.nudgeEvents) work.putNudgeEvent(ev);
  return work.result();
}

const SnapshotSchema = v.object({
  serverSeq: v.pipe(v.number(), v.integer(), v.minValue(0)),
  registers: v.record(v.string(), v.object({ value: v.nullable(v.unknown()), hlc: HlcSchema })),
  sessions: v.array(SessionRecordSchema),
  nudgeEvents: v.array(NudgeEventSchema),
});

/** Checks an untrusted snapshot (from the wire or from storage) before it is folded in. */
export function validateSnapshot(
  input: unknown,
): { ok: true; snapshot: Snapshot } | { ok: false; error: SyncError } {
  const parsed = v.safeParse(SnapshotSchema, input);
  if (parsed.success) return { ok: true, snapshot: parsed.output as Snapshot };
  const issue = parsed.issues[0];
  const path = issue?.path?.map((p) => String(p.key)).join('.');
  return {
    ok: false,
    error: {
      code: 'invalidOp',
      message: `snapshot: ${path ? `${path}: ` : ''}${issue?.message ?? 'invalid'}`,
    },
  };
}

// ---- Read helpers (what the UIs show) ----

/** Sessions in the order they started (ties by id). */
export function listSessions(state: SyncState): SessionRecord[] {
  return Object.values(state.sessions).sort((a, b) => a.startedAt - b.startedAt || cmp(a.id, b.id));
}

/** Nudge events in time order (ties by id). */
export function listNudgeEvents(state: SyncState): NudgeEvent[] {
  return Object.values(state.nudgeEvents).sort((a, b) => a.at - b.at || cmp(a.id, b.id));
}

/** The register entry (value and HLC) under `key`; a tombstone has `value: null`. */
export function getRegister(state: SyncState, key: string): RegisterEntry | undefined {
  return hasOwn(state.registers, key) ? state.registers[key] : undefined;
}

/**
 * Wall times (epoch ms) of the settings writes this state knows: one per register (plan,
 * reminders, each routine), its latest write. Evidence of first use for `adherenceStartDate`.
 */
export function settingsWriteTimes(state: SyncState): number[] {
  const out: number[] = [];
  for (const key of Object.keys(state.registers)) {
    const entry = state.registers[key];
    const wall = entry ? Number(entry.hlc.slice(0, 15)) : 0;
    if (wall > 0) out.push(wall);
  }
  return out;
}

/** Current reminder settings; the defaults when never set, deleted, or unreadable. */
export function getReminderSettings(state: SyncState): ReminderSettings {
  const parsed = v.safeParse(ReminderSettingsSchema, getRegister(state, REMINDER_SETTINGS_KEY)?.value);
  return parsed.success ? parsed.output : DEFAULT_REMINDER_SETTINGS;
}

/** Current plan settings; the defaults when never set, deleted, or unreadable. */
export function getPlanSettings(state: SyncState): PlanSettings {
  const parsed = v.safeParse(PlanSettingsSchema, getRegister(state, PLAN_SETTINGS_KEY)?.value);
  return parsed.success ? parsed.output : DEFAULT_PLAN_SETTINGS;
}

/**
 * Custom routines from `routine.<id>` registers, sorted by id. Tombstones are excluded, and so are
 * values that do not parse or whose `id` differs from the key (one id, one routine).
 */
export function listRoutines(state: SyncState): Routine[] {
  const out: Routine[] = [];
  for (const key of Object.keys(state.registers).sort()) {
    if (!key.startsWith(ROUTINE_KEY_PREFIX)) continue;
    const value = (state.registers[key] as RegisterEntry).value;
    if (value === null) continue;
    const parsed = v.safeParse(RoutineSchema, value);
    if (parsed.success && routineRegisterKey(parsed.output.id) === key) out.push(parsed.output);
  }
  return out;
}

// ---- Internals ----

/** One part of the state, copied on its first change (plain closures: runs on old QuickJS too). */
function copyOnWrite<T>(base: Record<string, T>) {
  let copy: Record<string, T> | null = null;
  return {
    get: (key: string): T | undefined => {
      const current = copy === null ? base : copy;
      return hasOwn(current, key) ? current[key] : undefined;
    },
    set: (key: string, value: T): void => {
      if (copy === null) copy = { ...base };
      setOwn(copy, key, value);
    },
    changed: (): boolean => copy !== null,
    result: (): Record<string, T> => (copy === null ? base : copy),
  };
}

/** A working copy of `base`: each part is copied at most once, then written in place. */
function workingState(base: SyncState, bound?: HlcBound) {
  const registers = copyOnWrite(base.registers);
  const sessions = copyOnWrite(base.sessions);
  const nudgeEvents = copyOnWrite(base.nudgeEvents);
  const maxDrift = bound?.maxDriftMs ?? MAX_HLC_DRIFT_MS;
  let refusedAhead = 0;

  const putRegister = (key: string, incoming: RegisterEntry): boolean => {
    if (bound && !hlcWithinDrift(incoming.hlc, bound.nowMs, maxDrift)) {
      refusedAhead++;
      return false;
    }
    const existing = registers.get(key);
    if (existing && !registerWins(incoming, existing)) return false;
    registers.set(key, { value: incoming.value ?? null, hlc: incoming.hlc });
    return true;
  };
  const putSession = (record: SessionRecord): boolean => {
    const existing = sessions.get(record.id);
    if (existing && !recordWins(record, existing)) return false;
    sessions.set(record.id, record);
    return true;
  };
  const putNudgeEvent = (event: NudgeEvent): boolean => {
    const existing = nudgeEvents.get(event.id);
    if (existing && !recordWins(event, existing)) return false;
    nudgeEvents.set(event.id, event);
    return true;
  };

  return {
    putRegister,
    putSession,
    putNudgeEvent,
    tooFarAhead: (): number => refusedAhead,
    /** Returns whether the op changed anything. */
    apply(op: Op): boolean {
      switch (op.type) {
        case 'session.finished':
          return putSession(op.payload);
        case 'nudge.event':
          return putNudgeEvent(op.payload);
        case 'register.set':
          return putRegister(op.payload.key, { value: op.payload.value ?? null, hlc: op.hlc });
      }
    },
    result(): SyncState {
      if (!registers.changed() && !sessions.changed() && !nudgeEvents.changed()) return base;
      return {
        registers: registers.result(),
        sessions: sessions.result(),
        nudgeEvents: nudgeEvents.result(),
      };
    },
  };
}

/** LWW: the higher HLC wins; an exact HLC tie (only a buggy peer makes one) by canonical value. */
function registerWins(incoming: RegisterEntry, existing: RegisterEntry): boolean {
  if (incoming.hlc !== existing.hlc) return incoming.hlc > existing.hlc;
  if (sameJson(incoming.value ?? null, existing.value ?? null)) return false;
  return canonicalJson(incoming.value ?? null) > canonicalJson(existing.value ?? null);
}

/** Append-only: a re-sent record changes nothing; a conflicting one under the same id is settled by canonical JSON. */
function recordWins(incoming: object, existing: object): boolean {
  if (sameJson(incoming, existing)) return false;
  return canonicalJson(incoming) < canonicalJson(existing);
}

/** Structural equality of JSON-like data (key order ignored, undefined members skipped like JSON does). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i] ?? null, b[i] ?? null)) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key of Object.keys(x)) {
    if (x[key] === undefined) continue;
    if (!hasOwn(y, key) || !sameJson(x[key], y[key])) return false;
    count++;
  }
  for (const key of Object.keys(y)) if (y[key] !== undefined) count--;
  return count === 0;
}

/** JSON with object keys sorted, so equal data gives equal strings whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((x) => canonicalJson(x === undefined ? null : x)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    if (obj[key] === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(obj[key])}`);
  }
  return `{${parts.join(',')}}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Ids are user-influenced strings ("constructor", "__proto__" are valid record ids), so plain
// objects are read with an own-property check and written without triggering the __proto__ setter.
function hasOwn(obj: object, key: string): boolean {
  // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is missing on the watch (QuickJS 2020-07-05)
  return Object.prototype.hasOwnProperty.call(obj, key);
}

function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
