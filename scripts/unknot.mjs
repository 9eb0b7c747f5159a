#!/usr/bin/env node
// The two commands of the README: `npm start` and `npm test`.
// Only Node >= 20.19 and npm are assumed; pnpm (pinned in package.json) is run through npx,
// so a fresh machine needs nothing installed globally.
import { spawnSync } from 'node:child_process';
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
    pnpm('run', 'test:unit');
    console.log('\n✓ All checks passed.');
    break;
  }
  case 'start': {
    pnpm('install', ...frozen);
    pnpm('run', 'build');
    console.log(
      '\nUnknot today: the shared core (packages/stretch-model) builds and is tested.\n' +
        'The sync server, dashboard and simulated watch are not wired into `npm start` yet;\n' +
        'see README.md "Status" for what exists.',
    );
    break;
  }
  default:
    console.error('usage: node scripts/unknot.mjs <start|test>');
    process.exit(2);
}
