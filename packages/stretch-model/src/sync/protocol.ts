/**
 * The single home of Unknot's wire format. Every transport (socket.io, HTTP, BLE relay via the
 * phone) carries these messages; every store persists these ops. Change it only together with
 * PROTOCOL_VERSION.
 */
import * as v from 'valibot';
import { DeviceIdSchema } from '../records/ids.js';
import { NudgeEventSchema } from '../records/nudge-event.js';
import { RoutineSchema } from '../records/routine.js';
import { SessionRecordSchema } from '../records/session-record.js';
import { PlanSettingsSchema, ReminderSettingsSchema } from '../records/settings.js';

/** Bumped on any incompatible change. Peers compare at connect. */
export const PROTOCOL_VERSION = 1;
/** The oldest client version this build still understands. */
export const MIN_SUPPORTED_PROTOCOL_VERSION = 1;

/** Limits every peer enforces the same way. */
export const LIMITS = {
  maxOpsPerPush: 500,
  maxOpBytes: 16 * 1024,
  maxPushBytes: 1024 * 1024,
  maxPullPage: 1000,
} as const;

/** Closed set of error codes a peer can branch on. */
export const SYNC_ERROR_CODES = [
  'clientTooOld',
  'serverTooOld',
  'unauthenticated',
  'forbidden',
  'deviceRevoked',
  'invalidOp',
  'unknownOpType',
  'opTooLarge',
  'tooManyOps',
  'rateLimited',
  'conflictingOpId',
  /** The op's HLC is more than MAX_HLC_DRIFT_MS ahead of the server's clock. Retryable: the device keeps it and re-stamps it once its clock is right. */
  'clockAhead',
  'badCursor',
  'pairingCodeInvalid',
  'pairingCodeExpired',
  'pairingCodeUsed',
  'internal',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];
export interface SyncError {
  code: SyncErrorCode;
  message: string;
}

/**
 * Hybrid logical clock timestamp as a fixed-width, lexicographically ordered string:
 * `${wallMs:15 digits}:${counter:5 digits}:${deviceId}`. Comparing two HLC strings with `<`
 * gives the causal/total order (deviceId breaks ties). See `hlc.ts`.
 */
export const HlcSchema = v.pipe(v.string(), v.regex(/^\d{15}:\d{5}:[A-Za-z0-9_-]{1,64}$/, 'malformed HLC'));

/** Last-writer-wins register keys. Each key has exactly one value schema (see REGISTER_VALUE_SCHEMAS). */
export const REGISTER_KEY_PATTERNS = {
  reminders: /^settings\.reminders$/,
  plan: /^settings\.plan$/,
  routine: /^routine\.[a-z0-9-]{1,64}$/,
} as const;

const RegisterSetPayload = v.object({
  key: v.pipe(v.string(), v.maxLength(80)),
  /** null is a tombstone: the register was deleted (e.g. a custom routine removed). */
  value: v.nullable(v.unknown()),
});

/** Payload schemas per op type; the union below is built from this table. */
export const OP_PAYLOAD_SCHEMAS = {
  'session.finished': SessionRecordSchema,
  'nudge.event': NudgeEventSchema,
  'register.set': RegisterSetPayload,
} as const;
export type OpType = keyof typeof OP_PAYLOAD_SCHEMAS;
export const OP_TYPES = Object.keys(OP_PAYLOAD_SCHEMAS) as OpType[];

export type OpPayload<T extends OpType> = v.InferOutput<(typeof OP_PAYLOAD_SCHEMAS)[T]>;

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

/** An op as the server stores and serves it: with its per-user position in the log. */
export type ServerOp = Op & { serverSeq: number };

const OpEnvelopeSchema = v.object({
  opId: v.pipe(v.string(), v.maxLength(140)),
  deviceId: DeviceIdSchema,
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  hlc: HlcSchema,
  type: v.string(),
  payload: v.unknown(),
});

/** Register value schemas, by key family. */
export function registerValueSchema(key: string) {
  if (REGISTER_KEY_PATTERNS.reminders.test(key)) return ReminderSettingsSchema;
  if (REGISTER_KEY_PATTERNS.plan.test(key)) return PlanSettingsSchema;
  if (REGISTER_KEY_PATTERNS.routine.test(key)) return RoutineSchema;
  return null;
}

export type OpValidation = { ok: true; op: Op } | { ok: false; error: SyncError };

/**
 * Validates an untrusted op: envelope, opId/deviceId/seq consistency, known type, payload
 * schema, and that records name the same device as the op. Pure: the server, the dashboard and
 * the watch all call this one function.
 */
export function validateOp(input: unknown): OpValidation {
  // The compiled checks accept exactly what the schemas accept and build the same output; anything
  // they do not accept (or a schema they cannot compile) goes through valibot below, which then
  // decides and words the error.
  const fast = fastValidateOp(input);
  if (fast) return { ok: true, op: fast };
  return validateOpWithValibot(input);
}

function validateOpWithValibot(input: unknown): OpValidation {
  const env = v.safeParse(OpEnvelopeSchema, input);
  if (!env.success) return fail('invalidOp', `op envelope: ${issueText(env.issues)}`);
  const e = env.output;
  if (e.opId !== `${e.deviceId}:${e.seq}`) return fail('invalidOp', 'opId must be deviceId:seq');
  if (!e.hlc.endsWith(`:${e.deviceId}`)) return fail('invalidOp', 'hlc must end with the op deviceId');
  // own keys only: `"constructor" in {}` is true, and used to make validateOp throw
  // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is missing on the watch (QuickJS 2020-07-05)
  if (!Object.prototype.hasOwnProperty.call(OP_PAYLOAD_SCHEMAS, e.type))
    return fail('unknownOpType', `unknown op type "${e.type}"`);
  const type = e.type as OpType;
  const payload = v.safeParse(OP_PAYLOAD_SCHEMAS[type], e.payload);
  if (!payload.success) return fail('invalidOp', `${type} payload: ${issueText(payload.issues)}`);
  if (type === 'session.finished' || type === 'nudge.event') {
    const rec = payload.output as { deviceId: string };
    if (rec.deviceId !== e.deviceId) return fail('invalidOp', 'record deviceId must match op deviceId');
  }
  if (type === 'register.set') {
    const p = payload.output as v.InferOutput<typeof RegisterSetPayload>;
    const schema = registerValueSchema(p.key);
    if (!schema) return fail('invalidOp', `unknown register key "${p.key}"`);
    if (p.value !== null) {
      const val = v.safeParse(schema, p.value);
      if (!val.success) return fail('invalidOp', `${p.key}: ${issueText(val.issues)}`);
      if (REGISTER_KEY_PATTERNS.routine.test(p.key) && (val.output as { id: string }).id !== p.key.slice(8))
        return fail('invalidOp', `${p.key}: routine id must match the register key`);
    }
  }
  return { ok: true, op: { ...e, type, payload: payload.output } as Op };
}

// ---- compiled fast path of validateOp ----
//
// valibot's safeParse allocates a dataset per node and an issue list, ~30 µs for a session op on a
// busy server. The checks below are compiled once from the same schema objects (no second copy of
// the rules to drift): a closure per node that returns the parsed value (objects rebuilt in schema
// key order, unknown keys dropped — what valibot outputs) or INVALID. Only the node and action
// kinds listed here compile; any other kind makes that schema fall back to valibot entirely.

const INVALID: unique symbol = Symbol('invalid');
type Compiled = (input: unknown) => unknown;

/** The parts of a valibot schema/action node the compiler reads (a structural view of valibot's objects). */
interface SchemaNode {
  kind?: string;
  type?: string;
  async?: boolean;
  pipe?: readonly SchemaNode[];
  entries?: Readonly<Record<string, SchemaNode>>;
  item?: SchemaNode;
  options?: readonly unknown[];
  wrapped?: SchemaNode;
  default?: unknown;
  fallback?: unknown;
  requirement?: unknown;
}

const compiledCache = new WeakMap<object, Compiled | null>();

function compiled(schema: object): Compiled | null {
  let c = compiledCache.get(schema);
  if (c === undefined) {
    c = compileNode(schema as SchemaNode);
    compiledCache.set(schema, c);
  }
  return c;
}

function compileNode(node: SchemaNode): Compiled | null {
  if (node.async || node.fallback !== undefined) return null;
  if (node.pipe) {
    const [base, ...actions] = node.pipe;
    if (base?.kind !== 'schema') return null;
    const leaf = compileLeafPipe(base, actions);
    if (leaf) return leaf;
    const head = compileNode(base);
    if (!head) return null;
    const checks: ((value: never) => boolean)[] = [];
    for (const a of actions) {
      if (a.kind === 'metadata') continue;
      const check = compileAction(a);
      if (!check) return null;
      checks.push(check);
    }
    return (input) => {
      const out = head(input);
      if (out === INVALID) return INVALID;
      for (const check of checks) if (!check(out as never)) return INVALID;
      return out;
    };
  }
  switch (node.type) {
    case 'string':
      return (input) => (typeof input === 'string' ? input : INVALID);
    case 'number':
      return (input) => (typeof input === 'number' && !Number.isNaN(input) ? input : INVALID);
    case 'boolean':
      return (input) => (typeof input === 'boolean' ? input : INVALID);
    case 'unknown':
      return (input) => input;
    case 'picklist': {
      const options = node.options;
      if (!options) return null;
      return (input) => (options.includes(input) ? input : INVALID);
    }
    case 'nullable': {
      if (node.default !== undefined || !node.wrapped) return null;
      const inner = compileNode(node.wrapped);
      if (!inner) return null;
      return (input) => (input === null ? null : inner(input));
    }
    case 'array': {
      const item = node.item && compileNode(node.item);
      if (!item) return null;
      return (input) => {
        if (!Array.isArray(input)) return INVALID;
        const out: unknown[] = new Array(input.length);
        for (let i = 0; i < input.length; i++) {
          const x = item(input[i]);
          if (x === INVALID) return INVALID;
          out[i] = x;
        }
        return out;
      };
    }
    case 'object': {
      if (!node.entries) return null;
      const keys: string[] = [];
      const checks: Compiled[] = [];
      const optional: boolean[] = [];
      for (const [key, entry] of Object.entries(node.entries)) {
        // `optional` without a default (fields added after records were first stored, such as
        // observedSeconds): a missing key is left out, as valibot does. Other optional kinds and
        // defaults are not needed by the op schemas.
        const plainOptional = entry.type === 'optional' && entry.default === undefined && entry.wrapped;
        if (
          !plainOptional &&
          (entry.type === 'optional' || entry.type === 'exact_optional' || entry.type === 'nullish')
        )
          return null;
        const check = compileNode(plainOptional ? (entry.wrapped as SchemaNode) : entry);
        if (!check) return null;
        keys.push(key);
        checks.push(check);
        optional.push(Boolean(plainOptional));
      }
      return (input) => {
        if (!input || typeof input !== 'object') return INVALID;
        const src = input as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i] as string;
          const value = src[key];
          if (value === undefined && optional[i]) {
            if (key in src) out[key] = undefined;
            continue;
          }
          if (value === undefined && !(key in src)) return INVALID;
          const x = (checks[i] as Compiled)(value);
          if (x === INVALID) return INVALID;
          out[key] = x;
        }
        return out;
      };
    }
    default:
      return null;
  }
}

/**
 * number/string pipes of bounds, integer, lengths and regexes (most of the op's fields) as one
 * closure instead of one per action. Null when the pipe has any other action.
 */
function compileLeafPipe(base: SchemaNode, actions: readonly SchemaNode[]): Compiled | null {
  if (base.pipe || (base.type !== 'number' && base.type !== 'string')) return null;
  let min = Number.NEGATIVE_INFINITY;
  let max = Number.POSITIVE_INFINITY;
  let integer = false;
  const patterns: RegExp[] = [];
  for (const a of actions) {
    if (a.kind === 'metadata') continue;
    if (a.kind !== 'validation' || a.async) return null;
    const req = a.requirement;
    const numeric = base.type === 'number';
    if (numeric && a.type === 'integer' && req === Number.isInteger) integer = true;
    else if (numeric && a.type === 'min_value' && typeof req === 'number') min = Math.max(min, req);
    else if (numeric && a.type === 'max_value' && typeof req === 'number') max = Math.min(max, req);
    else if (!numeric && a.type === 'min_length' && typeof req === 'number') min = Math.max(min, req);
    else if (!numeric && a.type === 'max_length' && typeof req === 'number') max = Math.min(max, req);
    else if (!numeric && a.type === 'regex' && req instanceof RegExp && !req.global && !req.sticky)
      patterns.push(req);
    else return null;
  }
  if (base.type === 'number')
    return (input) =>
      typeof input === 'number' &&
      !Number.isNaN(input) &&
      (!integer || Number.isInteger(input)) &&
      input >= min &&
      input <= max
        ? input
        : INVALID;
  const pattern = patterns.length === 1 ? patterns[0] : undefined;
  return (input) => {
    if (typeof input !== 'string' || input.length < min || input.length > max) return INVALID;
    if (pattern) return pattern.test(input) ? input : INVALID;
    for (const p of patterns) if (!p.test(input)) return INVALID;
    return input;
  };
}

function compileAction(a: SchemaNode): ((value: never) => boolean) | null {
  if (a.kind !== 'validation' || a.async) return null;
  const req = a.requirement;
  switch (a.type) {
    case 'regex':
      return req instanceof RegExp && !req.global && !req.sticky ? (value: string) => req.test(value) : null;
    case 'min_length':
      return typeof req === 'number' ? (value: { length: number }) => value.length >= req : null;
    case 'max_length':
      return typeof req === 'number' ? (value: { length: number }) => value.length <= req : null;
    case 'min_value':
      return typeof req === 'number' ? (value: number) => value >= req : null;
    case 'max_value':
      return typeof req === 'number' ? (value: number) => value <= req : null;
    case 'integer':
    case 'check':
      return typeof req === 'function' ? (value: unknown) => Boolean(req(value)) : null;
    default:
      return null;
  }
}

/** The validated op if the compiled checks accept it, else null (valibot then decides). */
function fastValidateOp(input: unknown): Op | null {
  const envelope = compiled(OpEnvelopeSchema);
  if (!envelope) return null;
  const env = envelope(input);
  if (env === INVALID) return null;
  const e = env as v.InferOutput<typeof OpEnvelopeSchema>;
  if (e.opId !== `${e.deviceId}:${e.seq}` || !e.hlc.endsWith(`:${e.deviceId}`)) return null;
  // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is missing on the watch (QuickJS 2020-07-05)
  if (!Object.prototype.hasOwnProperty.call(OP_PAYLOAD_SCHEMAS, e.type)) return null;
  const type = e.type as OpType;
  const check = compiled(OP_PAYLOAD_SCHEMAS[type]);
  if (!check) return null;
  const payload = check(e.payload);
  if (payload === INVALID) return null;
  if (type === 'session.finished' || type === 'nudge.event') {
    if ((payload as { deviceId: string }).deviceId !== e.deviceId) return null;
  } else {
    const p = payload as v.InferOutput<typeof RegisterSetPayload>;
    const schema = registerValueSchema(p.key);
    if (!schema) return null;
    if (p.value !== null) {
      const value = compiled(schema);
      const out = value ? value(p.value) : INVALID;
      if (out === INVALID) return null;
      if (REGISTER_KEY_PATTERNS.routine.test(p.key) && (out as { id: string }).id !== p.key.slice(8))
        return null;
    }
  }
  return {
    opId: e.opId,
    deviceId: e.deviceId,
    seq: e.seq,
    hlc: e.hlc,
    type,
    payload,
  } as Op;
}

function fail(code: SyncErrorCode, message: string): OpValidation {
  return { ok: false, error: { code, message } };
}

function issueText(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((i) => {
      const path = i.path?.map((p) => String(p.key)).join('.');
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}

// ---- Messages (socket.io events and the HTTP body use the same shapes) ----

/** socket.io handshake `auth` / HTTP headers carry one of these credentials. */
export type Credential =
  | { kind: 'user'; token: string }
  | { kind: 'device'; deviceId: string; secret: string };

export interface HelloRequest {
  protocolVersion: number;
}
export type HelloResponse =
  | { ok: true; protocolVersion: number; userId: string; deviceId: string | null; serverSeq: number }
  | { ok: false; error: SyncError };

/** Client → server: a batch of ops. */
export interface PushRequest {
  ops: unknown[];
}
/** Per op, in request order: acknowledged with its position, or rejected with a code. Duplicates ack again. */
export type OpAck =
  | { opId: string; ok: true; serverSeq: number }
  | { opId: string; ok: false; error: SyncError };
export type PushResponse = { ok: true; acks: OpAck[] } | { ok: false; error: SyncError };

/** Client → server: give me what happened after `cursor` (a serverSeq; 0 for everything). */
export interface PullRequest {
  cursor: number;
  limit?: number;
  /** false: never answer with a snapshot, page through the log from the cursor (default true) */
  acceptSnapshot?: boolean;
}
/** A compact materialised state: a new device starts here and then pulls the tail. */
export interface Snapshot {
  /** The last serverSeq folded into this snapshot. */
  serverSeq: number;
  registers: Record<string, { value: unknown; hlc: string }>;
  sessions: v.InferOutput<typeof SessionRecordSchema>[];
  nudgeEvents: v.InferOutput<typeof NudgeEventSchema>[];
}
export type PullResponse =
  | { ok: true; ops: ServerOp[]; cursor: number; hasMore: boolean; snapshot?: Snapshot }
  | { ok: false; error: SyncError };

/** Server → client, live: ops other devices of the same user just made durable. */
export interface OpsEvent {
  ops: ServerOp[];
}

/** HTTP: POST /v1/sync for clients without WebSockets (the phone side service). */
export interface HttpSyncRequest {
  protocolVersion: number;
  ops: unknown[];
  cursor: number;
  /** ops still queued on the device after this push (shown as "pending" on the devices page) */
  outboxSize?: number;
  /** true: with cursor 0 the server may answer with a snapshot + tail (as socket pull does) */
  acceptSnapshot?: boolean;
}
export type HttpSyncResponse =
  | { ok: true; acks: OpAck[]; ops: ServerOp[]; cursor: number; hasMore: boolean; snapshot?: Snapshot }
  | { ok: false; error: SyncError };

export function checkProtocolVersion(clientVersion: unknown): SyncError | null {
  if (typeof clientVersion !== 'number' || !Number.isInteger(clientVersion))
    return { code: 'clientTooOld', message: 'protocolVersion missing; update the app' };
  if (clientVersion < MIN_SUPPORTED_PROTOCOL_VERSION)
    return {
      code: 'clientTooOld',
      message: `client protocol ${clientVersion} < ${MIN_SUPPORTED_PROTOCOL_VERSION}; update the app`,
    };
  if (clientVersion > PROTOCOL_VERSION)
    return {
      code: 'serverTooOld',
      message: `server speaks protocol ${PROTOCOL_VERSION}; client ${clientVersion} is newer`,
    };
  return null;
}
