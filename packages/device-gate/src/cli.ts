/**
 * `tsx src/cli.ts <device-js dir> [--qjsc <zeus's qjsc>]`: gates every .js under the folder;
 * prints the findings and exits 1 if there are any. (apps/watch's build calls gateDeviceJs itself.)
 */
import { describeMissing, formatGateFailure, gateDeviceJs } from './index.js';

const args = process.argv.slice(2);
const q = args.indexOf('--qjsc');
const qjscPath = q >= 0 ? args[q + 1] : undefined;
const dir = args.find((a, i) => !a.startsWith('--') && (q < 0 || i !== q + 1));
if (!dir) {
  console.error('usage: cli.ts <device-js dir> [--qjsc <path>] [--list]');
  process.exit(2);
}
const result = await gateDeviceJs(dir, { qjscPath });
if (args.includes('--list')) console.log(describeMissing(result.missing).join('\n'));
if (!result.ok) {
  console.error(formatGateFailure(result));
  process.exit(1);
}
console.log(
  `device gate: ${result.files.length} files use no builtin missing on the watch (${result.missing.source})`,
);
