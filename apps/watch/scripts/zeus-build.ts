/**
 * Step 2 of the build: package dist/zeus-src with the official `zeus build` (@zeppos/zeus-cli
 * 1.9.1). zeus is installed "globally" into the git-ignored .tools/ folder (inside a project it
 * cannot find its own aliased modules), and runs with HOME=.tools/home whose
 * .zepp/.zeus_devices cache is generated from build/devices.json, so the build works offline
 * and never touches the user's own ~/.zepp.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  DEVICE_JS_DIR,
  DEVICES_FILE,
  TOOLS_DIR,
  ZAB_FILE,
  ZEUS_CLI,
  ZEUS_HOME,
  ZEUS_SRC_DIR,
  ZEUS_VERSION,
} from './paths.js';
import { clearCapture, installQjscCapture, realQjscPath, writeCaptureIndex } from './qjsc-capture.js';

/** One device of build/devices.json (generated from Zepp's device list by devices-from-docs.ts). */
export interface DeviceRow {
  productName: string;
  code: string;
  /** Every region's id. */
  deviceSources: number[];
  shape: 'round' | 'square';
  chip: string;
  size: string;
  apiLevel: string;
}

export function readDevices(): DeviceRow[] {
  return (JSON.parse(readFileSync(DEVICES_FILE, 'utf8')) as { devices: DeviceRow[] }).devices;
}

/**
 * zeus groups cache entries by productName and keys each product by the letters of its shortest
 * code (digits dropped), so `gtr4` and `gtr3`, or the two T-Rex 3 Pro sizes, would collide and one
 * product would silently vanish from the build. Spelling the digits out keeps the keys apart.
 */
const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
export function zeusCode(code: string): string {
  return code.replace(/\d/g, (d) => DIGITS[Number(d)] ?? d);
}

export function ensureZeusInstalled(): void {
  if (existsSync(ZEUS_CLI)) return;
  console.log(`Installing @zeppos/zeus-cli@${ZEUS_VERSION} into ${TOOLS_DIR} …`);
  execFileSync('npm', ['i', '-g', '--prefix', TOOLS_DIR, `@zeppos/zeus-cli@${ZEUS_VERSION}`], {
    stdio: 'inherit',
  });
}

/** Writes the device cache zeus reads instead of fetching Zepp's CDN. */
export function writeDeviceCache(now: number = Date.now()): void {
  // one entry per deviceSource, as in zeus's own list: every region's id lands in the .zpk
  const devices = readDevices().flatMap((d) =>
    d.deviceSources.map((deviceSource) => ({
      productName: d.productName,
      code: zeusCode(d.code),
      deviceSource,
      value: {
        code: zeusCode(d.code),
        // not in the official list; zeus only prints them (as hex)
        productId: 0,
        productVersion: 0,
        shape: d.shape,
        chip: { manufacturer: d.chip },
        screen: { size: d.size, previewSize: d.size, iconSize: 248 },
        os: { version: d.apiLevel, apiLevel: d.apiLevel, apiLevelLimitMin: '1.0.0' },
        pixelDensity: 326,
      },
    })),
  );
  const dir = join(ZEUS_HOME, '.zepp');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, '.zeus_devices'),
    JSON.stringify({ devices, devices_beta: [], expiredTime: now + 7 * 86_400_000, version: ZEUS_VERSION }),
  );
  // On its first run in a HOME without `.zeus_version`, zeus treats itself as freshly upgraded and
  // deletes the device cache, then tries to download it (and fails offline). Writing the version
  // marker makes a fresh clone behave like a machine that has run zeus before.
  writeFileSync(join(dir, '.zeus_version'), ZEUS_VERSION);
}

/** First line `qjsc` prints about itself, e.g. "QuickJS Compiler version 2020-07-05". */
export function qjscVersion(): string {
  const r = spawnSync(realQjscPath(), [], { encoding: 'utf8' });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n')[0]?.trim() ?? 'unknown';
}

export function zeusBuild(): string {
  ensureZeusInstalled();
  installQjscCapture();
  clearCapture();
  writeDeviceCache();
  const out = join(ZEUS_SRC_DIR, 'dist');
  rmSync(out, { recursive: true, force: true });
  execFileSync(process.execPath, [ZEUS_CLI, 'build'], {
    cwd: ZEUS_SRC_DIR,
    env: {
      ...process.env,
      HOME: ZEUS_HOME,
      USERPROFILE: ZEUS_HOME,
      CI: '1',
      UNKNOT_QJSC_CAPTURE: DEVICE_JS_DIR,
    },
    stdio: 'inherit',
    timeout: 180_000,
  });
  const zabs = readdirSync(out)
    .filter((f) => f.endsWith('.zab'))
    .map((f) => join(out, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  const zab = zabs[0];
  if (!zab) throw new Error(`zeus build produced no .zab in ${out}`);
  copyFileSync(zab, ZAB_FILE);
  const index = writeCaptureIndex(qjscVersion());
  console.log(
    `device JS as compiled (${index.compiler}): ${index.targets.map((t) => `${t.name} (${t.files.length})`).join(', ')}`,
  );
  console.log(`\n.zab: ${ZAB_FILE} (${(statSync(ZAB_FILE).size / 1024).toFixed(1)} KB)`);
  return ZAB_FILE;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  zeusBuild();
}
