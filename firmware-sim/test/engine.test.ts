import { describe, expect, it } from 'vitest';
import { createSim } from '../src/index.js';
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
