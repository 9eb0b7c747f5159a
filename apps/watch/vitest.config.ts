import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Source, not a possibly stale dist/, for the core and for the sync server the tests start.
  resolve: { conditions: ['@unknot/source'] },
  ssr: { resolve: { conditions: ['@unknot/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
