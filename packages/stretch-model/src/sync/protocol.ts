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
  const env = v.safeParse(OpEnvelopeSchema, input);
  if (!env.success) return fail('invalidOp', `op envelope: ${issueText(env.issues)}`);
  const e = env.output;
  if (e.opId !== `${e.deviceId}:${e.seq}`) return fail('invalidOp', 'opId must be deviceId:seq');
  if (!e.hlc.endsWith(`:${e.deviceId}`)) return fail('invalidOp', 'hlc must end with the op deviceId');
  if (!(e.type in OP_PAYLOAD_SCHEMAS)) return fail('unknownOpType', `unknown op type "${e.type}"`);
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
