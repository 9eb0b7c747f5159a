/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const SYNC_SERVER = process.env.UNKNOT_SYNC_URL ?? 'http://127.0.0.1:8787';

/** Paper colour of the page (styles.css `--bg`), also the browser chrome's colour (index.html). */
const THEME = '#f6f4ef';

const CATALOG_PREFIX = 'virtual:unknot-catalog/';
const CATALOG_DIR = fileURLToPath(new URL('./src/i18n/catalogs/', import.meta.url));

/**
 * `import('virtual:unknot-catalog/de-DE')` → src/i18n/catalogs/de-DE.json with every ICU message
 * compiled (Lingui's own compiler, at build time: the browser gets no message parser). A message
 * that does not parse fails the build.
 */
function unknotCatalogs(): Plugin {
  return {
    name: 'unknot-catalogs',
    resolveId(id) {
      return id.startsWith(CATALOG_PREFIX) ? `\0${id}` : null;
    },
    load(id) {
      if (!id.startsWith(`\0${CATALOG_PREFIX}`)) return null;
      const locale = id.slice(CATALOG_PREFIX.length + 1);
      if (!/^[a-z]{2}-[A-Z]{2}$/.test(locale)) throw new Error(`no such catalog: ${locale}`);
      const file = `${CATALOG_DIR}${locale}.json`;
      this.addWatchFile(file);
      const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      const compiled: Record<string, unknown> = {};
      for (const [key, message] of Object.entries(raw)) {
        try {
          compiled[key] = compileMessageOrThrow(message);
        } catch (e) {
          throw new Error(`${locale}.json "${key}": ${(e as Error).message}`);
        }
      }
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(compiled))});`;
    },
  };
}

// `vite build` is the production dashboard (no /bench). `vite build --mode bench` writes a
// test-only build into dist-bench/ that includes the /bench view, for the browser benchmarks.
export default defineConfig(({ mode }) => ({
  plugins: [
    unknotCatalogs(),
    react(),
    // Installable, and the shell (every built asset) is precached, so a reload while offline opens
    // the dashboard; the data comes from the IndexedDB replica. Workbox runs from this origin:
    // nothing is fetched from a CDN at build time or at run time.
    VitePWA({
      disable: mode === 'bench',
      registerType: 'autoUpdate',
      injectRegister: 'script-defer', // a /registerSW.js file, not an inline script (CSP)
      includeAssets: [],
      manifest: {
        name: 'Unknot — back-care companion',
        short_name: 'Unknot',
        description: 'Streaks, weekly adherence, holds and pain trend of your Unknot stretch routine.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: THEME,
        background_color: THEME,
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        // the server's own routes (API, socket, probes, the simulated watch) are never the shell
        navigateFallbackDenylist: [/^\/(v1|ws|healthz|readyz|metrics|sim)(\/|$)/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  // `@unknot/stretch-model` resolves to its TypeScript source through this condition.
  resolve: { conditions: ['@unknot/source', ...defaultClientConditions] },
  server: {
    proxy: {
      '/v1': SYNC_SERVER,
      '/healthz': SYNC_SERVER,
      '/ws': { target: SYNC_SERVER, ws: true },
    },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    outDir: mode === 'bench' ? 'dist-bench' : 'dist',
    rolldownOptions: {
      output: {
        // Everything the first page needs in one chunk (React, the shell, Overview, the core parts
        // it uses): one request through the service worker instead of six small ones. The views
        // and libraries loaded on demand keep their own chunks.
        codeSplitting: { groups: [{ name: 'start', tags: ['$initial'] }] },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./test/setup.ts'],
    pool: 'threads',
    maxWorkers: 2,
    testTimeout: 20_000,
  },
}));
