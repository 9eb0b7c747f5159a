/**
 * Writes what a Zepp App Store submission needs into `dist/store/`:
 * - `icon-248.png`: the round 248×248 app icon (the one packed into the app);
 * - `screenshots/<n>-<name>.png`: 360×360 screenshots of the real app, each rendered by firmware-sim
 *   from the device JS of this build on a 480 px round watch, scaled down and cut to the round
 *   face, transparent outside it (the store's rule for round screens: the face fills the square);
 * - `screenshots-square/<n>-<name>.png`: the same moments on a 390×450 square watch, scaled to the
 *   full 360 px height and centred with equal transparent margins left and right (the store's rule
 *   for rectangular screens);
 * - `privacy.md` and `listing.md`: the privacy statement and the listing text (`store/`);
 * - `store.json`: what was written, for the package check and the test.
 *
 * Run by `scripts/build.ts` after the package is checked (the sim needs `dist/device-js`).
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { createSim, type Sim } from '../../../firmware-sim/src/index.js';
import { DIST_DIR, WATCH_DIR } from './paths.js';

export const STORE_DIR = join(DIST_DIR, 'store');
export const STORE_SCREENSHOT_PX = 360;
export const STORE_ICON_PX = 248;

export interface StoreManifest {
  icon: string;
  screenshots: { file: string; shows: string }[];
  squareScreenshots: { file: string; shows: string }[];
  privacy: string;
  listing: string;
}

/** Monday 2025-01-06 08:00 UTC, a working morning. */
const START = Date.UTC(2025, 0, 6, 8, 0, 0);

/** Scales a square watch render to the store size and cuts it to the round face. */
export function roundStoreShot(png: Buffer, size = STORE_SCREENSHOT_PX): Buffer {
  const r = size / 2;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><defs><clipPath id="face"><circle cx="${r}" cy="${r}" r="${r}"/></clipPath></defs><image width="${size}" height="${size}" href="data:image/png;base64,${png.toString('base64')}" clip-path="url(#face)"/></svg>`;
  return new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng();
}

/** Scales a rectangular watch render to the store's height, centred with clear margins left and right. */
export function squareStoreShot(png: Buffer, w: number, h: number, size = STORE_SCREENSHOT_PX): Buffer {
  const width = Math.round((w * size) / h);
  const x = Math.round((size - width) / 2);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><image x="${x}" width="${width}" height="${size}" preserveAspectRatio="none" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  return new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng();
}

async function tap(sim: Sim, text: string | RegExp): Promise<void> {
  await sim.tap(sim.screen.getByText(text));
}

/** Drives the app through the moments a store visitor should see, and renders each. */
async function captureScreens(
  device: 'balance' | 'gts4',
): Promise<{ name: string; shows: string; png: Buffer }[]> {
  const sim = await createSim({
    appDir: WATCH_DIR,
    device,
    startTime: START,
    seed: 7,
    deviceCode: 'build',
    screenTimeout: false,
  });
  const shots: { name: string; shows: string; png: Buffer }[] = [];
  const shoot = (name: string, shows: string): void => {
    shots.push({ name, shows, png: sim.render.png() });
  };
  try {
    await sim.launch();
    await tap(sim, 'Quick break');
    await tap(sim, 'Start');
    // 5 s getting ready, then the first hold: a few seconds into it.
    await sim.clock.advance(9000);
    shoot('runner-hold', 'a stretch being held, with its steps and the seconds left');
    await sim.until(() => sim.screen.page() === 'page/summary/index', {
      timeoutMs: 15 * 60_000,
      stepMs: 1000,
    });
    await tap(sim, '+');
    await tap(sim, 'Save');
    await tap(sim, 'Skip');
    shoot('summary', 'the summary after a break, with the tightness rating');
    await tap(sim, 'Done');
    shoot('home', "today's progress and the ways to start");
    await sim.relaunch({ page: 'page/nudge/index' });
    shoot('nudge', 'a nudge after a long still spell: stretch now, snooze or dismiss');
    if (sim.errors.length > 0) throw new Error(`the app failed while shooting: ${sim.errors.join('; ')}`);
  } finally {
    sim.dispose();
  }
  return shots;
}

export async function writeStoreAssets(): Promise<StoreManifest> {
  rmSync(STORE_DIR, { recursive: true, force: true });
  mkdirSync(join(STORE_DIR, 'screenshots'), { recursive: true });
  mkdirSync(join(STORE_DIR, 'screenshots-square'), { recursive: true });
  copyFileSync(join(WATCH_DIR, 'assets', 'default.r', 'icon.png'), join(STORE_DIR, 'icon-248.png'));
  copyFileSync(join(WATCH_DIR, 'store', 'privacy.md'), join(STORE_DIR, 'privacy.md'));
  copyFileSync(join(WATCH_DIR, 'store', 'listing.md'), join(STORE_DIR, 'listing.md'));
  const screenshots: StoreManifest['screenshots'] = [];
  (await captureScreens('balance')).forEach((shot, i) => {
    const file = `screenshots/${i + 1}-${shot.name}.png`;
    writeFileSync(join(STORE_DIR, file), roundStoreShot(shot.png));
    screenshots.push({ file, shows: shot.shows });
  });
  const squareScreenshots: StoreManifest['squareScreenshots'] = [];
  (await captureScreens('gts4')).forEach((shot, i) => {
    const file = `screenshots-square/${i + 1}-${shot.name}.png`;
    writeFileSync(join(STORE_DIR, file), squareStoreShot(shot.png, 390, 450));
    squareScreenshots.push({ file, shows: shot.shows });
  });
  const manifest: StoreManifest = {
    icon: 'icon-248.png',
    screenshots,
    squareScreenshots,
    privacy: 'privacy.md',
    listing: 'listing.md',
  };
  writeFileSync(join(STORE_DIR, 'store.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
