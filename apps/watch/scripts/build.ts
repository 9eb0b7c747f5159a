/** `pnpm build`: bundle the TS app (esbuild) → package it with `zeus build` → check the .zab. */
import { bundleApp } from './bundle.js';
import { checkPackage } from './check-package.js';
import { zeusBuild } from './zeus-build.js';

await bundleApp();
const zab = zeusBuild();
const check = checkPackage(zab);
for (const z of check.zpks) console.log(`  .zpk ${z.platforms}: ${z.deviceFiles.length} device files`);
if (!check.ok) {
  for (const p of check.problems) console.error(`PROBLEM: ${p}`);
  process.exit(1);
}
console.log('package OK');
