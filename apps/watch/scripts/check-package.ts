/**
 * Unzips the built .zab and checks it is installable as built: a manifest, one .zpk per target
 * (screen shape × resolution × chip of every device in build/devices.json), every device's
 * deviceSource ids (all regions) in the device app.json of a .zpk, and in every .zpk the device
 * package (app.json, app, every page, service, shortcut card and widget compiled to bytecode, the
 * card and widget listed in the device app.json with the widget's preview) plus the phone package
 * (side service and settings page), and the translations: every locale of app.json's `i18n`
 * as zeus packs `page/i18n/<locale>.po` (`assets/raw/locale/<locale>.btxt`, every key and text of
 * the `.po` the build wrote), and the phone bundles' gettext table with every locale. Exits
 * non-zero with the list of problems otherwise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePo } from '../../../firmware-sim/src/po.js';
import { appEntries, readAppJson } from './app-entries.js';
import { ZAB_FILE, ZEUS_SRC_DIR } from './paths.js';
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

/**
 * zeus's compiled `.po`: a big-endian u32 count, `count` u32 offsets of the strings from the file
 * start, then the UTF-8 strings back to back (the last runs to the end). `TID.btxt` holds the
 * keys, `<locale>.btxt` the texts in the same order (an empty string for a key the locale lacks).
 */
export function readBtxt(buf: Buffer): string[] {
  if (buf.length < 4) throw new Error('btxt shorter than its header');
  const count = buf.readUInt32BE(0);
  if (4 + 4 * count > buf.length) throw new Error(`btxt header says ${count} strings; file too short`);
  const offsets = Array.from({ length: count }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  return offsets.map((start, i) => buf.subarray(start, offsets[i + 1] ?? buf.length).toString('utf8'));
}

/** The app.json locales, each with the key → text table of the `.po` the build wrote for it. */
function builtPageTexts(): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const locales = Object.keys((readAppJson() as { i18n?: Record<string, unknown> }).i18n ?? {});
  for (const locale of locales) {
    const file = join(ZEUS_SRC_DIR, 'page', 'i18n', `${locale}.po`);
    out.set(locale, existsSync(file) ? parsePo(readFileSync(file, 'utf8'), file) : new Map());
  }
  return out;
}

function checkTexts(
  name: string,
  deviceZip: Map<string, Buffer>,
  phone: Map<string, Buffer>,
  texts: Map<string, Map<string, string>>,
  problems: string[],
): void {
  const tid = deviceZip.get('assets/raw/locale/TID.btxt');
  if (!tid) {
    problems.push(`${name}: assets/raw/locale/TID.btxt missing (no page/i18n packed)`);
    return;
  }
  const keys = readBtxt(tid);
  for (const [locale, table] of texts) {
    if (table.size === 0) problems.push(`page/i18n/${locale}.po missing or empty in the package source`);
    const packed = deviceZip.get(`assets/raw/locale/${locale}.btxt`);
    if (!packed) {
      problems.push(`${name}: ${locale}.btxt missing`);
      continue;
    }
    const values = readBtxt(packed);
    const packedTable = new Map(keys.map((k, i) => [k, values[i] ?? '']));
    for (const [k, v] of table)
      if (packedTable.get(k) !== v)
        problems.push(`${name}: ${locale} "${k}" packed as ${JSON.stringify(packedTable.get(k))}`);
    for (const phoneFile of ['setting.js', 'app-side.js']) {
      const js = phone.get(phoneFile)?.toString('utf8') ?? '';
      if (!js.includes('gettextFactory') || !js.includes(`"${locale}":{`))
        problems.push(`${name}: phone ${phoneFile} has no ${locale} gettext table`);
    }
  }
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
  const texts = builtPageTexts();
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
    const phoneZip = side ? readZip(side) : new Map<string, Buffer>();
    const phoneFiles = [...phoneZip.keys()];
    checkTexts(z.name, deviceZip, phoneZip, texts, problems);
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
