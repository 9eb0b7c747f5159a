/**
 * The one HLC drift bound (24 h) on every path that takes a remote HLC, and clock recovery.
 * Expected values are worked out by hand from the fixed clocks below.
 */
import { describe, expect, it } from 'vitest';
import { buildSession } from '../testing/index.js';
import { formatHlc, MAX_HLC_DRIFT_MS, createHlc, hlcWithinDrift, parseHlc } from './hlc.js';
import {
  applyOps,
  emptySyncState,
  fromSnapshot,
  getReminderSettings,
  listSessions,
  mergeStates,
  REMINDER_SETTINGS_KEY,
  toSnapshot,
} from './merge.js';
import { type Op, type OpAck, type PushResponse, type ServerOp, validateOp } from './protocol.js';
import { PERMANENT_OP_ERRORS, createReplica, type ReplicaStorage, syncOnce } from './replica.js';
import { DEFAULT_REMINDER_SETTINGS } from '../records/settings.js';
import type { SessionRecord } from '../records/session-record.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = 1_750_000_000_000; // 2025-06-15T15:06:40Z
const YEAR_9999 = 253_370_764_800_000; // 9999-01-01T00:00:00Z = 2,932,500 days × 86,400,000 ms

function reminders(snoozeMinutes: number) {
  return { ...DEFAULT_REMINDER_SETTINGS, snoozeMinutes };
}

function registerOp(
  deviceId: string,
  seq: number,
  wallMs: number,
  snooze: number,
  serverSeq: number,
): ServerOp {
  return {
    opId: `${deviceId}:${seq}`,
    deviceId,
    seq,
    hlc: formatHlc({ wallMs, counter: 0, deviceId }),
    type: 'register.set',
    payload: { key: REMINDER_SETTINGS_KEY, value: reminders(snooze) },
    serverSeq,
  };
}

function session(deviceId: string, startedAt: number): SessionRecord {
  return buildSession({
    id: `${deviceId}-s${startedAt}`,
    deviceId,
    startedAt,
    endedAt: startedAt + 8 * 60_000,
    timeZone: 'UTC',
    utcOffsetMinutes: 0,
    painBefore: null,
    painAfter: null,
    stretches: [],
  });
}

describe('the drift bound', () => {
  it('is 24 hours, inclusive', () => {
    expect(MAX_HLC_DRIFT_MS).toBe(86_400_000);
    const at = (ms: number) => formatHlc({ wallMs: ms, counter: 0, deviceId: 'x' });
    expect(hlcWithinDrift(at(T0 + DAY), T0)).toBe(true);
    expect(hlcWithinDrift(at(T0 + DAY + 1), T0)).toBe(false);
    expect(hlcWithinDrift(at(T0 - 365 * DAY), T0)).toBe(true);
    expect(hlcWithinDrift('garbage', T0)).toBe(false);
  });

  it('a device 2 days fast does not drag a receiving clock along', () => {
    const clock = createHlc('web', () => T0);
    const fast = formatHlc({ wallMs: T0 + 2 * DAY, counter: 3, deviceId: 'watch' });
    // 2 days > 24 h: ignored; the local clock ticks on at T0.
    expect(parseHlc(clock.receive(fast))?.wallMs).toBe(T0);
  });
});

describe('every receive path refuses a register stamped beyond the bound', () => {
  // The replica's clock reads T0. An honest edit at T0 − 1 h sets snooze 20; a bogus one from the
  // year 9999 sets snooze 99. Whatever the path, snooze must stay 20 and a later local edit must win.
  const honest = registerOp('web', 1, T0 - HOUR, 20, 1);
  const bogus = registerOp('evil', 1, YEAR_9999, 99, 2);

  it('replica.receive, as a pull page', () => {
    const r = createReplica({ deviceId: 'watch', now: () => T0 });
    const res = r.receive([honest, bogus], 2);
    expect(res.applied).toBe(1);
    expect(res.invalid).toEqual([{ opId: 'evil:1', error: expect.objectContaining({ code: 'clockAhead' }) }]);
    expect(getReminderSettings(r.state()).snoozeMinutes).toBe(20);
    expect(r.cursor()).toBe(2);
    // The clock adopted the honest stamp only: the next local edit is at T0 and wins.
    r.record('register.set', { key: REMINDER_SETTINGS_KEY, value: reminders(30) });
    expect(getReminderSettings(r.state()).snoozeMinutes).toBe(30);
    expect(parseHlc(r.toJSON().hlc)?.wallMs).toBe(T0);
  });

  it('replica.receive, as a live event', () => {
    const r = createReplica({ deviceId: 'watch', now: () => T0 });
    r.receive([honest]);
    expect(r.receive([bogus]).invalid[0]?.error.code).toBe('clockAhead');
    expect(getReminderSettings(r.state()).snoozeMinutes).toBe(20);
  });

  it('replica.applySnapshot', () => {
    const r = createReplica({ deviceId: 'watch', now: () => T0 });
    const snapshot = toSnapshot(applyOps(emptySyncState(), [bogus]), 2);
    expect(r.applySnapshot(snapshot)).toEqual({ ok: true });
    expect(getReminderSettings(r.state())).toEqual(DEFAULT_REMINDER_SETTINGS);
    r.record('register.set', { key: REMINDER_SETTINGS_KEY, value: reminders(30) });
    expect(getReminderSettings(r.state()).snoozeMinutes).toBe(30);
  });

  it('a replica restored from storage that still holds such a register', () => {
    const stored = {
      format: 1,
      deviceId: 'watch',
      seq: 0,
      hlc: formatHlc({ wallMs: T0 - HOUR, counter: 0, deviceId: 'watch' }),
      cursor: 2,
      outbox: [],
      rejected: [],
      confirmed: toSnapshot(applyOps(emptySyncState(), [bogus]), 2),
    };
    let saved: string | null = JSON.stringify(stored);
    const storage: ReplicaStorage = { get: () => saved, set: (v) => (saved = v) };
    const r = createReplica({ deviceId: 'watch', now: () => T0, storage });
    expect(getReminderSettings(r.state())).toEqual(DEFAULT_REMINDER_SETTINGS);
  });

  it('the merge functions, given the bound', () => {
    const b = { nowMs: T0 };
    const withHonest = applyOps(emptySyncState(), [honest]);
    expect(getReminderSettings(applyOps(withHonest, [bogus], b)).snoozeMinutes).toBe(20);
    const bogusState = applyOps(emptySyncState(), [bogus]);
    expect(getReminderSettings(mergeStates(withHonest, bogusState, b)).snoozeMinutes).toBe(20);
    expect(getReminderSettings(fromSnapshot(toSnapshot(bogusState, 2), b))).toEqual(
      DEFAULT_REMINDER_SETTINGS,
    );
    // Without a bound (the server folding ops it validated on write) everything folds.
    expect(getReminderSettings(applyOps(withHonest, [bogus])).snoozeMinutes).toBe(99);
  });

  it('still folds a session whose op is stamped far ahead (sessions do not merge by HLC)', () => {
    const r = createReplica({ deviceId: 'watch', now: () => T0 });
    const op: ServerOp = {
      opId: 'evil:2',
      deviceId: 'evil',
      seq: 2,
      hlc: formatHlc({ wallMs: YEAR_9999, counter: 0, deviceId: 'evil' }),
      type: 'session.finished',
      payload: session('evil', T0 - HOUR),
      serverSeq: 1,
    };
    expect(r.receive([op], 1)).toEqual({ applied: 1, invalid: [] });
    expect(listSessions(r.state())).toHaveLength(1);
    expect(parseHlc(r.toJSON().hlc)?.wallMs).toBe(0); // the clock did not adopt it
  });
});

/**
 * A reference server for this test: validates with the shared `validateOp`, refuses an op more
 * than 24 h ahead of its own clock with `clockAhead`, dedupes by opId, keeps a log.
 */
class BoundServer {
  readonly log: ServerOp[] = [];
  constructor(readonly now: () => number) {}
  push(ops: unknown[]): PushResponse {
    const acks: OpAck[] = ops.map((raw) => {
      const checked = validateOp(raw);
      if (!checked.ok) return { opId: String((raw as Op).opId), ok: false, error: checked.error };
      const op = checked.op;
      const wall = Number(op.hlc.slice(0, 15));
      if (wall - this.now() > 24 * HOUR)
        return { opId: op.opId, ok: false, error: { code: 'clockAhead', message: 'clock ahead' } };
      const known = this.log.find((o) => o.opId === op.opId);
      if (known) return { opId: op.opId, ok: true, serverSeq: known.serverSeq };
      const stored = { ...op, serverSeq: this.log.length + 1 } as ServerOp;
      this.log.push(stored);
      return { opId: op.opId, ok: true, serverSeq: stored.serverSeq };
    });
    return { ok: true, acks };
  }
}

describe('clock recovery', () => {
  it('clockAhead is retryable: the op stays queued, nothing goes to rejected()', () => {
    expect(PERMANENT_OP_ERRORS).not.toContain('clockAhead');
  });

  it('a clock a year ahead for one edit, then corrected: the session reaches the server exactly once', async () => {
    let watchClock = T0 + 365 * DAY; // wrong: a year ahead
    const serverClock = () => T0;
    let saved: string | null = null;
    const storage: ReplicaStorage = { get: () => saved, set: (v) => (saved = v) };
    const server = new BoundServer(serverClock);
    const transport = {
      push: async (ops: Op[]) => server.push(JSON.parse(JSON.stringify(ops)) as unknown[]),
      pull: async () => ({ ok: true as const, ops: [], cursor: server.log.length, hasMore: false }),
    };
    const opts = { maxAttempts: 1, sleep: async () => undefined, random: () => 0 };

    const watch = createReplica({ deviceId: 'watch', now: () => watchClock, storage });
    // One settings edit while the clock reads a year ahead.
    watch.record('register.set', { key: REMINDER_SETTINGS_KEY, value: reminders(25) });
    const first = await syncOnce(watch, transport, opts);
    // Refused as clockAhead (T0 + 365 d − T0 > 24 h), kept, not rejected.
    expect(first).toMatchObject({ ok: true, pushed: 0, rejected: 0, pending: 1 });
    expect(watch.rejected()).toEqual([]);

    // The clock is corrected to T0 + 10 min. The persisted HLC is still a year ahead, and a
    // session finished now would, without recovery, be stamped a year ahead too.
    watchClock = T0 + 10 * 60_000;
    const reopened = createReplica({ deviceId: 'watch', now: () => watchClock, storage });
    const rec = reopened.record('session.finished', session('watch', T0));
    expect(rec.ok).toBe(true);
    // Recovery restarted the HLC at the corrected clock (T0 + 10 min, counter 0); then the edit was
    // re-stamped first (counter 1) and the session stamped after it (counter 2), in outbox order.
    expect(reopened.takeOutbox().map((op) => [op.opId, op.hlc])).toEqual([
      ['watch:1', formatHlc({ wallMs: T0 + 600_000, counter: 1, deviceId: 'watch' })],
      ['watch:2', formatHlc({ wallMs: T0 + 600_000, counter: 2, deviceId: 'watch' })],
    ]);

    const second = await syncOnce(reopened, transport, opts);
    expect(second).toMatchObject({ ok: true, pushed: 2, rejected: 0, pending: 0 });
    // Push again (a retried round): the server still has it once.
    await syncOnce(reopened, transport, opts);
    expect(server.log.filter((op) => op.type === 'session.finished')).toHaveLength(1);
    expect(server.log.map((op) => op.opId)).toEqual(['watch:1', 'watch:2']);
    expect(parseHlc(reopened.toJSON().hlc)?.wallMs).toBe(T0 + 600_000);
  });

  it('re-stamps on a clockAhead answer once the clock agrees, within the same sync round', async () => {
    let watchClock = T0 + 3 * DAY;
    const server = new BoundServer(() => T0);
    const watch = createReplica({ deviceId: 'watch', now: () => watchClock });
    watch.record('session.finished', session('watch', T0));
    // Corrected in memory, no reopen and no new op: the clockAhead answer triggers recovery.
    watchClock = T0;
    const transport = {
      push: async (ops: Op[]) => server.push(JSON.parse(JSON.stringify(ops)) as unknown[]),
      pull: async () => ({ ok: true as const, ops: [], cursor: server.log.length, hasMore: false }),
    };
    // syncOnce recovers before its first push, so the first push already carries T0.
    const res = await syncOnce(watch, transport, { maxAttempts: 1 });
    expect(res).toMatchObject({ ok: true, pushed: 1, pending: 0 });
    // Restarted at (T0, 0); the re-stamp is the next tick, (T0, 1).
    expect(server.log[0]?.hlc).toBe(formatHlc({ wallMs: T0, counter: 1, deviceId: 'watch' }));

    // And acknowledge() alone recovers too, for shells that drive pushes themselves.
    let clock2 = T0 + 2 * DAY;
    const other = createReplica({ deviceId: 'phone', now: () => clock2 });
    const op = other.record('session.finished', session('phone', T0));
    if (!op.ok) throw new Error('record failed');
    clock2 = T0 + 1000;
    const ack = other.acknowledge([
      { opId: op.op.opId, ok: false, error: { code: 'clockAhead', message: '' } },
    ]);
    expect(ack).toEqual({ acked: 0, rejected: 0, retry: 1, restamped: 1 });
    expect(other.takeOutbox()[0]?.hlc).toBe(formatHlc({ wallMs: T0 + 1000, counter: 1, deviceId: 'phone' }));
  });

  it('keeps a clock that is still wrong queued and untouched until it is corrected', () => {
    const watchClock = T0 + 365 * DAY;
    const watch = createReplica({ deviceId: 'watch', now: () => watchClock });
    const op = watch.record('session.finished', session('watch', T0));
    if (!op.ok) throw new Error('record failed');
    const ack = watch.acknowledge([
      { opId: op.op.opId, ok: false, error: { code: 'clockAhead', message: '' } },
    ]);
    // The HLC is not ahead of this (wrong) clock, so there is nothing to recover yet.
    expect(ack).toEqual({ acked: 0, rejected: 0, retry: 1, restamped: 0 });
    expect(watch.pendingCount()).toBe(1);
    expect(watch.rejected()).toEqual([]);
  });

  it('recovers no lower than a register it holds within the bound', () => {
    const clock = createHlc('watch', () => T0, {
      resumeFrom: formatHlc({ wallMs: T0 + 365 * DAY, counter: 0, deviceId: 'watch' }),
    });
    expect(clock.isAhead()).toBe(true);
    // A synced register 2 h ahead of this (slightly slow) clock: keep ordering after it.
    expect(clock.recover(formatHlc({ wallMs: T0 + 2 * HOUR, counter: 7, deviceId: 'web' }))).toBe(true);
    expect(clock.tick()).toBe(formatHlc({ wallMs: T0 + 2 * HOUR, counter: 8, deviceId: 'watch' }));
    expect(clock.isAhead()).toBe(false);
    expect(clock.recover()).toBe(false);
  });
});

describe('a device whose own clock is days slow', () => {
  it('keeps a pulled register aside and folds it once its clock is corrected, across a restart', () => {
    // The dashboard set snooze 25 at T0 (serverSeq 1). The watch's clock reads T0 − 2 days: the
    // stamp is 2 days ahead of it (> 24 h), so it is not applied yet, but the cursor moves on.
    let clockMs = T0 - 2 * DAY;
    let saved: string | null = null;
    const storage: ReplicaStorage = { get: () => saved, set: (v) => (saved = v) };
    const r = createReplica({ deviceId: 'watch', now: () => clockMs, storage });
    const edit = registerOp('web', 1, T0, 25, 1);
    const res = r.receive([edit], 1);
    expect(res.invalid[0]?.error.code).toBe('clockAhead');
    expect(getReminderSettings(r.state()).snoozeMinutes).toBe(DEFAULT_REMINDER_SETTINGS.snoozeMinutes);
    expect(r.cursor()).toBe(1);
    // The watch restarts (the register waits in storage) and its clock is set right: T0 + 1 min.
    clockMs = T0 + 60_000;
    const again = createReplica({ deviceId: 'watch', now: () => clockMs, storage });
    // The next pull brings nothing new, yet the register that waited is folded now.
    expect(again.receive([], 1).applied).toBe(1);
    expect(getReminderSettings(again.state()).snoozeMinutes).toBe(25);
    expect(again.cursor()).toBe(1);
  });
});
