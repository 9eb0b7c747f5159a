/**
 * Bundles app entries like the Zepp build: `import … from '@zos/x'` becomes the runtime require
 * `__$$R$$__('@zos/x')`, `zosLoader:./x.[pf].layout.js` resolves per screen shape, everything else
 * (ZML, workspace packages) is inlined. Output: one IIFE script per entry.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { ScreenShape } from './devices.js';

/**
 * The phone side's `import { gettext } from 'i18n'` (the settings app, the side service): zeus
 * replaces it by a lookup in the entry's own `.po` files; the sim's phone host puts that lookup in
 * this global of each phone context.
 */
export const PHONE_I18N_GLOBAL = '__$$zeppI18n$$__';

const here = dirname(fileURLToPath(import.meta.url));
const simNodeModules = resolve(here, '..', 'node_modules');

function zosPlugin(shape: ScreenShape): esbuild.Plugin {
  return {
    name: 'zos-runtime',
    setup(build) {
      build.onResolve({ filter: /^@zos\// }, (args) => ({ path: args.path, namespace: 'zos-runtime' }));
      build.onLoad({ filter: /.*/, namespace: 'zos-runtime' }, (args) => ({
        contents: `module.exports = __$$R$$__(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
      build.onResolve({ filter: /^i18n$/ }, () => ({ path: 'i18n', namespace: 'zepp-phone-i18n' }));
      build.onLoad({ filter: /.*/, namespace: 'zepp-phone-i18n' }, () => ({
        contents: `module.exports = globalThis[${JSON.stringify(PHONE_I18N_GLOBAL)}];`,
        loader: 'js',
      }));
      build.onResolve({ filter: /^zosLoader:/ }, (args) => {
        const rel = args.path.slice('zosLoader:'.length).replaceAll('[pf]', shape);
        const base = resolve(args.resolveDir, rel);
        const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}.js`];
        const found = candidates.find((c) => existsSync(c));
        if (!found) return { errors: [{ text: `zosLoader: cannot resolve ${rel} (shape ${shape})` }] };
        return { path: found };
      });
    },
  };
}

const cache = new Map<string, Map<string, string>>();

/** Bundles the given entry files for one screen shape; returns code per entry path. */
export async function bundleEntries(
  appDir: string,
  entries: string[],
  shape: ScreenShape,
  target = 'es2022',
  apiLevel = '3.6',
): Promise<Map<string, string>> {
  const key = `${appDir}|${shape}|${target}|${entries.join(',')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const out = new Map<string, string>();
  const result = await esbuild.build({
    entryPoints: entries.map((e, i) => ({ in: e, out: `e${i}` })),
    bundle: true,
    write: false,
    outdir: join(appDir, '.sim-out'),
    format: 'iife',
    platform: 'neutral',
    target,
    mainFields: ['module', 'main'],
    conditions: ['@unknot/source', 'import', 'default'],
    nodePaths: [simNodeModules],
    define: { __API_LEVEL__: JSON.stringify(apiLevel) },
    plugins: [zosPlugin(shape)],
    logLevel: 'silent',
    sourcemap: false,
    absWorkingDir: appDir,
  });
  entries.forEach((entry, i) => {
    const file = result.outputFiles.find((f) => f.path.endsWith(`e${i}.js`));
    if (!file) throw new Error(`bundle for ${entry} missing`);
    out.set(entry, file.text);
  });
  cache.set(key, out);
  return out;
}

/** Drops cached bundles (call after editing app sources in a long-running process). */
export function clearBundleCache(): void {
  cache.clear();
}
