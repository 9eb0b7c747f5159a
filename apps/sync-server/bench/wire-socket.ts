/**
 * A small socket.io client for the 10,000-socket phase of the benchmark: the socket.io protocol
 * (v5, engine.io v4, WebSocket transport, text packets only) spoken over a plain TCP socket.
 *
 * Why: with socket.io-client every socket cost its fleet about 1.4 ms of CPU to connect (a
 * Manager, engine.io-client and `ws` each), so on 2 cores the clients, not the target, set the
 * connect storm's pace, for the relay as much as for the server. This client does only what the
 * bench needs: the upgrade, the namespace connect with auth, events, acks and answering pings.
 * Both targets get the same client, so the ratio stays a ratio of targets. It is a load
 * generator, not a product client: no reconnection, no binary packets, no fragmented frames.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface WireSocketOptions {
  /** http://host:port */
  url: string;
  /** the socket.io path, e.g. /ws */
  path: string;
  /** the namespace, e.g. /sync */
  namespace: string;
  auth: Record<string, unknown>;
  /** gives up on the handshake after this long */
  timeoutMs: number;
}

type Listener = (data: unknown) => void;

/** The socket.io error a refused namespace connect carries (as socket.io-client's connect_error). */
export class WireConnectError extends Error {
  constructor(
    message: string,
    readonly data: unknown,
  ) {
    super(message);
  }
}

// engine.io packet types (first character) and socket.io packet types (second, in a message)
const EIO_OPEN = '0';
const EIO_CLOSE = '1';
const EIO_PING = '2';
const EIO_PONG = '3';
const EIO_MESSAGE = '4';
const SIO_CONNECT = '0';
const SIO_DISCONNECT = '1';
const SIO_EVENT = '2';
const SIO_ACK = '3';
const SIO_CONNECT_ERROR = '4';

const OP_TEXT = 0x1;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

/** One client frame: FIN, the opcode, masked as RFC 6455 requires of clients. */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const headLen = len < 126 ? 2 : len < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headLen + 4 + len);
  frame[0] = 0x80 | opcode;
  if (len < 126) frame[1] = 0x80 | len;
  else if (len < 65_536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(len, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(len), 2);
  }
  const mask = (Math.random() * 0x1_0000_0000) >>> 0;
  frame.writeUInt32BE(mask, headLen);
  const m = [mask >>> 24, (mask >>> 16) & 255, (mask >>> 8) & 255, mask & 255];
  for (let i = 0; i < len; i++) frame[headLen + 4 + i] = (payload[i] ?? 0) ^ (m[i & 3] ?? 0);
  return frame;
}

export class WireSocket {
  private readonly listeners = new Map<string, Listener[]>();
  private readonly pendingAcks = new Map<number, (response: unknown) => void>();
  private readonly tcp: Socket;
  private nextAckId = 0;
  private closed = false;
  private onConnected: () => void = () => undefined;
  private onRefused: (err: Error) => void = () => undefined;

  /** Starts connecting; listeners added before `connected` settles see the first events. */
  constructor(private readonly options: WireSocketOptions) {
    const url = new URL(options.url);
    this.tcp = connect(Number(url.port), url.hostname);
    this.tcp.setNoDelay(true);
    // a reset after the handshake (a target stopped first) ends in 'close' below; never a throw
    this.tcp.on('error', (err) => this.onRefused(err));
    this.tcp.once('connect', () => {
      const key = randomBytes(16).toString('base64');
      this.tcp.write(
        `GET ${options.path}/?EIO=4&transport=websocket HTTP/1.1\r\n` +
          `Host: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    this.read();
  }

  /** Resolves once the namespace is joined (socket.io's `connect`), rejects as `connect_error`. */
  connected(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('handshake timed out')), this.options.timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        this.close();
        reject(err);
      };
      this.onConnected = () => {
        clearTimeout(timer);
        resolve();
      };
      this.onRefused = fail;
    });
  }

  on(event: string, listener: Listener): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }

  /** Emits an event with one argument and waits for the ack's first argument. */
  emitWithAck(event: string, data: unknown, timeoutMs: number): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('socket closed'));
    const id = this.nextAckId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingAcks.delete(id);
        reject(new Error('operation has timed out'));
      }, timeoutMs);
      this.pendingAcks.set(id, (response) => {
        clearTimeout(timer);
        resolve(response);
      });
      this.sendText(
        `${EIO_MESSAGE}${SIO_EVENT}${this.options.namespace},${id}${JSON.stringify([event, data])}`,
      );
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.tcp.writable) {
      this.sendRaw(OP_TEXT, `${EIO_MESSAGE}${SIO_DISCONNECT}${this.options.namespace},`);
      this.tcp.end(clientFrame(OP_CLOSE, Buffer.alloc(0)));
    }
    // the server closes its side on the close frame; a server that does not is cut off
    setTimeout(() => this.tcp.destroy(), 1000).unref();
    for (const [id, settle] of this.pendingAcks) {
      this.pendingAcks.delete(id);
      settle({ ok: false, error: { code: 'closed', message: 'socket closed' } });
    }
  }

  private sendText(text: string): void {
    if (!this.closed) this.sendRaw(OP_TEXT, text);
  }

  private sendRaw(opcode: number, text: string): void {
    this.tcp.write(clientFrame(opcode, Buffer.from(text)));
  }

  /** Reads the upgrade response, then server frames (unmasked, unfragmented). */
  private read(): void {
    let buf: Buffer = Buffer.alloc(0);
    let upgraded = false;
    this.tcp.on('close', () => {
      // before the namespace connect this refuses it; after, the promise is settled already
      this.onRefused(new Error(upgraded ? 'connection closed' : 'connection closed before the upgrade'));
      this.close();
    });
    this.tcp.on('data', (chunk: Buffer) => {
      buf = buf.length > 0 ? Buffer.concat([buf, chunk]) : chunk;
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const status = buf.subarray(0, buf.indexOf('\r\n')).toString('latin1');
        if (!/^HTTP\/1\.1 101 /.test(status)) {
          this.onRefused(new Error(`upgrade refused: ${status}`));
          return;
        }
        upgraded = true;
        buf = buf.subarray(end + 4);
      }
      for (;;) {
        if (buf.length < 2) return;
        let len = (buf[1] ?? 0) & 0x7f;
        let offset = 2;
        if (len === 126) {
          if (buf.length < 4) return;
          len = buf.readUInt16BE(2);
          offset = 4;
        } else if (len === 127) {
          if (buf.length < 10) return;
          len = Number(buf.readBigUInt64BE(2));
          offset = 10;
        }
        if (buf.length < offset + len) return;
        const opcode = (buf[0] ?? 0) & 0x0f;
        const payload = buf.subarray(offset, offset + len);
        buf = buf.subarray(offset + len);
        if (opcode === OP_TEXT) this.onPacket(payload.toString('utf8'));
        else if (opcode === OP_PING) this.tcp.write(clientFrame(OP_PONG, payload));
        else if (opcode === OP_CLOSE) this.close();
      }
    });
  }

  private onPacket(packet: string): void {
    const eio = packet[0];
    if (eio === EIO_PING) this.sendText(EIO_PONG);
    else if (eio === EIO_OPEN)
      this.sendText(
        `${EIO_MESSAGE}${SIO_CONNECT}${this.options.namespace},${JSON.stringify(this.options.auth)}`,
      );
    else if (eio === EIO_CLOSE) this.close();
    if (eio !== EIO_MESSAGE) return;
    const type = packet[1];
    // "<type>/nsp,<ack id>?<json>"
    let i = 2;
    if (packet[i] === '/') i = packet.indexOf(',', i) + 1;
    let idEnd = i;
    while (idEnd < packet.length && packet.charCodeAt(idEnd) >= 48 && packet.charCodeAt(idEnd) <= 57) idEnd++;
    const id = idEnd > i ? Number(packet.slice(i, idEnd)) : null;
    const json = packet.slice(idEnd);
    const body: unknown = json ? JSON.parse(json) : undefined;
    if (type === SIO_CONNECT) this.onConnected();
    else if (type === SIO_CONNECT_ERROR) {
      const message = (body as { message?: unknown } | undefined)?.message;
      this.onRefused(new WireConnectError(typeof message === 'string' ? message : 'refused', body));
    } else if (type === SIO_EVENT && Array.isArray(body)) {
      const [event, data] = body as [string, unknown];
      for (const l of this.listeners.get(event) ?? []) l(data);
    } else if (type === SIO_ACK && id !== null && Array.isArray(body)) {
      const settle = this.pendingAcks.get(id);
      this.pendingAcks.delete(id);
      settle?.(body[0]);
    } else if (type === SIO_DISCONNECT) this.close();
  }
}
