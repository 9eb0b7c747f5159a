import { type OpsEvent, type ServerOp, SOCKET_EVENTS, type SyncError } from '@unknot/stretch-model';
import type { Namespace } from 'socket.io';
import { RawJson } from './raw-json.js';

export const userRoom = (userId: string) => `user:${userId}`;
/** a device's sockets, keyed by user as well: one user's replica id never reaches another's sockets */
export const deviceRoom = (userId: string, deviceId: string) => `device:${userId}:${deviceId}`;
/** the sockets of one signed-in session */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/**
 * The sockets of one credential, for the per-credential cap: a paired device's room, or a
 * session's. A room of its own would hold the same sockets (a device credential is one device of
 * one user; a user token is one session) and cost a Set and a join per socket.
 */
export const credentialRoom = (data: Pick<SocketData, 'userId' | 'deviceId' | 'kind' | 'sessionId'>) =>
  data.kind === 'device' || !data.sessionId
    ? deviceRoom(data.userId, data.deviceId)
    : sessionRoom(data.sessionId);
/** every socket of the user that signed in with a user token (not paired devices) */
export const signedInRoom = (userId: string) => `signed-in:${userId}`;

export interface SocketData {
  userId: string;
  deviceId: string;
  kind: 'user' | 'device';
  /** the session behind a user token; '' for paired devices */
  sessionId: string;
}

/**
 * The services' window onto connected sockets: fan-out of live ops, revocation, presence.
 * Works through the socket.io adapter, so with Redis it reaches sockets on every instance.
 */
export class SocketHub {
  private namespace: Namespace | null = null;
  /**
   * Fan-out events go out as the ops' stored text (a RawJson the gateway's encoder splices in)
   * when the texts are given. Only with the in-memory adapter: the Redis adapter hands packets to
   * other instances through its own serialiser, which knows no RawJson (set by server.ts).
   */
  spliceFanOut = false;
  /**
   * One instance, the in-memory adapter (set by server.ts): a room's sockets are all in this
   * process, so the socket cap counts them without a fetchSockets round (~6 µs a handshake).
   */
  singleInstance = false;

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  /**
   * Sends ops to every socket of the user except the one that pushed them. `texts[i]`: the
   * stored JSON text of `ops[i]` without its serverSeq (`opJson`), when the store has it.
   */
  publishOps(userId: string, ops: ServerOp[], exceptSocketId?: string, texts?: readonly string[]): void {
    if (!this.namespace || ops.length === 0) return;
    const event: OpsEvent =
      this.spliceFanOut && texts && texts.length === ops.length
        ? (opsEventText(ops, texts) as unknown as OpsEvent)
        : { ops };
    const target = this.namespace.to(userRoom(userId));
    (exceptSocketId ? target.except(exceptSocketId) : target).emit(SOCKET_EVENTS.ops, event);
  }

  /** Tells the device's sockets why, then closes them. */
  disconnectDevice(userId: string, deviceId: string, reason: SyncError): void {
    this.disconnectRoom(deviceRoom(userId, deviceId), reason);
  }

  /**
   * Keeps at most `max` open sockets of a credential, on every instance: the oldest beyond go
   * (closed without `revoked`, which would sign a browser out; socket.io clients do not reconnect
   * after a server-side disconnect). Returns how many were closed.
   */
  async trimCredential(room: string, max: number): Promise<number> {
    if (!this.namespace) return 0;
    if (this.singleInstance && (this.namespace.adapter.rooms.get(room)?.size ?? 0) <= max) return 0;
    let sockets: Awaited<ReturnType<Namespace['fetchSockets']>>;
    try {
      sockets = await this.namespace.in(room).fetchSockets();
    } catch {
      return 0; // another instance did not answer in time: try again on the next connect
    }
    if (sockets.length <= max) return 0;
    const oldest = [...sockets]
      .sort((a, b) => a.handshake.issued - b.handshake.issued || (a.id < b.id ? -1 : 1))
      .slice(0, sockets.length - max);
    for (const s of oldest) s.disconnect(true);
    return oldest.length;
  }

  /** Tells the sockets of a session why, then closes them (it was signed out). */
  disconnectSession(sessionId: string, reason: SyncError): void {
    this.disconnectRoom(sessionRoom(sessionId), reason);
  }

  /** Closes every signed-in (user token) socket of the user; paired devices stay. */
  disconnectUserSessions(userId: string, reason: SyncError): void {
    this.disconnectRoom(signedInRoom(userId), reason);
  }

  private disconnectRoom(room: string, reason: SyncError): void {
    if (!this.namespace) return;
    this.namespace.to(room).emit(SOCKET_EVENTS.revoked, reason);
    this.namespace.in(room).disconnectSockets(true);
  }

  /** Device ids of the user with at least one open socket on any instance. */
  async connectedDevices(userId: string): Promise<Set<string>> {
    if (!this.namespace) return new Set();
    try {
      const sockets = await this.namespace.in(userRoom(userId)).fetchSockets();
      return new Set(sockets.map((s) => (s.data as SocketData).deviceId));
    } catch {
      // another instance did not answer in time: presence is best effort
      return new Set();
    }
  }
}

/**
 * `{ ops }` as JSON text from the ops' stored text: each op's text with its serverSeq added last,
 * the bytes `JSON.stringify` writes for the ServerOp (the op as validated, then `serverSeq`; a
 * register value's keys in canonical order). Serialised once, for the store, instead of twice.
 */
export function opsEventText(ops: readonly ServerOp[], texts: readonly string[]): RawJson {
  let out = '{"ops":[';
  for (let i = 0; i < ops.length; i++) {
    const text = texts[i] as string;
    if (i > 0) out += ',';
    out += `${text.slice(0, -1)},"serverSeq":${(ops[i] as ServerOp).serverSeq}}`;
  }
  return new RawJson(`${out}]}`);
}
