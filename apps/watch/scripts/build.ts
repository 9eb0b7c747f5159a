/**
 * `pnpm build`: bundle the TS app (esbuild) → package it with `zeus build` → gate the device JS
 * against the watch's engine (@unknot/device-gate) → check the .zab → write the store assets.
 */
import { formatGateFailure, gateDeviceJs } from '@unknot/device-gate';
import { bundleApp } from './bundle.js';
import { checkPackage } from './check-package.js';
import { DEVICE_JS_DIR } from './paths.js';
import { realQjscPath } from './qjsc-capture.js';
import { STORE_DIR, writeStoreAssets } from './store-assets.js';
import { zeusBuild } from './zeus-build.js';

await bundleApp();
let zab: string | undefined;
let zeusError: unknown;
try {
  zab = zeusBuild();
} catch (e) {
  zeusError = e;
}
// The gate runs even when zeus failed: the capture wrapper copied every file before zeus's qjsc saw
// it, so a syntax error the device compiler rejects is reported with its file and line here.
const gate = await gateDeviceJs(DEVICE_JS_DIR, { qjscPath: realQjscPath() });
if (!gate.ok) {
  console.error(`\n${formatGateFailure(gate)}`);
  process.exit(1);
}
if (zeusError || !zab) throw zeusError;
console.log(
  `device gate: ${gate.files.length} device files use no builtin or syntax the watch lacks (${gate.missing.source})`,
);
const check = checkPackage(zab);
for (const z of check.zpks) console.log(`  .zpk ${z.platforms}: ${z.deviceFiles.length} device files`);
if (!check.ok) {
  for (const p of check.problems) console.error(`PROBLEM: ${p}`);
  process.exit(1);
}
console.log('package OK');
const store = await writeStoreAssets();
console.log(
  `store assets: icon, ${store.screenshots.length} screenshots, privacy statement and listing in ${STORE_DIR}`,
);
