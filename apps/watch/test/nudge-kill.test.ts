/**
 * The nudge service survives being killed at any point of a wake-up. The system stops a service
 * run after 600 ms or kills it outright; whatever call it was at, the next wake-up must already be
 * booked and the nudge must still come on time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Sim } from '../../../firmware-sim/src/index.js';
import { launchWatch } from './sim-helpers.js';

const MIN = 60_000;
/** `PROVISIONAL_WAKE_MS` in lib/nudge/nudge-schedule.ts (2 min), plus up to 3 s of alarm lateness. */
const RETRY_BOUND_MS = 2 * MIN + 3_000;

let sim: Sim | undefined;
afterEach(() => sim?.dispose());

/** The app opened once at 08:00 (which books the first wake-up), then closed; sitting still. */
async function sittingMorning(): Promise<Sim> {
  const s = await launchWatch();
  await s.exit();
  s.steps.schedule([{ activity: 'sitting', minutes: 300 }]);
  return s;
}

describe('the nudge service killed mid-wake', () => {
  it('books its next alarm first, so a kill after any call still brings the nudge on time', async () => {
    // Reference: no kill. The first nudge comes at `nudgeAt`, from the run that started at `runAt`.
    sim = await sittingMorning();
    const ref = sim;
    await ref.until(() => ref.notifications.length > 0, { timeoutMs: 4 * 60 * MIN, stepMs: MIN });
    const nudgeAt = ref.notifications[0]?.t ?? 0;
    const run = [...ref.serviceRuns].reverse().find((r) => r.startedAt <= nudgeAt);
    if (!run?.systemCalls) throw new Error('no service run made the nudge');
    const runAt = run.startedAt;
    const calls = run.systemCalls;
    // Every run finished by itself (exit), well inside its 600 ms (host time in QuickJS; the sim
    // also stops a run that takes longer, as the device does).
    expect(ref.serviceRuns.every((r) => r.end === 'exit')).toBe(true);
    for (const r of ref.serviceRuns) expect(r.wallMs ?? Number.POSITIVE_INFINITY).toBeLessThan(600);
    ref.dispose();
    expect(calls).toBeGreaterThan(5);

    for (let n = 1; n <= calls; n++) {
      sim = await sittingMorning();
      const s = sim;
      await s.clock.runUntil(runAt - 1);
      s.killNextServiceAfterCalls(n);
      await s.until(() => s.notifications.length > 0, { timeoutMs: RETRY_BOUND_MS + MIN, stepMs: 1000 });
      const killed = s.serviceRuns.find((r) => r.startedAt >= runAt);
      expect(killed?.end, `kill after call ${n}`).toBe('killed');
      // The nudge came no later than one provisional retry after the reference time …
      const first = s.notifications[0]?.t ?? Number.POSITIVE_INFINITY;
      expect(first - nudgeAt, `kill after call ${n}`).toBeLessThanOrEqual(RETRY_BOUND_MS);
      // … at most once more than it should (a kill between showing and recording it) …
      await s.clock.advance(10 * MIN);
      expect(s.notifications.length, `kill after call ${n}`).toBeLessThanOrEqual(2);
      // … and a wake-up is still booked for later.
      expect(
        s.alarms.some((a) => a.at > s.clock.now()),
        `kill after call ${n}`,
      ).toBe(true);
      expect(s.errors).toEqual([]);
      s.dispose();
    }
  });
});
