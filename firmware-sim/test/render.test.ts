import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSim, type Sim } from '../src/index.js';
import { SAMPLE_APP, T0 } from './helpers.js';

const DOCS = fileURLToPath(new URL('../docs/', import.meta.url));

/** Golden layout: each drawn widget (SVG element order) with its screen bounds and text. */
function structure(sim: Sim): string[] {
  const svg = sim.render.svg();
  // Square screens carry the system status bar over their top 64 px; round ones have none.
  expect(svg.includes('data-type="STATUS_BAR"')).toBe(sim.device.shape === 's');
  const drawn = [...svg.matchAll(/data-type="(\w+)"/g)].map((m) => m[1]).filter((t) => t !== 'STATUS_BAR');
  const widgets = sim.screen.widgets().map((w) => {
    const b = w.bounds;
    return `${w.type} ${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.w)}x${Math.round(b.h)}${w.text ? ` ${w.text}` : ''}`;
  });
  expect(drawn).toEqual(sim.screen.widgets().map((w) => w.type));
  return widgets;
}

const rgb = (p: number[]) =>
  `#${p
    .slice(0, 3)
    .map((c) => c.toString(16).padStart(2, '0'))
    .join('')}`;

describe('rendering', () => {
  for (const device of ['gtr4', 'balance', 'gts4'] as const) {
    it(`renders the sample app on ${device} to PNG`, async () => {
      const sim = await createSim({ appDir: SAMPLE_APP, device, startTime: T0 });
      await sim.launch();
      for (let i = 0; i < 3; i++) await sim.tap(sim.screen.getByText(/^Taps/));
      const raster = sim.render.raster();
      expect(raster.png.subarray(1, 4).toString()).toBe('PNG');
      expect([raster.width, raster.height]).toEqual([sim.device.width, sim.device.height]);
      mkdirSync(DOCS, { recursive: true });
      writeFileSync(`${DOCS}sample-${device}.png`, raster.png);
      if (device !== 'balance') {
        await sim.tap(sim.screen.getByText('Details'));
        writeFileSync(`${DOCS}sample-${device}-detail.png`, sim.render.png());
      }
    });
  }

  it('pixel sampling: ring, buttons and round mask are where the layout puts them (gtr4)', async () => {
    const sim = await createSim({ appDir: SAMPLE_APP, device: 'gtr4', startTime: T0 });
    await sim.launch();
    for (let i = 0; i < 3; i++) await sim.tap(sim.screen.getByText(/^Taps/));
    const r = sim.render.raster();
    const ping = sim.screen.getByText('Ping').bounds;
    const remind = sim.screen.getByText('Remind').bounds;
    expect(rgb(r.pixel(ping.x + 12, ping.y + ping.h / 2))).toBe('#2a7de1');
    expect(rgb(r.pixel(remind.x + remind.w - 12, remind.y + remind.h / 2))).toBe('#8a4fd8');
    // Progress ring: 3 taps = 108° from 12 o'clock, so 1:30 is green and 9 o'clock is the grey track.
    const c = 233;
    const rr = 233 - 8 - 8;
    const at = (deg: number) =>
      r.pixel(c + rr * Math.cos((deg * Math.PI) / 180), c + rr * Math.sin((deg * Math.PI) / 180));
    expect(rgb(at(-45))).toBe('#1db38b');
    expect(rgb(at(180))).toBe('#333333');
    // Outside the round mask: bezel colour.
    expect(rgb(r.pixel(3, 3))).toBe('#202020');
  });

  it('golden SVG structure for the index page (round and square differ via zosLoader layouts)', async () => {
    const shapes: Record<string, string[]> = {};
    for (const device of ['gtr4', 'gts4'] as const) {
      const sim = await createSim({ appDir: SAMPLE_APP, device, startTime: T0 });
      await sim.launch();
      shapes[device] = structure(sim);
    }
    expect(shapes).toMatchInlineSnapshot(`
      {
        "gtr4": [
          "ARC 8,8 450x450",
          "ARC 8,8 450x450",
          "TEXT 39,87 388x49 Unknot sample",
          "TEXT 39,146 388x78 Taps: 0",
          "TEXT 58,228 350x39 Phone: idle",
          "BUTTON 87,282 136x62 Ping",
          "BUTTON 243,282 136x62 Remind",
          "BUTTON 136,359 194x54 Details",
          "CIRCLE 227,441 12x12",
        ],
        "gts4": [
          "ARC 295,20 80x80",
          "ARC 295,20 80x80",
          "TEXT 20,30 270x50 Unknot sample",
          "TEXT 20,110 350x80 Taps: 0",
          "TEXT 20,200 350x40 Phone: idle",
          "BUTTON 20,300 165x64 Ping",
          "BUTTON 205,300 165x64 Remind",
          "BUTTON 20,380 350x56 Details",
          "CIRCLE 191,6 8x8",
        ],
      }
    `);
  });
});
