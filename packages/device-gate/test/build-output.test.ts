/**
 * The real build output: every device file zeus compiled (apps/watch/dist/device-js, captured from
 * zeus's qjsc; `npm test` runs after `pnpm build`) passes the gate, with the device list narrowed by
 * zeus's own compiler binary and each file compiled by it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeMissing, formatGateFailure, gateDeviceJs } from '../src/index.js';
import { DEVICE_JS_DIR, zeusQjsc } from './paths.js';

it('the device JS of the current watch build uses nothing the watch lacks', async () => {
  const indexFile = join(DEVICE_JS_DIR, 'index.json');
  if (!existsSync(indexFile))
    throw new Error(
      `${indexFile} is missing: build the watch first (npx -y pnpm@12.4.2 --filter @unknot/watch build)`,
    );
  const index = JSON.parse(readFileSync(indexFile, 'utf8')) as {
    compiler: string;
    targets: { name: string; files: string[] }[];
  };
  expect(index.compiler).toBe('QuickJS Compiler version 2020-07-05');
  const qjscPath = zeusQjsc();
  if (process.platform === 'linux' && process.arch === 'x64')
    expect(qjscPath, "zeus's qjsc next to the build").toBeDefined();
  const result = await gateDeviceJs(DEVICE_JS_DIR, { qjscPath });
  expect(result.files.length).toBe(index.targets.reduce((n, t) => n + t.files.length, 0));
  expect(result.files.length).toBeGreaterThan(0);
  // zeus's compiler narrows QuickJS 2021's list: BigInt is compiled out of it
  if (qjscPath) expect(describeMissing(result.missing)).toContain('BigInt');
  expect(result.ok, formatGateFailure(result)).toBe(true);
});

it("zeus's qjsc rejects syntax newer than 2020-07-05, with file and line", async () => {
  const qjscPath = zeusQjsc();
  if (!qjscPath) return; // only where the watch build installed zeus (linux x64 here)
  const { compileWithQjsc } = await import('../src/gate.js');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const file = join(mkdtempSync(join(tmpdir(), 'gate-qjsc-')), 'page.js');
  writeFileSync(file, 'var a = 1;\nvar b;\nb ??= a;\n');
  expect(compileWithQjsc(file, qjscPath)).toMatchObject([{ file, line: 3, builtin: 'syntax' }]);
});
