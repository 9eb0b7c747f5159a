/**
 * Unzips the built .zab and checks it is installable as built: a manifest, one .zpk per target
 * (screen shape × resolution × CPU from build/devices.json), and in every .zpk the device
 * package (app.json, app, every page and service compiled to bytecode) plus the phone package
 * (side service and settings page). Exits non-zero with the list of problems otherwise.
 */
import { readFileSync } from 'node:fs';
import { appEntries } from './app-entries.js';
import { DEVICES_FILE, ZAB_FILE } from './paths.js';
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
  const devices = (
    JSON.parse(readFileSync(DEVICES_FILE, 'utf8')) as { devices: { size: string; shape: string }[] }
  ).devices;
  const expectedTargets = new Set(devices.map((d) => `${d.shape} ${d.size.replace('*', 'x')}`));
  const zpks: PackageCheck['zpks'] = [];
  for (const z of manifest.zpks) {
    const data = zab.get(z.name);
    const platforms = z.platforms.map((p) => `${p.screenType} ${p.screenResolution}`).join(', ');
    for (const p of z.platforms) expectedTargets.delete(`${p.screenType} ${p.screenResolution}`);
    if (!data) {
      problems.push(`${z.name} listed in manifest but missing`);
      continue;
    }
    const zpk = readZip(data);
    const device = zpk.get('device.zip');
    const side = zpk.get('app-side.zip');
    if (!device) problems.push(`${z.name}: device.zip missing`);
    if (!side) problems.push(`${z.name}: app-side.zip missing`);
    const deviceFiles = device ? [...readZip(device).keys()] : [];
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
