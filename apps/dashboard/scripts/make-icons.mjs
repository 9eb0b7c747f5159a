#!/usr/bin/env node
// Draws the app icons (the favicon's green disc with its white arc) as PNGs for the web app
// manifest: 192 and 512 px ("any"), and a 512 px maskable one with the safe-zone padding.
// Pure Node (zlib), 4×4 supersampled; run once, the PNGs are committed in public/.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const GREEN = [0x2f, 0x6f, 0x62];
const PAPER = [0xf6, 0xf4, 0xef];
const WHITE = [0xff, 0xff, 0xff];

/** In the favicon's 32-unit space: which colour covers (x, y), or null for transparent. */
function sample(x, y, maskable) {
  if (maskable) {
    // full-bleed paper background, the disc inside the 80 % safe zone
    const s = 32 / 0.8;
    x = (x - 16) * (s / 32) + 16;
    y = (y - 16) * (s / 32) + 16;
  }
  const d = Math.hypot(x - 16, y - 16);
  if (d > 13) return maskable ? PAPER : null;
  // the arc: quadratic bezier (9,18) (16,12) (23,18), stroke width 3, round caps
  let best = Infinity;
  for (let i = 0; i <= 64; i++) {
    const t = i / 64;
    const bx = (1 - t) ** 2 * 9 + 2 * (1 - t) * t * 16 + t ** 2 * 23;
    const by = (1 - t) ** 2 * 18 + 2 * (1 - t) * t * 12 + t ** 2 * 18;
    best = Math.min(best, Math.hypot(x - bx, y - by));
  }
  return best <= 1.5 ? WHITE : GREEN;
}

function draw(size, maskable) {
  const SS = 4;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SS; sy++)
        for (let sx = 0; sx < SS; sx++) {
          const c = sample(
            ((px + (sx + 0.5) / SS) / size) * 32,
            ((py + (sy + 0.5) / SS) / size) * 32,
            maskable,
          );
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      const o = py * (size * 4 + 1) + 1 + px * 4;
      raw[o] = a ? Math.round(r / a) : 0;
      raw[o + 1] = a ? Math.round(g / a) : 0;
      raw[o + 2] = a ? Math.round(b / a) : 0;
      raw[o + 3] = Math.round((a / (SS * SS)) * 255);
    }
  }
  return png(size, size, raw);
}

function png(w, h, raw) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');
writeFileSync(join(out, 'icon-192.png'), draw(192, false));
writeFileSync(join(out, 'icon-512.png'), draw(512, false));
writeFileSync(join(out, 'icon-maskable-512.png'), draw(512, true));
console.log('wrote public/icon-192.png, icon-512.png, icon-maskable-512.png');
