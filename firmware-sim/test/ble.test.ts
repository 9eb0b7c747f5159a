import { describe, expect, it } from 'vitest';
import { BleLink } from '../src/ble-link.js';
import { VirtualClock } from '../src/clock.js';
import { createSim } from '../src/index.js';
import { Timeline } from '../src/timeline.js';
import { type PageWithRequest, SAMPLE_APP, T0 } from './helpers.js';

function rig(opts: ConstructorParameters<typeof BleLink>[2]) {
  const clock = new VirtualClock(0);
  const timeline = new Timeline(() => clock.now());
  const link = new BleLink(clock, timeline, opts);
  const got: Array<{ t: number; n: number }> = [];
  link.attach('toPhone', (b) => got.push({ t: clock.now(), n: b[0] ?? -1 }));
  return { clock, link, got, timeline };
}

describe('BLE link fault injection', () => {
  it('delivers after the latency, in order', async () => {
    const { clock, link, got } = rig({ latencyMs: 40 });
    for (let i = 0; i < 5; i++) link.send('toPhone', new Uint8Array([i]));
    await clock.advance(39);
    expect(got).toEqual([]);
    await clock.advance(1);
    expect(got.map((g) => g.n)).toEqual([0, 1, 2, 3, 4]);
    expect(got.every((g) => g.t === 40)).toBe(true);
  });

  it('drops frames at the loss rate, reproducibly for a seed', async () => {
    const run = async (seed: number) => {
      const { clock, link, got } = rig({ lossRate: 0.3, seed });
      for (let i = 0; i < 200; i++) link.send('toPhone', new Uint8Array([i % 256]));
      await clock.advance(100);
      return { n: got.map((g) => g.n), stats: link.stats.toPhone };
    };
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(a.n).toEqual(b.n);
    expect(a.n).not.toEqual(c.n);
    expect(a.stats.dropped).toBeGreaterThan(40);
    expect(a.stats.dropped).toBeLessThan(80);
    expect(a.stats.delivered + a.stats.dropped).toBe(200);
  });

  it('reorders frames', async () => {
    const { clock, link, got } = rig({ reorderRate: 0.5, reorderDelayMs: 100, seed: 3 });
    for (let i = 0; i < 20; i++) link.send('toPhone', new Uint8Array([i]));
    await clock.advance(500);
    expect(got).toHaveLength(20);
    expect(got.map((g) => g.n)).not.toEqual([...Array(20).keys()]);
    expect([...got.map((g) => g.n)].sort((x, y) => x - y)).toEqual([...Array(20).keys()]);
  });

  it('disconnect windows refuse sends and drop frames in flight; listeners see the edges', async () => {
    const { clock, link, got } = rig({ latencyMs: 50, disconnects: [{ from: 100, to: 300 }] });
    const edges: Array<[number, boolean]> = [];
    link.onStatus((up) => edges.push([clock.now(), up]));
    link.send('toPhone', new Uint8Array([1]));
    await clock.advance(70);
    link.send('toPhone', new Uint8Array([2])); // would land at 120: in the window
    await clock.advance(50);
    expect(link.send('toPhone', new Uint8Array([3]))).toBe(false);
    await clock.runUntil(400);
    expect(link.send('toPhone', new Uint8Array([4]))).toBe(true);
    await clock.advance(50);
    expect(got.map((g) => g.n)).toEqual([1, 4]);
    expect(edges).toEqual([
      [100, false],
      [300, true],
    ]);
  });
});

describe('ZML over the sim link (real @zeppos/zml on both ends)', () => {
  it('BasePage.request → BaseSideService.onRequest → response', async () => {
    const sim = await createSim({ appDir: SAMPLE_APP, startTime: T0, ble: { latencyMs: 25 } });
    await sim.launch();
    await sim.tap(sim.screen.getByText('Ping'));
    await sim.until(() => sim.screen.findById('status')?.text === 'Phone: pong 1');
    // shake + shake reply + request + response, 25 ms each
    expect(sim.clock.now() - T0).toBe(100);
    const page = sim.watch?.page as unknown as PageWithRequest;
    const big = (await sim.run(page.request({ method: 'big', params: { size: 12_000 } }))) as {
      data: string;
    };
    expect(big.data).toHaveLength(12_000);
    await expect(sim.run(page.request({ method: 'nope' }))).rejects.toMatchObject({
      message: 'unknown method nope',
    });
    expect(sim.errors).toEqual([]);
  });

  it('multi-chunk payloads survive reordering (ZML reassembles by seqId)', async () => {
    const sim = await createSim({
      appDir: SAMPLE_APP,
      startTime: T0,
      seed: 5,
      ble: { latencyMs: 10, reorderRate: 0.5, reorderDelayMs: 30 },
    });
    await sim.launch();
    const page = sim.watch?.page as unknown as PageWithRequest;
    for (let i = 0; i < 3; i++) {
      const r = (await sim.run(page.request({ method: 'big', params: { size: 20_000 } }))) as {
        data: string;
      };
      expect(r.data).toHaveLength(20_000);
    }
    expect(sim.link.stats.toWatch.reordered).toBeGreaterThan(0);
  });

  it('with 30 % loss some requests time out, retries get through, and the run is reproducible', async () => {
    const run = async () => {
      // The page stays on screen for the whole exchange (a person watching it).
      const sim = await createSim({
        appDir: SAMPLE_APP,
        startTime: T0,
        seed: 11,
        ble: { lossRate: 0.3 },
        screenTimeout: false,
      });
      await sim.launch();
      const page = sim.watch?.page as unknown as PageWithRequest;
      const outcomes: string[] = [];
      for (let n = 1; n <= 8; n++) {
        for (let attempt = 1; attempt <= 6; attempt++) {
          try {
            const r = (await sim.run(page.request({ method: 'ping', params: { n } }, { timeout: 2000 }), {
              timeoutMs: 10_000,
            })) as { pong: number };
            outcomes.push(`${n}:ok@${attempt}`);
            expect(r.pong).toBe(n);
            break;
          } catch (e) {
            outcomes.push(`${n}:fail(${(e as Error).message.replace(/\d+/g, '#')})`);
          }
        }
      }
      return { outcomes, dropped: sim.link.stats.toPhone.dropped + sim.link.stats.toWatch.dropped };
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a.dropped).toBeGreaterThan(0);
    expect(a.outcomes.filter((o) => o.includes(':ok@'))).toHaveLength(8);
    expect(a.outcomes.some((o) => o.includes('fail'))).toBe(true);
  });

  it('a disconnect fails the request at once; after reconnect it works again', async () => {
    const sim = await createSim({ appDir: SAMPLE_APP, startTime: T0, screenTimeout: false });
    await sim.launch();
    const page = sim.watch?.page as unknown as PageWithRequest;
    sim.link.disconnect();
    await expect(sim.run(page.request({ method: 'ping', params: { n: 1 } }))).rejects.toBeDefined();
    sim.link.connect();
    await expect(sim.run(page.request({ method: 'ping', params: { n: 2 } }))).resolves.toEqual({ pong: 2 });
  });
});
