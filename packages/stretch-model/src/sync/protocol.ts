/**
 * The single home of Unknot's wire format. Every transport (socket.io, HTTP, BLE relay via the
 * phone) carries these messages; every store persists these ops. Change it only together with
 * PROTOCOL_VERSION.
 */
import * as v from 'valibot';
import { DeviceIdSchema } from '../records/ids.js';
import { compiledCheck, fastValidateOp } from './fast-validate.js';
import {
  envelopeProblem,
  isOpType,
  type Op,
  OP_TABLE,
  OpEnvelopeSchema,
  payloadProblem,
  RECORD_OP_TYPES,
  type RecordOf,
  type RecordStateKey,
  registerValueProblem,
  registerValueSchema,
  HlcSchema,
  type ServerOp,
} from './op-table.js';
import {
  MIN_SUPPORTED_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  SYNC_ERROR_CODES,
  type SyncErrorCode,
} from './wire-constants.js';

export * from './op-table.js';

export * from './wire-constants.js';

/** An error as every message carries it: a code from the closed set and words for people. */
export const SyncErrorSchema = v.object({
  code: v.picklist(SYNC_ERROR_CODES),
  message: v.pipe(v.string(), v.maxLength(2000)),
});
export type SyncError = v.InferOutput<typeof SyncErrorSchema>;
/** The body of every refused request (HTTP 4xx/5xx, and a socket answer that is not ok). */
export const ErrorBodySchema = v.object({ ok: v.literal(false), error: SyncErrorSchema });
export type ErrorBody = v.InferOutput<typeof ErrorBodySchema>;

export type OpValidation = { ok: true; op: Op } | { ok: false; error: SyncError };

/**
 * Validates an untrusted op: envelope, opId/deviceId/seq consistency, known type, payload
 * schema, records naming the sending device (and ids carrying it), register values parsed by
 * their key's schema. The op returned is the parsed one (unknown keys dropped): store and serve
 * that, never the input. Pure: the server, the dashboard and the watch all call this one function.
 */
export function validateOp(input: unknown): OpValidation {
  return validate(input, false);
}

/**
 * `validateOp` for a value fresh from `JSON.parse` that the caller owns (a request body): the
 * same decision and the same op, but when the input already is exactly that op (no unknown keys,
 * every object's keys in schema order) the op returned is the input itself rather than a copy.
 * So nothing else may hold the input or rely on it staying as it is.
 */
export function validateParsedOp(input: unknown): OpValidation {
  return validate(input, true);
}

function validate(input: unknown, reuse: boolean): OpValidation {
  // The compiled checks (fast-validate.ts) accept exactly what the schemas accept and build the
  // same output; anything they do not accept goes through valibot, which then decides and words
  // the error.
  const fast = fastValidateOp(input, reuse);
  if (fast) return { ok: true, op: fast };
  return validateOpWithValibot(input);
}

/** The reference path: valibot schemas and the op table's cross-field rules. */
export function validateOpWithValibot(input: unknown): OpValidation {
  const env = v.safeParse(OpEnvelopeSchema, input);
  if (!env.success) return fail('invalidOp', `op envelope: ${issueText(env.issues)}`);
  const e = env.output;
  const envError = envelopeProblem(e);
  if (envError) return fail('invalidOp', envError);
  if (!isOpType(e.type)) return fail('unknownOpType', `unknown op type "${e.type}"`);
  const type = e.type;
  const spec = OP_TABLE[type];
  const parsed = v.safeParse(spec.payload as v.GenericSchema, e.payload);
  if (!parsed.success) return fail('invalidOp', `${type} payload: ${issueText(parsed.issues)}`);
  let payload = parsed.output;
  const payloadError = payloadProblem(type, e.deviceId, payload);
  if (payloadError) return fail('invalidOp', payloadError);
  if (spec.kind === 'register') {
    const p = payload as { key: string; value: unknown };
    const schema = registerValueSchema(p.key);
    if (!schema) return fail('invalidOp', `unknown register key "${p.key}"`);
    if (p.value !== null) {
      const val = v.safeParse(schema as v.GenericSchema, p.value);
      if (!val.success) return fail('invalidOp', `${p.key}: ${issueText(val.issues)}`);
      const valueError = registerValueProblem(p.key, val.output);
      if (valueError) return fail('invalidOp', valueError);
      payload = { key: p.key, value: val.output };
    }
  }
  return {
    ok: true,
    op: { opId: e.opId, deviceId: e.deviceId, seq: e.seq, hlc: e.hlc, type, payload } as Op,
  };
}

function fail(code: SyncErrorCode, message: string): OpValidation {
  return { ok: false, error: { code, message } };
}

/** The first issues of a failed parse as one line (`path: message; …`). */
export function issueText(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((i) => {
      const path = i.path?.map((p) => String(p.key)).join('.');
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}

/**
 * How deeply `value` nests, counting objects and arrays, stopping once past `max` (so it costs at
 * most the nodes up to that depth). Never overflows the stack whatever the input: the recursion
 * stops `max + 1` levels down.
 */
export function exceedsDepth(value: unknown, max: number): boolean {
  return deeperThan(value, max, 1);
}

function deeperThan(value: unknown, max: number, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth > max) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (deeperThan(value[i], max, depth + 1)) return true;
    return false;
  }
  const node = value as Record<string, unknown>;
  for (const key in node) {
    // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is missing on the watch (QuickJS 2020-07-05)
    if (Object.prototype.hasOwnProperty.call(node, key) && deeperThan(node[key], max, depth + 1)) return true;
  }
  return false;
}

/**
 * `v.safeParse` of a message schema, through its compiled check first (the same schema objects,
 * see fast-validate.ts): what the compiled check accepts is returned as valibot would; anything
 * else goes to valibot, which decides and words the issues. For the hot messages (push, pull,
 * the socket handshake's auth).
 */
export function safeParseMessage<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): { success: true; output: v.InferOutput<S> } | { success: false; issues: readonly v.BaseIssue<unknown>[] } {
  let check = messageChecks.get(schema);
  if (check === undefined) {
    check = compiledCheck(schema);
    messageChecks.set(schema, check);
  }
  const fast = check?.(input);
  if (fast?.ok) return { success: true, output: fast.value as v.InferOutput<S> };
  const r = v.safeParse(schema, input);
  return r.success ? { success: true, output: r.output } : { success: false, issues: r.issues };
}
const messageChecks = new WeakMap<object, ReturnType<typeof compiledCheck>>();

// ---- Messages: every body and event on the wire is one of these schemas ----
//
// Parse every message you receive with its schema (`v.safeParse`); the types below are the
// schemas' outputs. Ops inside a request stay `unknown[]` in the message schema: each is checked
// on its own by `validateOp`, so one bad op is refused by itself and never costs the rest of the
// batch. Ops inside a response are checked one by one by the replica (`receive`), for the same
// reason.

const CursorSchema = v.pipe(v.number(), v.integer(), v.minValue(0));
const CountSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000_000));
const ProtocolVersionSchema = v.pipe(v.number(), v.integer());

/** An op in a server answer; its content is checked per op on receive (`mergeProblem`). */
export const ServerOpWireSchema = v.custom<ServerOp>(
  (x) => typeof x === 'object' && x !== null && !Array.isArray(x),
  'an op is an object',
);

/** Registers and records folded up to `serverSeq`: a new device starts here, then pulls the tail. */
type SnapshotRecords = { [K in RecordStateKey]: RecordOf<K>[] };
export interface Snapshot extends SnapshotRecords {
  /** The last serverSeq folded into this snapshot. */
  serverSeq: number;
  registers: Record<string, { value: unknown; hlc: string }>;
}
function snapshotEntries() {
  const entries: Record<string, v.GenericSchema> = {
    serverSeq: CursorSchema,
    registers: v.record(v.string(), v.object({ value: v.nullable(v.unknown()), hlc: HlcSchema })),
  };
  for (const type of RECORD_OP_TYPES) entries[OP_TABLE[type].stateKey] = v.array(OP_TABLE[type].payload);
  return entries;
}
/** The snapshot: `registers` plus one list per record op type of the op table. */
export const SnapshotSchema = v.object(snapshotEntries()) as unknown as v.GenericSchema<unknown, Snapshot>;

/** socket `push`: client → server, a batch of ops (at most LIMITS.maxOpsPerPush). */
export const PushRequestSchema = v.object({
  ops: v.array(v.unknown()),
  /** ops still queued on the device after this push (shown as "pending" on the devices page) */
  outboxSize: v.optional(CountSchema),
});
export type PushRequest = v.InferOutput<typeof PushRequestSchema>;

/** Per op, in request order: acknowledged with its position, or rejected with a code. Duplicates ack again. */
export const OpAckSchema = v.variant('ok', [
  v.object({
    opId: v.string(),
    ok: v.literal(true),
    serverSeq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  }),
  v.object({ opId: v.string(), ok: v.literal(false), error: SyncErrorSchema }),
]);
export type OpAck = v.InferOutput<typeof OpAckSchema>;
export const PushResponseSchema = v.variant('ok', [
  v.object({ ok: v.literal(true), acks: v.array(OpAckSchema) }),
  ErrorBodySchema,
]);
export type PushResponse = v.InferOutput<typeof PushResponseSchema>;

/** socket `pull`: give me what happened after `cursor` (a serverSeq; 0 for everything). */
export const PullRequestSchema = v.object({
  cursor: CursorSchema,
  /** at most this many ops (clamped to 1 … LIMITS.maxPullPage) */
  limit: v.optional(v.pipe(v.number(), v.integer())),
  /** false: never answer with a snapshot, page through the log from the cursor (default true) */
  acceptSnapshot: v.optional(v.boolean()),
});
export type PullRequest = v.InferOutput<typeof PullRequestSchema>;
export const PullResponseSchema = v.variant('ok', [
  v.object({
    ok: v.literal(true),
    ops: v.array(ServerOpWireSchema),
    cursor: CursorSchema,
    hasMore: v.boolean(),
    snapshot: v.optional(SnapshotSchema),
  }),
  ErrorBodySchema,
]);
export type PullResponse = v.InferOutput<typeof PullResponseSchema>;

/** socket `ops`, server → client, live: ops other devices of the same user just made durable. */
export const OpsEventSchema = v.object({ ops: v.array(ServerOpWireSchema) });
export type OpsEvent = v.InferOutput<typeof OpsEventSchema>;

/** HTTP: POST /v1/sync for clients without WebSockets (the phone side service). */
export const HttpSyncRequestSchema = v.object({
  protocolVersion: ProtocolVersionSchema,
  ops: v.optional(v.array(v.unknown())),
  cursor: CursorSchema,
  /** ops still queued on the device after this push (shown as "pending" on the devices page) */
  outboxSize: v.optional(CountSchema),
  /** true: with cursor 0 the server may answer with a snapshot + tail (as socket pull does) */
  acceptSnapshot: v.optional(v.boolean()),
});
export type HttpSyncRequest = v.InferOutput<typeof HttpSyncRequestSchema>;
export const HttpSyncResponseSchema = v.variant('ok', [
  v.object({
    ok: v.literal(true),
    acks: v.array(OpAckSchema),
    ops: v.array(ServerOpWireSchema),
    cursor: CursorSchema,
    hasMore: v.boolean(),
    snapshot: v.optional(SnapshotSchema),
  }),
  ErrorBodySchema,
]);
export type HttpSyncResponse = v.InferOutput<typeof HttpSyncResponseSchema>;

/** socket.io handshake `auth`: a signed-in user's browser replica, or a paired device. */
export const SocketAuthSchema = v.variant('kind', [
  v.object({
    protocolVersion: ProtocolVersionSchema,
    kind: v.literal('user'),
    token: v.pipe(v.string(), v.maxLength(8192)),
    /** the browser's own replica (`web-…`), so the ops it authors have a device id */
    deviceId: DeviceIdSchema,
  }),
  v.object({
    protocolVersion: ProtocolVersionSchema,
    kind: v.literal('device'),
    deviceId: DeviceIdSchema,
    secret: v.pipe(v.string(), v.maxLength(256)),
  }),
]);
export type SocketAuth = v.InferOutput<typeof SocketAuthSchema>;

/** socket `ready`, server → client after the handshake is accepted. */
export const ReadyEventSchema = v.object({
  userId: v.string(),
  deviceId: v.string(),
  /** the newest serverSeq of this user at connect time */
  serverSeq: CursorSchema,
  protocolVersion: ProtocolVersionSchema,
});
export type ReadyEvent = v.InferOutput<typeof ReadyEventSchema>;

/** socket `revoked`, server → client right before it closes a revoked or expired socket. */
export const RevokedEventSchema = SyncErrorSchema;
/** The `data` of the `connect_error` a refused handshake produces. */
export const ConnectErrorDataSchema = SyncErrorSchema;
export type ConnectErrorData = SyncError;

export const DEVICE_KINDS = ['watch', 'phone', 'sim'] as const;
/** POST /v1/pairing/redeem (no auth: the code is the secret). */
export const RedeemRequestSchema = v.object({
  /** 8 characters of the pairing alphabet; dashes and spaces are ignored */
  code: v.pipe(v.string(), v.maxLength(32)),
  deviceName: v.optional(v.pipe(v.string(), v.maxLength(200))),
  deviceKind: v.picklist(DEVICE_KINDS),
});
export type RedeemRequest = v.InferOutput<typeof RedeemRequestSchema>;
export const RedeemResponseSchema = v.object({
  ok: v.literal(true),
  userId: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  deviceId: DeviceIdSchema,
  /** shown once; the server keeps only a hash */
  secret: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
});
export type RedeemResponse = v.InferOutput<typeof RedeemResponseSchema>;

/**
 * Every message of the wire, by name: what `docs/sync-protocol.md` lists and the wire hash covers.
 * `direction` is who sends it; `over` the transport.
 */
export const WIRE_MESSAGES = {
  'socket handshake auth': { direction: 'client → server', over: 'socket.io', schema: SocketAuthSchema },
  'socket ready': { direction: 'server → client', over: 'socket.io', schema: ReadyEventSchema },
  'socket push': { direction: 'client → server', over: 'socket.io', schema: PushRequestSchema },
  'socket push ack': { direction: 'server → client', over: 'socket.io', schema: PushResponseSchema },
  'socket pull': { direction: 'client → server', over: 'socket.io', schema: PullRequestSchema },
  'socket pull ack': { direction: 'server → client', over: 'socket.io', schema: PullResponseSchema },
  'socket ops': { direction: 'server → client', over: 'socket.io', schema: OpsEventSchema },
  'socket revoked': { direction: 'server → client', over: 'socket.io', schema: RevokedEventSchema },
  'socket connect_error data': {
    direction: 'server → client',
    over: 'socket.io',
    schema: ConnectErrorDataSchema,
  },
  'POST /v1/sync request': { direction: 'client → server', over: 'HTTP', schema: HttpSyncRequestSchema },
  'POST /v1/sync response': { direction: 'server → client', over: 'HTTP', schema: HttpSyncResponseSchema },
  'POST /v1/pairing/redeem request': {
    direction: 'client → server',
    over: 'HTTP',
    schema: RedeemRequestSchema,
  },
  'POST /v1/pairing/redeem response': {
    direction: 'server → client',
    over: 'HTTP',
    schema: RedeemResponseSchema,
  },
  'error body': { direction: 'server → client', over: 'HTTP', schema: ErrorBodySchema },
  op: { direction: 'both', over: 'every transport', schema: OpEnvelopeSchema },
  snapshot: { direction: 'server → client', over: 'pull answers', schema: SnapshotSchema },
} as const;

/** Parses a message with its schema; the error names the message and the first issues. */
export function parseMessage<T>(
  schema: v.GenericSchema<unknown, T>,
  input: unknown,
  what: string,
): { ok: true; value: T } | { ok: false; error: SyncError } {
  const parsed = safeParseMessage(schema, input);
  if (parsed.success) return { ok: true, value: parsed.output as T };
  return { ok: false, error: { code: 'invalidOp', message: `${what}: ${issueText(parsed.issues)}` } };
}

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
