import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@unknot/source'] },
  ssr: { resolve: { conditions: ['@unknot/source'] } },
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    // The emulator- and process-based suites start servers; keep them from competing for 2 cores.
    fileParallelism: false,
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    // firebase-admin must never probe a GCE metadata server from tests
    env: { METADATA_SERVER_DETECTION: 'none' },
    hookTimeout: 60_000,
  },
});
