import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../src/cli.js';
import { tempDir } from './helpers.js';

describe('CLI scenario runner', () => {
  it('runs the sample tour: screenshots and a JSON-lines timeline', async () => {
    const out = tempDir();
    const sim = await runScenario(
      fileURLToPath(new URL('../scenarios/sample-tour.ts', import.meta.url)),
      out,
    );
    expect(sim.errors).toEqual([]);
    for (const f of ['01-launch.png', '02-after-ping.png', '03-from-notification.png'])
      expect(existsSync(`${out}/${f}`)).toBe(true);
    const lines = readFileSync(`${out}/timeline.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // Booked for 08:01:00.200; alarms fire up to 3 s late.
    const fired = lines.find((l) => l.event === 'alarm.fire')?.t as number;
    expect(fired).toBeGreaterThanOrEqual(Date.UTC(2025, 0, 6, 8, 1) + 200);
    expect(fired).toBeLessThanOrEqual(Date.UTC(2025, 0, 6, 8, 1) + 3200);
    expect(lines.every((l) => typeof l.t === 'number' && typeof l.event === 'string')).toBe(true);
  });
});
