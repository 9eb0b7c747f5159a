import { performance } from 'node:perf_hooks';
import {
  checkProtocolVersion,
  safeParseMessage,
  HttpSyncRequestSchema,
  type HttpSyncResponse,
  hlcDriftMs,
  issueText,
  LIMITS,
  MAX_HLC_DRIFT_MS,
  type Op,
  type OpAck,
  PullRequestSchema,
  type PullResponse,
  PushRequestSchema,
  type PushResponse,
  type ServerOp,
  type Snapshot,
  type SyncError,
  validateParsedOp,
} from '@unknot/stretch-model';
import type { Principal } from '../auth/principal.js';
import { syncError } from '../errors.js';
import type { Logger } from '../logger.js';
import { isStorageFull, type Store, storedOpText } from '../stores/store.js';
import type { DeviceService } from './device.service.js';
import type { MetricsService } from './metrics.service.js';
import { exactOpBytes, measureOp } from './push-size.js';
import { RawJson } from './raw-json.js';
import type { SnapshotService } from './snapshot.service.js';
import type { SocketHub } from './socket-hub.js';
import type { RequestLimits } from './request-limits.js';

export interface SyncServiceOptions {
  /** push and pull limits by principal (in memory, or shared through Redis) */
  limits: RequestLimits;
  now?: () => number;
}

export type Transport = 'socket' | 'http';

/**
 * A pull answer as the server sends it: the snapshot (`PullResponse.snapshot`) as the stored JSON
 * text, which the transports splice into the reply as it is (`serialiseReply`, `spliceRawJsonIn`);
 * the bytes on the wire are those of the parsed snapshot.
 */
export type PullReply =
  | Exclude<PullResponse, { ok: true }>
  | (Omit<Extract<PullResponse, { ok: true }>, 'snapshot'> & { snapshot?: RawJson });
export type HttpSyncReply =
  | Exclude<HttpSyncResponse, { ok: true }>
  | (Omit<Extract<HttpSyncResponse, { ok: true }>, 'snapshot'> & { snapshot?: RawJson });

/** A push that passed the limits: acks so far (null where the op is valid) and the valid ops. */
interface ValidPush {
  ok: true;
  deviceId: string;
  acks: (OpAck | null)[];
  valid: Op[];
  validIndex: number[];
  outboxSize: number | undefined;
}
type CheckedPush = ValidPush | { ok: false; error: SyncError };

/**
 * The one implementation of push and pull. The socket.io gateway and the HTTP controller are
 * thin adapters over it. Order of a push: validate → append durably (store, group commit) →
 * ack → fan out to the user's other sockets.
 */
export class SyncService {
  private readonly limits: RequestLimits;
  private readonly now: () => number;
  private inFlight = 0;
  private drainWaiters: (() => void)[] = [];
  /** Set at shutdown: new pushes are refused (`unavailable`, nothing stored); those in flight finish. */
  private stopping = false;

  constructor(
    private readonly store: Store,
    private readonly hub: SocketHub,
    private readonly devices: DeviceService,
    private readonly snapshots: SnapshotService,
    private readonly metrics: MetricsService,
    private readonly logger: Logger,
    options: SyncServiceOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.limits = options.limits;
  }

  /**
   * Not `async` on purpose: the request is checked synchronously and only the validated ops go
   * on to the part that waits for the store. An async function keeps its arguments alive until
   * it returns, and under load the request's objects would then survive garbage collections
   * while the commit is pending. `request` is a parsed body this push owns (socket.io's or the
   * HTTP parser's): its ops may become the stored ops themselves (`validateParsedOp`).
   */
  push(
    principal: Principal,
    request: unknown,
    transport: Transport,
    originSocketId?: string,
  ): Promise<PushResponse> {
    if (this.stopping) {
      this.metrics.opsRejected.inc({ code: 'unavailable' });
      return Promise.resolve(
        fail('unavailable', 'the server is shutting down; nothing was stored, send it again'),
      );
    }
    const started = performance.now();
    this.inFlight++;
    let checked: CheckedPush;
    try {
      checked = principal.deviceId
        ? this.checkPush(principal.deviceId, request)
        : fail('forbidden', 'state the device id of this replica to push ops');
    } catch (err) {
      checked = { ok: false, error: this.internalError(err, principal) };
    }
    return this.completePush(principal, checked, transport, started, originSocketId);
  }

  private internalError(err: unknown, principal: Principal): SyncError {
    this.logger.error({ err, userId: principal.userId }, 'push failed');
    return syncError('internal', 'the server could not store the ops; retry later');
  }

  private async completePush(
    principal: Principal,
    checked: CheckedPush,
    transport: Transport,
    started: number,
    originSocketId?: string,
  ): Promise<PushResponse> {
    try {
      // limits by who asks, counted for every push, valid or not; a limited push stores nothing
      const limited = await this.limits.take('push', principal);
      const res = limited
        ? { ok: false as const, error: limited }
        : checked.ok
          ? await this.appendAndAnnounce(principal, checked, originSocketId)
          : checked;
      if (!res.ok) this.metrics.opsRejected.inc({ code: res.error.code });
      return res;
    } catch (err) {
      if (isStorageFull(err)) {
        // an operator's problem, not a bug: its own retryable code, a metric and one warning line
        this.metrics.storageFull.inc();
        this.metrics.opsRejected.inc({ code: 'storageFull' });
        this.logger.warn({ err, userId: principal.userId }, 'store is out of space; push refused');
        return {
          ok: false,
          error: syncError(
            'storageFull',
            'the server is out of storage space; your changes are kept and sent again later',
          ),
        };
      }
      this.metrics.opsRejected.inc({ code: 'internal' });
      return { ok: false, error: this.internalError(err, principal) };
    } finally {
      this.metrics.pushSeconds.observe({ transport }, (performance.now() - started) / 1000);
      this.inFlight--;
      if (this.inFlight === 0) for (const wake of this.drainWaiters.splice(0)) wake();
    }
  }

  /** Appends the valid ops durably, then acks and fans out. */
  private async appendAndAnnounce(
    principal: Principal,
    checked: ValidPush,
    originSocketId?: string,
  ): Promise<PushResponse> {
    const { deviceId, acks, valid, validIndex, outboxSize } = checked;

    if (valid.length > 0 && this.devices.needsWebDevice(principal)) {
      const webError = await this.devices.ensureWebDevice(principal);
      if (webError) return { ok: false, error: webError };
    }
    const results = valid.length > 0 ? await this.store.appendOps(principal.userId, valid) : [];
    const fresh: ServerOp[] = [];
    /** the stored text of each fresh op, while the store gave every one (see storedOpText) */
    let texts: string[] | null = [];
    let head = 0;
    let applied = 0;
    let duplicates = 0;
    results.forEach((r, k) => {
      const op = valid[k] as Op;
      const i = validIndex[k] as number;
      if (r.status === 'conflict') {
        acks[i] = reject(
          op.opId,
          'conflictingOpId',
          `opId already used for different content (serverSeq ${r.serverSeq})`,
        );
        return;
      }
      acks[i] = { opId: op.opId, ok: true, serverSeq: r.serverSeq };
      if (r.status === 'applied') {
        applied++;
        // validateParsedOp gave this object to this push alone and the store has serialised it: it becomes
        // the fan-out's ServerOp in place rather than through a copy per op
        const served = op as ServerOp;
        const text = texts ? storedOpText.get(op) : undefined;
        if (text === undefined) texts = null;
        else texts?.push(text);
        served.serverSeq = r.serverSeq;
        fresh.push(served);
        head = Math.max(head, r.serverSeq);
      } else duplicates++;
    });

    // fan out first, straight after the commit; everything below is bookkeeping
    if (fresh.length > 0) {
      // serverSeqs are handed out in request order, so this is nearly always sorted already
      for (let k = 1; k < fresh.length; k++)
        if ((fresh[k] as ServerOp).serverSeq < (fresh[k - 1] as ServerOp).serverSeq) {
          fresh.sort((a, b) => a.serverSeq - b.serverSeq);
          texts = null; // rare (a push holding a retry): serialised as objects then
          break;
        }
      this.hub.publishOps(principal.userId, fresh, originSocketId, texts ?? undefined);
    }
    // one counter update per outcome and push, not per op
    if (applied > 0) this.metrics.opsAcked.inc({ outcome: 'applied' }, applied);
    if (duplicates > 0) this.metrics.opsAcked.inc({ outcome: 'duplicate' }, duplicates);
    for (const ack of acks) if (ack && !ack.ok) this.metrics.opsRejected.inc({ code: ack.error.code });
    if (fresh.length > 0) this.snapshots.noteAppended(principal.userId, head);
    this.devices.recordSync(deviceId, outboxSize);
    return { ok: true, acks: acks as OpAck[] };
  }

  /**
   * The synchronous half of a push: limits, sizes and validation. Returns the acks so far (null
   * where an op is valid), the valid ops and their positions in the request.
   */
  private checkPush(deviceId: string, request: unknown): CheckedPush {
    const body = safeParseMessage(PushRequestSchema, request);
    if (!body.success)
      return fail('invalidOp', `push body must be { ops: [...] }: ${issueText(body.issues)}`);
    const { ops: raw, outboxSize } = body.output;
    if (raw.length > LIMITS.maxOpsPerPush)
      return fail('tooManyOps', `at most ${LIMITS.maxOpsPerPush} ops per push; got ${raw.length}`);

    // Depth first: the size below and everything after walk an op recursively, and an op nested
    // thousands of levels deep would overflow the stack there (a 500 the client retries for ever).
    // Such an op is refused on its own; the rest of the batch goes on.
    // One walk per op gives both; an op is serialised to be measured only when its upper bound
    // is above the limit (see push-size.ts: the decisions are those of measuring every op).
    const measured = raw.map((o) => measureOp(o, LIMITS.maxOpDepth, LIMITS.maxOpBytes));
    const tooDeep = measured.map((m) => m.tooDeep);
    const sizes = measured.map((m, i) =>
      m.tooDeep ? 0 : m.bound > LIMITS.maxOpBytes ? exactOpBytes(raw[i]) : m.bound,
    );
    let total = sizes.reduce((a, b) => a + b, 0);
    if (total > LIMITS.maxPushBytes)
      total = sizes.reduce((a, s, i) => {
        const m = measured[i];
        return a + (m && !m.tooDeep && s === m.bound ? exactOpBytes(raw[i]) : s);
      }, 0);
    if (total > LIMITS.maxPushBytes)
      return fail('opTooLarge', `push is ${total} bytes; at most ${LIMITS.maxPushBytes}`);

    const acks: (OpAck | null)[] = new Array(raw.length).fill(null);
    const valid: Op[] = [];
    const validIndex: number[] = [];
    const now = this.now();
    raw.forEach((input, i) => {
      const opId = opIdOf(input);
      const size = sizes[i] ?? 0;
      if (tooDeep[i]) {
        acks[i] = reject(opId, 'invalidOp', `op nests deeper than ${LIMITS.maxOpDepth} levels`);
        return;
      }
      if (size > LIMITS.maxOpBytes) {
        acks[i] = reject(opId, 'opTooLarge', `op is ${size} bytes; at most ${LIMITS.maxOpBytes}`);
        return;
      }
      const checked = validateParsedOp(input);
      if (!checked.ok) {
        acks[i] = { opId, ok: false, error: checked.error };
        return;
      }
      const op = checked.op;
      if (op.deviceId !== deviceId) {
        acks[i] = reject(op.opId, 'forbidden', `op of device "${op.deviceId}" pushed by "${deviceId}"`);
        return;
      }
      // The core's one drift bound (24 h). Retryable: the device keeps the op and re-stamps it
      // once its clock agrees with ours (see the core's clock recovery), so nothing is lost.
      if (hlcDriftMs(op.hlc, now) > MAX_HLC_DRIFT_MS) {
        acks[i] = reject(
          op.opId,
          'clockAhead',
          `op clock is more than 24 h ahead of the server's (${new Date(now).toISOString()}); check the device's time`,
        );
        return;
      }
      valid.push(op);
      validIndex.push(i);
    });
    return {
      ok: true,
      deviceId,
      acks,
      valid,
      validIndex,
      outboxSize,
    };
  }

  /** A pull answer as a message (the snapshot parsed): for callers in this process. */
  async pull(principal: Principal, request: unknown, allowSnapshot = true): Promise<PullResponse> {
    const reply = await this.pullReply(principal, request, allowSnapshot);
    if (!reply.ok || !reply.snapshot) return reply as PullResponse;
    return { ...reply, snapshot: reply.snapshot.toJSON() as Snapshot };
  }

  /**
   * A pull answer as the transports send it (the snapshot as its stored text, see PullReply).
   * `counted: false` when the pull is the second half of an HTTP sync whose push was counted.
   */
  async pullReply(
    principal: Principal,
    request: unknown,
    allowSnapshot = true,
    counted = true,
  ): Promise<PullReply> {
    try {
      const limited = counted ? await this.limits.take('pull', principal) : null;
      if (limited) return { ok: false, error: limited };
      return await this.pullInner(principal, request, allowSnapshot);
    } catch (err) {
      this.logger.error({ err, userId: principal.userId }, 'pull failed');
      return { ok: false, error: syncError('internal', 'the server could not read the log; retry later') };
    }
  }

  private async pullInner(
    principal: Principal,
    request: unknown,
    allowSnapshot: boolean,
  ): Promise<PullReply> {
    const parsed = safeParseMessage(PullRequestSchema, request);
    if (!parsed.success) {
      const onCursor = parsed.issues[0]?.path?.[0]?.key === 'cursor';
      if (onCursor || typeof request !== 'object' || request === null)
        return fail('badCursor', 'cursor must be a serverSeq (integer ≥ 0)');
      return fail('invalidOp', `pull body: ${issueText(parsed.issues)}`);
    }
    const req = parsed.output;
    const cursor = req.cursor;
    const limit =
      req.limit !== undefined ? Math.min(Math.max(req.limit, 1), LIMITS.maxPullPage) : LIMITS.maxPullPage;
    const userId = principal.userId;
    if (principal.deviceId) this.devices.recordSeen(principal.deviceId);

    // A new replica (cursor 0) gets the persisted snapshot plus the ops after it, which is
    // cheaper than the log it replaces; everyone else pages through the log.
    if (cursor === 0 && allowSnapshot && req.acceptSnapshot !== false) {
      // the stored entries' text, never parsed here: it goes into the reply as it is
      const snapshot = await this.snapshots.latestText(userId);
      if (snapshot && snapshot.serverSeq > 0) {
        const ops = await this.store.readOps(userId, snapshot.serverSeq, limit);
        const next = ops.at(-1)?.serverSeq ?? snapshot.serverSeq;
        const head = await this.store.headSeq(userId);
        return { ok: true, snapshot: new RawJson(snapshot.json), ops, cursor: next, hasMore: next < head };
      }
    }
    const ops = await this.store.readOps(userId, cursor, limit);
    const head = await this.store.headSeq(userId);
    if (cursor > head) return fail('badCursor', `cursor ${cursor} is past the end of the log (${head})`);
    const next = ops.at(-1)?.serverSeq ?? cursor;
    return { ok: true, ops, cursor: next, hasMore: next < head };
  }

  /** POST /v1/sync: push then pull, in one round trip. */
  async httpSync(principal: Principal, request: unknown): Promise<HttpSyncReply> {
    // the version first, so an old or new client hears that rather than "invalid body"
    const version =
      typeof request === 'object' && request !== null
        ? (request as { protocolVersion?: unknown }).protocolVersion
        : undefined;
    const versionError = checkProtocolVersion(version);
    if (versionError) return { ok: false, error: versionError };
    const parsed = safeParseMessage(HttpSyncRequestSchema, request);
    if (!parsed.success) {
      if (parsed.issues[0]?.path?.[0]?.key === 'cursor')
        return fail('badCursor', 'cursor must be a serverSeq (integer ≥ 0)');
      return fail('invalidOp', `sync body: ${issueText(parsed.issues)}`);
    }
    const body = parsed.output;
    const ops = body.ops ?? [];
    let acks: OpAck[] = [];
    if (ops.length > 0) {
      const pushed = await this.push(
        principal,
        body.outboxSize === undefined ? { ops } : { ops, outboxSize: body.outboxSize },
        'http',
      );
      if (!pushed.ok) return pushed;
      acks = pushed.acks;
    }
    // HTTP clients that predate snapshots never get one (they would skip the ops it replaces)
    // a sync that pushed was counted as a push; only a pull-only sync counts as a pull (a counted
    // pull refused after a stored push would hide the acks of ops that were stored)
    const pulled = await this.pullReply(
      principal,
      { cursor: body.cursor },
      body.acceptSnapshot === true,
      ops.length === 0,
    );
    if (!pulled.ok) return pulled;
    const res: HttpSyncReply = {
      ok: true,
      acks,
      ops: pulled.ops,
      cursor: pulled.cursor,
      hasMore: pulled.hasMore,
    };
    if (pulled.snapshot) res.snapshot = pulled.snapshot;
    return res;
  }

  /** Shutdown: from now on every new push is refused with `unavailable`; call `drain` next. */
  stopAccepting(): void {
    this.stopping = true;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Resolves when no push is in flight (graceful shutdown). */
  drain(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }
}

function fail(code: SyncError['code'], message: string): { ok: false; error: SyncError } {
  return { ok: false, error: syncError(code, message) };
}

function reject(opId: string, code: SyncError['code'], message: string): OpAck {
  return { opId, ok: false, error: syncError(code, message) };
}

function opIdOf(input: unknown): string {
  const id = typeof input === 'object' && input !== null ? (input as { opId?: unknown }).opId : undefined;
  return typeof id === 'string' ? id.slice(0, 140) : '';
}
