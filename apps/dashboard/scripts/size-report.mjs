#!/usr/bin/env node
// Prints the gzipped size of the JavaScript a first visit downloads (the entry chunk plus every
// chunk index.html preloads) and fails when it is over budget. Run after `vite build`.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 150 * 1000;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [
  ...html.matchAll(/<script[^>]+src="([^"]+)"/g), // the entry module and registerSW.js
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
].map((m) => m[1]);
if (initial.length === 0) {
  console.error('size-report: no entry script found in dist/index.html');
  process.exit(1);
}
let total = 0;
for (const src of new Set(initial)) {
  const bytes = readFileSync(join(dist, src.replace(/^\//, '')));
  const gz = gzipSync(bytes, { level: 9 }).length;
  total += gz;
  console.log(
    `${src.padEnd(48)} ${(bytes.length / 1000).toFixed(1).padStart(8)} kB  gzip ${(gz / 1000).toFixed(1).padStart(7)} kB`,
  );
}
const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER';
console.log(
  `initial JS (gzip): ${(total / 1000).toFixed(1)} kB — ${verdict} the ${BUDGET_BYTES / 1000} kB budget`,
);
if (total > BUDGET_BYTES) process.exit(1);
