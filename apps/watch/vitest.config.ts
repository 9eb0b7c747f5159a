import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * Every watch test runs twice in the device engine: at the lowest API level the app declares
 * (app.json `runtime.apiVersion.minVersion`) and at the highest any target device reaches
 * (build/devices.json), so a call that exists only on newer firmware is caught.
 */
const appJson = JSON.parse(readFileSync(new URL('./app.json', import.meta.url), 'utf8')) as {
  runtime: { apiVersion: { minVersion: string } };
};
const devices = (
  JSON.parse(readFileSync(new URL('./build/devices.json', import.meta.url), 'utf8')) as {
    devices: { apiLevel: string }[];
  }
).devices;
const level = (s: string) => s.split('.').map(Number) as [number, number];
const highest = devices
  .map((d) => d.apiLevel)
  .sort((a, b) => {
    const [am, an] = level(a);
    const [bm, bn] = level(b);
    return am - bm || an - bn;
  })
  .pop();
const levels = [appJson.runtime.apiVersion.minVersion, highest ?? appJson.runtime.apiVersion.minVersion];

export default defineConfig({
  // Source, not a possibly stale dist/, for the core and for the sync server the tests start.
  resolve: { conditions: ['@unknot/source'] },
  ssr: { resolve: { conditions: ['@unknot/source'] } },
  test: {
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 1,
    projects: [...new Set(levels)].map((apiLevel) => ({
      extends: true,
      test: {
        name: `API ${apiLevel}`,
        include: ['test/**/*.test.ts'],
        env: { WATCH_API_LEVEL: apiLevel },
      },
    })),
  },
});
