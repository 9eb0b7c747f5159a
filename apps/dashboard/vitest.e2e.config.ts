import { defineConfig } from 'vitest/config';
import { defaultServerConditions } from 'vite';

// Browser tests: real Chromium (playwright-core) against the real sync server serving the built dashboard.
export default defineConfig({
  resolve: { conditions: ['@unknot/source', ...defaultServerConditions] },
  ssr: { resolve: { conditions: ['@unknot/source', ...defaultServerConditions] } },
  test: {
    environment: 'node',
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['./e2e/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
