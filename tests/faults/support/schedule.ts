/**
 * Runs one schedule against a real server and checks the invariant:
 *   every session finished on any device is present exactly once on every device and on the
 *   server, and every register converges to its HLC-latest write.
 */
import {
  applyOps,
  emptySyncState,
  fromSnapshot,
  HTTP_ROUTES,
  type HttpSyncResponse,
  type NudgeEvent,
  type Op,
  PROTOCOL_VERSION,
  type RecordResult,
  type RegisterValue,
  type ServerOp,
  type SessionRecord,
  type SyncState,
} from '@unknot/stretch-model';
import { buildNudgeEvent, buildSession, holdResult, repsResult } from '@unknot/stretch-model/testing';
import {
  type Action,
  DAY,
  type DeviceSpec,
  describeAction,
  type Plan,
  type RegisterKey,
  registerValue,
} from './plan.js';
import { Rng } from './prng.js';
import { AckLedger, type Device, type DeviceContext, SimClock, WatchDevice, WebDevice } from './devices.js';
import { FaultCounter, FaultyLink } from './link.js';
import { type FaultServer, pairWatch } from './servers.js';

export interface ScheduleTotals {
  actions: number;
  ops: number;
  sessions: number;
  nudgeEvents: number;
  registerWrites: number;
  syncs: number;
  failedSyncs: number;
  syncErrors: Record<string, number>;
  devices: number;
  serverOps: number;
  /** 1 when the final fresh client started from a persisted snapshot plus the tail */
  snapshotStarts: number;
}

export interface ScheduleResult {
  seed: number;
  violations: string[];
  totals: ScheduleTotals;
  faults: FaultCounter;
  ms: number;
}

/**
 * Simulated time starts 150 days before now: offline spells of days and clocks up to 12 h fast
 * must stay behind the server's own clock check (ops more than 24 h ahead are answered `clockAhead`).
 */
function simBase(): number {
  return Math.floor((Date.now() - 150 * DAY) / DAY) * DAY + 8 * 3600_000;
}

/** Device ids the server would see for web replicas: unique per run and schedule. */
const RUN_TAG = Date.now().toString(36);

export async function runSchedule(plan: Plan, server: FaultServer): Promise<ScheduleResult> {
  const started = performance.now();
  const rng = new Rng(plan.seed);
  const faults = new FaultCounter();
  const sim = new SimClock(simBase());
  const acks = new AckLedger();
  const ctx: DeviceContext = { baseUrl: () => server.url(), sim, acks };
  const token = await server.tokenFor(`fault-${RUN_TAG}-${plan.seed}`);
  const ledger: Op[] = [];
  const totals: ScheduleTotals = {
    actions: plan.actions.length,
    ops: 0,
    sessions: 0,
    nudgeEvents: 0,
    registerWrites: 0,
    syncs: 0,
    failedSyncs: 0,
    syncErrors: {},
    devices: 0,
    serverOps: 0,
    snapshotStarts: 0,
  };
  const violations: string[] = [];
  const devices: Device[] = [];
  let counter = 0;

  const addDevice = async (spec: DeviceSpec): Promise<Device> => {
    const index = devices.length;
    const link = new FaultyLink(rng.fork(100 + index), rng.fork(200 + index), faults, () => sim.now());
    link.lossRate = spec.lossRate;
    link.duplicateRate = spec.duplicateRate;
    link.reorderRate = spec.reorderRate;
    if (spec.skewMs !== 0) faults.add('skewedClock');
    let device: Device;
    if (spec.kind === 'watch') {
      const credential = await pairWatch(server.url(), token, `fault watch ${index}`);
      device = new WatchDevice(index, credential, link, spec.skewMs, ctx);
    } else {
      device = new WebDevice(index, `web-${RUN_TAG}-${plan.seed}-${index}`, token, link, spec.skewMs, ctx);
    }
    devices.push(device);
    totals.devices++;
    return device;
  };

  const record = (device: Device, op: RecordResult, what: string): void => {
    if (!op.ok) {
      violations.push(`d${device.index} could not record ${what}: ${op.error.code} ${op.error.message}`);
      return;
    }
    ledger.push(op.op);
    totals.ops++;
  };

  const finishSession = (device: Device, a: Extract<Action, { t: 'session' }>): void => {
    const endedAt = device.now();
    const startedAt = endedAt - a.minutes * 60_000;
    const completed = a.outcome === 'completed';
    const session = buildSession({
      id: `${device.deviceId}:${startedAt}.${++counter}`,
      deviceId: device.deviceId,
      routineId: a.minutes < 5 ? 'micro-break' : 'full-back',
      routineName: a.minutes < 5 ? 'Quick break' : 'Full back',
      trigger: a.minutes < 5 ? 'nudge' : 'manual',
      outcome: a.outcome,
      startedAt,
      endedAt,
      painBefore: a.pain,
      painAfter: Math.max(0, a.pain - 2),
      stretches: [
        repsResult(10, completed ? 10 : 4),
        holdResult('seated-twist', 30, completed ? 29.5 : 12, { side: 'left' }),
      ],
    });
    record(device, device.replica.record('session.finished', session), 'a session');
    totals.sessions++;
  };

  const nudge = (device: Device, a: Extract<Action, { t: 'nudge' }>): void => {
    const nudgeId = `${device.deviceId}:nudge${++counter}`;
    const base = { nudgeId, deviceId: device.deviceId };
    const shown = buildNudgeEvent({ ...base, id: `${nudgeId}.shown`, action: 'shown', at: device.now() });
    record(device, device.replica.record('nudge.event', shown), 'a nudge');
    totals.nudgeEvents++;
    if (a.response) {
      const ev = buildNudgeEvent({
        ...base,
        id: `${nudgeId}.${a.response}`,
        action: a.response,
        at: device.now() + 1,
      });
      record(device, device.replica.record('nudge.event', ev), 'a nudge response');
      totals.nudgeEvents++;
    }
  };

  const edit = (device: Device, key: RegisterKey, variant: number): void => {
    record(
      device,
      device.replica.record('register.set', { key, value: registerValue(key, variant) as RegisterValue }),
      key,
    );
    totals.registerWrites++;
  };

  const sync = async (device: Device): Promise<void> => {
    totals.syncs++;
    const res = await device.sync();
    if (!res.ok) {
      totals.failedSyncs++;
      totals.syncErrors[res.error.code] = (totals.syncErrors[res.error.code] ?? 0) + 1;
      // Anything but "could not reach the server" is the server saying no to a valid device.
      if (res.error.code !== 'unreachable' && !(res.error.code === 'internal' && !server.isUp()))
        violations.push(`d${device.index} sync refused: ${res.error.code} ${res.error.message}`);
    }
    for (const r of device.replica.rejected())
      violations.push(`d${device.index} op ${r.op.opId} rejected: ${r.error.code} ${r.error.message}`);
    device.replica.clearRejected();
  };

  const steps: string[] = [];
  try {
    // a previous schedule may have ended (or crashed) with the server down
    if (!server.isUp()) await server.restart?.();
    for (const spec of plan.devices) await addDevice(spec);

    for (const action of plan.actions) {
      steps.push(describeAction(action));
      sim.advance(rng.int(20, 600) * 1000);
      await runAction(action);
    }

    // ---- heal: no more faults, server up, sync to quiescence ----
    if (!server.isUp()) await server.restart?.();
    for (const d of devices) await d.link.heal();
    let quiet = false;
    for (let round = 0; round < 12 && !quiet; round++) {
      for (const d of devices) await sync(d);
      const head = (await pullAll(server, token, false)).ops.length;
      quiet = devices.every((d) => d.replica.pendingCount() === 0 && d.replica.cursor() === head);
    }
    if (!quiet) violations.push('no quiescence after 12 fault-free sync rounds');
    for (const d of devices) d.close();

    violations.push(...(await checkInvariant(devices, ledger, acks, server, token, totals)));
  } catch (err) {
    violations.push(`schedule crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    for (const d of devices) d.close();
  }
  if (violations.length > 0) violations.push(`steps: ${steps.join(' ')}`);
  return { seed: plan.seed, violations, totals, faults, ms: performance.now() - started };

  async function runAction(a: Action): Promise<void> {
    const dev = (i: number): Device => devices[i] as Device;
    // A device that was to join while the server was down never paired: its actions do not happen.
    const involved = a.t === 'concurrentEdit' ? [a.a, a.b] : 'd' in a ? [a.d] : [];
    if (involved.some((i) => devices[i] === undefined)) return;
    switch (a.t) {
      case 'session':
        finishSession(dev(a.d), a);
        return;
      case 'nudge':
        nudge(dev(a.d), a);
        return;
      case 'edit':
        edit(dev(a.d), a.key, a.variant);
        return;
      case 'concurrentEdit': {
        // the same setting, changed on two devices at the same moment, both syncing at once
        faults.add('concurrentEdit');
        edit(dev(a.a), a.key, a.variants[0]);
        edit(dev(a.b), a.key, a.variants[1]);
        await Promise.all([sync(dev(a.a)), sync(dev(a.b))]);
        return;
      }
      case 'sync':
        await sync(dev(a.d));
        return;
      case 'syncAll':
        await Promise.all(devices.map((d) => sync(d)));
        return;
      case 'advance':
        sim.advance(a.ms);
        return;
      case 'offline':
        dev(a.d).link.goOffline(sim.now() + a.ms);
        dev(a.d).dropConnection();
        return;
      case 'link': {
        const link = dev(a.d).link;
        link.lossRate = a.lossRate;
        link.duplicateRate = a.duplicateRate;
        link.reorderRate = a.reorderRate;
        faults.add('lossRateChange');
        return;
      }
      case 'clockJump':
        dev(a.d).skewMs = a.skewMs;
        faults.add('clockJump');
        return;
      case 'restartApp':
        dev(a.d).restartApp();
        faults.add('appRestart');
        return;
      case 'replayDelayed':
        await dev(a.d).link.flushDelayed();
        return;
      case 'join':
        faults.add('deviceJoin');
        if (!server.isUp()) return; // pairing needs the server; this device simply never comes
        await sync(await addDevice(a.spec));
        return;
      case 'kill': {
        if (!server.isUp() || !server.kill) return;
        faults.add('serverKill');
        // mid-sync: the planned device, or (if it is offline) the next one that is online
        const target =
          a.midSync === null
            ? undefined
            : [...devices.slice(a.midSync), ...devices.slice(0, a.midSync)].find((d) => d.link.online());
        if (target) {
          faults.add('serverKillMidSync');
          const inFlight = sync(target);
          await new Promise((resolve) => setTimeout(resolve, a.delayMs));
          await server.kill();
          await inFlight;
        } else await server.kill();
        return;
      }
      case 'restart':
        await server.restart?.();
        return;
    }
  }
}

/** Everything the server holds for the user, as a fresh client sees it (HTTP, user token). */
async function pullAll(
  server: FaultServer,
  token: string,
  acceptSnapshot: boolean,
): Promise<{ ops: ServerOp[]; snapshot: SyncState | null; state: SyncState }> {
  const ops: ServerOp[] = [];
  let snapshot: SyncState | null = null;
  let cursor = 0;
  for (let page = 0; page < 1000; page++) {
    const res = await fetch(`${server.url()}${HTTP_ROUTES.sync}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, ops: [], cursor, acceptSnapshot }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json()) as HttpSyncResponse;
    if (!body.ok) throw new Error(`fresh pull: ${body.error.code} ${body.error.message}`);
    if (body.snapshot) snapshot = fromSnapshot(body.snapshot);
    ops.push(...body.ops);
    cursor = body.cursor;
    if (!body.hasMore) break;
  }
  const state = applyOps(snapshot ?? emptySyncState(), ops);
  return { ops, snapshot, state };
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

/** The invariant, on the server log, a fresh client's snapshot path, and every replica. */
async function checkInvariant(
  devices: readonly Device[],
  ledger: readonly Op[],
  acks: AckLedger,
  server: FaultServer,
  token: string,
  totals: ScheduleTotals,
): Promise<string[]> {
  const v: string[] = [...acks.problems];
  const made = new Map(ledger.map((op) => [op.opId, op] as const));

  // Expected: every session and nudge event once; each register at its HLC-max write.
  const sessions = new Map<string, SessionRecord>();
  const nudges = new Map<string, NudgeEvent>();
  const registers = new Map<string, { value: unknown; hlc: string }>();
  for (const op of ledger) {
    if (op.type === 'session.finished') sessions.set(op.payload.id, op.payload);
    else if (op.type === 'nudge.event') nudges.set(op.payload.id, op.payload);
    else {
      const cur = registers.get(op.payload.key);
      if (!cur || op.hlc > cur.hlc) registers.set(op.payload.key, { value: op.payload.value, hlc: op.hlc });
    }
  }

  // ---- the server's log: each op made anywhere exactly once, gap-free serverSeq, acks stable ----
  const { ops: log } = await pullAll(server, token, false);
  totals.serverOps = log.length;
  const seen = new Map<string, number>();
  log.forEach((op, i) => {
    if (op.serverSeq !== i + 1) v.push(`server log: position ${i + 1} has serverSeq ${op.serverSeq}`);
    seen.set(op.opId, (seen.get(op.opId) ?? 0) + 1);
    const mine = made.get(op.opId);
    if (!mine) v.push(`server log: op ${op.opId} was never made by any device`);
    else if (canonical({ ...op, serverSeq: undefined }) !== canonical(mine))
      v.push(`server log: op ${op.opId} differs from what the device made`);
    const acked = acks.seqByOpId.get(op.opId);
    if (acked !== undefined && acked !== op.serverSeq)
      v.push(`server log: op ${op.opId} at serverSeq ${op.serverSeq} but was acked as ${acked}`);
  });
  for (const [opId, n] of seen) if (n > 1) v.push(`server log: op ${opId} stored ${n} times`);
  for (const op of ledger)
    if (!seen.has(op.opId)) v.push(`server log: op ${op.opId} (${op.type}) is missing`);
  for (const opId of acks.seqByOpId.keys())
    if (!seen.has(opId)) v.push(`server log: acked op ${opId} was lost`);
  const sessionCopies = new Map<string, number>();
  for (const op of log)
    if (op.type === 'session.finished')
      sessionCopies.set(op.payload.id, (sessionCopies.get(op.payload.id) ?? 0) + 1);
  for (const id of sessions.keys())
    if (sessionCopies.get(id) !== 1)
      v.push(`server: session ${id} present ${sessionCopies.get(id) ?? 0} times`);

  const checkState = (who: string, state: SyncState): void => {
    const ids = Object.keys(state.sessions);
    if (ids.length !== sessions.size) v.push(`${who}: ${ids.length} sessions, expected ${sessions.size}`);
    for (const [id, rec] of sessions) {
      const got = state.sessions[id];
      if (!got) v.push(`${who}: session ${id} missing`);
      else if (canonical(got) !== canonical(rec)) v.push(`${who}: session ${id} differs`);
    }
    for (const id of ids) if (!sessions.has(id)) v.push(`${who}: unknown session ${id}`);
    if (Object.keys(state.nudgeEvents).length !== nudges.size)
      v.push(`${who}: ${Object.keys(state.nudgeEvents).length} nudge events, expected ${nudges.size}`);
    for (const id of nudges.keys()) if (!state.nudgeEvents[id]) v.push(`${who}: nudge event ${id} missing`);
    for (const [key, want] of registers) {
      const got = state.registers[key];
      if (!got) v.push(`${who}: register ${key} missing`);
      else if (got.hlc !== want.hlc || canonical(got.value) !== canonical(want.value))
        v.push(`${who}: register ${key} at ${got.hlc}, expected the HLC-latest write ${want.hlc}`);
    }
    for (const key of Object.keys(state.registers))
      if (!registers.has(key)) v.push(`${who}: unknown register ${key}`);
  };

  checkState('server log', applyOps(emptySyncState(), log));
  // a brand-new device: persisted snapshot (when the server has one) plus the tail
  const fresh = await pullAll(server, token, true);
  if (fresh.snapshot) totals.snapshotStarts++;
  checkState(fresh.snapshot ? 'fresh client (snapshot + tail)' : 'fresh client', fresh.state);

  for (const d of devices) {
    const who = `d${d.index} (${d.kind} ${d.deviceId})`;
    if (d.replica.pendingCount() !== 0) v.push(`${who}: ${d.replica.pendingCount()} ops still pending`);
    if (d.replica.rejected().length !== 0) v.push(`${who}: ${d.replica.rejected().length} ops rejected`);
    if (d.replica.cursor() !== log.length)
      v.push(`${who}: cursor ${d.replica.cursor()} ≠ head ${log.length}`);
    checkState(who, d.replica.state());
  }
  return v;
}
