/** The stretch pictures: one drawing per stretch, in one style, described by the catalog's alt text. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../src/catalog/stretches.js';

const ART = join(dirname(fileURLToPath(import.meta.url)), '..', 'art');
/** The drawing style: figure teal, accent warm orange, props slate; nothing else. */
const PALETTE = ['#2a9d8f', '#f4a261', '#8d99ae'];

describe('stretch pictures (art/<id>.svg)', () => {
  it('there is exactly one per stretch', () => {
    const files = readdirSync(ART).filter((f) => f.endsWith('.svg'));
    expect(files.sort()).toEqual(CATALOG.map((s) => `${s.id}.svg`).sort());
  });

  for (const s of CATALOG) {
    it(`${s.id}: titled with the catalog's alt text, in the shared style, self-contained`, () => {
      const svg = readFileSync(join(ART, `${s.id}.svg`), 'utf8');
      expect(svg).toContain('viewBox="0 0 200 160"');
      const title = /<title>([^<]*)<\/title>/.exec(svg)?.[1]?.replace(/&apos;|&#39;/g, "'");
      expect(title).toBe(s.pictureAlt);
      expect(s.pictureAlt.length).toBeGreaterThan(20);
      const colours = new Set(svg.match(/#[0-9a-f]{6}/gi) ?? []);
      for (const c of colours) expect(PALETTE, c).toContain(c.toLowerCase());
      // no scripts, links, fonts or external images: it renders the same everywhere
      expect(svg).not.toMatch(/<script|href=|<text|<image|url\(/);
      // the floor line every picture stands on
      expect(svg).toContain('<path d="M24 146 H176"');
    });
  }
});
