import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../src/clock.js';
import { createSim } from '../src/index.js';
import { SAMPLE_APP, T0, tempDir } from './helpers.js';

describe('virtual clock', () => {
  it('runs timers in time order and only when advanced', async () => {
    const clock = new VirtualClock(1000);
    const seen: string[] = [];
    clock.schedule(30, () => seen.push(`b@${clock.now()}`), 'x');
    clock.schedule(10, () => seen.push(`a@${clock.now()}`), 'x');
    clock.schedule(10, () => seen.push(`a2@${clock.now()}`), 'x');
    await clock.advance(20);
    expect(seen).toEqual(['a@1010', 'a2@1010']);
    expect(clock.now()).toBe(1020);
    await clock.runUntil(2000);
    expect(seen).toEqual(['a@1010', 'a2@1010', 'b@1030']);
    expect(clock.now()).toBe(2000);
  });

  it('Date and timers inside the watch VM follow the virtual clock', async () => {
    const sim = await createSim({ appDir: SAMPLE_APP, startTime: T0 });
    await sim.launch();
    const ctx = sim.watch;
    expect(ctx).toBeDefined();
    expect(ctx?.run('Date.now()')).toBe(T0);
    expect(ctx?.run('new Date().getTime()')).toBe(T0);
    ctx?.run('globalThis.fired = []; setTimeout(() => fired.push(Date.now()), 5000);');
    await sim.clock.advance(4999);
    expect(ctx?.run('fired.length')).toBe(0);
    await sim.clock.advance(1);
    expect(ctx?.run('fired[0]')).toBe(T0 + 5000);
  });
});

describe('alarms', () => {
  it('an alarm set by the page launches the app-service at its time, even after the app is killed', async () => {
    const dataDir = tempDir();
    const sim = await createSim({ appDir: SAMPLE_APP, startTime: T0, dataDir, alarmLatenessMs: 0 });
    await sim.launch();
    await sim.tap(sim.screen.getByText('Remind'));
    expect(sim.alarms).toHaveLength(1);
    expect(sim.alarms[0]).toMatchObject({ url: 'app-service/reminder', at: T0 + 60_000, param: 'stretch' });
    await sim.kill();
    expect(sim.watch).toBeUndefined();

    await sim.clock.advance(59_999);
    expect(sim.notifications).toHaveLength(0);
    await sim.clock.advance(1);
    expect(sim.notifications).toHaveLength(1);
    expect(sim.notifications[0]).toMatchObject({
      t: T0 + 60_000,
      title: 'Time to stretch',
      content: 'Reminder 1 (stretch)',
    });
    const buzz = sim.vibrations.find((v) => v.pattern);
    expect(buzz).toMatchObject({ t: T0 + 60_000, durationMs: 800 });
    // A service runs in a process of its own (no app.js, no pages): onInit → exit() → onDestroy.
    const events = sim.timeline.entries.filter((e) => e.t === T0 + 60_000).map((e) => e.event);
    expect(events).toEqual(
      expect.arrayContaining([
        'alarm.fire',
        'process.start',
        'service.onInit',
        'service.onDestroy',
        'process.end',
      ]),
    );
    expect(events).not.toContain('app.onCreate');
    expect(sim.serviceRuns).toMatchObject([{ file: 'app-service/reminder', trigger: 'alarm', end: 'exit' }]);
    expect(sim.alarms).toHaveLength(0);
    expect(sim.errors).toEqual([]);

    // The notification action opens a page.
    const n = sim.notifications[0];
    if (!n) throw new Error('no notification');
    await sim.openNotification(n.id);
    expect(sim.screen.page()).toBe('page/detail');
    expect(sim.screen.findByText('from-notification')).toBeDefined();
  });

  it('an alarm whose url is a page wakes the app at that page, with its param; cancel and getAllAlarms', async () => {
    // screenTimeout off: the app stays open while the clock runs, unless the test closes it.
    const sim = await createSim({
      appDir: SAMPLE_APP,
      startTime: T0,
      alarmLatenessMs: 0,
      screenTimeout: false,
    });
    await sim.launch();
    const alarm = (code: string) =>
      sim.watch?.run(`(() => { const a = __$$R$$__('@zos/alarm'); ${code} })()`);
    const [kept, dropped] = alarm(`return [
      a.set({ url: 'page/detail', time: ${T0 / 1000} + 600, param: 'wake', store: true }),
      a.set({ url: 'page/detail', time: ${T0 / 1000} + 300, param: 'dropped' }),
    ];`) as number[];
    expect(alarm('return a.getAllAlarms();')).toEqual([kept, dropped]);
    expect(alarm(`return a.cancel(${dropped});`)).toBe(dropped);
    expect(alarm('return a.getAllAlarms();')).toEqual([kept]);
    await sim.kill();
    await sim.screenOff();

    await sim.clock.advance(599_999);
    expect(sim.watch).toBeUndefined();
    await sim.clock.advance(1);
    // The app started at the page, the screen lit, App onCreate got the param, the page too.
    expect(sim.screen.page()).toBe('page/detail');
    expect(sim.screen.isOn()).toBe(true);
    expect(sim.screen.findByText('Details wake')).toBeDefined();
    expect(sim.watch?.run('getApp()._options.globalData.launchParam')).toBe('wake');
    expect(sim.timeline.entries.find((e) => e.event === 'alarm.open-page')).toMatchObject({
      t: T0 + 600_000,
    });
    expect(sim.serviceRuns).toEqual([]);
    expect(sim.alarms).toEqual([]);

    // With the app open on another page, the page opens on top; back returns.
    await sim.exit();
    await sim.launch();
    alarm(`return a.set({ url: '/page/detail.js', delay: 60, param: 'again' });`);
    await sim.clock.advance(60_000);
    expect(sim.screen.findByText('Details again')).toBeDefined();
    await sim.pressKey('back');
    expect(sim.screen.page()).toBe('page/index');
    expect(sim.errors).toEqual([]);
    sim.dispose();
  });

  it('alarms persist in dataDir and fire in a new sim; repeating alarms re-arm; cancel works', async () => {
    const dataDir = tempDir();
    const a = await createSim({ appDir: SAMPLE_APP, startTime: T0, dataDir, alarmLatenessMs: 0 });
    await a.launch();
    const ctx = a.watch;
    const ids = ctx?.run(
      `(() => { const alarm = __$$R$$__('@zos/alarm');
        return [
          alarm.set({ url: 'app-service/reminder', time: ${T0 / 1000} + 120, param: 'typed' }),
          alarm.set({ file: 'app-service/reminder', date: ${T0} + 300000, param: 'zeus', repeat_type: alarm.REPEAT_MINUTE }),
          alarm.set({ url: 'app-service/reminder', delay: 30 }),
        ]; })()`,
    ) as number[];
    expect(ids.every((id) => id > 0)).toBe(true);
    ctx?.run(`__$$R$$__('@zos/alarm').cancel(${ids[2]})`);
    a.dispose();

    const b = await createSim({ appDir: SAMPLE_APP, startTime: T0, dataDir, alarmLatenessMs: 0 });
    expect(b.alarms.map((x) => x.param)).toEqual(['typed', 'zeus']);
    await b.clock.advance(120_000);
    expect(b.notifications.map((n) => n.content)).toEqual(['Reminder 1 (typed)']);
    await b.clock.advance(180_000 + 120_000);
    expect(b.notifications.map((n) => n.content)).toEqual([
      'Reminder 1 (typed)',
      'Reminder 2 (zeus)',
      'Reminder 3 (zeus)',
      'Reminder 4 (zeus)',
    ]);
    expect(b.alarms[0]?.at).toBe(T0 + 480_000);
    expect(b.errors).toEqual([]);
  });
});
