import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@unknot/source'] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
