#!/usr/bin/env node
// Locates — and where missing and possible, installs — the system programs the test suite needs:
//   chromium      browser tests of the dashboard (playwright-core drives Debian's build)
//   redis-server  the two-instance scale-out test (socket.io Redis adapter)
//   java + the official Firestore emulator jar   the Firestore store's conformance suite
//   a CJK font (fonts-wqy-microhei)   the watch simulator's Chinese screenshots
// Each is looked up on PATH (or an override env var) first; missing Debian packages are installed
// with apt-get when running as root. Anything that cannot be had ends the run with a clear message.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let aptUpdated = false;

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function aptInstall(pkgs) {
  if (!isRoot || !which('apt-get')) return false;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    console.log('system deps: apt-get update');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    aptUpdated = true;
  }
  console.log(`system deps: apt-get install ${pkgs.join(' ')}`);
  const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], {
    stdio: 'inherit',
    env,
  });
  return r.status === 0;
}

const problems = [];

function ensureCommand(cmd, debPackages, why, override) {
  const fromEnv = override && process.env[override];
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    problems.push(`${override}=${fromEnv} does not exist (${why})`);
    return null;
  }
  let found = which(cmd);
  if (!found) {
    aptInstall(debPackages);
    found = which(cmd);
  }
  if (!found)
    problems.push(
      `${cmd} not found and could not be installed (needed for ${why}); install: apt-get install ${debPackages.join(' ')}`,
    );
  return found;
}

const chromium = ensureCommand('chromium', ['chromium'], 'dashboard browser tests', 'CHROMIUM_PATH');
const redis = ensureCommand(
  'redis-server',
  ['redis-server'],
  'the Redis scale-out test',
  'REDIS_SERVER_PATH',
);

// The watch sim renders zh-CN text with WenQuanYi Micro Hei (firmware-sim/src/render.ts looks for it).
const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
if (!existsSync(CJK_FONT)) aptInstall(['fonts-wqy-microhei']);
const cjkFont = existsSync(CJK_FONT) ? CJK_FONT : null;
if (!cjkFont)
  problems.push(
    `${CJK_FONT} missing (Chinese watch screenshots); install: apt-get install fonts-wqy-microhei`,
  );

// Firestore: an already running emulator (FIRESTORE_EMULATOR_HOST) wins; otherwise java + the jar.
let firestore = null;
if (process.env.FIRESTORE_EMULATOR_HOST) {
  firestore = `running at ${process.env.FIRESTORE_EMULATOR_HOST}`;
} else {
  const java = ensureCommand('java', ['default-jre-headless'], 'the Firestore emulator', 'JAVA_PATH');
  const candidates = [
    process.env.FIRESTORE_EMULATOR_JAR,
    process.env.CLOUDSDK_ROOT &&
      `${process.env.CLOUDSDK_ROOT}/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar`,
    '/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar',
    '/usr/share/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar',
  ].filter(Boolean);
  const gcloud = which('gcloud');
  if (gcloud) {
    try {
      const root = execFileSync(gcloud, ['info', '--format=value(installation.sdk_root)'], {
        encoding: 'utf8',
      }).trim();
      if (root) candidates.push(`${root}/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar`);
    } catch {
      // gcloud present but not answering: the fixed locations above still apply.
    }
  }
  const jar = candidates.find((p) => existsSync(p));
  if (!jar) {
    problems.push(
      'Firestore emulator not found: set FIRESTORE_EMULATOR_HOST to a running emulator, or FIRESTORE_EMULATOR_JAR to ' +
        'cloud-firestore-emulator.jar (Google Cloud SDK component "cloud-firestore-emulator").',
    );
  } else if (java) firestore = jar;
}

console.log('system deps:');
console.log(`  chromium      ${chromium ?? 'MISSING'}`);
console.log(`  redis-server  ${redis ?? 'MISSING'}`);
console.log(`  firestore     ${firestore ?? 'MISSING'}`);
console.log(`  CJK font      ${cjkFont ?? 'MISSING'}`);
if (problems.length) {
  console.error(`\nMissing system dependencies:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
