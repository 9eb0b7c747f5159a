#!/usr/bin/env node
// The two commands of the README: `npm start` and `npm test`.
// Only Node >= 20.19 and npm are assumed; pnpm (pinned in package.json) is run through npx,
// so a fresh machine needs nothing installed globally.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmSpec = pkg.packageManager; // e.g. "pnpm@12.4.2"

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Unknot needs Node >= 20.19; this is ${process.version}.`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  console.log(`\n> ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}
const pnpm = (...args) => run('npx', ['-y', pnpmSpec, ...args]);

const command = process.argv[2];
const frozen = process.env.CI ? ['--frozen-lockfile'] : [];

switch (command) {
  case 'test': {
    pnpm('install', ...frozen);
    run('node', ['scripts/ensure-system-deps.mjs']);
    pnpm('run', 'lint');
    pnpm('run', 'build');
    pnpm('run', 'typecheck');
    // Every package's tests (unit, property, store conformance on SQLite and the Firestore
    // emulator, Auth emulator, Redis, crash, sim-driven watch tests, whole-system e2e and fault
    // schedules), then the dashboard in Chromium.
    pnpm('run', 'test:all');
    console.log('\n✓ All checks passed.');
    break;
  }
  case 'start': {
    pnpm('install', ...frozen);
    // The watch's zeus package build is slow and not needed to run the system: the simulated
    // watch runs the app's sources. Its stretch pictures are rendered (under a second).
    pnpm('-r', '--filter', '!@unknot/watch', 'run', 'build');
    pnpm('--filter', '@unknot/watch', 'run', 'art');
    // The sync server + a simulated watch and phone paired to the local owner: the @unknot/tests
    // `start:system` script (tests/system/start.ts), run without pnpm's lifecycle wrapper so that
    // Ctrl-C is a clean stop rather than a "command failed". Ctrl-C reaches the whole process
    // group; the system shuts down by itself, so this process only waits for it (and passes on a
    // SIGTERM sent to it alone).
    const testsDir = join(root, 'tests');
    const startSystem = JSON.parse(readFileSync(join(testsDir, 'package.json'), 'utf8')).scripts[
      'start:system'
    ];
    const [node, ...nodeArgs] = startSystem.split(/\s+/);
    console.log(`\n> (tests) ${startSystem}`);
    const child = spawn(node === 'node' ? process.execPath : node, nodeArgs, {
      cwd: testsDir,
      stdio: 'inherit',
    });
    process.on('SIGINT', () => {});
    process.on('SIGTERM', () => child.kill('SIGTERM'));
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    break;
  }
  default:
    console.error('usage: node scripts/unknot.mjs <start|test>');
    process.exit(2);
}
