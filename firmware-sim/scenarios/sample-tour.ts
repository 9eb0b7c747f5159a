/** Example scenario: `pnpm --filter @unknot/firmware-sim sim scenarios/sample-tour.ts --out /tmp/tour`. */
import type { ScenarioStep } from '../src/cli.js';

export const appDir = '../test/fixtures/sample-app';
export const options = { device: 'gtr4' as const, startTime: Date.UTC(2025, 0, 6, 8) };

export const steps: ScenarioStep[] = [
  { shot: 'launch' },
  { tap: 'Taps' },
  { tap: 'Taps' },
  { tap: 'Ping' },
  { advance: 200 },
  { shot: 'after-ping' },
  { tap: 'Remind' },
  (sim) => sim.kill(),
  { advance: 64_000 },
  async (sim, tools) => {
    const n = sim.notifications[0];
    if (n) await sim.openNotification(n.id);
    tools.shot('from-notification');
  },
];
