import { writeFileSync } from 'node:fs';
import type { Metafile } from 'esbuild';
import { SIZE_REPORT_FILE } from './paths.js';

/** Device JS budget for the whole app (all device entries together). */
export const DEVICE_BUDGET_BYTES = 150 * 1024;

export interface EntrySize {
  entry: string;
  bytes: number;
  /** The biggest inputs in this entry's bundle (bytes after minification). */
  largest: { input: string; bytes: number }[];
}

export interface SizeReport {
  device: EntrySize[];
  deviceTotalBytes: number;
  /** Bytes of distinct source inputs across all device bundles (shared code counted once). */
  deviceDistinctInputBytes: number;
  budgetBytes: number;
  withinBudget: boolean;
  phone: EntrySize[];
  /** Largest contributors to device JS over all entries, by package or app folder. */
  topContributors: { group: string; bytes: number }[];
}

function groupOf(input: string): string {
  const pnpm = input.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/);
  if (pnpm?.[1]) return pnpm[1];
  const core = input.match(/packages\/stretch-model\/src\/([^/]+)/);
  if (core?.[1]) return `@unknot/stretch-model/${core[1]}`;
  const app = input.match(/^(lib\/[^/]+|page\/[^/]+|app-service|app-side|setting|app\.ts)/);
  return app?.[1] ?? input;
}

function entrySizes(meta: Metafile, entryOrder: string[] | null): EntrySize[] {
  const out: EntrySize[] = [];
  for (const [file, output] of Object.entries(meta.outputs)) {
    if (!file.endsWith('.js')) continue;
    const entry = file.replace(/^.*zeus-src\//, '').replace(/\.js$/, '');
    const largest = Object.entries(output.inputs)
      .map(([input, v]) => ({
        input: input.replace(/^.*?(packages\/|node_modules\/)/, '$1'),
        bytes: v.bytesInOutput,
      }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 5);
    out.push({ entry, bytes: output.bytes, largest });
  }
  if (entryOrder) out.sort((a, b) => entryOrder.indexOf(a.entry) - entryOrder.indexOf(b.entry));
  return out;
}

export function sizeReport(device: Metafile, phone: Metafile, order: string[]): SizeReport {
  const deviceEntries = entrySizes(device, order);
  const total = deviceEntries.reduce((s, e) => s + e.bytes, 0);
  const groups = new Map<string, number>();
  for (const output of Object.values(device.outputs)) {
    for (const [input, v] of Object.entries(output.inputs)) {
      const g = groupOf(input);
      groups.set(g, (groups.get(g) ?? 0) + v.bytesInOutput);
    }
  }
  const distinct = new Map<string, number>();
  for (const output of Object.values(device.outputs)) {
    for (const [input, v] of Object.entries(output.inputs))
      distinct.set(input, Math.max(distinct.get(input) ?? 0, v.bytesInOutput));
  }
  return {
    device: deviceEntries,
    deviceTotalBytes: total,
    deviceDistinctInputBytes: [...distinct.values()].reduce((a, b) => a + b, 0),
    budgetBytes: DEVICE_BUDGET_BYTES,
    withinBudget: total <= DEVICE_BUDGET_BYTES,
    phone: entrySizes(phone, null),
    topContributors: [...groups.entries()]
      .map(([group, bytes]) => ({ group, bytes }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 10),
  };
}

export function writeSizeReport(report: SizeReport): void {
  writeFileSync(SIZE_REPORT_FILE, `${JSON.stringify(report, null, 2)}\n`);
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function printSizeReport(report: SizeReport): void {
  const rows = report.device.map((e) => [e.entry, kb(e.bytes), e.largest[0]?.input ?? '']);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length), 12));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log('\nDevice JS per entry (minified, before QuickJS bytecode):');
  console.log(line(['entry', 'size', 'largest input']));
  for (const r of rows) console.log(line(r));
  console.log(
    `total ${kb(report.deviceTotalBytes)} of ${kb(report.budgetBytes)} budget: ${report.withinBudget ? 'OK' : 'OVER'}` +
      ` (distinct code ${kb(report.deviceDistinctInputBytes)})`,
  );
  console.log('Largest contributors (summed over entries):');
  for (const c of report.topContributors) console.log(`  ${c.group.padEnd(40)} ${kb(c.bytes)}`);
  for (const p of report.phone) console.log(`phone ${p.entry}: ${kb(p.bytes)}`);
}
