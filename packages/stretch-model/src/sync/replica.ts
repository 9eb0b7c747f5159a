/**
 * A client replica: what the watch side, the dashboard and the sim each hold to work offline and
 * sync later. It knows no transport; `syncOnce` drives it through any `SyncTransport`.
 *
 * Parts and why:
 * - The HLC and a per-device `seq`, both persisted: after a restart the clock stays monotone and
 *   a seq is never reused, so an opId (`deviceId:seq`) always names exactly one op and the
 *   server's dedupe by opId is safe.
 * - The outbox: local ops not yet acknowledged. They stay until the server acks them, so a push
 *   whose ack was lost is simply pushed again (the server dedupes by opId).
 * - `rejected`: ops the server refused for good (invalid, too large, conflicting id). They leave
 *   the outbox — resending cannot help — but are kept with their error so nothing the person did
 *   silently vanishes; a UI can show and dismiss them.
 * - `confirmed`: the state built from server-durable ops only; `state()` is `confirmed` with the
 *   outbox applied on top, so the UI sees its own edits at once. Because the merge rules are
 *   order-independent, the view is maintained incrementally and rebuilt only when an op is rejected.
 * - `cursor`: the last serverSeq pulled. It only moves forward, and live events (which can arrive
 *   with gaps) move it only while contiguous, so a missed op is pulled later rather than skipped.
 *
 * - The clock bound (`MAX_HLC_DRIFT_MS`, see hlc.ts): a register arriving from the server (pull,
 *   live event or snapshot) stamped more than the bound ahead of this device's clock is not folded
 *   (reported as `clockAhead` in `receive`'s `invalid`); sessions and nudge events are folded
 *   whatever their stamp, since they do not merge by HLC.
 * - Clock recovery: if this device's own HLC is more than the bound ahead of its clock (the clock
 *   read the future when it stamped and has since been corrected), the HLC restarts at the
 *   clock's time — never below a register it already holds within the bound — and every queued op
 *   stamped in that future is re-stamped, in outbox order, keeping its opId and payload. The
 *   server refused those ops with the retryable `clockAhead` and stored nothing, so the re-stamped
 *   op is simply the first copy it accepts. This runs when the replica opens, before each local
 *   op, and when a push is answered with `clockAhead`.
 *
 * Persistence is a synchronous string store (`ReplicaStorage`), written after every change —
 * watch and browser local storage are both synchronous.
 */
import * as v from 'valibot';
import { DeviceIdSchema } from '../records/ids.js';
import { type HybridClock, MAX_HLC_DRIFT_MS, createHlc, formatHlc, hlcWithinDrift, parseHlc } from './hlc.js';
import {
  type SyncState,
  applyOp,
  applyOps,
  applyOpsCounted,
  canonicalJson,
  emptySyncState,
  fromSnapshot,
  getRecord,
  mergeProblem,
  mergeStates,
  toSnapshot,
  validateSnapshot,
} from './merge.js';
import {
  LIMITS,
  type Op,
  type OpAck,
  type OpPayload,
  type OpType,
  type PullResponse,
  type PushResponse,
  type ServerOp,
  type Snapshot,
  type SyncError,
  type SyncErrorCode,
  HlcSchema,
  isRegisterOp,
  OP_TABLE,
  RECORD_STATE_KEYS,
  SYNC_ERROR_CODES,
  validateOp,
} from './protocol.js';
import { sealPersisted, unseal } from './sealed.js';

/** Where a replica keeps its persisted form: one string, read once at start, written after each change. */
export interface ReplicaStorage {
  get(): string | null;
  set(value: string): void;
}

export interface ReplicaOptions {
  deviceId: string;
  /** ms since epoch; injected so the logic never reads the wall clock itself */
  now: () => number;
  /** when given, the replica resumes from it and writes back after every change */
  storage?: ReplicaStorage;
  /** see `HlcOptions.maxDriftMs`; leave unset (the one bound, `MAX_HLC_DRIFT_MS`) outside tests */
  maxDriftMs?: number;
  /**
   * Write the persisted form sealed (`sealPersisted`: a checksum and the rules' version before the
   * JSON), so a later start can skip re-validating the confirmed history. A store that was not
   * sealed under today's rules is written sealed once at start. Reading accepts both forms always.
   */
  sealStorage?: boolean;
}

export interface RejectedOp {
  op: Op;
  error: SyncError;
  /** local time the rejection was received */
  at: number;
}

export type RecordResult = { ok: true; op: Op } | { ok: false; error: SyncError };

export interface AcknowledgeResult {
  /** acked ops removed from the outbox */
  acked: number;
  /** permanently rejected ops moved to `rejected()` */
  rejected: number;
  /** ops refused for a transient reason; they stay in the outbox */
  retry: number;
  /** queued ops re-stamped by clock recovery (after a `clockAhead` refusal); push them again */
  restamped: number;
}

export interface ReceiveResult {
  /** ops that were new to this replica's confirmed state */
  applied: number;
  /** ops that failed validation and were skipped (the cursor still moves past them) */
  invalid: { opId: string; error: SyncError }[];
}

/** The persisted form of a replica (`toJSON`). */
export interface PersistedReplica {
  format: 1;
  deviceId: string;
  /** last seq used */
  seq: number;
  /** last HLC issued */
  hlc: string;
  cursor: number;
  outbox: Op[];
  rejected: RejectedOp[];
  /** the confirmed state, in snapshot form (its serverSeq equals `cursor`) */
  confirmed: Snapshot;
  /**
   * Registers pulled while they were stamped beyond the drift bound of this device's clock: kept
   * aside and folded once the clock has caught up (a watch whose clock was days slow), so the
   * cursor can move on without losing them. Absent in older stored replicas.
   */
  deferred?: ServerOp[];
}

/** At most this many registers wait for the clock (the oldest go first). */
const MAX_DEFERRED = 64;

export interface Replica {
  readonly deviceId: string;
  /** Makes a local op: validates it (an invalid one changes nothing), queues it and applies it locally. */
  record<T extends OpType>(type: T, payload: OpPayload<T>): RecordResult;
  /** The oldest queued ops, within the push limits (count and bytes). They stay queued until acked. */
  takeOutbox(max?: number): Op[];
  /** Processes a push response's acks. */
  acknowledge(acks: readonly OpAck[]): AcknowledgeResult;
  /**
   * Folds ops from the server. With `cursor` (a pull response's) the cursor advances to it; without
   * (a live event) it advances only while serverSeqs are contiguous. It never moves back.
   */
  receive(ops: readonly ServerOp[], cursor?: number): ReceiveResult;
  /** Folds a server snapshot in (a fresh device, or a server that compacted its log). */
  applySnapshot(snapshot: unknown): { ok: true } | { ok: false; error: SyncError };
  /**
   * Clock recovery (see the module doc): when this device's HLC is more than the drift bound ahead
   * of its clock, restarts the HLC and re-stamps the queued ops stamped in that future. Returns how
   * many ops were re-stamped (0 when the clock was fine). Called by the replica itself; shells
   * never need to.
   */
  recoverClock(): number;
  /** The merged view: confirmed state plus local pending ops. A new object after every change. */
  state(): SyncState;
  pendingCount(): number;
  cursor(): number;
  rejected(): readonly RejectedOp[];
  clearRejected(): void;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  toJSON(): PersistedReplica;
}

/** Thrown by `createReplica`/`restoreReplica` only: a misconfiguration at start, not a runtime condition. */
export class ReplicaError extends Error {
  readonly code: 'invalidDeviceId' | 'corruptStorage' | 'deviceMismatch';
  constructor(code: ReplicaError['code'], message: string) {
    super(message);
    this.name = 'ReplicaError';
    this.code = code;
  }
}

/** Codes that mean resending the same op can never succeed. Everything else stays in the outbox. */
export const PERMANENT_OP_ERRORS: readonly SyncErrorCode[] = [
  'invalidOp',
  'unknownOpType',
  'opTooLarge',
  'conflictingOpId',
];

/**
 * Creates a replica, resuming from `storage` when it holds one. Throws `ReplicaError` when the
 * stored data is unreadable or belongs to another device — starting over silently would reuse seqs.
 */
export function createReplica(options: ReplicaOptions): Replica {
  if (!v.is(DeviceIdSchema, options.deviceId))
    throw new ReplicaError('invalidDeviceId', `deviceId malformed: "${options.deviceId}"`);
  const stored = options.storage?.get() ?? null;
  if (stored === null) return buildReplica(options, null);
  // A sealed store whose checksum matches was validated when it was written: its confirmed
  // history is not checked again (see sealed.ts). A seal that does not match is corrupt.
  const unsealed = unseal(stored);
  if (unsealed.kind === 'corrupt') throw new ReplicaError('corruptStorage', unsealed.message);
  const restored = parsePersisted(unsealed.json, { trustConfirmed: unsealed.kind === 'sealed' });
  if (!restored.ok) throw new ReplicaError('corruptStorage', restored.message);
  if (restored.value.deviceId !== options.deviceId)
    throw new ReplicaError(
      'deviceMismatch',
      `storage holds replica "${restored.value.deviceId}", not "${options.deviceId}"`,
    );
  return buildReplica(options, restored.value, options.sealStorage === true && unsealed.kind !== 'sealed');
}

/** Rebuilds a replica from `toJSON()` output (object, JSON string, or a sealed string). */
export function restoreReplica(
  persisted: unknown,
  options: Omit<ReplicaOptions, 'deviceId'>,
): { ok: true; replica: Replica } | { ok: false; error: ReplicaError } {
  const unsealed = typeof persisted === 'string' ? unseal(persisted) : null;
  if (unsealed?.kind === 'corrupt')
    return { ok: false, error: new ReplicaError('corruptStorage', unsealed.message) };
  const parsed = unsealed
    ? parsePersisted(unsealed.json, { trustConfirmed: unsealed.kind === 'sealed' })
    : parsePersisted(persisted);
  if (!parsed.ok) return { ok: false, error: new ReplicaError('corruptStorage', parsed.message) };
  return { ok: true, replica: buildReplica({ ...options, deviceId: parsed.value.deviceId }, parsed.value) };
}

function buildReplica(options: ReplicaOptions, persisted: PersistedReplica | null, reseal = false): Replica {
  const { deviceId, now, storage } = options;
  const maxDriftMs = options.maxDriftMs ?? MAX_HLC_DRIFT_MS;
  const clock: HybridClock = createHlc(deviceId, now, {
    maxDriftMs,
    ...(persisted ? { resumeFrom: persisted.hlc } : {}),
  });
  const bound = () => ({ nowMs: now(), maxDriftMs });
  let seq = persisted?.seq ?? 0;
  let cursor = persisted?.cursor ?? 0;
  let outbox: Op[] = persisted ? [...persisted.outbox] : [];
  let rejectedOps: RejectedOp[] = persisted ? [...persisted.rejected] : [];
  let deferred: ServerOp[] = persisted?.deferred ? [...persisted.deferred] : [];
  // A register stored before the bound was enforced (say, stamped in the year 9999) is dropped
  // here rather than kept winning for good.
  let confirmed: SyncState = persisted ? fromSnapshot(persisted.confirmed, bound()) : emptySyncState();
  let view: SyncState = applyOps(confirmed, outbox);
  const listeners = new Set<() => void>();
  // Never reuse a seq, even if an older format forgot to advance it.
  for (const op of [...outbox, ...rejectedOps.map((r) => r.op)]) seq = Math.max(seq, op.seq);

  const persist = (): void => {
    if (!storage) return;
    const json = JSON.stringify(toJSON());
    storage.set(options.sealStorage ? sealPersisted(json) : json);
  };
  const changed = (): void => {
    persist();
    for (const listener of [...listeners]) listener();
  };

  const toJSON = (): PersistedReplica => ({
    format: 1,
    deviceId,
    seq,
    hlc: clock.last(),
    cursor,
    outbox: [...outbox],
    rejected: [...rejectedOps],
    confirmed: toSnapshot(confirmed, cursor),
    ...(deferred.length > 0 ? { deferred: [...deferred] } : {}),
  });

  const record = <T extends OpType>(type: T, payload: OpPayload<T>): RecordResult => {
    // Validate with a placeholder clock first, so a bad payload consumes neither a seq nor a tick.
    // The JSON round trip gives the op exactly the shape the server will store, and detaches it
    // from objects the caller may mutate later.
    const placeholder = formatHlc({ wallMs: 0, counter: 0, deviceId });
    let draft: unknown;
    try {
      draft = JSON.parse(
        JSON.stringify({
          opId: `${deviceId}:${seq + 1}`,
          deviceId,
          seq: seq + 1,
          hlc: placeholder,
          type,
          payload,
        }),
      );
    } catch (err) {
      const message = `payload is not JSON: ${err instanceof Error ? err.message : String(err)}`;
      return { ok: false, error: { code: 'invalidOp', message } };
    }
    const probe = validateOp(draft);
    if (!probe.ok) return probe;
    // First copy wins: this device never makes a second, different record under an id it holds.
    const spec = OP_TABLE[probe.op.type];
    if (spec.kind === 'record') {
      const rec = probe.op.payload as { id: string };
      const held = getRecord(view, spec.stateKey, rec.id);
      if (held && canonicalJson(held) !== canonicalJson(rec))
        return {
          ok: false,
          error: {
            code: 'invalidOp',
            message: `record id "${rec.id}" is already used by a different record`,
          },
        };
    }
    // HLCs are fixed-width, so the placeholder op has the final size.
    const bytes = utf8Length(JSON.stringify(probe.op));
    if (bytes > LIMITS.maxOpBytes) {
      return {
        ok: false,
        error: { code: 'opTooLarge', message: `op is ${bytes} bytes > ${LIMITS.maxOpBytes}` },
      };
    }
    recoverIfAhead();
    const op = { ...probe.op, hlc: clock.tick() } as Op;
    seq = op.seq;
    outbox.push(op);
    view = applyOp(view, op);
    changed();
    return { ok: true, op };
  };

  const takeOutbox = (max: number = LIMITS.maxOpsPerPush): Op[] => {
    const batch: Op[] = [];
    let bytes = 2;
    for (const op of outbox) {
      if (batch.length >= max) break;
      const size = utf8Length(JSON.stringify(op)) + 1;
      if (batch.length > 0 && bytes + size > LIMITS.maxPushBytes) break;
      batch.push(op);
      bytes += size;
    }
    return batch;
  };

  /** Restarts a clock that ran ahead and re-stamps the queued ops stamped ahead; no persisting. */
  const recoverIfAhead = (): number => {
    if (!clock.isAhead()) return 0;
    // Keep ordering after every register this replica holds that is within the bound.
    let floor: string | undefined;
    const nowMs = now();
    for (const key of Object.keys(confirmed.registers)) {
      const entry = confirmed.registers[key];
      if (entry && hlcWithinDrift(entry.hlc, nowMs, maxDriftMs) && (floor === undefined || entry.hlc > floor))
        floor = entry.hlc;
    }
    clock.recover(floor);
    let restamped = 0;
    outbox = outbox.map((op) => {
      if (hlcWithinDrift(op.hlc, nowMs, maxDriftMs)) return op;
      restamped++;
      return { ...op, hlc: clock.tick() } as Op;
    });
    if (restamped > 0) view = applyOps(confirmed, outbox);
    return restamped;
  };

  const recoverClock = (): number => {
    const before = clock.last();
    const restamped = recoverIfAhead();
    if (restamped > 0 || clock.last() !== before) changed();
    return restamped;
  };

  const acknowledge = (acks: readonly OpAck[]): AcknowledgeResult => {
    const result: AcknowledgeResult = { acked: 0, rejected: 0, retry: 0, restamped: 0 };
    const byId = new Map(acks.map((ack) => [ack.opId, ack] as const));
    let clockRefused = false;
    const keep: Op[] = [];
    const durable: Op[] = [];
    for (const op of outbox) {
      const ack = byId.get(op.opId);
      if (!ack) keep.push(op);
      else if (ack.ok) {
        durable.push(op);
        result.acked++;
      } else if (PERMANENT_OP_ERRORS.includes(ack.error.code)) {
        rejectedOps.push({ op, error: ack.error, at: now() });
        result.rejected++;
      } else {
        keep.push(op);
        result.retry++;
        if (ack.error.code === 'clockAhead') clockRefused = true;
      }
    }
    if (result.acked === 0 && result.rejected === 0 && !clockRefused) return result;
    outbox = keep;
    // Acked ops are durable on the server: they join the confirmed state now, so the view does not
    // flicker while the pull that brings them back is still to come.
    confirmed = applyOps(confirmed, durable);
    view = result.rejected > 0 ? applyOps(confirmed, outbox) : view;
    // The server refused some ops as stamped too far ahead: if this device's clock has been
    // corrected since, restart the HLC and re-stamp them (they were never stored).
    if (clockRefused) result.restamped = recoverIfAhead();
    if (result.acked > 0 || result.rejected > 0 || result.restamped > 0) changed();
    return result;
  };

  const receive = (ops: readonly ServerOp[], pulledCursor?: number): ReceiveResult => {
    const result: ReceiveResult = { applied: 0, invalid: [] };
    const valid: ServerOp[] = [];
    for (const op of ops) {
      const problem = mergeProblem(op);
      if (problem) result.invalid.push({ opId: String((op as { opId?: unknown }).opId), error: problem });
      else valid.push(op);
    }
    const before = cursor;
    if (pulledCursor !== undefined && Number.isInteger(pulledCursor)) cursor = Math.max(cursor, pulledCursor);
    else {
      const seqs = ops.map((op) => op.serverSeq).sort((a, b) => a - b);
      for (const s of seqs) if (s === cursor + 1) cursor = s;
    }

    // The clock bound: a register stamped too far ahead of this device's clock is not folded now;
    // it waits aside until the clock catches up. Registers that waited and are now within it fold.
    const nowMs = now();
    const ready = deferred.filter((op) => hlcWithinDrift(op.hlc, nowMs, maxDriftMs));
    const deferredBefore = deferred.length;
    if (ready.length > 0) deferred = deferred.filter((op) => !hlcWithinDrift(op.hlc, nowMs, maxDriftMs));
    let foldable = ready.length > 0 ? [...ready, ...valid] : valid;
    const candidates = foldable;
    for (let i = 0; i < candidates.length; i++) {
      const op = candidates[i] as ServerOp;
      if (isRegisterOp(op) && !hlcWithinDrift(op.hlc, nowMs, maxDriftMs)) {
        if (foldable === candidates) foldable = candidates.slice(0, i);
        if (!deferred.some((d) => d.opId === op.opId)) deferred.push(op);
        if (deferred.length > MAX_DEFERRED) deferred = deferred.slice(deferred.length - MAX_DEFERRED);
        result.invalid.push({
          opId: op.opId,
          error: {
            code: 'clockAhead',
            message: `register ${op.payload.key} is stamped more than ${maxDriftMs} ms ahead of this device's clock; kept aside until the clock catches up`,
          },
        });
      } else if (foldable !== candidates) foldable.push(op);
    }

    let maxHlc = '';
    const echoed = new Set<string>();
    for (const op of foldable) {
      if (hlcWithinDrift(op.hlc, nowMs, maxDriftMs) && op.hlc > maxHlc) maxHlc = op.hlc;
      if (op.deviceId === deviceId) {
        // Our own op came back: it is durable even if its ack was lost. And if this device lost
        // its storage, never hand out a seq the server has already seen.
        echoed.add(op.opId);
        seq = Math.max(seq, op.seq);
      }
    }
    if (maxHlc) clock.receive(maxHlc);

    const { state: nextConfirmed, changed: applied } = applyOpsCounted(confirmed, foldable);
    result.applied = applied;
    const nextOutbox = echoed.size > 0 ? outbox.filter((op) => !echoed.has(op.opId)) : outbox;
    if (
      nextConfirmed === confirmed &&
      nextOutbox === outbox &&
      cursor === before &&
      !maxHlc &&
      deferred.length === deferredBefore &&
      ready.length === 0
    )
      return result;
    confirmed = nextConfirmed;
    outbox = nextOutbox;
    view = applyOps(view, foldable);
    changed();
    return result;
  };

  const applySnapshot = (input: unknown): { ok: true } | { ok: false; error: SyncError } => {
    const checked = validateSnapshot(input);
    if (!checked.ok) return checked;
    const snap = checked.snapshot;
    const b = bound();
    // Registers stamped too far ahead of this device's clock are left out (the clock bound).
    const incoming = fromSnapshot(snap, b);
    let maxHlc = '';
    for (const key of Object.keys(snap.registers)) {
      const entry = snap.registers[key];
      if (entry && hlcWithinDrift(entry.hlc, b.nowMs, maxDriftMs) && entry.hlc > maxHlc) maxHlc = entry.hlc;
    }
    if (maxHlc) clock.receive(maxHlc);
    confirmed = mergeStates(confirmed, incoming);
    view = mergeStates(view, incoming);
    cursor = Math.max(cursor, snap.serverSeq);
    changed();
    return { ok: true };
  };

  // A clock corrected while the app was closed: recover at once (persisted by the next change).
  recoverIfAhead();
  // Validated in full just now (plain JSON, or sealed under other rules): store it sealed.
  if (reseal) persist();

  return {
    deviceId,
    record,
    takeOutbox,
    acknowledge,
    receive,
    applySnapshot,
    recoverClock,
    state: () => view,
    pendingCount: () => outbox.length,
    cursor: () => cursor,
    rejected: () => rejectedOps,
    clearRejected: () => {
      if (rejectedOps.length === 0) return;
      rejectedOps = [];
      changed();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    toJSON,
  };
}

// ---- syncOnce ----

/** What `syncOnce` needs from a transport (socket.io, HTTP, the BLE relay, a test double). */
export interface SyncTransport {
  push(ops: Op[]): Promise<PushResponse>;
  pull(cursor: number): Promise<PullResponse>;
}

export interface SyncOnceOptions {
  /** attempts per request before giving up (default 5) */
  maxAttempts?: number;
  /** waits between attempts; default uses the host's setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** jitter source in [0, 1); default Math.random */
  random?: () => number;
  /** stops a run that keeps getting `hasMore` (default 1000 pages) */
  maxPages?: number;
}

export type SyncOnceError = SyncError | { code: 'unreachable'; message: string };

export type SyncOnceResult =
  | { ok: true; pushed: number; rejected: number; pulled: number; pending: number }
  | { ok: false; error: SyncOnceError; pushed: number; rejected: number; pulled: number; pending: number };

const RETRYABLE: readonly SyncErrorCode[] = ['rateLimited', 'unavailable', 'internal'];

/**
 * One sync round: push the outbox (batch by batch) and then pull until `hasMore` is false.
 * Thrown transport errors and `rateLimited`/`unavailable`/`internal` responses are retried with backoff; any
 * other error ends the round and is returned. Ops are never lost on failure: they stay queued.
 */
export async function syncOnce(
  replica: Replica,
  transport: SyncTransport,
  options: SyncOnceOptions = {},
): Promise<SyncOnceResult> {
  const maxAttempts = options.maxAttempts ?? 5;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const maxPages = options.maxPages ?? 1000;
  const counts = { pushed: 0, rejected: 0, pulled: 0 };
  const done = (error?: SyncOnceError): SyncOnceResult =>
    error
      ? { ok: false, error, ...counts, pending: replica.pendingCount() }
      : { ok: true, ...counts, pending: replica.pendingCount() };

  const attempt = async <R extends { ok: true } | { ok: false; error: SyncError }>(
    call: () => Promise<R>,
  ): Promise<R | { ok: false; error: SyncOnceError }> => {
    let last: SyncOnceError = { code: 'unreachable', message: 'no attempt made' };
    for (let i = 0; i < maxAttempts; i++) {
      if (i > 0) await sleep(nextRetryDelay(i - 1, random()));
      try {
        const res = await call();
        if (res.ok || !RETRYABLE.includes(res.error.code)) return res;
        last = res.error;
      } catch (err) {
        last = { code: 'unreachable', message: err instanceof Error ? err.message : String(err) };
      }
    }
    return { ok: false, error: last };
  };

  replica.recoverClock();
  for (let round = 0; round < maxPages; round++) {
    const batch = replica.takeOutbox();
    if (batch.length === 0) break;
    const res = await attempt(() => transport.push(batch));
    if (!res.ok) return done(res.error);
    const ack = replica.acknowledge(res.acks);
    counts.pushed += ack.acked;
    counts.rejected += ack.rejected;
    // Only transient refusals: try again next round — unless clock recovery re-stamped ops just now.
    if (ack.acked + ack.rejected + ack.restamped === 0) break;
  }

  for (let page = 0; page < maxPages; page++) {
    const res = await attempt(() => transport.pull(replica.cursor()));
    if (!res.ok) return done(res.error);
    if (res.snapshot) {
      const snap = replica.applySnapshot(res.snapshot);
      if (!snap.ok) return done(snap.error);
    }
    counts.pulled += replica.receive(res.ops, res.cursor).applied;
    if (!res.hasMore) break;
  }
  return done();
}

export interface RetryPolicy {
  baseMs: number;
  capMs: number;
}
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 500, capMs: 60_000 };

/**
 * Delay before retry number `attempt` (0 = first retry): exponential, capped, with "equal jitter"
 * — half fixed, half random — so retries never hammer at once and never collapse to zero.
 * `rand` is a number in [0, 1).
 */
export function nextRetryDelay(
  attempt: number,
  rand: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): number {
  const n = Math.max(0, Math.floor(Number.isFinite(attempt) ? attempt : 0));
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(n, 30));
  const r = Math.min(Math.max(Number.isFinite(rand) ? rand : 0, 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}

// ---- internals ----

const PersistedSchema = v.object({
  format: v.literal(1),
  deviceId: DeviceIdSchema,
  seq: v.pipe(v.number(), v.integer(), v.minValue(0)),
  hlc: HlcSchema,
  cursor: v.pipe(v.number(), v.integer(), v.minValue(0)),
  outbox: v.array(v.unknown()),
  rejected: v.array(
    v.object({
      op: v.unknown(),
      error: v.object({ code: v.picklist(SYNC_ERROR_CODES), message: v.string() }),
      at: v.number(),
    }),
  ),
  confirmed: v.unknown(),
  deferred: v.optional(v.array(v.unknown())),
});

function parsePersisted(
  input: unknown,
  { trustConfirmed = false }: { trustConfirmed?: boolean } = {},
): { ok: true; value: PersistedReplica } | { ok: false; message: string } {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (err) {
      return { ok: false, message: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  const base = v.safeParse(PersistedSchema, raw);
  if (!base.success) return { ok: false, message: `replica: ${base.issues[0]?.message ?? 'invalid'}` };
  const p = base.output;
  if (!parseHlc(p.hlc)) return { ok: false, message: 'replica: malformed hlc' };
  const outbox: Op[] = [];
  for (const item of p.outbox) {
    const checked = validateOp(item);
    if (!checked.ok) return { ok: false, message: `replica outbox: ${checked.error.message}` };
    outbox.push(checked.op);
  }
  const rejected: RejectedOp[] = [];
  for (const item of p.rejected) {
    const checked = validateOp(item.op);
    if (!checked.ok) return { ok: false, message: `replica rejected: ${checked.error.message}` };
    rejected.push({ op: checked.op, error: item.error, at: item.at });
  }
  const snap = trustConfirmed ? snapshotShape(p.confirmed) : validateSnapshot(p.confirmed);
  if (!snap.ok) return { ok: false, message: `replica confirmed: ${snap.error.message}` };
  const deferred: ServerOp[] = [];
  for (const item of p.deferred ?? []) {
    const problem = mergeProblem(item);
    if (problem) return { ok: false, message: `replica deferred: ${problem.message}` };
    deferred.push(item as ServerOp);
  }
  return {
    ok: true,
    value: {
      format: 1,
      deviceId: p.deviceId,
      seq: p.seq,
      hlc: p.hlc,
      cursor: p.cursor,
      outbox,
      rejected,
      confirmed: snap.snapshot,
      ...(deferred.length > 0 ? { deferred } : {}),
    },
  };
}

/**
 * The shape of a snapshot sealed by this replica (validated when its ops arrived): the containers
 * are checked, not every record. Only for a sealed store whose checksum matched.
 */
function snapshotShape(input: unknown): { ok: true; snapshot: Snapshot } | { ok: false; error: SyncError } {
  const bad = (message: string) => ({ ok: false as const, error: { code: 'invalidOp' as const, message } });
  const isObject = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObject(input)) return bad('snapshot: not an object');
  const seq = input.serverSeq;
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) return bad('snapshot: serverSeq');
  if (!isObject(input.registers)) return bad('snapshot: registers');
  for (const part of RECORD_STATE_KEYS) {
    const list = input[part];
    if (!Array.isArray(list) || !list.every(isObject)) return bad(`snapshot: ${part}`);
  }
  return { ok: true, snapshot: input as unknown as Snapshot };
}

/** UTF-8 length without TextEncoder (not available on every watch runtime). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function defaultSleep(ms: number): Promise<void> {
  const host = globalThis as unknown as { setTimeout?: (fn: () => void, ms: number) => unknown };
  return new Promise((resolve) => {
    if (host.setTimeout) host.setTimeout(resolve, ms);
    else resolve();
  });
}
