import { Inject } from '@nestjs/common';
import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  WebSocketGateway,
} from '@nestjs/websockets';
import {
  type ClientToServerEvents,
  checkProtocolVersion,
  type ConnectErrorData,
  LIMITS,
  type ReadyEvent,
  type ServerToClientEvents,
  PROTOCOL_VERSION,
  SOCKET_EVENTS,
  safeParseMessage,
  SOCKET_PATH,
  SocketAuthSchema,
  SYNC_NAMESPACE,
  type SyncError,
} from '@unknot/stretch-model';
import type { Namespace, Socket } from 'socket.io';
import type { Principal } from '../auth/principal.js';
import { syncError } from '../errors.js';
import { spliceRawJsonIn } from '../services/raw-json.js';
import type { Services } from '../services/services.js';
import {
  credentialRoom,
  deviceRoom,
  type SocketData,
  sessionRoom,
  signedInRoom,
  userRoom,
} from '../services/socket-hub.js';
import { SERVICES } from '../tokens.js';

type SyncSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * socket.io adapter over SyncService. Authentication and the protocol version are checked in
 * namespace middleware, so a refused socket never reaches an event handler; the refusal is a
 * `connect_error` whose `data` is `{ code, message }`.
 */
@WebSocketGateway({
  namespace: SYNC_NAMESPACE,
  path: SOCKET_PATH,
  // no CORS: the dashboard is same-origin; `admit` refuses any other browser origin (typed)
  // room above the 1 MiB push limit, so an oversized push gets a typed `opTooLarge` answer;
  // only frames beyond 4 MiB make socket.io drop the connection
  maxHttpBufferSize: 4 * LIMITS.maxPushBytes,
  pingInterval: 20_000,
  pingTimeout: 20_000,
})
export class SyncGateway
  implements OnGatewayInit<Namespace>, OnGatewayConnection<SyncSocket>, OnGatewayDisconnect<SyncSocket>
{
  private readonly expiryTimers = new Map<string, NodeJS.Timeout>();

  constructor(@Inject(SERVICES) private readonly services: Services) {}

  afterInit(namespace: Namespace): void {
    // a new device's snapshot goes out as the stored text (see RawJson)
    spliceRawJsonIn(namespace.server.encoder);
    this.services.hub.attach(namespace);
    namespace.use((socket, next) => {
      this.admit(socket as SyncSocket).then(
        (error) => {
          if (!error) return next();
          const err = new Error(error.message) as Error & { data: ConnectErrorData };
          err.data = { code: error.code, message: error.message };
          next(err);
        },
        (cause: unknown) => {
          this.services.logger.error({ err: cause }, 'socket handshake failed');
          const err = new Error('internal error') as Error & { data: ConnectErrorData };
          err.data = { code: 'internal', message: 'internal error' };
          next(err);
        },
      );
    });
  }

  /** Checks version and credential; stores the principal on the socket. */
  private async admit(socket: SyncSocket): Promise<SyncError | null> {
    const { origin, host } = socket.handshake.headers;
    const originError = this.services.origins.check(origin, host);
    if (originError) return originError;
    const auth = socket.handshake.auth as Record<string, unknown>;
    const versionError = checkProtocolVersion(auth?.protocolVersion);
    if (versionError) return versionError;
    const parsed = safeParseMessage(SocketAuthSchema, auth);
    const cred = parsed.success ? parsed.output : null;
    if (!cred)
      return syncError('unauthenticated', 'handshake auth must carry a user token or device credential');
    const res = await this.services.auth.authenticate(cred);
    if (!res.ok) return res.error;
    const p = res.principal;
    socket.data = {
      userId: p.userId,
      deviceId: p.deviceId ?? '',
      kind: p.kind,
      sessionId: p.sessionId ?? '',
    };
    if (p.expiresAt !== null) this.scheduleExpiry(socket, p.expiresAt);
    return null;
  }

  private scheduleExpiry(socket: SyncSocket, expiresAt: number): void {
    // setTimeout overflows past ~24.8 days; a token lives far shorter
    const delay = Math.min(Math.max(expiresAt - Date.now(), 0), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      socket.emit(SOCKET_EVENTS.revoked, syncError('unauthenticated', 'session expired; sign in again'));
      socket.disconnect(true);
    }, delay);
    timer.unref();
    this.expiryTimers.set(socket.id, timer);
  }

  async handleConnection(socket: SyncSocket): Promise<void> {
    const { userId, deviceId } = socket.data;
    if (!userId) return;
    // Listeners go on before the first await, so nothing sent right after connect is missed.
    // They are plain socket.io listeners rather than Nest @SubscribeMessage handlers: Nest's
    // per-message pipeline (param factories, an rxjs chain per event) cost as much CPU per push as
    // the sync service itself, and none of its features (guards, pipes, filters) is used here.
    const principal = this.principalOf(socket);
    socket.on(SOCKET_EVENTS.push, (...args: unknown[]) =>
      this.answer(args, (body) => this.services.sync.push(principal, body, 'socket', socket.id)),
    );
    socket.on(SOCKET_EVENTS.pull, (...args: unknown[]) =>
      this.answer(args, (body) => this.services.sync.pullReply(principal, body)),
    );
    const { sessionId } = socket.data;
    const rooms = [userRoom(userId), deviceRoom(userId, deviceId)];
    await socket.join(sessionId ? [...rooms, sessionRoom(sessionId), signedInRoom(userId)] : rooms);
    // one credential holds at most socketsPerCredential sockets: a new one closes the oldest
    void this.services.hub.trimCredential(
      credentialRoom(socket.data),
      this.services.limits.policy.socketsPerCredential,
    );
    this.services.metrics.connectedSockets.inc();
    this.services.devices.recordSeen(deviceId);
    const ready: ReadyEvent = {
      userId,
      deviceId,
      serverSeq: await this.services.store.headSeq(userId),
      protocolVersion: PROTOCOL_VERSION,
    };
    socket.emit(SOCKET_EVENTS.ready, ready);
  }

  handleDisconnect(socket: SyncSocket): void {
    if (!socket.data?.userId) return;
    this.services.metrics.connectedSockets.dec();
    const timer = this.expiryTimers.get(socket.id);
    if (timer) clearTimeout(timer);
    this.expiryTimers.delete(socket.id);
  }

  /**
   * Runs a request and answers through the socket.io acknowledgement, with Nest's argument rules:
   * a trailing function is the ack; one other argument is the body, several are an array of them.
   * SyncService answers every failure with a typed error, so the handler never rejects.
   */
  private answer(args: unknown[], handle: (body: unknown) => Promise<unknown>): void {
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as (response: unknown) => void) : null;
    const data = ack ? args.slice(0, -1) : args;
    const body = data.length <= 1 ? data[0] : data;
    handle(body).then(
      (response) => ack?.(response),
      (err: unknown) => this.services.logger.error({ err }, 'socket request failed'),
    );
  }

  private principalOf(socket: SyncSocket): Principal {
    const { userId, deviceId, kind, sessionId } = socket.data;
    return sessionId
      ? { userId, deviceId, kind, expiresAt: null, sessionId }
      : { userId, deviceId, kind, expiresAt: null };
  }
}
