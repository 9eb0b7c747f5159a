/**
 * Unzips the built .zab and checks it is installable as built: a manifest, one .zpk per target
 * (screen shape × resolution × chip of every device in build/devices.json), every device's
 * deviceSource ids (all regions) in the device app.json of a .zpk, and in every .zpk the device
 * package (app.json, app, every page, service, shortcut card and widget compiled to bytecode, the
 * card and widget listed in the device app.json with the widget's preview) plus the phone package
 * (side service and settings page). Exits non-zero with the list of problems otherwise.
 */
import { readFileSync } from 'node:fs';
import { appEntries } from './app-entries.js';
import { ZAB_FILE } from './paths.js';
import { readDevices } from './zeus-build.js';
import { readZip } from './zip-reader.js';

export interface PackageCheck {
  ok: boolean;
  problems: string[];
  zpks: { name: string; platforms: string; deviceFiles: string[]; phoneFiles: string[] }[];
  sizeBytes: number;
}

interface Manifest {
  zpks: {
    name: string;
    platforms: { screenType: string; screenResolution: string; cpuPlatform: string }[];
  }[];
}

export function checkPackage(file: string = ZAB_FILE): PackageCheck {
  const buf = readFileSync(file);
  const zab = readZip(buf);
  const problems: string[] = [];
  const manifestRaw = zab.get('manifest.json');
  if (!manifestRaw)
    return { ok: false, problems: ['manifest.json missing'], zpks: [], sizeBytes: buf.length };
  const manifest = JSON.parse(manifestRaw.toString('utf8')) as Manifest;
  const entries = appEntries();
  const devices = readDevices();
  const target = (shape: string, resolution: string, chip: string): string =>
    `${shape} ${resolution} ${chip}`;
  const expectedTargets = new Set(devices.map((d) => target(d.shape, d.size.replace('*', 'x'), d.chip)));
  const missingSources = new Map(devices.flatMap((d) => d.deviceSources.map((s) => [s, d.productName])));
  const zpks: PackageCheck['zpks'] = [];
  for (const z of manifest.zpks) {
    const data = zab.get(z.name);
    const platforms = z.platforms
      .map((p) => target(p.screenType, p.screenResolution, p.cpuPlatform))
      .join(', ');
    for (const p of z.platforms)
      expectedTargets.delete(target(p.screenType, p.screenResolution, p.cpuPlatform));
    if (!data) {
      problems.push(`${z.name} listed in manifest but missing`);
      continue;
    }
    const zpk = readZip(data);
    const device = zpk.get('device.zip');
    const side = zpk.get('app-side.zip');
    if (!device) problems.push(`${z.name}: device.zip missing`);
    if (!side) problems.push(`${z.name}: app-side.zip missing`);
    const deviceZip = device ? readZip(device) : new Map<string, Buffer>();
    const deviceFiles = [...deviceZip.keys()];
    const deviceAppJson = deviceZip.get('app.json');
    if (deviceAppJson) {
      const app = JSON.parse(deviceAppJson.toString('utf8')) as {
        platforms?: { deviceSource?: number }[];
        module?: Record<string, { widgets?: { path: string; preview?: string }[] } | undefined>;
      };
      for (const p of app.platforms ?? [])
        if (p.deviceSource !== undefined) missingSources.delete(p.deviceSource);
      // The shortcut card and the widget are listed where the watch looks for them, with the
      // widget's preview image (zeus wants one per language, `<name>_<lang>.png`).
      for (const card of entries.cards) {
        const kind = card.split('/')[0] ?? '';
        const listed = app.module?.[kind]?.widgets?.find((w) => w.path === card);
        if (!listed) problems.push(`${z.name}: ${card} not in the device app.json ${kind} module`);
        const preview = listed?.preview?.replace(/\.png$/, '_en-US.png');
        if (preview && !deviceFiles.includes(`assets/${preview}`))
          problems.push(`${z.name}: ${card} preview assets/${preview} missing`);
      }
    }
    const phoneFiles = side ? [...readZip(side).keys()] : [];
    for (const e of entries.device) {
      if (!deviceFiles.some((f) => f === `${e}.bin` || f === `${e}.js`))
        problems.push(`${z.name}: ${e} missing`);
    }
    if (!deviceFiles.includes('app.json')) problems.push(`${z.name}: device app.json missing`);
    for (const f of ['app-side.js', 'setting.js', 'app.json']) {
      if (!phoneFiles.includes(f)) problems.push(`${z.name}: phone ${f} missing`);
    }
    zpks.push({ name: z.name, platforms, deviceFiles, phoneFiles });
  }
  for (const t of expectedTargets) problems.push(`no .zpk for target ${t}`);
  for (const [source, name] of missingSources) problems.push(`${name}: deviceSource ${source} in no .zpk`);
  return { ok: problems.length === 0, problems, zpks, sizeBytes: buf.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = checkPackage(process.argv[2]);
  console.log(`${ZAB_FILE}: ${(result.sizeBytes / 1024).toFixed(1)} KB, ${result.zpks.length} .zpk`);
  for (const z of result.zpks) {
    console.log(`  ${z.platforms}: ${z.deviceFiles.length} device files, ${z.phoneFiles.length} phone files`);
  }
  if (!result.ok) {
    for (const p of result.problems) console.error(`  PROBLEM: ${p}`);
    process.exit(1);
  }
  console.log('package OK');
}
