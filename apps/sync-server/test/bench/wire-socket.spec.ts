import { createServer, type Server as HttpServer } from 'node:http';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WireConnectError, WireSocket } from '../../bench/wire-socket.js';

// The bench's light client must speak socket.io as a real server hears it, or the 10,000-socket
// numbers measure nothing: a real socket.io server on loopback, checked from its side too.

let http: HttpServer;
let io: Server;
let url: string;
const disconnects: string[] = [];

beforeEach(async () => {
  disconnects.length = 0;
  http = createServer();
  // pings every 40 ms, 40 ms to answer: a client that does not answer is dropped within 0.1 s
  io = new Server(http, { path: '/ws', pingInterval: 40, pingTimeout: 40, maxHttpBufferSize: 1e6 });
  const nsp = io.of('/sync');
  nsp.use((socket, next) => {
    if ((socket.handshake.auth as { token?: unknown }).token === 'good') return next();
    const err = new Error('no entry') as Error & { data: unknown };
    err.data = { code: 'unauthenticated', message: 'no entry' };
    next(err);
  });
  nsp.on('connection', (socket) => {
    socket.emit('ready', { hello: socket.handshake.auth });
    socket.on('echo', (body: unknown, ack: (r: unknown) => void) => ack({ got: body }));
    socket.on('shout', (body: string) => socket.emit('ops', { ops: [], heard: body.length }));
    socket.on('disconnect', (reason) => disconnects.push(reason));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((r) => io.close(() => r()));
});

const open = (auth: Record<string, unknown>) =>
  new WireSocket({ url, path: '/ws', namespace: '/sync', auth, timeoutMs: 2000 });

describe('the bench wire client against a real socket.io server', () => {
  it('joins the namespace with its auth, gets the first event, and is answered through acks', async () => {
    const socket = open({ token: 'good', n: 1 });
    const ready = new Promise((r) => socket.on('ready', r));
    await socket.connected();
    expect(await ready).toEqual({ hello: { token: 'good', n: 1 } });
    expect(await socket.emitWithAck('echo', { a: 'ü' }, 1000)).toEqual({ got: { a: 'ü' } });
    // a 16-bit and a 64-bit frame length each way
    const mid = 'x'.repeat(1000);
    const big = 'y'.repeat(100_000);
    expect(await socket.emitWithAck('echo', mid, 1000)).toEqual({ got: mid });
    expect(await socket.emitWithAck('echo', big, 1000)).toEqual({ got: big });
    socket.close();
  });

  it('answers the server’s pings, so it stays connected well past the ping timeout', async () => {
    const socket = open({ token: 'good' });
    await socket.connected();
    await new Promise((r) => setTimeout(r, 400));
    expect(disconnects).toEqual([]);
    expect(await socket.emitWithAck('echo', 1, 1000)).toEqual({ got: 1 });
    socket.close();
    await expect.poll(() => disconnects).toEqual(['client namespace disconnect']);
  });

  it('refuses as connect_error with the server’s data, and gives up on a silent port', async () => {
    const refused = open({ token: 'bad' });
    const err = await refused.connected().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WireConnectError);
    expect((err as WireConnectError).message).toBe('no entry');
    expect((err as WireConnectError).data).toMatchObject({ data: { code: 'unauthenticated' } });

    // a port that takes the connection and never answers the upgrade
    const held: Socket[] = [];
    const silent = createNetServer((c) => held.push(c));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const hung = new WireSocket({
      url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      path: '/ws',
      namespace: '/sync',
      auth: {},
      timeoutMs: 200,
    });
    await expect(hung.connected()).rejects.toThrow('handshake timed out');
    for (const c of held) c.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  });

  it('an ack that never comes times out; a server event carries its data', async () => {
    const socket = open({ token: 'good' });
    await socket.connected();
    await expect(socket.emitWithAck('nobody-answers', 1, 100)).rejects.toThrow('timed out');
    const heard = new Promise((r) => socket.on('ops', r));
    await socket.emitWithAck('echo', 0, 1000); // the namespace is up
    (socket as unknown as { sendText(t: string): void }).sendText('42/sync,["shout","abc"]');
    expect(await heard).toEqual({ ops: [], heard: 3 });
    socket.close();
  });
});
