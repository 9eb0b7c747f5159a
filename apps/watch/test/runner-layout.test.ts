/** The runner's first screen with the stretch picture beside the seconds, on every built screen. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIN_TAP_HEIGHT } from '../lib/ui/layout.js';
import { type Box, insideCircle, runnerLayout } from '../lib/ui/runner-layout.js';
import { buildScreens } from '../scripts/stretch-art.js';

const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('the runner picture box', () => {
  it('is where it was worked out by hand on the two design screens', () => {
    // round 480: 82 high (the 84 px seconds row less 2), 102.5 → 103 wide (5:4), centred 74 px
    // left of the middle: 240 − 74 − 51.5 = 114.5 → 115
    expect(runnerLayout({ width: 480, height: 480, round: true }, MIN_TAP_HEIGHT).picture).toEqual({
      x: 115,
      y: 120,
      w: 103,
      h: 82,
    });
    // square 390: as high as the seconds ring (2 × 44), below the 64 px status bar + 4 + 68
    expect(runnerLayout({ width: 390, height: 450, round: false }, MIN_TAP_HEIGHT).picture).toEqual({
      x: 66,
      y: 136,
      w: 110,
      h: 88,
    });
  });

  for (const screen of buildScreens()) {
    const name = `${screen.round ? 'round' : 'square'} ${screen.width}×${screen.height}`;
    it(`${name}: 5:4, on screen, clear of the seconds, ring and texts; its PNG is built`, () => {
      const r = runnerLayout(screen, MIN_TAP_HEIGHT);
      const p = r.picture;
      expect(Math.abs(p.w * 4 - p.h * 5)).toBeLessThanOrEqual(4);
      if (screen.round) {
        const c = screen.width / 2;
        expect(insideCircle(p, c, r.ring.radius - r.ring.lineWidth / 2)).toBe(true);
      } else {
        expect(p.x).toBeGreaterThanOrEqual(0);
        expect(p.x + p.w).toBeLessThanOrEqual(screen.width);
        const ring = {
          x: r.ring.cx - r.ring.radius - r.ring.lineWidth / 2,
          y: r.ring.cy - r.ring.radius - r.ring.lineWidth / 2,
          w: 2 * r.ring.radius + r.ring.lineWidth,
          h: 2 * r.ring.radius + r.ring.lineWidth,
        };
        expect(overlap(p, ring)).toBe(false);
      }
      for (const other of [r.headline, r.name, r.seconds, r.detail, r.steps, r.pause, r.skip])
        expect(overlap(p, other), JSON.stringify(other)).toBe(false);
      const png = join(
        import.meta.dirname,
        '..',
        'assets',
        screen.round ? 'default.r' : 'default.s',
        'stretch',
        String(screen.width),
        'cat-cow.png',
      );
      expect(existsSync(png), `${png} (run the build)`).toBe(true);
    });
  }
});
