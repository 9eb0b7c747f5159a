import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRoutine, buildSession } from '../testing/index.js';
import type { Routine } from '../records/routine.js';
import type { SessionRecord } from '../records/session-record.js';
import { DEFAULT_REMINDER_SETTINGS } from '../records/settings.js';
import { parseHlc } from './hlc.js';
import {
  type SyncState,
  applyOps,
  emptySyncState,
  getReminderSettings,
  listRoutines,
  listSessions,
  toSnapshot,
} from './merge.js';
import {
  type Op,
  type OpAck,
  type PullResponse,
  type PushResponse,
  type ServerOp,
  validateOp,
} from './protocol.js';
import {
  type Replica,
  type ReplicaStorage,
  type SyncTransport,
  ReplicaError,
  createReplica,
  nextRetryDelay,
  restoreReplica,
  syncOnce,
} from './replica.js';

const T0 = 1_750_000_000_000;

// ---- test doubles ----

/** What crossing the wire does to a value. */
function jsonClone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** An in-memory server: validates, dedupes by opId, assigns serverSeq, serves pages by cursor. */
class FakeServer {
  readonly log: ServerOp[] = [];
  private readonly byOpId = new Map<string, ServerOp>();
  /** opIds the server refuses, with the code it answers */
  readonly refuse = new Map<string, OpAck & { ok: false }>();

  constructor(private readonly pageSize = 4) {}

  push(ops: unknown[]): PushResponse {
    const acks: OpAck[] = ops.map((raw) => {
      const checked = validateOp(raw);
      if (!checked.ok)
        return { opId: String((raw as { opId?: unknown }).opId), ok: false, error: checked.error };
      const op = checked.op;
      const refused = this.refuse.get(op.opId);
      if (refused) return refused;
      const known = this.byOpId.get(op.opId);
      if (known) return { opId: op.opId, ok: true, serverSeq: known.serverSeq };
      const stored = { ...op, serverSeq: this.log.length + 1 } as ServerOp;
      this.log.push(stored);
      this.byOpId.set(op.opId, stored);
      return { opId: op.opId, ok: true, serverSeq: stored.serverSeq };
    });
    return { ok: true, acks };
  }

  pull(cursor: number): PullResponse {
    const ops = this.log.slice(cursor, cursor + this.pageSize);
    const last = ops[ops.length - 1]?.serverSeq ?? cursor;
    return { ok: true, ops: jsonClone(ops), cursor: last, hasMore: last < this.log.length };
  }

  state(): SyncState {
    return applyOps(emptySyncState(), this.log);
  }
}

interface Faults {
  /** the server stores the push but the response is lost */
  loseAck?: boolean;
  /** the request never reaches the server */
  dropPush?: boolean;
  dropPull?: boolean;
}

/** A transport to the fake server whose next calls can be made to fail. */
function transportTo(server: FakeServer, faults: Faults = {}): SyncTransport & { faults: Faults } {
  const t = {
    faults,
    async push(ops: Op[]): Promise<PushResponse> {
      if (t.faults.dropPush) {
        t.faults.dropPush = false;
        throw new Error('network down');
      }
      const res = server.push(jsonClone(ops));
      if (t.faults.loseAck) {
        t.faults.loseAck = false;
        throw new Error('connection reset after write');
      }
      return res;
    },
    async pull(cursor: number): Promise<PullResponse> {
      if (t.faults.dropPull) {
        t.faults.dropPull = false;
        throw new Error('timeout');
      }
      return server.pull(cursor);
    },
  };
  return t;
}

function memoryStorage(): ReplicaStorage & { value: string | null; writes: number } {
  const s = {
    value: null as string | null,
    writes: 0,
    get: () => s.value,
    set: (v: string) => {
      s.value = v;
      s.writes++;
    },
  };
  return s;
}

const noSleep = { sleep: async () => {}, random: () => 0.5 };

function session(deviceId: string, n: number): SessionRecord {
  return buildSession({
    deviceId,
    startedAt: T0 + n,
    endedAt: T0 + n + 60_000,
    timeZone: 'UTC',
    utcOffsetMinutes: 0,
    painBefore: null,
    painAfter: null,
    stretches: [],
  });
}

function routine(id: string, name = id): Routine {
  return buildRoutine(id, {
    name,
    restSeconds: 5,
    items: [{ stretchId: 'childs-pose', holdSeconds: 30, reps: null, enabled: true }],
  });
}

function manualTime(start = T0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (v: number) => (t = v) };
}

function mustRecord(replica: Replica, ...args: Parameters<Replica['record']>): Op {
  const res = replica.record(...args);
  if (!res.ok) throw new Error(res.error.message);
  return res.op;
}

// ---- tests ----

describe('record', () => {
  it('assigns seq, opId and an HLC, queues the op and shows it at once', () => {
    const time = manualTime();
    const r = createReplica({ deviceId: 'watch', now: time.now });
    const a = mustRecord(r, 'session.finished', session('watch', 1));
    time.advance(5);
    const b = mustRecord(r, 'register.set', { key: 'settings.reminders', value: DEFAULT_REMINDER_SETTINGS });
    expect([a.opId, b.opId]).toEqual(['watch:1', 'watch:2']);
    expect(parseHlc(b.hlc)).toEqual({ wallMs: T0 + 5, counter: 0, deviceId: 'watch' });
    expect(a.hlc < b.hlc).toBe(true);
    expect(validateOp(a).ok && validateOp(b).ok).toBe(true);
    expect(r.pendingCount()).toBe(2);
    expect(listSessions(r.state())).toHaveLength(1);
    expect(getReminderSettings(r.state())).toEqual(DEFAULT_REMINDER_SETTINGS);
  });

  it('refuses bad input with a typed error and changes nothing', () => {
    const storage = memoryStorage();
    const r = createReplica({ deviceId: 'watch', now: () => T0, storage });
    mustRecord(r, 'session.finished', session('watch', 1));
    const before = JSON.stringify(r.toJSON());
    const writes = storage.writes;
    const state = r.state();
    const bad = [
      r.record('session.finished', { ...session('watch', 2), endedAt: 0 }),
      r.record('session.finished', session('someone-else', 3)),
      r.record('register.set', { key: 'settings.unknown', value: 1 as never }),
      r.record('register.set', { key: 'routine.x', value: { ...routine('x'), name: '' } }),
      // every value schema is bounded, so a valid op cannot reach LIMITS.maxOpBytes any more; an
      // oversized field is refused by its schema
      r.record('register.set', {
        key: 'routine.big',
        value: { ...routine('big'), name: 'x'.repeat(20_000) },
      }),
      r.record('register.set', { key: 'routine.x', value: { n: 10n } as never }),
    ];
    expect(bad.map((res) => (res.ok ? 'ok' : res.error.code))).toEqual([
      'invalidOp',
      'invalidOp',
      'invalidOp',
      'invalidOp',
      'invalidOp',
      'invalidOp',
    ]);
    expect(JSON.stringify(r.toJSON())).toBe(before);
    expect(storage.writes).toBe(writes);
    expect(r.state()).toBe(state);
    expect(mustRecord(r, 'session.finished', session('watch', 4)).seq).toBe(2);
  });

  it('detaches the op from the caller’s objects', () => {
    const r = createReplica({ deviceId: 'web', now: () => T0 });
    const value = routine('mine');
    mustRecord(r, 'register.set', { key: 'routine.mine', value });
    value.name = 'changed later';
    expect(listRoutines(r.state())[0]?.name).toBe('mine');
  });

  it('rejects a malformed deviceId at creation', () => {
    expect(() => createReplica({ deviceId: 'no spaces', now: () => T0 })).toThrow(ReplicaError);
  });
});

describe('outbox and acknowledgements', () => {
  it('takeOutbox respects the count and leaves ops queued until acked', () => {
    const r = createReplica({ deviceId: 'watch', now: () => T0 });
    for (let i = 0; i < 5; i++) mustRecord(r, 'session.finished', session('watch', i));
    expect(r.takeOutbox(2).map((o) => o.seq)).toEqual([1, 2]);
    expect(r.takeOutbox().map((o) => o.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(r.pendingCount()).toBe(5);
    expect(
      r.acknowledge([
        { opId: 'watch:1', ok: true, serverSeq: 1 },
        { opId: 'nope:9', ok: true, serverSeq: 2 },
      ]),
    ).toEqual({ acked: 1, rejected: 0, retry: 0, restamped: 0 });
    expect(r.pendingCount()).toBe(4);
    // acked but not yet pulled: still visible
    expect(listSessions(r.state())).toHaveLength(5);
  });

  it('keeps permanently rejected ops with their error, retries transient refusals, and drops the rejected edit from the view', () => {
    const r = createReplica({ deviceId: 'web', now: () => T0 });
    const keep = mustRecord(r, 'register.set', { key: 'routine.a', value: routine('a', 'first') });
    const bad = mustRecord(r, 'register.set', { key: 'routine.a', value: routine('a', 'second') });
    const later = mustRecord(r, 'register.set', { key: 'routine.b', value: routine('b') });
    expect(listRoutines(r.state()).map((x) => x.name)).toEqual(['second', 'b']);
    const res = r.acknowledge([
      { opId: keep.opId, ok: true, serverSeq: 1 },
      { opId: bad.opId, ok: false, error: { code: 'conflictingOpId', message: 'seq reused' } },
      { opId: later.opId, ok: false, error: { code: 'rateLimited', message: 'slow down' } },
    ]);
    expect(res).toEqual({ acked: 1, rejected: 1, retry: 1, restamped: 0 });
    expect(r.rejected()).toEqual([
      { op: bad, error: { code: 'conflictingOpId', message: 'seq reused' }, at: T0 },
    ]);
    expect(r.takeOutbox()).toEqual([later]);
    expect(listRoutines(r.state()).map((x) => x.name)).toEqual(['first', 'b']);
    r.clearRejected();
    expect(r.rejected()).toEqual([]);
  });
});

describe('receive and cursor', () => {
  const remote = (serverSeq: number, n: number): ServerOp => {
    const rec = session('phone', n);
    return {
      opId: `phone:${n}`,
      deviceId: 'phone',
      seq: n,
      hlc: `${String(T0 + n).padStart(15, '0')}:00000:phone`,
      type: 'session.finished',
      payload: rec,
      serverSeq,
    };
  };

  it('advances the cursor only forward', () => {
    const r = createReplica({ deviceId: 'watch', now: () => T0 });
    r.receive([remote(1, 1), remote(2, 2)], 10);
    expect(r.cursor()).toBe(10);
    r.receive([], 3);
    expect(r.cursor()).toBe(10);
    expect(listSessions(r.state())).toHaveLength(2);
  });

  it('moves past live events only while they are contiguous, so a gap is pulled later', () => {
    const r = createReplica({ deviceId: 'watch', now: () => T0 });
    r.receive([remote(2, 2), remote(1, 1)]);
    expect(r.cursor()).toBe(2);
    r.receive([remote(5, 5)]);
    expect(r.cursor()).toBe(2);
    expect(listSessions(r.state())).toHaveLength(3);
    const res = r.receive([remote(3, 3), remote(4, 4), remote(5, 5)], 5);
    expect(res.applied).toBe(2);
    expect(r.cursor()).toBe(5);
  });

  it('skips and reports invalid ops but still moves past them', () => {
    const r = createReplica({ deviceId: 'watch', now: () => T0 });
    const broken = { ...remote(1, 1), hlc: 'nonsense' } as ServerOp;
    const future = { ...remote(3, 3), type: 'goal.set' } as unknown as ServerOp;
    const res = r.receive([broken, remote(2, 2), future], 3);
    expect(res.applied).toBe(1);
    expect(res.invalid).toMatchObject([
      { opId: 'phone:1', error: { code: 'invalidOp' } },
      { opId: 'phone:3', error: { code: 'unknownOpType' } },
    ]);
    expect(r.cursor()).toBe(3);
  });

  it('treats its own op coming back as durable even if the ack was lost, and never reuses its seqs', () => {
    const r = createReplica({ deviceId: 'watch', now: () => T0 });
    const mine = mustRecord(r, 'session.finished', session('watch', 1));
    r.receive([{ ...mine, serverSeq: 1 }], 1);
    expect(r.pendingCount()).toBe(0);
    // a device that lost its storage learns its old seqs back from the log
    const fresh = createReplica({ deviceId: 'watch', now: () => T0 });
    fresh.receive([{ ...mine, seq: 41, opId: 'watch:41', serverSeq: 1 } as ServerOp], 1);
    expect(mustRecord(fresh, 'session.finished', session('watch', 2)).seq).toBe(42);
  });

  it('later local edits order after what was received, even with a slow clock', () => {
    const r = createReplica({ deviceId: 'watch', now: () => T0 - 3_600_000 });
    const webEdit: ServerOp = {
      opId: 'web:1',
      deviceId: 'web',
      seq: 1,
      hlc: `${String(T0).padStart(15, '0')}:00000:web`,
      type: 'register.set',
      payload: { key: 'routine.a', value: routine('a', 'from web') },
      serverSeq: 1,
    };
    r.receive([webEdit], 1);
    mustRecord(r, 'register.set', { key: 'routine.a', value: routine('a', 'from watch') });
    expect(listRoutines(r.state())[0]?.name).toBe('from watch');
  });

  it('rejects a malformed snapshot and changes nothing', () => {
    const r = createReplica({ deviceId: 'watch', now: () => T0 });
    const state = r.state();
    expect(r.applySnapshot({ serverSeq: 'x' }).ok).toBe(false);
    expect(r.state()).toBe(state);
  });
});

describe('persistence', () => {
  it('round-trips through storage; seq and clock continue, never reused', async () => {
    const storage = memoryStorage();
    const time = manualTime();
    const server = new FakeServer();
    const a = createReplica({ deviceId: 'watch', now: time.now, storage });
    mustRecord(a, 'session.finished', session('watch', 1));
    mustRecord(a, 'register.set', { key: 'routine.a', value: routine('a') });
    const web = createReplica({ deviceId: 'web', now: time.now });
    mustRecord(web, 'nudge.event', {
      id: 'web:n',
      nudgeId: 'n',
      deviceId: 'web',
      action: 'shown',
      at: T0,
      timeZone: 'UTC',
      utcOffsetMinutes: 0,
    });
    await syncOnce(web, transportTo(server), noSleep);
    await syncOnce(a, transportTo(server), noSleep);
    mustRecord(a, 'session.finished', session('watch', 5)); // one op still pending at restart
    const lastOp = mustRecord(a, 'session.finished', session('watch', 2));

    time.set(T0 - 86_400_000); // the watch rebooted with its clock a day behind
    const b = createReplica({ deviceId: 'watch', now: time.now, storage });
    expect(b.state()).toEqual(a.state());
    expect(b.takeOutbox()).toEqual(a.takeOutbox());
    expect(b.cursor()).toBe(a.cursor());
    expect(b.pendingCount()).toBe(2);
    const next = mustRecord(b, 'session.finished', session('watch', 3));
    expect(next.seq).toBe(lastOp.seq + 1);
    expect(next.hlc > lastOp.hlc).toBe(true);

    const restored = restoreReplica(JSON.stringify(b.toJSON()), { now: time.now });
    expect(restored.ok && restored.replica.toJSON()).toEqual(b.toJSON());
  });

  it('refuses corrupt storage or another device’s storage instead of starting over', () => {
    const storage = memoryStorage();
    storage.value = '{"format":1,';
    expect(() => createReplica({ deviceId: 'watch', now: () => T0, storage })).toThrow(
      expect.objectContaining({ code: 'corruptStorage' }),
    );
    storage.value = null;
    createReplica({ deviceId: 'watch', now: () => T0, storage }).record(
      'session.finished',
      session('watch', 1),
    );
    expect(() => createReplica({ deviceId: 'phone', now: () => T0, storage })).toThrow(
      expect.objectContaining({ code: 'deviceMismatch' }),
    );
    const res = restoreReplica({ format: 2 }, { now: () => T0 });
    expect(res.ok).toBe(false);
  });

  it('notifies subscribers after every change', () => {
    const r = createReplica({ deviceId: 'watch', now: () => T0 });
    let calls = 0;
    const off = r.subscribe(() => calls++);
    mustRecord(r, 'session.finished', session('watch', 1));
    r.record('register.set', { key: 'nope', value: 1 as never });
    off();
    mustRecord(r, 'session.finished', session('watch', 2));
    expect(calls).toBe(1);
  });
});

describe('syncOnce', () => {
  it('works offline, then pushes everything and pulls the others’ ops', async () => {
    const server = new FakeServer();
    const watch = createReplica({ deviceId: 'watch', now: () => T0 });
    const web = createReplica({ deviceId: 'web', now: () => T0 + 1 });
    for (let i = 0; i < 7; i++) mustRecord(watch, 'session.finished', session('watch', i));
    mustRecord(web, 'register.set', { key: 'routine.a', value: routine('a') });
    const offline: SyncTransport = {
      push: () => Promise.reject(new Error('offline')),
      pull: () => Promise.reject(new Error('offline')),
    };
    const failed = await syncOnce(watch, offline, { ...noSleep, maxAttempts: 2 });
    expect(failed).toMatchObject({ ok: false, error: { code: 'unreachable' }, pending: 7 });

    expect(await syncOnce(web, transportTo(server), noSleep)).toMatchObject({ ok: true, pushed: 1 });
    const res = await syncOnce(watch, transportTo(server), noSleep);
    expect(res).toEqual({ ok: true, pushed: 7, rejected: 0, pulled: 1, pending: 0 });
    expect(watch.cursor()).toBe(8);
    expect(listRoutines(watch.state())).toHaveLength(1);
  });

  it('pushes again after a lost ack; the server stores the op once and the replica applies it once', async () => {
    const server = new FakeServer();
    const watch = createReplica({ deviceId: 'watch', now: () => T0 });
    mustRecord(watch, 'session.finished', session('watch', 1));
    const transport = transportTo(server, { loseAck: true });
    // give up after the lost ack: the op must stay queued
    const first = await syncOnce(watch, transport, { ...noSleep, maxAttempts: 1 });
    expect(first.ok).toBe(false);
    expect(watch.pendingCount()).toBe(1);
    expect(server.log).toHaveLength(1);
    transport.faults.loseAck = true;
    const second = await syncOnce(watch, transport, noSleep);
    expect(second).toMatchObject({ ok: true, pushed: 1, pending: 0 });
    expect(server.log).toHaveLength(1);
    expect(listSessions(watch.state())).toHaveLength(1);
  });

  it('retries with backoff delays from nextRetryDelay', async () => {
    const server = new FakeServer();
    const watch = createReplica({ deviceId: 'watch', now: () => T0 });
    mustRecord(watch, 'session.finished', session('watch', 1));
    const waits: number[] = [];
    const transport = transportTo(server, { dropPush: true });
    let limited = 1;
    const flaky: SyncTransport = {
      push: async (ops) => {
        if (limited-- > 0) return { ok: false, error: { code: 'rateLimited', message: 'wait' } };
        return transport.push(ops);
      },
      pull: (c) => transport.pull(c),
    };
    const res = await syncOnce(watch, flaky, { sleep: async (ms) => void waits.push(ms), random: () => 0 });
    expect(res.ok).toBe(true);
    expect(waits).toEqual([nextRetryDelay(0, 0), nextRetryDelay(1, 0)]);
  });

  it('stops on a permanent error without losing anything', async () => {
    const watch = createReplica({ deviceId: 'watch', now: () => T0 });
    mustRecord(watch, 'session.finished', session('watch', 1));
    const revoked: SyncTransport = {
      push: async () => ({ ok: false, error: { code: 'deviceRevoked', message: 'revoked' } }),
      pull: async () => ({ ok: false, error: { code: 'deviceRevoked', message: 'revoked' } }),
    };
    expect(await syncOnce(watch, revoked, noSleep)).toMatchObject({
      ok: false,
      error: { code: 'deviceRevoked' },
      pending: 1,
    });
  });

  it('a fresh device starts from a snapshot plus the tail', async () => {
    const server = new FakeServer(3);
    const watch = createReplica({ deviceId: 'watch', now: () => T0 });
    for (let i = 0; i < 5; i++) mustRecord(watch, 'session.finished', session('watch', i));
    mustRecord(watch, 'register.set', { key: 'routine.a', value: routine('a') });
    await syncOnce(watch, transportTo(server), noSleep);
    const snapshotAt = server.log.length - 2;
    const snapshot = toSnapshot(applyOps(emptySyncState(), server.log.slice(0, snapshotAt)), snapshotAt);
    const withSnapshot: SyncTransport = {
      push: async (ops) => server.push(ops),
      pull: async (cursor) => {
        if (cursor >= snapshotAt) return server.pull(cursor);
        const tail = server.pull(snapshotAt);
        return tail.ok ? { ...tail, snapshot: jsonClone(snapshot) } : tail;
      },
    };
    const phone = createReplica({ deviceId: 'phone', now: () => T0 });
    expect((await syncOnce(phone, withSnapshot, noSleep)).ok).toBe(true);
    expect(phone.cursor()).toBe(server.log.length);
    expect(phone.state()).toEqual(watch.state());
  });
});

describe('nextRetryDelay', () => {
  it('grows exponentially with jitter, within [ceiling/2, ceiling], capped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, rand) => {
          const ceiling = Math.min(60_000, 500 * 2 ** attempt);
          const d = nextRetryDelay(attempt, rand);
          return d >= Math.floor(ceiling / 2) && d <= ceiling;
        },
      ),
      { numRuns: 200 },
    );
    expect(nextRetryDelay(0, 0)).toBe(250);
    expect(nextRetryDelay(3, 1)).toBe(4000);
    expect(nextRetryDelay(50, 0.5)).toBe(45_000);
    expect(nextRetryDelay(Number.NaN, Number.NaN)).toBe(250);
  });
});

describe('convergence property: two replicas, one server, faults everywhere', () => {
  type Action =
    | { kind: 'session'; who: 0 | 1 }
    | { kind: 'set'; who: 0 | 1; key: 'a' | 'b'; name: string | null }
    | { kind: 'reminders'; who: 0 | 1; snooze: number }
    | { kind: 'sync'; who: 0 | 1; faults: Faults }
    | { kind: 'tick'; ms: number }
    | { kind: 'restart'; who: 0 | 1 };
  const who = fc.constantFrom<0 | 1>(0, 1);
  const actionArb: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ kind: fc.constant('session' as const), who }),
    fc.record({
      kind: fc.constant('set' as const),
      who,
      key: fc.constantFrom<'a' | 'b'>('a', 'b'),
      name: fc.option(fc.constantFrom('x', 'y', 'z'), { nil: null }),
    }),
    fc.record({ kind: fc.constant('reminders' as const), who, snooze: fc.integer({ min: 5, max: 120 }) }),
    fc.record({
      kind: fc.constant('sync' as const),
      who,
      faults: fc.record({ loseAck: fc.boolean(), dropPush: fc.boolean(), dropPull: fc.boolean() }),
    }),
    fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: -5000, max: 5000 }) }),
    fc.record({ kind: fc.constant('restart' as const), who }),
  );

  it('after a final clean sync both replicas equal the server state, and every op is stored exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(actionArb, { maxLength: 25 }),
        fc.integer({ min: 1, max: 4 }),
        async (actions, page) => {
          const server = new FakeServer(page);
          const time = manualTime();
          // the two devices' clocks disagree by an hour
          const clocks = [() => time.now(), () => time.now() + 3_600_000];
          const storages = [memoryStorage(), memoryStorage()];
          const ids = ['watch', 'web'] as const;
          const open = (i: 0 | 1) =>
            createReplica({ deviceId: ids[i], now: clocks[i] as () => number, storage: storages[i] });
          const replicas: Replica[] = [open(0), open(1)];
          const recorded = new Set<string>();
          let n = 0;
          for (const a of actions) {
            if (a.kind === 'tick') time.advance(a.ms);
            else if (a.kind === 'restart') replicas[a.who] = open(a.who);
            else if (a.kind === 'sync') {
              await syncOnce(replicas[a.who] as Replica, transportTo(server, { ...a.faults }), {
                ...noSleep,
                maxAttempts: 1,
              });
            } else {
              const r = replicas[a.who] as Replica;
              const dev = ids[a.who];
              const op =
                a.kind === 'session'
                  ? mustRecord(r, 'session.finished', session(dev, n++))
                  : a.kind === 'set'
                    ? mustRecord(r, 'register.set', {
                        key: `routine.${a.key}`,
                        value: a.name ? routine(a.key, a.name) : null,
                      })
                    : mustRecord(r, 'register.set', {
                        key: 'settings.reminders',
                        value: { ...DEFAULT_REMINDER_SETTINGS, snoozeMinutes: a.snooze },
                      });
              recorded.add(op.opId);
            }
          }
          for (const i of [0, 1, 0] as const) {
            const res = await syncOnce(replicas[i] as Replica, transportTo(server), noSleep);
            expect(res.ok).toBe(true);
          }
          const expected = server.state();
          expect(replicas[0]?.state()).toEqual(expected);
          expect(replicas[1]?.state()).toEqual(expected);
          expect(replicas.map((r) => r.pendingCount())).toEqual([0, 0]);
          const stored = server.log.map((o) => o.opId);
          expect(new Set(stored).size).toBe(stored.length);
          expect(new Set(stored)).toEqual(recorded);
        },
      ),
      { numRuns: 150 },
    );
  });
});
