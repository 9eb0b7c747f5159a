/**
 * The store submission the build writes (`dist/store/`, scripts/store-assets.ts): a round 248×248
 * icon, at least three transparent round 360×360 screenshots of the real app, the listing in the
 * Health & Fitness category, and a privacy statement that names every storage key the app really
 * writes on the watch and on the phone (collected from a paired run against a real server).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairLikeAUser } from './phone-helpers.js';
import { newPairingCode, pullAll, type RealServer, sessionsOf, startRealServer } from './server-support.js';
import { launchWatch, quickBreak, WATCH_DIR } from './sim-helpers.js';

const STORE = join(WATCH_DIR, 'dist', 'store');

interface Image {
  width: number;
  height: number;
  rgba(x: number, y: number): [number, number, number, number];
}

/** A small PNG reader (8-bit RGBA or RGB, not interlaced), written from the PNG spec for this test. */
function readPng(file: string): Image {
  const b = readFileSync(file);
  expect(b.subarray(0, 8).toString('hex'), `${file} is a PNG`).toBe('89504e470d0a1a0a');
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (pos < b.length) {
    const len = b.readUInt32BE(pos);
    const type = b.toString('ascii', pos + 4, pos + 8);
    const data = b.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8], 'bit depth').toBe(8);
      expect(data[12], 'not interlaced').toBe(0);
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0;
      expect(channels, `colour type ${data[9]}`).toBeGreaterThan(0);
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x] ?? 0;
      const a = x >= channels ? (out[y * stride + x - channels] ?? 0) : 0;
      const up = y > 0 ? (out[(y - 1) * stride + x] ?? 0) : 0;
      const ul = x >= channels && y > 0 ? (out[(y - 1) * stride + x - channels] ?? 0) : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = up;
      else if (filter === 3) pred = Math.floor((a + up) / 2);
      else if (filter === 4) {
        const p = a + up - ul;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - ul);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? up : ul;
      }
      out[y * stride + x] = (v + pred) & 0xff;
    }
  }
  return {
    width,
    height,
    rgba(x, y) {
      const i = y * stride + x * channels;
      return [out[i] ?? 0, out[i + 1] ?? 0, out[i + 2] ?? 0, channels === 4 ? (out[i + 3] ?? 0) : 255];
    },
  };
}

/** Transparent in the four corners, opaque in the middle: a round picture on a clear square. */
function expectRoundOnClear(img: Image, what: string): void {
  const last = img.width - 1;
  for (const [x, y] of [
    [0, 0],
    [last, 0],
    [0, last],
    [last, last],
  ] as const)
    expect(img.rgba(x, y)[3], `${what} corner (${x},${y})`).toBe(0);
  const mid = Math.floor(img.width / 2);
  expect(img.rgba(mid, mid)[3], `${what} middle`).toBe(255);
}

const manifest = (): {
  icon: string;
  screenshots: { file: string; shows: string }[];
  squareScreenshots: { file: string; shows: string }[];
  privacy: string;
  listing: string;
} => JSON.parse(readFileSync(join(STORE, 'store.json'), 'utf8'));

describe('store assets written by the build', () => {
  it('has the round 248×248 icon', () => {
    const icon = readPng(join(STORE, manifest().icon));
    expect([icon.width, icon.height]).toEqual([248, 248]);
    expectRoundOnClear(icon, 'icon');
  });

  it('has at least three different transparent round 360×360 screenshots of the app', () => {
    const shots = manifest().screenshots;
    expect(shots.length).toBeGreaterThanOrEqual(3);
    const seen = new Set<string>();
    for (const s of shots) {
      const img = readPng(join(STORE, s.file));
      expect([img.width, img.height], s.file).toEqual([360, 360]);
      expectRoundOnClear(img, s.file);
      // Something is drawn: the face is not one flat colour.
      const colours = new Set<string>();
      for (let y = 60; y < 300; y += 12)
        for (let x = 60; x < 300; x += 12) colours.add(img.rgba(x, y).join());
      expect(colours.size, `${s.file} shows something`).toBeGreaterThan(3);
      const bytes = readFileSync(join(STORE, s.file)).toString('base64');
      expect(seen.has(bytes), `${s.file} differs from the others`).toBe(false);
      seen.add(bytes);
    }
  });

  it('has the square watch screenshots at 360 px high with equal clear margins left and right', () => {
    const shots = manifest().squareScreenshots;
    expect(shots.length).toBeGreaterThanOrEqual(3);
    for (const s of shots) {
      const img = readPng(join(STORE, s.file));
      expect([img.width, img.height], s.file).toEqual([360, 360]);
      // 390×450 scaled to 360 high is 312 wide: 24 px clear on each side, drawn from edge to edge in height.
      for (const y of [0, 180, 359]) {
        expect(img.rgba(0, y)[3], `${s.file} left margin`).toBe(0);
        expect(img.rgba(23, y)[3], `${s.file} left margin`).toBe(0);
        expect(img.rgba(359, y)[3], `${s.file} right margin`).toBe(0);
        expect(img.rgba(336, y)[3], `${s.file} right margin`).toBe(0);
        expect(img.rgba(180, y)[3], `${s.file} face`).toBe(255);
      }
    }
  });

  it('lists the app under Health & Fitness, not Medical, and says to see a professional', () => {
    const listing = readFileSync(join(STORE, manifest().listing), 'utf8');
    expect(listing).toMatch(/\*\*Store category: Health & Fitness\.\*\*/);
    expect(listing).toMatch(/doctor or physiotherapist/);
    expect(listing).not.toMatch(/\b(cure|cures|heal|heals|fix your back)\b/i);
  });

  it('explains every permission the app declares, for the release form', () => {
    const listing = readFileSync(join(STORE, manifest().listing), 'utf8');
    const explained = new Set([...listing.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]));
    const app = JSON.parse(readFileSync(join(WATCH_DIR, 'app.json'), 'utf8')) as { permissions: string[] };
    expect(app.permissions.length).toBeGreaterThan(0);
    for (const p of app.permissions) expect(explained.has(p), `listing.md explains ${p}`).toBe(true);
  });
});

describe('the privacy statement names everything the app stores', () => {
  let server: RealServer;
  beforeAll(async () => {
    server = await startRealServer();
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('documents every watch storage key and phone settings key of a paired day', async () => {
    const privacy = readFileSync(join(STORE, manifest().privacy), 'utf8');
    const documented = new Set([...privacy.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]));
    const sim = await launchWatch();
    try {
      await pairLikeAUser(sim, server.url, await newPairingCode(server));
      await quickBreak(sim);
      // A few still hours: the nudge service wakes, decides and keeps its memory.
      await sim.clock.advance(3 * 60 * 60_000);
      await sim.relaunch();
      await sim.until(() => sim.screen.findByText(/^Synced/) !== undefined, {
        timeoutMs: 60_000,
        stepMs: 500,
      });
      expect(sessionsOf(await pullAll(server))).toHaveLength(1);
      const watchKeys = Object.keys(sim.system.localStorage.value);
      const phoneKeys = Object.keys(sim.phone.settings.toObject());
      expect(watchKeys).toContain('unknot.replica.v1');
      expect(phoneKeys).toContain('credential');
      for (const key of [...watchKeys, ...phoneKeys])
        expect(documented.has(key), `privacy.md documents "${key}"`).toBe(true);
    } finally {
      sim.dispose();
    }
  });
});
