import {
  buildSessionPlan,
  getBuiltinRoutine,
  listSessions,
  restoreReplica,
  type SessionRecord,
} from '@unknot/stretch-model';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sim } from '../../../firmware-sim/src/index.js';
import { launchWatch, MONDAY_8AM, tapText } from './sim-helpers.js';

let sim: Sim | undefined;
afterEach(() => sim?.dispose());

function storedRecords(s: Sim): SessionRecord[] {
  const raw = s.system.localStorage.value['unknot.replica.v1'];
  if (typeof raw !== 'string') return [];
  const restored = restoreReplica(raw, { now: () => s.clock.now() });
  return restored.ok ? listSessions(restored.replica.state()) : [];
}

describe('a full routine on the watch', () => {
  it('runs the desk break with cues on the engine timeline and records one session', async () => {
    sim = await launchWatch();
    await tapText(sim, 'Routines');
    await tapText(sim, /Desk break:\s+upper\s+back/);
    const startedAt = sim.clock.now();
    await tapText(sim, 'Start');
    expect(sim.screen.page()).toBe('page/runner/index');

    const routine = getBuiltinRoutine('desk-upper');
    if (!routine) throw new Error('routine missing');
    const plan = buildSessionPlan(routine);
    const last = plan.slots[plan.slots.length - 1];
    const totalMs = (last?.startMs ?? 0) + (last?.durationMs ?? 0);

    await sim.clock.advance(totalMs + 1000);
    expect(sim.screen.page()).toBe('page/summary/index');
    // Every hold start buzzed at the planned offset (±1 tick of 250 ms).
    const holds = plan.slots.filter((s) => s.phase === 'hold');
    const starts = sim.vibrations.filter((v) => v.kind === 'start').map((v) => v.t - startedAt);
    for (const h of holds) expect(starts.some((t) => Math.abs(t - h.startMs) <= 250)).toBe(true);

    await tapText(sim, '+');
    await tapText(sim, 'Save');
    // the optional "Where?" step after a rating, skipped
    await tapText(sim, 'Skip');
    const records = storedRecords(sim);
    expect(records).toHaveLength(1);
    const rec = records[0] as SessionRecord;
    expect(rec.outcome).toBe('completed');
    expect(rec.startedAt).toBe(startedAt);
    expect(rec.endedAt - rec.startedAt).toBe(totalMs);
    expect(rec.stretches.map((s) => s.stretchId)).toEqual(['upper-back', 'doorway-chest', 'wall-lat']);
    expect(rec.stretches.every((s) => !s.skipped && s.heldSeconds === s.targetSeconds)).toBe(true);
    expect(rec.painAfter).toBe(5);
    expect(sim.screen.findByText('Well done')).toBeDefined();
    expect(sim.errors).toEqual([]);
  });

  it('resumes at the right second after being killed mid-hold', async () => {
    sim = await launchWatch();
    await tapText(sim, 'Routines');
    await tapText(sim, /Desk break:\s+upper\s+back/);
    await tapText(sim, 'Start');
    // prepare 5 s, then a 30 s hold: kill 12 s into the hold.
    await sim.clock.advance(17_000);
    await sim.kill();
    await sim.clock.advance(6_000);
    await sim.relaunch();
    await tapText(sim, 'Resume routine');
    // 5 + 30 − (17 + 6) = 12 s left in the hold.
    expect(sim.screen.findByText('12')).toBeDefined();
    expect(sim.screen.findByText(/^Hold/)).toBeDefined();
    expect(MONDAY_8AM).toBeGreaterThan(0);
  });

  it('survives the screen going off: the system closes the app, a wrist raise reopens it at the right second', async () => {
    sim = await launchWatch();
    const s = sim;
    await tapText(s, 'Routines');
    await tapText(s, /Desk break:\s+upper\s+back/);
    await tapText(s, 'Start');
    // Lowering the wrist mid-routine does nothing: the runner paused the wrist-drop screen-off.
    await s.clock.advance(8_000);
    await s.dropWrist();
    expect(s.screen.isOn()).toBe(true);
    // A palm over the screen at 10 s turns it off; 10 s later the system closes the app.
    await s.clock.advance(2_000);
    await s.screenOff();
    await s.clock.advance(10_000);
    expect(s.watch).toBeUndefined();
    // 25 s after Start the wrist comes up: prepare 5 s + hold 30 s − 25 s = 10 s left.
    await s.clock.advance(5_000);
    await s.raiseWrist();
    expect(s.screen.page()).toBe('page/runner/index');
    expect(s.screen.findByText('10')).toBeDefined();
    expect(s.screen.findByText(/^Hold/)).toBeDefined();
    expect(s.errors).toEqual([]);
  });

  it('records a hold that ended while the app was gone', async () => {
    sim = await launchWatch();
    await tapText(sim, 'Routines');
    await tapText(sim, /Desk break:\s+upper\s+back/);
    await tapText(sim, 'Start');
    await sim.clock.advance(10_000);
    await sim.kill();
    await sim.clock.advance(30 * 60_000);
    await sim.relaunch();
    expect(storedRecords(sim)).toHaveLength(1);
    const rec = storedRecords(sim)[0] as SessionRecord;
    expect(rec.stretches.every((s) => s.heldSeconds === s.targetSeconds)).toBe(true);
  });
});
