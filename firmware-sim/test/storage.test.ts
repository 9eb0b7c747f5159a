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

describe('storage between processes', () => {
  it('a LocalStorage instance keeps its own copy; the localStorage object and a new instance read the file', async () => {
    const sim = await createSim({ appDir: SAMPLE_APP, startTime: T0 });
    await sim.launch();
    const page = sim.watch;
    page?.run(
      `globalThis.st = __$$R$$__('@zos/storage'); globalThis.mine = new st.LocalStorage(); mine.getItem('k', 'none');`,
    );
    // Another process (an app-service) writes the file meanwhile.
    sim.system.localStorage.update((d) => {
      d.k = 'from the service';
    });
    expect(page?.run(`mine.getItem('k', 'none')`)).toBe('none');
    expect(page?.run(`new st.LocalStorage().getItem('k', 'none')`)).toBe('from the service');
    expect(page?.run(`st.localStorage.getItem('k', 'none')`)).toBe('from the service');
    // Its own writes reach the file at once.
    page?.run(`mine.setItem('mine', 1)`);
    expect(sim.system.localStorage.value.mine).toBe(1);
    sim.dispose();
  });
});
