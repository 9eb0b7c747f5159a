import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * Every watch test runs in the device engine at the lowest API level the app declares
 * (app.json `runtime.apiVersion.minVersion`), so a call that exists only on newer firmware is
 * caught, and all but the three below again at the highest any target device reaches
 * (build/devices.json).
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
const lowest = appJson.runtime.apiVersion.minVersion;
const levels = [lowest, highest ?? lowest];

/**
 * Files that prove the sync path over a lossy link, days offline and the layouts of every page:
 * nothing in them differs between API levels (the calls they make exist at both; the API-gated
 * calls, haptics and alarms, are in the other files), and they are the longest (about 80 s a level).
 * They run at the lowest level only, where a missing call would show, to keep CI within its time.
 */
const LOWEST_LEVEL_ONLY = [
  'test/lossy-sync.test.ts',
  'test/offline-days.test.ts',
  'test/screenshots.test.ts',
];

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
        exclude: apiLevel === lowest ? [] : LOWEST_LEVEL_ONLY,
        env: { WATCH_API_LEVEL: apiLevel },
      },
    })),
  },
});
