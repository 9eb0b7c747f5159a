/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

const SYNC_SERVER = process.env.UNKNOT_SYNC_URL ?? 'http://127.0.0.1:8787';

export default defineConfig({
  plugins: [react()],
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
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./test/setup.ts'],
    pool: 'threads',
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
