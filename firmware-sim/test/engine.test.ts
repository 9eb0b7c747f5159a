import { describe, expect, it } from 'vitest';
import { createSim } from '../src/index.js';
import { ServiceLimitError, serviceView } from '../src/zos/service-limits.js';
import { SAMPLE_APP, T0 } from './helpers.js';

describe('the device engine', () => {
  it('is the QuickJS vintage of the watch: newer builtins are missing, so using one throws', async () => {
    const sim = await createSim({ appDir: SAMPLE_APP, startTime: T0 });
    await sim.launch();
    const w = sim.watch;
    expect(w?.engine.kind).toBe('quickjs');
    expect(w?.run('typeof Object.hasOwn')).toBe('undefined');
    expect(w?.run('typeof [].at')).toBe('undefined');
    expect(w?.run('typeof [].findLast')).toBe('undefined');
    expect(w?.run('typeof structuredClone')).toBe('undefined');
    expect(() => w?.run(`Object.hasOwn({ a: 1 }, 'a')`)).toThrow(/not a function/);
    // What the watch has (ES2020) works.
    expect(w?.run(`Object.fromEntries([['a', 1]]).a`)).toBe(1);
    expect(w?.run(`'a-b'.replace(/-/g, '+')`)).toBe('a+b');
    sim.dispose();
  });

  it('the V8 development engine has them (why the watch tests do not use it)', async () => {
    const sim = await createSim({ appDir: SAMPLE_APP, startTime: T0, engine: 'v8' });
    await sim.launch();
    expect(sim.watch?.run('typeof Object.hasOwn')).toBe('function');
    sim.dispose();
  });
});

describe('API levels and app-service limits', () => {
  it('a member newer than the firmware is absent: Vibrator.getType needs 3.6, createSysTimer 4.0', async () => {
    for (const [apiLevel, getType, sysTimer] of [
      ['3.0', 'undefined', 'undefined'],
      ['3.6', 'function', 'undefined'],
      ['4.2', 'function', 'function'],
    ] as const) {
      const sim = await createSim({ appDir: SAMPLE_APP, startTime: T0, apiLevel });
      await sim.launch();
      expect(sim.watch?.run(`typeof new (__$$R$$__('@zos/sensor').Vibrator)().getType`), apiLevel).toBe(
        getType,
      );
      expect(sim.watch?.run(`typeof __$$R$$__('@zos/timer').createSysTimer`), apiLevel).toBe(sysTimer);
      sim.dispose();
    }
  });

  it('an app-service cannot load the UI or the router, and sees only the get… functions of @zos/app', () => {
    expect(() => serviceView('@zos/ui', {})).toThrow(ServiceLimitError);
    expect(() => serviceView('@zos/router', {})).toThrow(/not available in an app-service/);
    const app = serviceView('@zos/app', { getPackageInfo: () => 1, onMessage: () => 2, SCENE_APP: 1 });
    expect(Object.keys(app as object).sort()).toEqual(['SCENE_APP', 'getPackageInfo']);
  });
});
