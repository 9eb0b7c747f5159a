/**
 * What one socket handshake costs the server, beside the bare relay: each target in a process of
 * its own (`bench/target.ts`), its sockets opened by client processes of their own
 * (`bench/clients.ts`, all at once in waves), the target's CPU time over the storm divided by the
 * sockets, and a V8 CPU profile of just the storm (`node:inspector`, started and stopped around
 * it), summed by area (the innermost frame that names one, as `profile-summary.ts` does).
 *
 *   node --conditions=@unknot/source --import tsx bench/handshake-cpu.ts
 *
 * BENCH_HANDSHAKE_USERS (1,500: 3,000 sockets, a watch and a browser each), BENCH_HANDSHAKE_PROCS
 * (2 client processes), BENCH_HANDSHAKE_WAVE (500 sockets at once per process),
 * BENCH_HANDSHAKE_TARGETS (`relay,server`), BENCH_HANDSHAKE_CLIENT (`wire`, the light client of
 * bench/wire-socket.ts, or `socket.io`), BENCH_PROFILE_DIR (keeps the .cpuprofile files).
 * Prints one JSON object per target; about 30 s on 2 cores.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Child } from './child.js';
import type { ChildMessage, ClientSpec, ClientStack, ParentMessage } from './clients.js';
import { type Profile, summariseProfile } from './profile-summary.js';
import type { TargetKind, TargetReply, TargetRequest } from './target.js';

const TSX = ['--conditions=@unknot/source', '--import', 'tsx'];
const USERS = Number(process.env.BENCH_HANDSHAKE_USERS ?? 1500);
const PROCS = Number(process.env.BENCH_HANDSHAKE_PROCS ?? 2);
const WAVE = Number(process.env.BENCH_HANDSHAKE_WAVE ?? 500);
const TARGETS = (process.env.BENCH_HANDSHAKE_TARGETS ?? 'relay,server').split(',') as TargetKind[];
/** the fleets' client: the light wire client (as load.ts's storm) or `socket.io` */
const STACK: ClientStack = process.env.BENCH_HANDSHAKE_CLIENT === 'socket.io' ? 'socket.io' : 'wire';

export type HandshakeArea =
  | 'auth: user token (JWT, session)'
  | 'auth: device secret'
  | 'store reads'
  | 'room joins'
  | 'gateway + hello'
  | 'socket.io connect'
  | 'engine.io + ws upgrade'
  | 'valibot + core checks'
  | 'metrics'
  | 'device bookkeeping'
  | "node's net, streams, timers"
  | 'gc'
  | 'idle'
  | 'harness'
  | 'other';

/** The area of one frame of a handshake, or null when the frame says nothing (ask its caller). */
export function handshakeAreaOf(functionName: string, url: string): HandshakeArea | null {
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(idle)') return 'idle';
  if (url.includes('bench/') || url.includes('node:inspector')) return 'harness';
  if (url.includes('prom-client')) return 'metrics';
  if (url.includes('better-sqlite3') || url.includes('sqlite.store')) return 'store reads';
  if (url.includes('/jose/') || url.includes('identity') || url.includes('session')) {
    return url.includes('socket.io') ? 'socket.io connect' : 'auth: user token (JWT, session)';
  }
  if (url.includes('auth.service') || url.includes('stores/store.ts')) return 'auth: device secret';
  if (url.includes('socket.io-adapter')) return 'room joins';
  if (url.includes('sync.gateway') || url.includes('socket-hub') || url.includes('request-limits'))
    return 'gateway + hello';
  if (url.includes('device.service')) return 'device bookkeeping';
  if (url.includes('engine.io') || url.includes('/ws/') || url.includes('_http_') || url === 'node:http')
    return 'engine.io + ws upgrade';
  if (url.includes('socket.io')) return 'socket.io connect';
  if (url.includes('valibot') || url.includes('stretch-model')) return 'valibot + core checks';
  if (url.startsWith('node:net') || url.startsWith('node:internal/') || url.startsWith('node:'))
    return "node's net, streams, timers";
  if (url === '') return null;
  return 'other';
}

async function measure(kind: TargetKind, dir: string) {
  const target = new Child<TargetRequest, TargetReply>('target.ts', [kind], ['--expose-gc', ...TSX]);
  const fleets: Child<ParentMessage, ChildMessage>[] = [];
  try {
    const ready = await target.ask({ type: 'start', users: USERS, synchronous: 'NORMAL' }, 'ready');
    for (let i = 0; i < PROCS; i++)
      fleets.push(new Child<ParentMessage, ChildMessage>('clients.ts', [], TSX));
    await Promise.all(fleets.map((f) => f.ask({ type: 'ping' }, 'pong')));
    await target.ask({ type: 'rss' }, 'rss'); // two full GCs: the set-up's garbage is not counted
    const file = join(dir, `${kind}.cpuprofile`);
    await target.ask({ type: 'watch', profile: file }, 'watching');
    const per = Math.ceil(ready.clients.length / PROCS);
    const t0 = performance.now();
    const opened = await Promise.all(
      fleets.map((f, i) =>
        f.ask(
          {
            type: 'connect',
            url: ready.url,
            clients: ready.clients.slice(i * per, (i + 1) * per) as ClientSpec[],
            wave: WAVE,
            stack: STACK,
          },
          'connected',
        ),
      ),
    );
    const stormMs = Math.round(performance.now() - t0);
    const sockets = opened.reduce((a, r) => a + r.count, 0);
    const failed = opened.reduce((a, r) => a + r.failed, 0);
    const { stats } = await target.ask({ type: 'unwatch', pushes: sockets }, 'stats');
    const totals = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile, handshakeAreaOf);
    const busy = [...totals].filter(([a]) => a !== 'idle' && a !== 'harness').reduce((s, [, t]) => s + t, 0);
    const areas: Record<string, { usPerHandshake: number; share: number }> = {};
    for (const [a, t] of [...totals].sort((x, y) => y[1] - x[1]))
      areas[a] = {
        usPerHandshake: Math.round((t / sockets) * 10) / 10,
        share: Math.round((1000 * t) / Math.max(1, busy)) / 10,
      };
    return {
      target: ready.name,
      client: STACK,
      sockets,
      failed,
      stormMs,
      cpuUsPerHandshake: stats.cpuUsPerPush,
      profiledBusyUsPerHandshake: Math.round((busy / Math.max(1, sockets)) * 10) / 10,
      loopDelayMaxMs: stats.loopDelayMs.max,
      gc: stats.gc,
      areas,
    };
  } finally {
    await Promise.all(
      fleets.map((f) => f.ask({ type: 'close', exit: true }, 'closed').catch(() => undefined)),
    );
    await target.ask({ type: 'stop' }, 'stopped');
  }
}

const dir = process.env.BENCH_PROFILE_DIR ?? mkdtempSync(join(tmpdir(), 'unknot-handshake-'));
mkdirSync(dir, { recursive: true });
try {
  for (const kind of TARGETS) console.log(JSON.stringify(await measure(kind, dir), null, 1));
} finally {
  if (!process.env.BENCH_PROFILE_DIR) rmSync(dir, { recursive: true, force: true });
}
