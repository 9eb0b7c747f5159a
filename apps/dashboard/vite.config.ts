/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const SYNC_SERVER = process.env.UNKNOT_SYNC_URL ?? 'http://127.0.0.1:8787';

/** Paper colour of the page (styles.css `--bg`), also the browser chrome's colour (index.html). */
const THEME = '#f6f4ef';

// `vite build` is the production dashboard (no /bench). `vite build --mode bench` writes a
// test-only build into dist-bench/ that includes the /bench view, for the browser benchmarks.
export default defineConfig(({ mode }) => ({
  plugins: [
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
