/**
 * @unknot/device-gate: which builtins the watch's JavaScript engine lacks (derived from the
 * engines, see builtins.ts), and a gate that fails a build whose device JS uses one (gate.ts).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { deriveMissingBuiltins, type MissingBuiltins } from './builtins.js';
import { type Finding, formatFinding, gateFiles } from './gate.js';

export * from './builtins.js';
export * from './gate.js';

function listJs(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return listJs(p);
      return name.endsWith('.js') ? [p] : [];
    });
}

export interface DeviceJsGateResult {
  ok: boolean;
  files: string[];
  findings: Finding[];
  missing: MissingBuiltins;
}

/**
 * Gates every `.js` under `dir` (the build's `dist/device-js/<target>/…`). Paths in findings are
 * relative to `dir`. Every target holds the same code with other `px()` values, so the same finding
 * in several targets is reported once, for the first target.
 */
export async function gateDeviceJs(
  dir: string,
  opts: { qjscPath?: string | undefined; missing?: MissingBuiltins } = {},
): Promise<DeviceJsGateResult> {
  const missing = opts.missing ?? (await deriveMissingBuiltins({ qjscPath: opts.qjscPath }));
  const files = listJs(dir);
  const all = await gateFiles(files, {
    missing,
    qjscPath: opts.qjscPath,
    displayName: (f) => relative(dir, f).replace(/\\/g, '/'),
  });
  const seen = new Set<string>();
  const findings = all.filter((f) => {
    const key = `${f.file.replace(/^[^/]+\//, '')}:${f.line}:${f.column}:${f.builtin}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { ok: findings.length === 0, files, findings, missing };
}

/** The message a failing build prints. */
export function formatGateFailure(r: DeviceJsGateResult): string {
  return [
    `Device JS uses ${r.findings.length} builtin(s) or syntax the watch's engine lacks (${r.missing.source}):`,
    ...r.findings.map((f) => `  ${formatFinding(f)}`),
    'Use an older equivalent (e.g. Object.prototype.hasOwnProperty.call, a[a.length - 1]) or feature-detect it.',
  ].join('\n');
}
