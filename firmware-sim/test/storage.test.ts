import { describe, expect, it } from 'vitest';
import { createSim } from '../src/index.js';
import { SAMPLE_APP, T0, tempDir } from './helpers.js';

describe('storage across relaunch', () => {
  it('localStorage survives kill + relaunch and a new sim on the same dataDir', async () => {
    const dataDir = tempDir();
    const sim = await createSim({ appDir: SAMPLE_APP, startTime: T0, dataDir });
    await sim.launch();
    await sim.tap(sim.screen.getByText('Taps: 0'));
    await sim.tap(sim.screen.getByText('Taps: 1'));
    expect(sim.screen.findById('count')?.text).toBe('Taps: 2');

    await sim.relaunch();
    expect(sim.screen.findById('count')?.text).toBe('Taps: 2');
    const launches = sim.timeline.entries.filter((e) => e.event === 'app.onCreate');
    expect(launches).toHaveLength(2);
    // A kill runs no callbacks.
    expect(sim.timeline.entries.filter((e) => e.event === 'page.onDestroy')).toHaveLength(0);

    await sim.relaunch({ graceful: true });
    const names = sim.timeline.entries.map((e) => e.event);
    const destroyAt = names.lastIndexOf('page.onDestroy');
    expect(destroyAt).toBeGreaterThan(-1);
    expect(names.indexOf('app.onDestroy', destroyAt)).toBeGreaterThan(destroyAt);
    sim.dispose();

    const again = await createSim({ appDir: SAMPLE_APP, startTime: T0, dataDir });
    await again.launch();
    expect(again.screen.findById('count')?.text).toBe('Taps: 2');
  });

  it('without dataDir storage is in memory but still survives a relaunch of the same sim', async () => {
    const sim = await createSim({ appDir: SAMPLE_APP });
    await sim.launch();
    await sim.tap(sim.screen.getByText('Taps: 0'));
    await sim.relaunch();
    expect(sim.screen.findById('count')?.text).toBe('Taps: 1');
    const fresh = await createSim({ appDir: SAMPLE_APP });
    await fresh.launch();
    expect(fresh.screen.findById('count')?.text).toBe('Taps: 0');
  });
});
