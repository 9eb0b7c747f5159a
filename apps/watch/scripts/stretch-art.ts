/**
 * Part of step 1 of the build: the stretch pictures for the watch. The project's drawings
 * (packages/stretch-model/art/<id>.svg) are rendered to PNG at exactly the size of the runner's
 * picture box on every screen of build/devices.json, into `assets/default.<r|s>/stretch/<width>/`.
 * An IMG widget draws a PNG pixel for pixel, so each screen width gets its own.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { CATALOG } from '@unknot/stretch-model';
import { MIN_TAP_HEIGHT } from '../lib/ui/layout.js';
import { runnerLayout } from '../lib/ui/runner-layout.js';
import { DEVICES_FILE, WATCH_DIR } from './paths.js';

interface DeviceEntry {
  shape: 'round' | 'square';
  size: string;
}

/** Every distinct screen (shape, width × height) the app is built for. */
export function buildScreens(): { round: boolean; width: number; height: number }[] {
  const devices = (JSON.parse(readFileSync(DEVICES_FILE, 'utf8')) as { devices: DeviceEntry[] }).devices;
  const seen = new Map<string, { round: boolean; width: number; height: number }>();
  for (const d of devices) {
    const [width, height] = d.size.split('*').map(Number) as [number, number];
    seen.set(`${d.shape}${d.size}`, { round: d.shape === 'round', width, height });
  }
  return [...seen.values()];
}

/** The drawings' folder, found through the core package (its `art/*` export). */
export function artDir(): string {
  const require = createRequire(join(WATCH_DIR, 'package.json'));
  return dirname(require.resolve('@unknot/stretch-model/art/cat-cow.svg'));
}

export interface RenderedArt {
  files: number;
  bytes: number;
}

/** Renders every picture for every screen; returns how many files and bytes it wrote. */
export function renderStretchArt(): RenderedArt {
  const art = artDir();
  let files = 0;
  let bytes = 0;
  for (const platform of ['default.r', 'default.s'])
    rmSync(join(WATCH_DIR, 'assets', platform, 'stretch'), { recursive: true, force: true });
  for (const screen of buildScreens()) {
    const box = runnerLayout(screen, MIN_TAP_HEIGHT).picture;
    const dir = join(
      WATCH_DIR,
      'assets',
      screen.round ? 'default.r' : 'default.s',
      'stretch',
      String(screen.width),
    );
    mkdirSync(dir, { recursive: true });
    for (const s of CATALOG) {
      const svg = readFileSync(join(art, `${s.id}.svg`), 'utf8');
      const png = new Resvg(svg, { fitTo: { mode: 'width', value: box.w } }).render().asPng();
      writeFileSync(join(dir, `${s.id}.png`), png);
      files++;
      bytes += png.length;
    }
  }
  return { files, bytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = renderStretchArt();
  console.log(`stretch pictures: ${r.files} PNGs, ${(r.bytes / 1024).toFixed(1)} KB`);
}
