import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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

describe('the bridge releases what the host let go of, and nothing it still holds', () => {
  it('an object sent again after its old proxy was collected stays usable', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const sim = await createSim({ appDir: SAMPLE_APP, startTime: T0 });
    await sim.launch();
    const w = sim.watch;
    if (!w) throw new Error('no watch process');
    type Internals = { vmProxyIds: WeakMap<object, number>; released: number[] };
    let firstId: number | undefined;
    (() => {
      const o = w.run(
        'globalThis.kept = new (class Kept { constructor() { this.n = 7; } })(); kept',
      ) as object;
      firstId = (w.engine as unknown as Internals).vmProxyIds.get(o);
    })();
    // The case under test needs a reference (a copy has no id), then the proxy collected and its
    // id queued for release by the engine's finalizer (bounded: 50 collections).
    expect(firstId).toBeTypeOf('number');
    const queued = () => (w.engine as unknown as Internals).released.includes(firstId as number);
    for (let i = 0; i < 50 && !queued(); i++) {
      gc();
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(queued()).toBe(true);
    // The same object comes back in the answer of the next VM call, which is also the call that
    // sends the queued release: the new proxy must exist before the release goes out.
    const again = w.run('kept') as { n: number };
    expect(again.n).toBe(7);
    expect(w.run('kept.n + 1')).toBe(8);
    expect(again.n).toBe(7);
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
