import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // QuickJS (WebAssembly) start-up, esbuild and acorn over ~30 device files: seconds, not ms
    testTimeout: 60_000,
  },
});
