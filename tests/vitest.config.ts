import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@unknot/source'] },
  ssr: { resolve: { conditions: ['@unknot/source'] } },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Whole-system tests start servers and browsers: one file at a time keeps them within 2 cores.
    fileParallelism: false,
  },
});
