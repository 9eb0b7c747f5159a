import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** The browser tests run against the production build, served by the real sync server (and the bench build). */
export default async function setup(): Promise<void> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  // vitest sets NODE_ENV=test, which would give React's development build.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
    // the test-only build with the /bench view (dist-bench/), which production leaves out
    await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'bench' });
  } finally {
    process.env.NODE_ENV = previous;
  }
}
