import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  deriveMissingBuiltins,
  describeMissing,
  gateFiles,
  type MissingBuiltins,
  scanSource,
} from '../src/index.js';

let missing: MissingBuiltins;
beforeAll(async () => {
  missing = await deriveMissingBuiltins(); // QuickJS 2021 alone: no zeus needed
});

function deviceDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gate-test-'));
  for (const [name, code] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), code);
  }
  return dir;
}

const BAD = `with ({}) {
  var o = { a: 1 };
  if (Object.hasOwn(o, 'a')) console.log('own');
  var last = [1, 2, 3].at(-1);
}
`;

describe('the builtin list from the engines', () => {
  it('has the ES2022+ builtins QuickJS 2021 lacks, and not the ES2020 ones it has', () => {
    const list = describeMissing(missing);
    expect(missing.statics.get('Object')?.has('hasOwn')).toBe(true);
    expect(missing.protos.has('at')).toBe(true);
    expect(missing.protos.has('findLast')).toBe(true);
    expect(missing.globals.has('WeakRef')).toBe(true);
    expect(missing.globals.has('structuredClone')).toBe(true); // Node's, not V8's
    expect(missing.globals.has('setTimeout')).toBe(false); // Zepp OS provides it
    for (const old of ['hasOwnProperty', 'includes', 'flatMap', 'padStart', 'matchAll', 'replaceAll'])
      expect(missing.protos.has(old), old).toBe(false);
    expect(missing.statics.get('Object')?.has('fromEntries') ?? false).toBe(false);
    expect(list.length).toBeGreaterThan(10);
  });
});

describe('gate', () => {
  it('fails device code using Object.hasOwn and Array.prototype.at, naming file, line and builtin', async () => {
    const dir = deviceDir({ 'page/home/index.js': BAD, 'app.js': 'var a = [1, 2].indexOf(2);\n' });
    const findings = await gateFiles([join(dir, 'page/home/index.js'), join(dir, 'app.js')], {
      missing,
      displayName: (f) => f.slice(dir.length + 1),
    });
    expect(findings.map((f) => [f.file, f.line, f.builtin])).toEqual([
      ['page/home/index.js', 3, 'Object.hasOwn'],
      ['page/home/index.js', 4, '.at()'],
    ]);
    expect(findings[0]?.column).toBe(14);
    expect(findings[1]?.message).toMatch(/Array\.prototype/);
  });

  it('makes the build step exit 1 with the file and builtin in its message', () => {
    const dir = deviceDir({ 'default.r-NXP-466x466/page/home/index.js': BAD });
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '../src/cli.ts'), dir],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('default.r-NXP-466x466/page/home/index.js:3:14');
    expect(r.stderr).toContain('Object.hasOwn');
    expect(r.stderr).toContain('.at()');
  });

  it('passes a clean file', async () => {
    const dir = deviceDir({
      'app.js': `var o = { a: 1 };
var own = Object.prototype.hasOwnProperty.call(o, 'a');
var xs = [1, 2, 3]; var last = xs[xs.length - 1];
var s = 'a-b'.split('-').join('+'); var e = Object.fromEntries([['k', 1]]);
if (typeof WeakRef !== 'undefined') console.log('feature-detected, not used');
`,
    });
    expect(await gateFiles([join(dir, 'app.js')], { missing })).toEqual([]);
  });

  it('does not flag a file calling its own `at`, or shadowing a global', () => {
    const own = `var list = { items: [1], at: function (i) { return this.items[i]; } };
list.at(0);
class Ring { at(i) { return i; } }
new Ring().at(1);
function f(WeakRef) { return WeakRef; }
`;
    expect(scanSource(own, 'own.js', missing)).toEqual([]);
    const assigned = 'var p = {}; p.findLast = function () {}; p.findLast();';
    expect(scanSource(assigned, 'assigned.js', missing)).toEqual([]);
  });

  it('flags globals, statics through globalThis, prototype reads and optional calls', () => {
    const code = `var r = new WeakRef({});
var h = globalThis.FinalizationRegistry;
var at = Array.prototype.at.call([1], 0);
var maybe = [1].findLast?.(function (x) { return x; });
var n = Object['hasOwn'];
var copy = structuredClone({ a: 1 });
`;
    expect(scanSource(code, 'x.js', missing).map((f) => `${f.line}:${f.builtin}`)).toEqual([
      '1:WeakRef',
      '2:FinalizationRegistry',
      '3:.at()',
      '4:.findLast()',
      '5:Object.hasOwn',
      '6:structuredClone',
    ]);
  });

  it('reports syntax the engine rejects with its line', async () => {
    const dir = deviceDir({ 'bad.js': 'var a = 1;\nvar b = 2;\nvar c = ;\n' });
    const [f] = await gateFiles([join(dir, 'bad.js')], { missing, displayName: () => 'bad.js' });
    expect(f).toMatchObject({ file: 'bad.js', line: 3, builtin: 'syntax' });
  });
});
