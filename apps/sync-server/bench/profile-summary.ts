/**
 * Where a push's CPU goes: sums the self time of a V8 CPU profile (`--cpu-prof`) by area and
 * divides it by the pushes the profile covered.
 *
 *   node --conditions=@unknot/source --import tsx bench/profile-summary.ts <file.cpuprofile> <pushes>
 *
 * Each sample is charged to the innermost frame that names an area (a builtin such as
 * `JSON.stringify` has no script of its own, so it is charged to its caller's area): the areas
 * are the files of the push path. Prints one JSON object: µs per push by area, and the share.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export type Area =
  | 'harness'
  | 'parse'
  | 'validate'
  | 'size check + acks'
  | 'canonical JSON'
  | 'sqlite'
  | 'metrics'
  | 'limits + bookkeeping'
  | 'emit'
  | 'gc'
  | 'idle'
  | 'other';

/** The area of one frame, or null when the frame says nothing (a builtin: ask its caller). */
export function areaOf(functionName: string, url: string): Area | null {
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(idle)') return 'idle';
  if (functionName === 'opJson' || functionName === 'canonicalJson' || functionName === 'serialiseOp')
    return 'canonical JSON';
  if (url.includes('prom-client')) return 'metrics';
  if (url.includes('better-sqlite3') || url.includes('sqlite.store')) return 'sqlite';
  if (url.includes('socket-hub') || url.includes('/ws/') || url.includes('bufferutil')) return 'emit';
  if (url.includes('socket.io-parser') || url.includes('engine.io-parser')) return 'parse';
  if (url.includes('socket.io') || url.includes('engine.io')) return 'emit';
  if (url.includes('bench/') || url.includes('/testing/') || url.includes('test/support')) return 'harness';
  if (url.includes('stretch-model/src/sync') || url.includes('stretch-model/dist/sync')) return 'validate';
  if (
    url.includes('sync.service') ||
    url.includes('sync.gateway') ||
    url.includes('push-size') ||
    url === 'node:buffer'
  )
    return 'size check + acks';
  // the SQLite store's checkpointer thread is asked over a MessagePort
  if (url.startsWith('node:internal/worker')) return 'sqlite';
  if (
    url.includes('request-limits') ||
    url.includes('device.service') ||
    url.includes('snapshot.service') ||
    url.includes('metrics.service')
  )
    return 'limits + bookkeeping';
  if (
    url.startsWith('node:internal/modules') ||
    url.startsWith('node:internal/bootstrap') ||
    url === 'node:fs' ||
    url.includes('/tsx/') ||
    url.includes('@nestjs') ||
    url.includes('cjs-module-lexer')
  )
    return 'harness';
  if (url === '') return null;
  return 'other';
}

export function summariseProfile<A extends string = Area>(
  profile: Profile,
  classify: (functionName: string, url: string) => A | null = areaOf as (f: string, u: string) => A | null,
): Map<A, number> {
  const parent = new Map<number, ProfileNode>();
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n);
  }
  const areaCache = new Map<number, A>();
  const areaOfNode = (id: number): A => {
    const cached = areaCache.get(id);
    if (cached) return cached;
    let node = byId.get(id);
    let area = 'other' as A;
    while (node) {
      const a = classify(node.callFrame.functionName, node.callFrame.url);
      if (a) {
        area = a;
        break;
      }
      node = parent.get(node.id);
    }
    areaCache.set(id, area);
    return area;
  };
  const totals = new Map<A, number>();
  profile.samples.forEach((id, i) => {
    const a = areaOfNode(id);
    totals.set(a, (totals.get(a) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return totals;
}

if (process.argv[1]?.endsWith('profile-summary.ts')) {
  const [file, pushesArg] = process.argv.slice(2);
  if (!file || !pushesArg) {
    process.stderr.write('usage: profile-summary.ts <file.cpuprofile> <pushes>\n');
    process.exit(2);
  }
  const pushes = Number(pushesArg);
  const totals = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const busy = [...totals].filter(([a]) => a !== 'idle' && a !== 'harness').reduce((s, [, t]) => s + t, 0);
  const out: Record<string, { usPerPush: number; share: number }> = {};
  for (const [a, t] of [...totals].sort((x, y) => y[1] - x[1]))
    out[a] = { usPerPush: Math.round((t / pushes) * 10) / 10, share: Math.round((1000 * t) / busy) / 10 };
  console.log(
    JSON.stringify({ pushes, busyUsPerPush: Math.round((busy / pushes) * 10) / 10, areas: out }, null, 1),
  );
}
