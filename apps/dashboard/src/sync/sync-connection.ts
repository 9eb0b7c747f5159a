import type { Socket } from 'socket.io-client';
import {
  type ClientToServerEvents,
  ConnectErrorDataSchema,
  type Op,
  OpsEventSchema,
  PROTOCOL_VERSION,
  type PullResponse,
  PullResponseSchema,
  type PushResponse,
  PushResponseSchema,
  parseMessage,
  type Replica,
  ReadyEventSchema,
  RevokedEventSchema,
  type ServerToClientEvents,
  SOCKET_EVENTS,
  SOCKET_PATH,
  type SocketAuth,
  SYNC_NAMESPACE,
  type SyncError,
  type SyncTransport,
  syncOnce,
} from '../core';

export type ConnectionStatus = 'connecting' | 'syncing' | 'online' | 'offline';

export interface ConnectionSnapshot {
  status: ConnectionStatus;
  /** Local edits not yet acknowledged by the server. */
  pending: number;
  /** Local edits the server refused for good (shown, never silently dropped). */
  rejected: number;
  lastSyncedAt: number | null;
  /** The last problem worth telling the person about, or null. */
  error: SyncError | { code: 'unreachable'; message: string } | null;
}

export interface SyncConnection {
  snapshot(): ConnectionSnapshot;
  subscribe(listener: () => void): () => void;
  /** Runs a push + pull round now (coalesced with one already running). */
  syncNow(): void;
  close(): void;
}

export type SyncSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface SyncConnectionOptions {
  replica: Replica;
  /** Fresh token for every (re)connect: Firebase ID tokens expire hourly. */
  getToken: () => Promise<string | null>;
  /** Page origin by default; the sync server serves the dashboard itself. */
  origin?: string;
  now: () => number;
  /** The server refused this user's credentials (expired/revoked): sign out. */
  onAuthLost: (error: SyncError) => void;
  /**
   * Tests swap in their own socket. Without one, socket.io-client is imported on demand, after
   * the first render: it is not part of the initial JS, and the replica shows its data meanwhile.
   */
  openSocket?: (origin: string, auth: (cb: (data: SocketAuth) => void) => void) => SyncSocket;
}

const ACK_TIMEOUT_MS = 15_000;

/** A server answer parsed with its core schema; a malformed one fails the request (retried). */
function parsed<T>(schema: Parameters<typeof parseMessage<T>>[0], what: string) {
  return (input: unknown): T => {
    const res = parseMessage(schema, input, what);
    if (!res.ok) throw new Error(res.error.message);
    return res.value;
  };
}
const asPushResponse = parsed<PushResponse>(PushResponseSchema, 'push answer');
const asPullResponse = parsed<PullResponse>(PullResponseSchema, 'pull answer');
const AUTH_LOST: readonly string[] = ['unauthenticated', 'deviceRevoked', 'forbidden'];

async function defaultOpenSocket(
  origin: string,
  auth: (cb: (data: SocketAuth) => void) => void,
): Promise<SyncSocket> {
  const { io } = await import('socket.io-client');
  return io(`${origin}${SYNC_NAMESPACE}`, {
    path: SOCKET_PATH,
    auth: auth as (cb: (data: object) => void) => void,
    transports: ['websocket'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 10_000,
  });
}

/**
 * One socket.io connection per signed-in tab, driving the replica: on `ready` it pushes the
 * outbox and pulls from the cursor; live `ops` are folded in at once; local edits are pushed as
 * soon as they are recorded, or on the next reconnect when offline. The replica persists itself,
 * so nothing queued is lost across reloads.
 */
export function createSyncConnection(options: SyncConnectionOptions): SyncConnection {
  const { replica, now } = options;
  const listeners = new Set<() => void>();
  let status: ConnectionStatus = 'connecting';
  let ready = false;
  let running = false;
  let again = false;
  let lastSyncedAt: number | null = null;
  let error: ConnectionSnapshot['error'] = null;
  let snap: ConnectionSnapshot = build();

  function build(): ConnectionSnapshot {
    return {
      status,
      pending: replica.pendingCount(),
      rejected: replica.rejected().length,
      lastSyncedAt,
      error,
    };
  }
  function emit() {
    const next = build();
    if (
      next.status === snap.status &&
      next.pending === snap.pending &&
      next.rejected === snap.rejected &&
      next.lastSyncedAt === snap.lastSyncedAt &&
      next.error === snap.error
    )
      return;
    snap = next;
    for (const l of [...listeners]) l();
  }

  const authData = (cb: (data: SocketAuth) => void) => {
    options.getToken().then(
      (token) =>
        cb({
          protocolVersion: PROTOCOL_VERSION,
          kind: 'user',
          token: token ?? '',
          deviceId: replica.deviceId,
        }),
      () => cb({ protocolVersion: PROTOCOL_VERSION, kind: 'user', token: '', deviceId: replica.deviceId }),
    );
  };
  const origin = options.origin ?? window.location.origin;
  let socket: SyncSocket | null = null;
  let closed = false;

  const transport: SyncTransport = {
    push(ops: Op[]): Promise<PushResponse> {
      if (!socket?.connected) return Promise.reject(new Error('offline'));
      return socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck(SOCKET_EVENTS.push, { ops, outboxSize: replica.pendingCount() })
        .then(asPushResponse);
    },
    pull(cursor: number): Promise<PullResponse> {
      if (!socket?.connected) return Promise.reject(new Error('offline'));
      return socket.timeout(ACK_TIMEOUT_MS).emitWithAck(SOCKET_EVENTS.pull, { cursor }).then(asPullResponse);
    },
  };

  async function run() {
    if (!ready) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        status = 'syncing';
        emit();
        const res = await syncOnce(replica, transport, { maxAttempts: 2 });
        if (!ready) break;
        if (res.ok) {
          lastSyncedAt = now();
          error = null;
        } else {
          error = res.error;
          if (AUTH_LOST.includes(res.error.code)) options.onAuthLost(res.error as SyncError);
        }
      } while (again && ready);
    } finally {
      running = false;
      status = socket?.connected && ready ? 'online' : 'offline';
      emit();
    }
  }

  function attach(sock: SyncSocket) {
    socket = sock;
    sock.on('connect', () => {
      status = 'syncing';
      emit();
    });
    sock.on(SOCKET_EVENTS.ready, (ev: unknown) => {
      if (!parseMessage(ReadyEventSchema, ev, 'ready').ok) return;
      ready = true;
      void run();
    });
    sock.on(SOCKET_EVENTS.ops, (raw: unknown) => {
      const event = parseMessage(OpsEventSchema, raw, 'ops event');
      if (!event.ok) return;
      const ev = event.value;
      const before = replica.cursor();
      replica.receive(ev.ops);
      const newest = ev.ops.reduce((m, op) => Math.max(m, op.serverSeq), before);
      // A gap (an op we have not seen yet, such as our own push echoing later) is filled by a pull.
      if (replica.cursor() < newest) void run();
    });
    sock.on(SOCKET_EVENTS.revoked, (raw: unknown) => {
      const revoked = parseMessage(RevokedEventSchema, raw, 'revoked');
      const err: SyncError = revoked.ok ? revoked.value : { code: 'unauthenticated', message: 'signed out' };
      ready = false;
      error = err;
      status = 'offline';
      emit();
      options.onAuthLost(err);
    });
    sock.on('disconnect', () => {
      ready = false;
      status = 'offline';
      emit();
    });
    sock.on('connect_error', (err: Error & { data?: unknown }) => {
      ready = false;
      status = 'offline';
      const data = parseMessage(ConnectErrorDataSchema, err.data, 'connect_error data');
      error = data.ok ? data.value : { code: 'unreachable', message: err.message };
      emit();
      if (data.ok && AUTH_LOST.includes(data.value.code)) {
        sock.disconnect();
        options.onAuthLost(data.value);
      }
    });
  }
  if (options.openSocket) attach(options.openSocket(origin, authData));
  else
    void defaultOpenSocket(origin, authData).then(
      (sock) => {
        if (closed) sock.disconnect();
        else attach(sock);
      },
      (e: unknown) => {
        // the chunk did not load (offline without the service worker's cache): stay offline
        status = 'offline';
        error = { code: 'unreachable', message: String(e) };
        emit();
      },
    );

  // Local edits: push as soon as they are queued; otherwise just refresh the pending count.
  let lastPending = replica.pendingCount();
  const unsubscribe = replica.subscribe(() => {
    const pending = replica.pendingCount();
    if (pending > lastPending && ready) void run();
    lastPending = pending;
    emit();
  });

  return {
    snapshot: () => snap,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    syncNow: () => void run(),
    close() {
      ready = false;
      closed = true;
      unsubscribe();
      socket?.removeAllListeners();
      socket?.disconnect();
    },
  };
}
