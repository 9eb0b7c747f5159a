/**
 * Child process of bench/load.ts: opens the sockets, pushes session ops at a fixed pace and
 * measures push→ack and push→fan-out latency. Kept out of the server's process so the server's
 * RSS and event loop are its own (both still share the machine's cores).
 */
import { performance } from 'node:perf_hooks';
import type { OpAck, OpsEvent } from '@unknot/stretch-model';
import { io, type Socket } from 'socket.io-client';
import { hlcAt, sessionOp } from '../test/support/ops.js';
import { type LatencySummary, summarise } from './stats.js';
import { WireSocket } from './wire-socket.js';

export type { LatencySummary };

export interface ClientSpec {
  deviceId: string;
  auth: Record<string, unknown>;
  /** the instance this socket connects to, when not the fleet's url (two instances behind Redis) */
  url?: string;
}
/** socket.io-client (a real client's stack), or the bench's light wire client (bench/wire-socket.ts) */
export type ClientStack = 'socket.io' | 'wire';
export type ParentMessage =
  /** wave: sockets opened at once (100 by default; the connect storm opens them all together) */
  | { type: 'connect'; url: string; clients: ClientSpec[]; wave?: number; stack?: ClientStack }
  | { type: 'go'; durationMs: number; intervalMs: number; opsPerPush: number }
  /** answered with pong once the process is up (so a connect storm is timed from a ready fleet) */
  | { type: 'ping' }
  /** closes the sockets; with exit: true the process ends too */
  | { type: 'close'; exit: boolean };
export type ChildMessage =
  | { type: 'connected'; count: number; failed: number; ms: number }
  | {
      type: 'result';
      pushes: number;
      ackedOps: number;
      rejectedOps: number;
      failedPushes: number;
      fanoutOps: number;
      elapsedMs: number;
      ackLatencyMs: LatencySummary;
      fanoutLatencyMs: LatencySummary;
      /** every latency of the run, so trials can be pooled */
      ackSamples: number[];
      fanoutSamples: number[];
    }
  | { type: 'pong' }
  | { type: 'closed' };

function send(msg: ChildMessage): void {
  process.send?.(msg);
}

/** What the fleet needs of a socket, from either stack. */
interface BenchSocket {
  emitWithAck(event: string, data: unknown, timeoutMs: number): Promise<unknown>;
  close(): void;
}

let sockets: { socket: BenchSocket; spec: ClientSpec; seq: number }[] = [];
const fanout: number[] = [];
let measuring = false;
let fanoutOps = 0;

function onOps(ev: OpsEvent): void {
  if (!measuring) return;
  const now = Date.now();
  for (const op of ev.ops) {
    fanoutOps++;
    fanout.push(now - Number(op.hlc.slice(0, 15)));
  }
}

/** Opens one socket on socket.io-client; null when the server refused it. */
function openSocketIo(url: string, spec: ClientSpec): Promise<BenchSocket | null> {
  return new Promise((resolve) => {
    const socket: Socket = io(`${spec.url ?? url}/sync`, {
      path: '/ws',
      auth: spec.auth,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 20_000,
    });
    socket.on('ops', onOps);
    socket.once('ready', () =>
      resolve({
        emitWithAck: (event, data, timeoutMs) => socket.timeout(timeoutMs).emitWithAck(event, data),
        close: () => socket.close(),
      }),
    );
    socket.once('connect_error', () => resolve(null));
  });
}

/** Opens one socket on the wire client; null when the server refused it. */
function openWire(url: string, spec: ClientSpec): Promise<BenchSocket | null> {
  const socket = new WireSocket({
    url: spec.url ?? url,
    path: '/ws',
    namespace: '/sync',
    auth: spec.auth,
    timeoutMs: 20_000,
  });
  socket.on('ops', (ev) => onOps(ev as OpsEvent));
  const ready = new Promise<BenchSocket | null>((resolve) => {
    // joined but never told `ready`: closed and counted as failed rather than holding the wave
    const timer = setTimeout(() => {
      socket.close();
      resolve(null);
    }, 20_000);
    socket.on('ready', () => {
      clearTimeout(timer);
      resolve(socket);
    });
  });
  return socket.connected().then(
    () => ready,
    () => null,
  );
}

async function connectAll(
  url: string,
  clients: ClientSpec[],
  waveSize = 100,
  stack: ClientStack = 'socket.io',
) {
  const started = performance.now();
  const open = stack === 'wire' ? openWire : openSocketIo;
  let failed = 0;
  // ramp in waves so the handshake storm does not look like an outage
  for (let i = 0; i < clients.length; i += waveSize) {
    const wave = clients.slice(i, i + waveSize).map(async (spec) => {
      const socket = await open(url, spec);
      if (socket) sockets.push({ socket, spec, seq: 0 });
      else failed++;
    });
    await Promise.all(wave);
  }
  send({ type: 'connected', count: sockets.length, failed, ms: Math.round(performance.now() - started) });
}

async function run(durationMs: number, intervalMs: number, opsPerPush: number): Promise<void> {
  const ack: number[] = [];
  let pushes = 0;
  let ackedOps = 0;
  let rejectedOps = 0;
  let failedPushes = 0;
  fanout.length = 0;
  fanoutOps = 0;
  measuring = true;
  const started = performance.now();
  const until = started + durationMs;
  const lanes = sockets.map(async (c, i) => {
    // spread the clients evenly over the interval
    await new Promise((r) => setTimeout(r, Math.min((i / sockets.length) * intervalMs, durationMs)));
    while (performance.now() < until) {
      const next = performance.now() + intervalMs;
      const ops = Array.from({ length: opsPerPush }, () => {
        c.seq += 1;
        return { ...sessionOp(c.spec.deviceId, c.seq), hlc: hlcAt(Date.now(), 0, c.spec.deviceId) };
      });
      const t0 = performance.now();
      try {
        const res = (await c.socket.emitWithAck('push', { ops }, 15_000)) as
          | { ok: true; acks: OpAck[] }
          | { ok: false };
        ack.push(performance.now() - t0);
        pushes++;
        if (res.ok) {
          for (const a of res.acks) {
            if (a.ok) ackedOps++;
            else rejectedOps++;
          }
        } else {
          failedPushes++;
        }
      } catch {
        failedPushes++;
      }
      if (next >= until) break;
      const wait = next - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  });
  await Promise.all(lanes);
  const elapsedMs = performance.now() - started;
  // late fan-out of the last pushes
  await new Promise((r) => setTimeout(r, 300));
  measuring = false;
  send({
    type: 'result',
    pushes,
    ackedOps,
    rejectedOps,
    failedPushes,
    fanoutOps,
    elapsedMs: Math.round(elapsedMs),
    ackLatencyMs: summarise(ack),
    fanoutLatencyMs: summarise(fanout),
    ackSamples: ack.map((x) => Math.round(x * 100) / 100),
    fanoutSamples: [...fanout],
  });
}

// the orchestrator gone (it stopped itself at its time limit): go too, leaving nothing behind
process.on('disconnect', () => process.exit(1));
process.on('message', (msg: ParentMessage) => {
  if (msg.type === 'connect') void connectAll(msg.url, msg.clients, msg.wave, msg.stack);
  else if (msg.type === 'ping') send({ type: 'pong' });
  else if (msg.type === 'go') void run(msg.durationMs, msg.intervalMs, msg.opsPerPush);
  else if (msg.type === 'close') {
    for (const c of sockets) c.socket.close();
    sockets = [];
    send({ type: 'closed' });
    if (msg.exit) setTimeout(() => process.exit(0), 50);
  }
});
