#!/usr/bin/env node
// Where the initial JS goes: builds the production dashboard (into .tmp/bundle-report, not dist/)
// and lists, for each chunk index.html loads before the first render, its modules by size
// (rendered bytes and gzip of each module alone, which over-counts a little but ranks them).
// Usage: node scripts/bundle-report.mjs [--all] [--top N]
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.tmp', 'bundle-report');
const all = process.argv.includes('--all');
const topArg = process.argv.indexOf('--top');
const top = topArg > 0 ? Number(process.argv[topArg + 1]) : 25;
const chunks = new Map();
process.env.NODE_ENV = 'production';
await build({
  root,
  configFile: join(root, 'vite.config.ts'),
  logLevel: 'warn',
  mode: 'production',
  build: { outDir, emptyOutDir: true },
  plugins: [
    {
      name: 'bundle-report',
      generateBundle(_, bundle) {
        for (const out of Object.values(bundle)) {
          if (out.type !== 'chunk') continue;
          chunks.set(out.fileName, out);
        }
      },
    },
  ],
});
const html = readFileSync(join(outDir, 'index.html'), 'utf8');
// What the first render waits for: what index.html loads (the boot module), the chunks it
// imports, and the chunks it starts at once: main.tsx (with what it imports) and the English tables.
const initial = new Set(
  [
    ...html.matchAll(/<script[^>]+src="\/([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+)"/g),
  ].map((m) => m[1]),
);
const addWithImports = (file) => {
  if (!chunks.has(file) || initial.has(`@${file}`)) return;
  initial.add(file);
  initial.add(`@${file}`);
  for (const dep of chunks.get(file).imports) addWithImports(dep);
};
for (const file of [...initial]) {
  const chunk = chunks.get(file);
  if (!chunk) continue;
  initial.delete(file);
  addWithImports(file);
  for (const dyn of chunk.dynamicImports) if (/(^|\/)(main|en-US)-[^/]*\.js$/.test(dyn)) addWithImports(dyn);
}
const gz = (s) => gzipSync(s, { level: 9 }).length;
const pkgOf = (id) => {
  const m = id.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1];
  const w = id.match(/packages\/([^/]+)\/src\/([^/]+)/);
  if (w) return `${w[1]}/${w[2]}`;
  const a = id.match(/apps\/dashboard\/src\/(.*)/);
  return a ? `dashboard/${a[1]}` : id;
};
let total = 0;
for (const [file, chunk] of chunks) {
  const isInitial = initial.has(file);
  if (!isInitial && !all) continue;
  const size = gz(chunk.code);
  total += isInitial ? size : 0;
  console.log(
    `\n## ${file}${isInitial ? ' (initial)' : ''}: ${(chunk.code.length / 1000).toFixed(1)} kB, gzip ${(size / 1000).toFixed(1)} kB`,
  );
  const byPkg = new Map();
  for (const [id, m] of Object.entries(chunk.modules)) {
    const key = pkgOf(id);
    const e = byPkg.get(key) ?? { bytes: 0, code: '' };
    e.bytes += m.renderedLength;
    e.code += m.code ?? '';
    byPkg.set(key, e);
  }
  const rows = [...byPkg].map(([k, e]) => [k, e.bytes, gz(e.code)]).sort((a, b) => b[2] - a[2]);
  for (const [k, b, g] of rows.slice(0, top))
    console.log(
      `  ${k.padEnd(50)} ${(b / 1000).toFixed(1).padStart(7)} kB  gzip~ ${(g / 1000).toFixed(1).padStart(6)} kB`,
    );
}
console.log(`\ninitial JS gzip (chunks, registerSW.js excluded): ${(total / 1000).toFixed(1)} kB`);
rmSync(outDir, { recursive: true, force: true });
