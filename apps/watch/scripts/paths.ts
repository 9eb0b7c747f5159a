import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every path the build uses, relative to apps/watch. */
export const WATCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST_DIR = join(WATCH_DIR, 'dist');
/** The JS project that zeus packages: bundles + app.json + assets. */
export const ZEUS_SRC_DIR = join(DIST_DIR, 'zeus-src');
export const TOOLS_DIR = join(WATCH_DIR, '.tools');
/** HOME for zeus, so its device cache and config never touch the user's real ~/.zepp. */
export const ZEUS_HOME = join(TOOLS_DIR, 'home');
export const ZEUS_CLI = join(TOOLS_DIR, 'lib', 'node_modules', '@zeppos', 'zeus-cli', 'bin', 'main.js');
export const ZEUS_VERSION = '1.9.1';
export const DEVICES_FILE = join(WATCH_DIR, 'build', 'devices.json');
export const SIZE_REPORT_FILE = join(DIST_DIR, 'size-report.json');
export const ZAB_FILE = join(DIST_DIR, 'unknot.zab');
/**
 * The device JavaScript exactly as zeus hands it to its QuickJS compiler (`qjsc`), one folder per
 * build target (e.g. `default.r-NXP-466x466/page/home/index.js`), plus `index.json`. The
 * simulator's QuickJS mode loads these files, and the builtin gate scans them.
 */
export const DEVICE_JS_DIR = join(DIST_DIR, 'device-js');
/** Where zeus keeps the real compiler binary inside its install. */
export const QJSC_DIR = join(
  TOOLS_DIR,
  'lib',
  'node_modules',
  '@zeppos',
  'zeus-cli',
  'node_modules',
  '@zeppos',
  'zpm',
  'bin',
);
