/**
 * Keeps the device JavaScript that zeus compiles. zeus writes each device file (app, pages,
 * services; already wrapped in its module scope, `@zos/*` imports rewritten to `__$$R$$__`, `px()`
 * folded per screen) into a temporary folder, runs its bundled `qjsc` on it and deletes it. We put
 * a small wrapper in place of that `qjsc` which copies each `.js` argument aside and then runs the
 * real compiler, so the simulator can load exactly what a watch runs and the builtin gate can
 * scan it.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { DEVICE_JS_DIR, QJSC_DIR } from './paths.js';

const MARKER = 'unknot-qjsc-capture';

/** The file name zpm runs on this host (it picks `qjsc`, `qjsc_arm64`, `qjsc_darwin`, …). */
function qjscName(): string {
  const arm = process.arch === 'arm64' ? '_arm64' : '';
  if (process.platform === 'darwin') return `qjsc_darwin${arm}`;
  if (process.platform === 'win32') return 'qjsc_win32.exe';
  return `qjsc${arm}`;
}

/** Path of the real compiler (moved aside once the wrapper is installed). */
export function realQjscPath(): string {
  const wrapped = join(QJSC_DIR, `${qjscName()}.zeus`);
  return existsSync(wrapped) ? wrapped : join(QJSC_DIR, qjscName());
}

const WRAPPER = `#!/bin/sh
# ${MARKER}: copies each device .js that zeus compiles into $UNKNOT_QJSC_CAPTURE/<target>/<path>,
# then runs zeus's own compiler unchanged (apps/watch/scripts/qjsc-capture.ts).
if [ -n "$UNKNOT_QJSC_CAPTURE" ]; then
  for a in "$@"; do
    case "$a" in
      */dist/*/device/*.js)
        rest=\${a#*/dist/}; target=\${rest%%/*}; rel=\${rest#*/device/}
        mkdir -p "$UNKNOT_QJSC_CAPTURE/$target/$(dirname "$rel")"
        cp "$a" "$UNKNOT_QJSC_CAPTURE/$target/$rel" || exit 3;;
    esac
  done
fi
exec "$(dirname "$0")/${'$'}{0##*/}.zeus" "$@"
`;

/** Puts the capturing wrapper in front of zeus's qjsc (idempotent). */
export function installQjscCapture(): void {
  if (process.platform === 'win32') throw new Error('the qjsc capture wrapper needs a POSIX shell');
  const bin = join(QJSC_DIR, qjscName());
  if (!existsSync(bin)) throw new Error(`zeus's QuickJS compiler not found at ${bin}`);
  const head = readFileSync(bin).subarray(0, 200).toString('latin1');
  if (head.includes(MARKER)) return;
  renameSync(bin, `${bin}.zeus`);
  writeFileSync(bin, WRAPPER);
  chmodSync(bin, 0o755);
}

export interface DeviceJsTarget {
  /** zeus's target folder name, e.g. `default.r-NXP-466x466`. */
  name: string;
  shape: 'round' | 'square' | 'band';
  chip: string;
  width: number;
  height: number;
  /** Entry paths without extension, as app.json names them (`app`, `page/home/index`, …). */
  files: string[];
}

export interface DeviceJsIndex {
  /** What `qjsc` prints about itself: the device compiler's QuickJS version. */
  compiler: string;
  targets: DeviceJsTarget[];
}

function listJs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listJs(p));
    else if (name.endsWith('.js')) out.push(p);
  }
  return out;
}

export function clearCapture(): void {
  rmSync(DEVICE_JS_DIR, { recursive: true, force: true });
  mkdirSync(DEVICE_JS_DIR, { recursive: true });
}

/** Reads the captured folders and writes `index.json`. */
export function writeCaptureIndex(compiler: string): DeviceJsIndex {
  const targets: DeviceJsTarget[] = [];
  for (const name of readdirSync(DEVICE_JS_DIR).sort()) {
    const dir = join(DEVICE_JS_DIR, name);
    if (!statSync(dir).isDirectory()) continue;
    const m = /\.([rsb])-([A-Za-z0-9]+)-(\d+)x(\d+)$/.exec(name);
    if (!m) throw new Error(`unexpected zeus target folder "${name}"`);
    const shape = m[1] === 'r' ? 'round' : m[1] === 's' ? 'square' : 'band';
    const files = listJs(dir)
      .map((f) => relative(dir, f).replace(/\\/g, '/').replace(/\.js$/, ''))
      .sort();
    targets.push({ name, shape, chip: m[2] ?? '', width: Number(m[3]), height: Number(m[4]), files });
  }
  const index: DeviceJsIndex = { compiler, targets };
  writeFileSync(join(DEVICE_JS_DIR, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  return index;
}
