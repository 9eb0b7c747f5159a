/**
 * BLE throughput: frames take air time at `bytesPerSecond` (default 4,000 B/s, an assumption to
 * confirm on a real watch), serialised per direction; the first 244-byte BLE packet goes within
 * the latency, so small frames (shakes, acks) are not slowed.
 */
import { describe, expect, it } from 'vitest';
import { BLE_PACKET_BYTES, BleLink, DEFAULT_BLE_BYTES_PER_SECOND } from '../src/ble-link.js';
import { VirtualClock } from '../src/clock.js';
import { Timeline } from '../src/timeline.js';

function rig(opts: ConstructorParameters<typeof BleLink>[2]) {
  const clock = new VirtualClock(0);
  const link = new BleLink(clock, new Timeline(() => clock.now()), opts);
  const got: Array<{ t: number; dir: string; n: number }> = [];
  link.attach('toPhone', (b) => got.push({ t: clock.now(), dir: 'toPhone', n: b.byteLength }));
  link.attach('toWatch', (b) => got.push({ t: clock.now(), dir: 'toWatch', n: b.byteLength }));
  return { clock, link, got };
}

/** A full ZML frame: 3,600 bytes (16-byte header + 3,584 payload). */
const FRAME = 3600;
const airMs = (bytes: number, bps = DEFAULT_BLE_BYTES_PER_SECOND) =>
  Math.ceil(((bytes - BLE_PACKET_BYTES) * 1000) / bps);

describe('BLE link throughput', () => {
  it('a full ZML frame takes its air time at the default rate; a small one only the latency', async () => {
    const { clock, link, got } = rig({ latencyMs: 15 });
    link.send('toPhone', new Uint8Array(FRAME));
    link.send('toWatch', new Uint8Array(17));
    await clock.advance(5000);
    expect(got).toEqual([
      { t: 15, dir: 'toWatch', n: 17 },
      { t: airMs(FRAME), dir: 'toPhone', n: FRAME },
    ]);
    expect(airMs(FRAME)).toBe(839);
  });

  it('serialises frames per direction, and directions do not wait for each other', async () => {
    const { clock, link, got } = rig({ latencyMs: 15 });
    link.send('toPhone', new Uint8Array(FRAME));
    link.send('toPhone', new Uint8Array(FRAME));
    link.send('toWatch', new Uint8Array(FRAME));
    await clock.advance(5000);
    const phone = got.filter((g) => g.dir === 'toPhone').map((g) => g.t);
    const watch = got.filter((g) => g.dir === 'toWatch').map((g) => g.t);
    const one = ((FRAME - BLE_PACKET_BYTES) * 1000) / DEFAULT_BLE_BYTES_PER_SECOND;
    expect(phone).toEqual([Math.ceil(one), Math.ceil(2 * one)]);
    expect(watch).toEqual([Math.ceil(one)]);
  });

  it('a lost frame still takes its air time; bytesPerSecond 0 means latency only', async () => {
    const lossy = rig({ latencyMs: 15, lossRate: 1 });
    lossy.link.send('toPhone', new Uint8Array(FRAME));
    lossy.link.configure({ lossRate: 0 });
    lossy.link.send('toPhone', new Uint8Array(FRAME));
    await lossy.clock.advance(5000);
    expect(lossy.got.map((g) => g.t)).toEqual([
      Math.ceil((2 * (FRAME - BLE_PACKET_BYTES) * 1000) / DEFAULT_BLE_BYTES_PER_SECOND),
    ]);

    const fast = rig({ latencyMs: 15, bytesPerSecond: 0 });
    fast.link.send('toPhone', new Uint8Array(FRAME));
    fast.link.send('toPhone', new Uint8Array(FRAME));
    await fast.clock.advance(100);
    expect(fast.got.map((g) => g.t)).toEqual([15, 15]);
  });
});
