/**
 * Step 1 of the build: compile and bundle the TypeScript app with esbuild into plain JS files at
 * the paths app.json names (dist/zeus-src/page/home/index.js, …), so the official zeus tool can
 * package them. `@zos/*` stays as imports: zeus turns them into the runtime's module loader.
 * Writes the esbuild metafile and a per-entry size report.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { appEntries } from './app-entries.js';
import { writePackageTexts } from './i18n-catalog.js';
import { DIST_DIR, WATCH_DIR, ZEUS_SRC_DIR } from './paths.js';
import { printSizeReport, sizeReport, writeSizeReport } from './size-report.js';
import { renderStretchArt } from './stretch-art.js';

async function bundle(entries: string[], external: string[]): Promise<esbuild.Metafile> {
  const result = await esbuild.build({
    absWorkingDir: WATCH_DIR,
    entryPoints: entries.map((e) => ({ in: `${e}.ts`, out: e })),
    outdir: ZEUS_SRC_DIR,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    mainFields: ['module', 'main'],
    conditions: ['@unknot/source'],
    external,
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile;
}

export async function bundleApp(): Promise<void> {
  rmSync(ZEUS_SRC_DIR, { recursive: true, force: true });
  mkdirSync(ZEUS_SRC_DIR, { recursive: true });
  const entries = appEntries();
  const device = await bundle(entries.device, ['@zos/*']);
  // the phone's gettext stays an import: zeus fills it from setting/i18n and app-side/i18n
  const phone = await bundle(entries.phone, ['i18n']);
  cpSync(join(WATCH_DIR, 'app.json'), join(ZEUS_SRC_DIR, 'app.json'));
  const art = renderStretchArt();
  console.log(`stretch pictures: ${art.files} PNGs for every screen, ${(art.bytes / 1024).toFixed(1)} KB`);
  cpSync(join(WATCH_DIR, 'assets'), join(ZEUS_SRC_DIR, 'assets'), { recursive: true });
  const texts = writePackageTexts();
  console.log(
    `translations: page/i18n ${texts.map((t) => `${t.locale} ${t.keys} keys (${(t.bytes / 1024).toFixed(1)} KB)`).join(', ')}; setting/i18n, app-side/i18n`,
  );
  writeFileSync(join(DIST_DIR, 'esbuild-meta.device.json'), JSON.stringify(device));
  writeFileSync(join(DIST_DIR, 'esbuild-meta.phone.json'), JSON.stringify(phone));
  const report = sizeReport(device, phone, entries.device);
  writeSizeReport(report);
  printSizeReport(report);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await bundleApp();
}
