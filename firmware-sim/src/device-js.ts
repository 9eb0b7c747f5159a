/**
 * The device JavaScript of an app as the official build compiled it: one folder per zeus target
 * (`default.r-NXP-466x466/page/home/index.js`, …) with an `index.json`, written by the watch
 * build's `qjsc` capture (apps/watch/scripts/qjsc-capture.ts). The sim picks the target whose
 * shape and resolution match the simulated device, as the store hands each watch its `.zpk`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceProfile } from './devices.js';

interface IndexTarget {
  name: string;
  shape: 'round' | 'square' | 'band';
  width: number;
  height: number;
  files: string[];
}

export interface DeviceJs {
  dir: string;
  target: string;
  compiler: string;
  code(entry: string): string;
}

export function hasDeviceJs(dir: string): boolean {
  return existsSync(join(dir, 'index.json'));
}

export function loadDeviceJs(dir: string, device: DeviceProfile): DeviceJs {
  const indexFile = join(dir, 'index.json');
  if (!existsSync(indexFile)) {
    throw new Error(
      `firmware-sim: no device JS in ${dir}. Build the app first (apps/watch: \`pnpm build\`), or run with deviceCode: 'bundle'.`,
    );
  }
  const index = JSON.parse(readFileSync(indexFile, 'utf8')) as { compiler: string; targets: IndexTarget[] };
  const shape = device.shape === 'r' ? 'round' : 'square';
  const target = index.targets.find(
    (t) => t.shape === shape && t.width === device.width && t.height === device.height,
  );
  if (!target) {
    const have = index.targets.map((t) => `${t.shape} ${t.width}x${t.height}`).join(', ');
    throw new Error(
      `firmware-sim: the build has no target for ${device.name} (${shape} ${device.width}x${device.height}); it has ${have}. Add the device to the build's device list.`,
    );
  }
  const cache = new Map<string, string>();
  return {
    dir,
    target: target.name,
    compiler: index.compiler,
    code(entry) {
      const clean = entry.replace(/^\//, '');
      let text = cache.get(clean);
      if (text === undefined) {
        if (!target.files.includes(clean))
          throw new Error(`firmware-sim: ${target.name} has no device file ${clean}`);
        text = readFileSync(join(dir, target.name, `${clean}.js`), 'utf8');
        cache.set(clean, text);
      }
      return text;
    },
  };
}
