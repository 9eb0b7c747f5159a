/**
 * Regression check for the shared core: packages/stretch-model is bundled into the watch's app.js,
 * so bundled the way the watch bundles it (esbuild, ES2020, iife) it must use no builtin the device
 * engine lacks. Uses the engine-derived list (plus zeus's qjsc when the watch has been built).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { deriveMissingBuiltins, formatFinding, gateFiles } from '../src/index.js';
import { REPO, zeusQjsc } from './paths.js';

it('the bundled stretch-model core uses no builtin or syntax the watch lacks', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'gate-core-')), 'stretch-model.js');
  await build({
    entryPoints: [join(REPO, 'packages/stretch-model/src/index.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'core',
    target: 'es2020',
    conditions: ['@unknot/source'],
    outfile: out,
    logLevel: 'silent',
  });
  const qjscPath = zeusQjsc();
  const missing = await deriveMissingBuiltins({ qjscPath });
  const findings = await gateFiles([out], {
    missing,
    qjscPath,
    displayName: () => 'stretch-model bundle',
    // time/time-zone.ts's intlOffsetResolver is for the server and dashboard; the watch never
    // imports it, so its app.js has no `Intl` (the build-output test checks the real files)
    allow: ['Intl'],
  });
  expect(findings.map(formatFinding)).toEqual([]);
});

it('the gate would catch the core regressing to Object.hasOwn', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gate-core-'));
  const out = join(dir, 'regressed.js');
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, 'export const has = (o: object, k: string): boolean => Object.hasOwn(o, k);\n');
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    outfile: out,
    logLevel: 'silent',
  });
  const missing = await deriveMissingBuiltins();
  const findings = await gateFiles([out], { missing });
  expect(findings.map((f) => f.builtin)).toEqual(['Object.hasOwn']);
});
