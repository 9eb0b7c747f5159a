import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The watch build's capture of the device JS as zeus compiles it (apps/watch/scripts/qjsc-capture.ts). */
export const DEVICE_JS_DIR = join(REPO, 'apps/watch/dist/device-js');
const QJSC_DIR = join(
  REPO,
  'apps/watch/.tools/lib/node_modules/@zeppos/zeus-cli/node_modules/@zeppos/zpm/bin',
);

/** zeus's own compiler once the watch has been built (the capture wrapper moves it to `.zeus`). */
export function zeusQjsc(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  return [join(QJSC_DIR, 'qjsc.zeus'), join(QJSC_DIR, 'qjsc')].find((p) => existsSync(p));
}
