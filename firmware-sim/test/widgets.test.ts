import { describe, expect, it } from 'vitest';
import { createSim } from '../src/index.js';
import { SAMPLE_APP, T0 } from './helpers.js';

describe('widget tree and input', () => {
  it('finds widgets by text / id / type and fires CLICK_UP listeners and click_func', async () => {
    const sim = await createSim({ appDir: SAMPLE_APP, startTime: T0 });
    await sim.launch();
    expect(sim.screen.texts()).toEqual([
      'Unknot sample',
      'Taps: 0',
      'Phone: idle',
      'Ping',
      'Remind',
      'Details',
    ]);
    expect(sim.screen.findAllByType('BUTTON').map((b) => b.text)).toEqual(['Ping', 'Remind', 'Details']);
    expect(sim.screen.findAllByType('ARC')).toHaveLength(2);
    const count = sim.screen.findById('count');
    expect(count?.type).toBe('TEXT');
    if (!count) throw new Error('count missing');
    const hit = await sim.tap(count);
    expect(hit).toBe(count);
    expect(count.text).toBe('Taps: 1');
    expect(sim.screen.findAllByType('ARC')[1]?.props.end_angle).toBe(-54);
    expect(sim.vibrations).toEqual([{ t: T0, kind: 'start', mode: 25, process: expect.any(String) }]);
    // A tap on a point with nothing interactive does nothing.
    expect(await sim.tap({ x: 5, y: 233 })).toBeUndefined();
  });

  it('navigates with push, the back key and swipe; page lifecycle runs in order', async () => {
    const sim = await createSim({ appDir: SAMPLE_APP, startTime: T0 });
    await sim.launch();
    await sim.tap(sim.screen.getByText('Details'));
    expect(sim.screen.page()).toBe('page/detail');
    expect(sim.screen.findByText('"from":"index"')).toBeDefined();
    await sim.pressKey('back');
    expect(sim.screen.page()).toBe('page/index');
    await sim.tap(sim.screen.getByText('Details'));
    await sim.swipe('right');
    expect(sim.screen.page()).toBe('page/index');
    const life = sim.timeline.entries
      .filter((e) => /^(page\.(onInit|build|onDestroy)|app\.onCreate)$/.test(e.event))
      .map((e) => `${e.event}:${e.page ?? ''}`);
    expect(life.slice(0, 7)).toEqual([
      'app.onCreate:',
      'page.onInit:page/index',
      'page.build:page/index',
      'page.onDestroy:page/index',
      'page.onInit:page/detail',
      'page.build:page/detail',
      'page.onDestroy:page/detail',
    ]);
    // Back on the first page exits the app.
    await sim.pressKey('back');
    expect(sim.watch).toBeUndefined();
    expect(sim.timeline.entries.at(-1)?.event).toBe('process.end');
  });

  it('onKey can prevent the default, crown goes to onDigitalCrown, modals answer', async () => {
    const sim = await createSim({ appDir: SAMPLE_APP, startTime: T0 });
    await sim.launch();
    const ctx = sim.watch;
    ctx?.run(
      `const i = __$$R$$__('@zos/interaction');
       globalThis.got = [];
       i.onKey({ callback: (k, e) => { got.push(['key', k, e]); return true; } });
       i.onDigitalCrown({ callback: (k, d) => got.push(['crown', k, d]) });
       i.createModal({ title: 'Quit?', content: 'Stop the routine', onClick: (o) => got.push(['modal', o.type]) });`,
    );
    await sim.pressKey('back');
    expect(sim.screen.page()).toBe('page/index');
    await sim.crown(15);
    expect(sim.screen.modal()?.content).toBe('Stop the routine');
    await sim.answerModal(true);
    expect(sim.screen.modal()).toBeUndefined();
    expect(ctx?.run('JSON.stringify(got)')).toBe(
      JSON.stringify([
        ['key', 8, 1],
        ['crown', 36, 15],
        ['modal', 1],
      ]),
    );
  });

  it('screen off/on pauses and resumes the page; the first tap on a dark screen only wakes it', async () => {
    const sim = await createSim({ appDir: SAMPLE_APP, startTime: T0 });
    await sim.launch();
    await sim.screenOff();
    expect(sim.screen.isOn()).toBe(false);
    await sim.tap(sim.screen.getByText('Taps: 0'));
    expect(sim.screen.isOn()).toBe(true);
    expect(sim.screen.findById('count')?.text).toBe('Taps: 0');
    expect(sim.timeline.entries.map((e) => e.event)).toEqual(
      expect.arrayContaining(['display.off', 'display.on']),
    );
  });
});

describe('screen time-out', () => {
  it('turns the screen off after 10 s, exits the app 10 s later, and reopens the page on wake if asked', async () => {
    const sim = await createSim({ appDir: SAMPLE_APP, startTime: T0 });
    await sim.launch();
    await sim.clock.advance(9_999);
    expect(sim.screen.isOn()).toBe(true);
    await sim.clock.advance(1);
    expect(sim.screen.isOn()).toBe(false);
    await sim.clock.advance(10_000);
    expect(sim.watch).toBeUndefined();
    // Waking the watch now shows the watch face, not the app.
    await sim.raiseWrist();
    expect(sim.watch).toBeUndefined();

    await sim.launch();
    sim.watch?.run(`__$$R$$__('@zos/display').setWakeUpRelaunch({ relaunch: true })`);
    await sim.clock.advance(20_000);
    expect(sim.watch).toBeUndefined();
    await sim.raiseWrist();
    expect(sim.screen.page()).toBe('page/index');
    sim.dispose();
  });

  it('a longer bright time keeps the screen on; a paused wrist drop does not turn it off', async () => {
    const sim = await createSim({ appDir: SAMPLE_APP, startTime: T0 });
    await sim.launch();
    sim.watch?.run(
      `const d = __$$R$$__('@zos/display'); d.setPageBrightTime({ brightTime: 60000 }); d.pauseDropWristScreenOff({ duration: 60000 });`,
    );
    await sim.clock.advance(30_000);
    await sim.dropWrist();
    expect(sim.screen.isOn()).toBe(true);
    await sim.clock.advance(30_000);
    expect(sim.screen.isOn()).toBe(false);
    sim.dispose();
  });
});
