/**
 * The devices of a schedule: the real core replica (`createReplica` + `syncOnce`) behind a real
 * transport, with the faulty link in between.
 * - watch: the watch as its phone relays it — HTTP `POST /v1/sync` with the device credential the
 *   phone got by pairing (push + first pull page in one round trip, as the side service does).
 * - web: the dashboard — socket.io `/sync` with a user session token and its own `web-…` replica
 *   id; live `ops` events are folded in as they arrive (through the link's live faults).
 * Each device's clock is `simulated time + its skew`; its replica persists to an in-memory
 * string store after every change, so "the app restarts" is rebuilding the replica from it.
 */
import {
  type ClientToServerEvents,
  createReplica,
  HTTP_ROUTES,
  type HttpSyncRequest,
  type HttpSyncResponse,
  type Op,
  type OpAck,
  type OpsEvent,
  PROTOCOL_VERSION,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type Replica,
  type ReplicaStorage,
  type ServerToClientEvents,
  SOCKET_PATH,
  type SocketAuth,
  SYNC_NAMESPACE,
  type SyncOnceResult,
  type SyncTransport,
  syncOnce,
} from '@unknot/stretch-model';
import { io, type Socket } from 'socket.io-client';
import type { FaultyLink } from './link.js';

export class SimClock {
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += Math.max(0, Math.round(ms));
  }
}

class MemoryStorage implements ReplicaStorage {
  private value: string | null = null;
  get(): string | null {
    return this.value;
  }
  set(value: string): void {
    this.value = value;
  }
}

/** Every ack any device saw: an opId must always be acked with the same serverSeq. */
export class AckLedger {
  readonly seqByOpId = new Map<string, number>();
  readonly problems: string[] = [];
  note(acks: readonly OpAck[]): void {
    for (const ack of acks) {
      if (!ack.ok) continue;
      const before = this.seqByOpId.get(ack.opId);
      if (before === undefined) this.seqByOpId.set(ack.opId, ack.serverSeq);
      else if (before !== ack.serverSeq)
        this.problems.push(`op ${ack.opId} acked with serverSeq ${before} and later ${ack.serverSeq}`);
    }
  }
}

export interface DeviceContext {
  baseUrl: () => string;
  sim: SimClock;
  acks: AckLedger;
}

export interface Device {
  readonly index: number;
  readonly kind: 'watch' | 'web';
  readonly deviceId: string;
  readonly link: FaultyLink;
  skewMs: number;
  replica: Replica;
  now(): number;
  sync(): Promise<SyncOnceResult>;
  /** the app is killed and started again: the replica is rebuilt from its persisted form */
  restartApp(): void;
  /** the connection (if any) is gone, e.g. the device went offline */
  dropConnection(): void;
  close(): void;
}

const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function withAckLedger(transport: SyncTransport, acks: AckLedger): SyncTransport {
  return {
    async push(ops: Op[]): Promise<PushResponse> {
      const res = await transport.push(ops);
      if (res.ok) acks.note(res.acks);
      return res;
    },
    pull: (cursor) => transport.pull(cursor),
  };
}

abstract class BaseDevice implements Device {
  replica: Replica;
  protected readonly storage = new MemoryStorage();
  abstract readonly kind: 'watch' | 'web';
  protected abstract transport: SyncTransport;

  constructor(
    readonly index: number,
    readonly deviceId: string,
    readonly link: FaultyLink,
    public skewMs: number,
    protected readonly ctx: DeviceContext,
  ) {
    this.replica = this.openReplica();
  }

  protected openReplica(): Replica {
    return createReplica({ deviceId: this.deviceId, now: () => this.now(), storage: this.storage });
  }

  now(): number {
    return this.ctx.sim.now() + this.skewMs;
  }

  sync(): Promise<SyncOnceResult> {
    return syncOnce(this.replica, withAckLedger(this.transport, this.ctx.acks), {
      maxAttempts: 4,
      sleep: yieldNow,
      random: () => 0.5,
    });
  }

  restartApp(): void {
    this.dropConnection();
    this.replica = this.openReplica();
  }

  dropConnection(): void {}
  close(): void {
    this.dropConnection();
  }
}

/** The watch, synced by its phone over HTTP with a device credential. */
export class WatchDevice extends BaseDevice {
  readonly kind = 'watch' as const;
  protected transport: SyncTransport;

  constructor(
    index: number,
    credential: { deviceId: string; secret: string },
    link: FaultyLink,
    skewMs: number,
    ctx: DeviceContext,
  ) {
    super(index, credential.deviceId, link, skewMs, ctx);
    const authorization = `Device ${credential.deviceId}:${credential.secret}`;
    const post = async (body: HttpSyncRequest): Promise<HttpSyncResponse> => {
      const res = await fetch(`${ctx.baseUrl()}${HTTP_ROUTES.sync}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      try {
        return JSON.parse(text) as HttpSyncResponse;
      } catch {
        throw new Error(`POST /v1/sync: HTTP ${res.status} ${text.slice(0, 200)}`);
      }
    };
    const send = link.channel('http', post);
    // Like the side service: one round trip pushes and returns the first pull page, which the
    // pull that follows uses instead of asking again.
    let prefetched: { cursor: number; response: PullResponse } | null = null;
    const call = (ops: Op[], cursor: number) =>
      send({
        protocolVersion: PROTOCOL_VERSION,
        ops,
        cursor,
        outboxSize: this.replica.pendingCount(),
        acceptSnapshot: cursor === 0,
      });
    const toPull = (res: HttpSyncResponse & { ok: true }): PullResponse => ({
      ok: true,
      ops: res.ops,
      cursor: res.cursor,
      hasMore: res.hasMore,
      ...(res.snapshot ? { snapshot: res.snapshot } : {}),
    });
    this.transport = {
      push: async (ops) => {
        const from = this.replica.cursor();
        prefetched = null;
        const res = await call(ops, from);
        if (!res.ok) return res;
        prefetched = { cursor: from, response: toPull(res) };
        return { ok: true, acks: res.acks };
      },
      pull: async (from) => {
        const page = prefetched;
        prefetched = null;
        if (page && page.cursor === from) return page.response;
        const res = await call([], from);
        return res.ok ? toPull(res) : res;
      },
    };
  }
}

type SyncSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The dashboard: socket.io with a user token and its own `web-…` replica id. */
export class WebDevice extends BaseDevice {
  readonly kind = 'web' as const;
  protected transport: SyncTransport;
  private socket: SyncSocket | null = null;

  constructor(
    index: number,
    deviceId: string,
    private readonly token: string,
    link: FaultyLink,
    skewMs: number,
    ctx: DeviceContext,
  ) {
    super(index, deviceId, link, skewMs, ctx);
    const push = link.channel('push', (req: PushRequest & { outboxSize?: number }) =>
      this.emit<PushResponse>('push', req),
    );
    const pull = link.channel('pull', (req: PullRequest) => this.emit<PullResponse>('pull', req));
    this.transport = {
      push: (ops) => push({ ops, outboxSize: this.replica.pendingCount() }),
      pull: (cursor) => pull({ cursor, acceptSnapshot: cursor === 0 }),
    };
  }

  private connect(): Promise<SyncSocket> {
    const auth: SocketAuth = {
      protocolVersion: PROTOCOL_VERSION,
      kind: 'user',
      token: this.token,
      deviceId: this.deviceId,
    };
    const socket: SyncSocket = io(`${this.ctx.baseUrl()}${SYNC_NAMESPACE}`, {
      path: SOCKET_PATH,
      auth,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 5000,
    });
    socket.on('ops', (ev: OpsEvent) => {
      if (this.socket !== socket) return;
      this.link.live(() => {
        this.replica.receive(ev.ops);
      });
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.close();
        reject(new Error('socket: no ready in 5 s'));
      }, 5000);
      socket.once('connect_error', (err: Error) => {
        clearTimeout(timer);
        socket.close();
        reject(new Error(`socket: ${err.message}`));
      });
      socket.once('ready', () => {
        clearTimeout(timer);
        resolve(socket);
      });
    });
  }

  private async emit<Res>(event: 'push' | 'pull', payload: PushRequest | PullRequest): Promise<Res> {
    if (!this.socket?.connected) {
      this.socket?.close();
      this.socket = null;
      this.socket = await this.connect();
    }
    const socket = this.socket;
    return new Promise<Res>((resolve, reject) => {
      const onDisconnect = (reason: string) => reject(new Error(`socket disconnected: ${reason}`));
      socket.once('disconnect', onDisconnect);
      const done = (fn: () => void) => {
        socket.off('disconnect', onDisconnect);
        fn();
      };
      const call =
        event === 'push'
          ? socket.timeout(8000).emitWithAck('push', payload as PushRequest)
          : socket.timeout(8000).emitWithAck('pull', payload as PullRequest);
      (call as Promise<Res>).then(
        (res) => done(() => resolve(res)),
        (err: unknown) => done(() => reject(err instanceof Error ? err : new Error(String(err)))),
      );
    });
  }

  override dropConnection(): void {
    this.socket?.close();
    this.socket = null;
  }
}
