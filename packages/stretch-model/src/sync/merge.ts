/**
 * The merge rules, as one pure state every peer folds ops into: the server to build snapshots,
 * the dashboard and the watch to show what they know.
 *
 * Why these rules: the state must come out the same on every replica no matter in which order,
 * how often, or in which batches ops arrive (retries duplicate, live events and pulls reorder).
 * So every rule is commutative, associative and idempotent:
 * - Records (sessions, nudge events: the op table's `record` kinds, rule `appendOnce`) are
 *   append-only facts identified by their record id, which starts with the id of the device that
 *   made it (`validateOp` enforces it), so two devices can never write the same id. A re-sent
 *   copy is a no-op, so nothing is counted twice, and a device's replica refuses to record a
 *   different record under an id it already holds (the first copy wins). Only a device that
 *   contradicts itself across a reinstall could still send two different records under one id;
 *   then every replica keeps the same one (the smaller canonical JSON), so they converge.
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
import type { NudgeEvent } from '../records/nudge-event.js';
import { type Routine, RoutineSchema } from '../records/routine.js';
import type { SessionRecord } from '../records/session-record.js';
import {
  DEFAULT_PLAN_SETTINGS,
  DEFAULT_REMINDER_SETTINGS,
  type PlanSettings,
  PlanSettingsSchema,
  type ReminderSettings,
  ReminderSettingsSchema,
} from '../records/settings.js';
import { hlcWithinDrift, MAX_HLC_DRIFT_MS, parseHlc } from './hlc.js';
import {
  isOpType,
  type MergeRule,
  OP_TABLE,
  type Op,
  RECORD_STATE_KEYS,
  type RecordOf,
  type RecordStateKey,
  recordOpTypeOf,
  type ServerOp,
  type Snapshot,
  SnapshotSchema,
  type SyncError,
} from './protocol.js';

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

type RecordParts = { [K in RecordStateKey]: Record<string, RecordOf<K>> };
/**
 * Everything a replica knows, keyed for dedupe: the registers, and one part per record op type of
 * the op table (`sessions`, `nudgeEvents`). Treat as immutable: every change makes a new object.
 */
export interface SyncState extends RecordParts {
  registers: Record<string, RegisterEntry>;
}
type AnyRecord = { id: string; deviceId: string };

export const REMINDER_SETTINGS_KEY = 'settings.reminders';
export const PLAN_SETTINGS_KEY = 'settings.plan';
export const ROUTINE_KEY_PREFIX = 'routine.';

/** The register key a custom routine is stored under. */
export function routineRegisterKey(routineId: string): string {
  return `${ROUTINE_KEY_PREFIX}${routineId}`;
}

export function emptySyncState(): SyncState {
  const state = { registers: {} } as SyncState;
  for (const key of RECORD_STATE_KEYS) (state as unknown as Record<string, object>)[key] = {};
  return state;
}

function recordsOf(
  state: SyncState | Snapshot,
  key: RecordStateKey,
): Record<string, AnyRecord> | AnyRecord[] {
  return (state as unknown as Record<string, Record<string, AnyRecord> | AnyRecord[]>)[key] ?? {};
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
  for (const part of RECORD_STATE_KEYS)
    for (const rec of Object.values(recordsOf(b, part))) work.putRecord(part, rec);
  return work.result();
}

/** A snapshot of `state` as the server hands it to a new device; lists sorted for stable output. */
export function toSnapshot(state: SyncState, serverSeq: number): Snapshot {
  const registers: Record<string, RegisterEntry> = {};
  for (const key of Object.keys(state.registers).sort()) {
    const entry = state.registers[key] as RegisterEntry;
    setOwn(registers, key, { value: entry.value, hlc: entry.hlc });
  }
  const snapshot = { serverSeq, registers } as Snapshot;
  for (const part of RECORD_STATE_KEYS)
    (snapshot as unknown as Record<string, AnyRecord[]>)[part] = listRecords(state, part);
  return snapshot;
}

/** The state a snapshot describes. Same merge rules, so duplicates inside the snapshot are harmless. */
export function fromSnapshot(snapshot: Snapshot, bound?: HlcBound): SyncState {
  const work = workingState(emptySyncState(), bound);
  for (const key of Object.keys(snapshot.registers))
    work.putRegister(key, snapshot.registers[key] as RegisterEntry);
  for (const part of RECORD_STATE_KEYS)
    for (const rec of recordsOf(snapshot, part) as AnyRecord[]) work.putRecord(part, rec);
  return work.result();
}

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

/** The records of one state part, ordered by the op table's `orderBy` field (ties by id). */
export function listRecords<K extends RecordStateKey>(state: SyncState, part: K): RecordOf<K>[] {
  const field = OP_TABLE[recordOpTypeOf(part)].orderBy;
  const list = Object.values(recordsOf(state, part)) as (AnyRecord & Record<string, unknown>)[];
  return list.sort(
    (a, b) => (a[field] as number) - (b[field] as number) || cmp(a.id, b.id),
  ) as unknown as RecordOf<K>[];
}

/** Sessions in the order they started (ties by id). */
export function listSessions(state: SyncState): SessionRecord[] {
  return listRecords(state, 'sessions');
}

/** Nudge events in time order (ties by id). */
export function listNudgeEvents(state: SyncState): NudgeEvent[] {
  return listRecords(state, 'nudgeEvents');
}

/** The record under `id` in one state part, if any. */
export function getRecord<K extends RecordStateKey>(
  state: SyncState,
  part: K,
  id: string,
): RecordOf<K> | undefined {
  const records = recordsOf(state, part) as Record<string, RecordOf<K>>;
  return hasOwn(records, id) ? records[id] : undefined;
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
  const records: Record<string, ReturnType<typeof copyOnWrite<AnyRecord>>> = {};
  for (const part of RECORD_STATE_KEYS)
    records[part] = copyOnWrite(recordsOf(base, part) as Record<string, AnyRecord>);
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
  const putRecord = (part: RecordStateKey, record: AnyRecord): boolean => {
    const target = records[part] as ReturnType<typeof copyOnWrite<AnyRecord>>;
    const existing = target.get(record.id);
    if (existing && !RECORD_RULES.appendOnce(record, existing)) return false;
    target.set(record.id, record);
    return true;
  };

  return {
    putRegister,
    putRecord,
    tooFarAhead: (): number => refusedAhead,
    /** Returns whether the op changed anything. */
    apply(op: Op): boolean {
      const spec = OP_TABLE[op.type];
      if (spec.kind === 'record') return putRecord(spec.stateKey, op.payload as AnyRecord);
      const p = op.payload as { key: string; value: unknown };
      return putRegister(p.key, { value: p.value ?? null, hlc: op.hlc });
    },
    result(): SyncState {
      let changed = registers.changed();
      for (const part of RECORD_STATE_KEYS)
        if ((records[part] as { changed(): boolean }).changed()) changed = true;
      if (!changed) return base;
      const out = { registers: registers.result() } as SyncState;
      for (const part of RECORD_STATE_KEYS)
        (out as unknown as Record<string, object>)[part] = (records[part] as { result(): object }).result();
      return out;
    },
  };
}

/** The merge rules the op table names, each deciding whether `incoming` replaces `existing`. */
const RECORD_RULES: { readonly appendOnce: (incoming: object, existing: object) => boolean } = {
  appendOnce: (incoming, existing) => recordWins(incoming, existing),
};
/** The merge rules in words, by the name the op table gives them (the protocol docs print these). */
export const MERGE_RULES: { readonly [R in MergeRule]: string } = {
  appendOnce:
    "keyed by record id, which starts with its device's id; a re-sent copy changes nothing, so nothing is counted twice; a device never records a second, different record under an id it holds (first copy wins)",
  lastWriterWins:
    'the highest HLC wins (the device id inside it breaks ties); null is a tombstone that keeps its HLC, so an older write cannot bring a deleted value back',
};

/**
 * What the merge itself relies on in an op from elsewhere, checked cheaply and from the op table:
 * the envelope's types, a known type, and for records a string id and a numeric order field, for
 * registers a string key and a value. The server already ran `validateOp` on every op it stores;
 * re-running the full schemas on each pulled op would cost the watch ~1 ms per op.
 */
export function mergeProblem(op: unknown): SyncError | null {
  const bad = (message: string): SyncError => ({ code: 'invalidOp', message });
  if (typeof op !== 'object' || op === null) return bad('op is not an object');
  const o = op as Partial<Record<keyof ServerOp, unknown>>;
  if (typeof o.opId !== 'string' || typeof o.deviceId !== 'string') return bad('opId/deviceId missing');
  if (!Number.isInteger(o.seq) || !Number.isInteger(o.serverSeq)) return bad('seq/serverSeq not integers');
  if (typeof o.hlc !== 'string' || !parseHlc(o.hlc)) return bad('malformed hlc');
  const p = o.payload as Record<string, unknown> | null | undefined;
  if (typeof p !== 'object' || p === null) return bad('payload missing');
  if (!isOpType(o.type)) return { code: 'unknownOpType', message: `unknown op type "${String(o.type)}"` };
  const spec = OP_TABLE[o.type];
  if (spec.kind === 'record')
    return typeof p.id === 'string' && typeof p[spec.orderBy] === 'number'
      ? null
      : bad(`${o.type} id/${spec.orderBy}`);
  return typeof p.key === 'string' && 'value' in p ? null : bad('register key/value');
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
