/**
 * The op table: every op type the wire knows, with its payload schema, its kind (an append-only
 * record or a last-writer-wins register), the part of the sync state it folds into and its merge
 * rule. Validation (`validateOp`, both paths), the merge, `mergeProblem`, the snapshot shape, the
 * replica and the watch's journal and device-id adoption all read this table; adding an op type
 * means a row here and the features that use it.
 */
import * as v from 'valibot';
import { DeviceIdSchema } from '../records/ids.js';
import { NudgeEventSchema } from '../records/nudge-event.js';
import { RoutineSchema } from '../records/routine.js';
import { SessionNoteSchema } from '../records/session-note.js';
import { SessionRecordSchema } from '../records/session-record.js';
import { PlanSettingsSchema, ReminderSettingsSchema } from '../records/settings.js';

/**
 * Hybrid logical clock timestamp as a fixed-width, lexicographically ordered string:
 * `${wallMs:15 digits}:${counter:5 digits}:${deviceId}`. Comparing two HLC strings with `<`
 * gives the causal/total order (deviceId breaks ties). See `hlc.ts`.
 */
export const HlcSchema = v.pipe(v.string(), v.regex(/^\d{15}:\d{5}:[A-Za-z0-9_-]{1,64}$/, 'malformed HLC'));

// ---- registers ----

/**
 * Register key families: the key pattern and the one value schema of each. A value is parsed
 * with its schema (unknown keys dropped, sizes bounded) and the parsed value is what is stored
 * and served. `keyMatches` ties a value to its key where the value names itself.
 */
export const REGISTER_FAMILIES = {
  reminders: { pattern: /^settings\.reminders$/, value: ReminderSettingsSchema },
  plan: { pattern: /^settings\.plan$/, value: PlanSettingsSchema },
  routine: {
    pattern: /^routine\.[a-z0-9-]{1,64}$/,
    value: RoutineSchema,
    /** a custom routine lives under `routine.<its id>` */
    keyMatches: (key: string, value: { id: string }) => value.id === key.slice('routine.'.length),
  },
  /**
   * A note on one session and where it hurt, under `note.<session id>` (last writer wins, so it
   * can be edited later from any device without touching the session record). A note may arrive
   * before its session (another device's session not pulled yet): it is kept, and shows once the
   * session arrives.
   */
  sessionNote: {
    pattern: /^note\.[A-Za-z0-9_:.-]{1,128}$/,
    value: SessionNoteSchema,
    /** a note lives under `note.<its session id>` */
    keyMatches: (key: string, value: { sessionId: string }) => value.sessionId === key.slice('note.'.length),
  },
} as const;
export type RegisterFamily = keyof typeof REGISTER_FAMILIES;

/** Last-writer-wins register key patterns, by family. */
export const REGISTER_KEY_PATTERNS: { readonly [F in RegisterFamily]: RegExp } = {
  reminders: REGISTER_FAMILIES.reminders.pattern,
  plan: REGISTER_FAMILIES.plan.pattern,
  routine: REGISTER_FAMILIES.routine.pattern,
  sessionNote: REGISTER_FAMILIES.sessionNote.pattern,
};

/** The family of a register key, or null for a key the wire does not know. */
export function registerFamily(key: string): RegisterFamily | null {
  for (const name of Object.keys(REGISTER_FAMILIES) as RegisterFamily[])
    if (REGISTER_FAMILIES[name].pattern.test(key)) return name;
  return null;
}

/** The value schema of a register key, or null for an unknown key. */
export function registerValueSchema(key: string) {
  const family = registerFamily(key);
  return family === null ? null : REGISTER_FAMILIES[family].value;
}

/** Any register value as it is stored and served (null: a tombstone). */
export type RegisterValue = v.InferOutput<(typeof REGISTER_FAMILIES)[RegisterFamily]['value']>;

/**
 * The register op's payload on the wire. `value` is checked against its key's family schema by
 * `validateOp` (it depends on `key`, so it cannot be one static schema); null is a tombstone.
 */
export const RegisterSetPayloadSchema = v.object({
  // `note.` and a record id of up to 128 characters is the longest key
  key: v.pipe(v.string(), v.maxLength(140)),
  value: v.nullable(v.unknown()),
});

// ---- the table ----

/** How a state part merges: see merge.ts for the rules themselves. */
export type MergeRule = 'appendOnce' | 'lastWriterWins';

interface RecordSpec {
  kind: 'record';
  payload: v.GenericSchema<unknown, { id: string; deviceId: string }>;
  /** the SyncState / Snapshot part it folds into */
  stateKey: string;
  /** the numeric field lists are ordered by (ties by id), checked cheaply on receive */
  orderBy: string;
  merge: 'appendOnce';
}
interface RegisterSpec {
  kind: 'register';
  payload: typeof RegisterSetPayloadSchema;
  stateKey: 'registers';
  merge: 'lastWriterWins';
}
export type OpSpec = RecordSpec | RegisterSpec;

export const OP_TABLE = {
  'session.finished': {
    kind: 'record',
    payload: SessionRecordSchema,
    stateKey: 'sessions',
    orderBy: 'startedAt',
    merge: 'appendOnce',
  },
  'nudge.event': {
    kind: 'record',
    payload: NudgeEventSchema,
    stateKey: 'nudgeEvents',
    orderBy: 'at',
    merge: 'appendOnce',
  },
  'register.set': {
    kind: 'register',
    payload: RegisterSetPayloadSchema,
    stateKey: 'registers',
    merge: 'lastWriterWins',
  },
} as const satisfies Record<string, OpSpec>;

type Table = typeof OP_TABLE;
export type OpType = keyof Table;
export const OP_TYPES = Object.keys(OP_TABLE) as OpType[];
/** The op types that carry an append-only record. */
export type RecordOpType = { [T in OpType]: Table[T]['kind'] extends 'record' ? T : never }[OpType];
/** The op types that set a register. */
export type RegisterOpType = Exclude<OpType, RecordOpType>;
export const RECORD_OP_TYPES = OP_TYPES.filter((t) => OP_TABLE[t].kind === 'record') as RecordOpType[];
/** The state parts records fold into (`sessions`, `nudgeEvents`). */
export type RecordStateKey = Table[RecordOpType]['stateKey'];
export const RECORD_STATE_KEYS = RECORD_OP_TYPES.map((t) => OP_TABLE[t].stateKey) as RecordStateKey[];
/** Payload schemas by op type (the table's payload column). */
export const OP_PAYLOAD_SCHEMAS: { readonly [T in OpType]: Table[T]['payload'] } = {
  'session.finished': OP_TABLE['session.finished'].payload,
  'nudge.event': OP_TABLE['nudge.event'].payload,
  'register.set': OP_TABLE['register.set'].payload,
};

/** The payload of an op type as validateOp outputs it (a register's value parsed by its family). */
export type OpPayload<T extends OpType> = T extends RegisterOpType
  ? { key: string; value: RegisterValue | null }
  : v.InferOutput<Table[T]['payload']>;
/** The record an op type carries, and the record type kept in a state part. */
export type RecordOf<K extends RecordStateKey> = {
  [T in RecordOpType]: Table[T]['stateKey'] extends K ? OpPayload<T> : never;
}[RecordOpType];
/** The op type whose records fold into state part K. */
export function recordOpTypeOf(stateKey: RecordStateKey): RecordOpType {
  return RECORD_OP_TYPES.filter((t) => OP_TABLE[t].stateKey === stateKey)[0] as RecordOpType;
}

interface OpBase<T extends OpType> {
  /** `${deviceId}:${seq}` — unique per device, so a retried push is recognised. */
  opId: string;
  deviceId: string;
  /** Per-device sequence number, 1, 2, 3 … without gaps. */
  seq: number;
  hlc: string;
  type: T;
  payload: OpPayload<T>;
}
export type Op = { [T in OpType]: OpBase<T> }[OpType];
export type RecordOp = { [T in RecordOpType]: OpBase<T> }[RecordOpType];
export type RegisterOp = { [T in RegisterOpType]: OpBase<T> }[RegisterOpType];
/** A record op's type and payload without its envelope (what a watch journal keeps). */
export type RecordEntry = { [T in RecordOpType]: { type: T; payload: OpPayload<T> } }[RecordOpType];

/** An op as the server stores and serves it: with its per-user position in the log. */
export type ServerOp = Op & { serverSeq: number };

export function isRecordOp(op: Op): op is RecordOp {
  return OP_TABLE[op.type].kind === 'record';
}
export function isRegisterOp(op: Op): op is RegisterOp {
  return OP_TABLE[op.type].kind === 'register';
}
/** An own key of the op table (`"constructor" in OP_TABLE` is true). */
export function isOpType(type: unknown): type is OpType {
  // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is missing on the watch (QuickJS 2020-07-05)
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(OP_TABLE, type);
}

export const OpEnvelopeSchema = v.object({
  opId: v.pipe(v.string(), v.maxLength(140)),
  deviceId: DeviceIdSchema,
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  hlc: HlcSchema,
  type: v.string(),
  payload: v.unknown(),
});
export type OpEnvelope = v.InferOutput<typeof OpEnvelopeSchema>;

// ---- record ids carry their device ----

/**
 * Record ids written before ids carried their device, still accepted from their own device: the
 * watch's `${deviceId}-s<ms>` sessions and `${deviceId}-n<ms>-<action>` nudge events. With these
 * exact tails two devices cannot make the same id (a tail has at most one `-`, and splitting it
 * never leaves another legacy tail), and no new-style id contains them (new ids have a `:`).
 */
const LEGACY_RECORD_TAIL = /^(s\d{1,15}|n\d{1,15}-(shown|started|snoozed|dismissed))$/;

/**
 * Why a record id cannot be this device's, or null when it is: `${deviceId}:<anything>`, or a
 * legacy watch id of the same device (see LEGACY_RECORD_TAIL).
 */
export function recordIdProblem(id: string, deviceId: string): string | null {
  if (id.length > deviceId.length + 1 && id.slice(0, deviceId.length + 1) === `${deviceId}:`) return null;
  if (
    id.slice(0, deviceId.length + 1) === `${deviceId}-` &&
    LEGACY_RECORD_TAIL.test(id.slice(deviceId.length + 1))
  )
    return null;
  return `record id must start with "${deviceId}:" (its device)`;
}

/**
 * A record id of `fromDevice` re-made for `toDevice` (pairing gave the watch a server device id):
 * the device part is replaced, so the same record always gets the same new id.
 */
export function reownRecordId(id: string, fromDevice: string, toDevice: string): string {
  const colon = `${fromDevice}:`;
  const dash = `${fromDevice}-`;
  if (id.slice(0, colon.length) === colon) return `${toDevice}:${id.slice(colon.length)}`;
  if (id.slice(0, dash.length) === dash) return `${toDevice}:${id.slice(dash.length)}`;
  return `${toDevice}:${id}`;
}

/** A record re-made under another device: its `deviceId` and the device part of its id. */
export function reownRecord<R extends { id: string; deviceId: string }>(record: R, deviceId: string): R {
  if (record.deviceId === deviceId && recordIdProblem(record.id, deviceId) === null) return record;
  return { ...record, deviceId, id: reownRecordId(record.id, record.deviceId, deviceId) };
}

// ---- the checks both validation paths share ----

/**
 * The rules across fields, after the schemas passed: opId = deviceId:seq, the HLC names the
 * device, a record names the op's device and its id carries it, a register value fits its key.
 * Returns the error message, or null. One function, so the fast path and valibot cannot differ.
 */
export function envelopeProblem(e: OpEnvelope): string | null {
  if (e.opId !== `${e.deviceId}:${e.seq}`) return 'opId must be deviceId:seq';
  if (e.hlc.slice(-(e.deviceId.length + 1)) !== `:${e.deviceId}`) return 'hlc must end with the op deviceId';
  return null;
}

export function payloadProblem(type: OpType, deviceId: string, payload: unknown): string | null {
  if (OP_TABLE[type].kind === 'record') {
    const rec = payload as { id: string; deviceId: string };
    if (rec.deviceId !== deviceId) return 'record deviceId must match op deviceId';
    return recordIdProblem(rec.id, deviceId);
  }
  return null;
}

export function registerValueProblem(key: string, value: unknown): string | null {
  const family = registerFamily(key);
  if (family === 'routine' && !REGISTER_FAMILIES.routine.keyMatches(key, value as { id: string }))
    return `${key}: routine id must match the register key`;
  if (
    family === 'sessionNote' &&
    !REGISTER_FAMILIES.sessionNote.keyMatches(key, value as { sessionId: string })
  )
    return `${key}: sessionId must match the register key`;
  return null;
}
