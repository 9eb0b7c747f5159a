/**
 * The gate: finds every use of a builtin the device engine lacks in device JavaScript, and every
 * syntax error its compiler would report, each with file, line and column.
 *
 * Uses counted (acorn AST, sloppy script: zeus's module wrapper uses `with`):
 * - a free identifier naming a missing global (`WeakRef`, `structuredClone`) — not under `typeof`,
 *   which is how code feature-detects, and not when the file declares that name itself;
 * - a missing static of a builtin namespace (`Object.hasOwn`, `Array.fromAsync`), also via
 *   `globalThis.`;
 * - a call of a missing prototype member (`x.at(-1)`, `s.replaceAll(…)`, `x.at?.(…)`) or any read
 *   of one through `X.prototype.name`. A member name the file defines itself (object literal key,
 *   class member, `x.name = …`) is skipped: that `.at()` is probably the file's own method.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getQuickJS } from '@tootallnate/quickjs-emscripten';
import { type Node as AcornNode, parse } from 'acorn';
import { ancestor } from 'acorn-walk';
import type { MissingBuiltins } from './builtins.js';

export interface Finding {
  file: string;
  line: number;
  column: number;
  /** `Object.hasOwn`, `WeakRef`, `.at()`, or `syntax`. */
  builtin: string;
  message: string;
  /** The code around it (device JS is minified onto few lines). */
  excerpt?: string;
}

// The few ESTree shapes the gate reads (acorn's own types are loose `Node`s).
interface Ident extends AcornNode {
  type: 'Identifier';
  name: string;
}
interface Literal extends AcornNode {
  type: 'Literal';
  value: unknown;
}
interface Member extends AcornNode {
  type: 'MemberExpression';
  object: AcornNode;
  property: AcornNode;
  computed: boolean;
}
interface Keyed extends AcornNode {
  key: AcornNode;
  computed: boolean;
}

const isIdent = (n: AcornNode | null | undefined): n is Ident => n?.type === 'Identifier';

/** The static name of a member/key: `a.b`, `a['b']`, `{ b: … }`. */
function staticName(key: AcornNode, computed: boolean): string | undefined {
  if (!computed) return isIdent(key) ? key.name : undefined;
  if (key.type === 'Literal' && typeof (key as Literal).value === 'string')
    return (key as Literal).value as string;
  return undefined;
}

function lineColumn(code: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = code.indexOf('\n'); i >= 0 && i < offset; i = code.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Scans one file's source. */
export function scanSource(code: string, file: string, missing: MissingBuiltins): Finding[] {
  let ast: AcornNode;
  try {
    ast = parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true });
  } catch (e) {
    const pos = (e as { loc?: { line: number; column: number } }).loc;
    return [
      {
        file,
        line: pos?.line ?? 0,
        column: (pos?.column ?? 0) + 1,
        builtin: 'syntax',
        message: `does not parse: ${(e as Error).message}`,
      },
    ];
  }

  // Pass 1: names the file declares or defines, so its own `at()` or `WeakRef` is not flagged.
  const declared = new Set<string>();
  const definedMembers = new Set<string>();
  ancestor(ast, {
    // every binding (var/let/const, params, function and class names, catch, destructuring) and
    // plain assignment target is walked as a Pattern
    Pattern(n) {
      if (isIdent(n)) declared.add(n.name);
    },
    Property(n) {
      const p = n as unknown as Keyed;
      const name = staticName(p.key, p.computed);
      if (name) definedMembers.add(name);
    },
    MethodDefinition(n) {
      const p = n as unknown as Keyed;
      const name = staticName(p.key, p.computed);
      if (name) definedMembers.add(name);
    },
    PropertyDefinition(n) {
      const p = n as unknown as Keyed;
      const name = staticName(p.key, p.computed);
      if (name) definedMembers.add(name);
    },
    AssignmentExpression(n) {
      const left = (n as unknown as { left: AcornNode }).left;
      if (left.type !== 'MemberExpression') return;
      const m = left as Member;
      const name = staticName(m.property, m.computed);
      if (name) definedMembers.add(name);
    },
  });

  const findings: Finding[] = [];
  const report = (node: AcornNode, builtin: string, what: string): void => {
    findings.push({
      file,
      ...lineColumn(code, node.start),
      builtin,
      message: `${builtin} (${what}) is missing on the watch's engine`,
      excerpt: code
        .slice(Math.max(0, node.start - 30), node.end + 30)
        .replace(/\s+/g, ' ')
        .trim(),
    });
  };
  /** A builtin global the file does not shadow: `Object`, or `globalThis` itself. */
  const globalName = (n: AcornNode): string | undefined =>
    isIdent(n) && !declared.has(n.name) ? n.name : undefined;

  ancestor(ast, {
    Identifier(n, _state, ancestors) {
      const id = n as Ident;
      if (!missing.globals.has(id.name) || declared.has(id.name)) return;
      const parent = ancestors[ancestors.length - 2];
      if (
        parent?.type === 'UnaryExpression' &&
        (parent as unknown as { operator: string }).operator === 'typeof'
      )
        return;
      report(id, id.name, 'global');
    },
    MemberExpression(n, _state, ancestors) {
      const m = n as unknown as Member;
      const name = staticName(m.property, m.computed);
      if (!name) return;
      const owner = globalName(m.object);
      if (owner === 'globalThis') {
        if (missing.globals.has(name)) report(m.property, name, 'global');
        return;
      }
      if (owner) {
        if (missing.statics.get(owner)?.has(name)) report(m.property, `${owner}.${name}`, 'static method');
        return;
      }
      const where = missing.protos.get(name);
      if (!where || definedMembers.has(name)) return;
      const viaPrototype =
        m.object.type === 'MemberExpression' &&
        staticName((m.object as Member).property, (m.object as Member).computed) === 'prototype';
      const parent = ancestors[ancestors.length - 2];
      const called =
        parent?.type === 'CallExpression' && (parent as unknown as { callee: AcornNode }).callee === m;
      const calledOptional =
        parent?.type === 'ChainExpression' &&
        ancestors[ancestors.length - 3]?.type === 'CallExpression' &&
        (ancestors[ancestors.length - 3] as unknown as { callee: AcornNode }).callee === parent;
      if (viaPrototype || called || calledOptional)
        report(m.property, `.${name}()`, `${[...new Set(where)].join(' / ')} member`);
    },
  });
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Compiles a file the way zeus does (`qjsc -b -o out file`), so syntax the device compiler rejects
 * (zeus's QuickJS 2020-07-05 has no `??=`, no BigInt literals) names its file and line. QuickJS
 * reports a line only.
 */
export function compileWithQjsc(file: string, qjscPath: string): Finding[] {
  const dir = mkdtempSync(join(tmpdir(), 'device-gate-'));
  try {
    const r = spawnSync(qjscPath, ['-b', '-o', join(dir, 'out.bin'), file], { encoding: 'utf8' });
    if (r.status === 0) return [];
    const text = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    const line = /at .*:(\d+)\s*$/m.exec(text)?.[1];
    return [
      {
        file,
        line: Number(line ?? 0),
        column: 0,
        builtin: 'syntax',
        message: `zeus's qjsc rejects it: ${text.split('\n')[0] ?? text}`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Without zeus's qjsc: compiles (without running) in QuickJS 2021-03-27. It accepts a little more
 * syntax than the watch (`??=`, `||=` came in 2020-09-06), so this is the weaker check.
 */
export async function compileWithQuickjs(code: string, file: string): Promise<Finding[]> {
  const ctx = (await getQuickJS()).newContext();
  try {
    const r = ctx.evalCode(code, file, { compileOnly: true });
    if (!r.error) {
      r.value.dispose();
      return [];
    }
    const err = ctx.dump(r.error) as { message?: string; stack?: string };
    r.error.dispose();
    const line = /:(\d+)/.exec(err.stack ?? '')?.[1];
    return [
      {
        file,
        line: Number(line ?? 0),
        column: 0,
        builtin: 'syntax',
        message: `QuickJS 2021 rejects it: ${err.message ?? String(err)}`,
      },
    ];
  } finally {
    ctx.dispose();
  }
}

export interface GateOptions {
  missing: MissingBuiltins;
  /** zeus's qjsc; without it syntax is checked by QuickJS 2021. */
  qjscPath?: string | undefined;
  /** How file names appear in findings (default: as given). */
  displayName?: (file: string) => string;
  /** Builtins to accept (`Intl`, `Object.hasOwn`, `.at()`), each for a stated reason at the call site. */
  allow?: readonly string[];
}

/** Scans and compiles each file. */
export async function gateFiles(files: string[], opts: GateOptions): Promise<Finding[]> {
  const out: Finding[] = [];
  const name = opts.displayName ?? ((f: string) => f);
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    const syntax = opts.qjscPath
      ? compileWithQjsc(file, opts.qjscPath)
      : await compileWithQuickjs(code, file);
    const uses = scanSource(code, file, opts.missing);
    for (const f of [...syntax, ...uses])
      if (!opts.allow?.includes(f.builtin)) out.push({ ...f, file: name(f.file) });
  }
  return out;
}

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.column}  ${f.message}${f.excerpt ? `  … ${f.excerpt} …` : ''}`;
}
