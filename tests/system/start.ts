/**
 * `npm start` → `pnpm --filter @unknot/tests start:system` → this file: the sync server on its
 * embedded defaults (SQLite under ./data, local owner, the built dashboard, port 8787 or PORT) and
 * a simulated watch + phone paired to the owner, its clock following real time. Ctrl-C stops
 * everything cleanly; starting again keeps every piece of data and the pairing.
 *
 * Environment: the sync server's variables (PORT, HOST, DATA_DIR, LOG_LEVEL, STORE, …; see
 * apps/sync-server/README.md), plus SIM_DEVICE (gtr4 | balance | gts4 | cheetah | bip5).
 * STORE=firestore uses FIRESTORE_EMULATOR_HOST or real credentials when given; with neither, it
 * starts the official Firestore emulator (Java + the Cloud SDK jar) for this run.
 * Relative DATA_DIR / DASHBOARD_DIR are taken from where `npm start` was run.
 */
import { resolve } from 'node:path';
import { DEVICES, type DeviceKey } from '@unknot/firmware-sim';
import { ConfigError } from '@unknot/sync-server';
import {
  type FirestoreEmulator,
  startFirestoreEmulator,
} from '../../apps/sync-server/test/support/firestore-emulator.js';
import { type RunningSystem, startSystem } from './harness.js';
import { DASHBOARD_DIST, DEFAULT_DATA_DIR, REPO_ROOT } from './paths.js';

const env = process.env;
const base = env.INIT_CWD ?? REPO_ROOT;
const dataDir = env.DATA_DIR ? resolve(base, env.DATA_DIR) : DEFAULT_DATA_DIR;
const dashboardDir = env.DASHBOARD_DIR ? resolve(base, env.DASHBOARD_DIR) : DASHBOARD_DIST;
const deviceName = env.SIM_DEVICE ?? 'gtr4';

function isDeviceKey(k: string): k is DeviceKey {
  return Object.hasOwn(DEVICES, k);
}

async function main(): Promise<void> {
  if (!isDeviceKey(deviceName)) {
    process.stderr.write(`SIM_DEVICE must be one of ${Object.keys(DEVICES).join(', ')}\n`);
    process.exit(2);
  }
  // Firestore without a target: run the official emulator for this session (its data lives as
  // long as it runs; point FIRESTORE_EMULATOR_HOST or GOOGLE_APPLICATION_CREDENTIALS elsewhere to keep it).
  let emulator: FirestoreEmulator | null = null;
  if (env.STORE === 'firestore') {
    env.FIREBASE_PROJECT_ID ??= 'demo-unknot';
    if (!env.FIRESTORE_EMULATOR_HOST && !env.GOOGLE_APPLICATION_CREDENTIALS) {
      emulator = await startFirestoreEmulator(env.FIREBASE_PROJECT_ID);
      env.FIRESTORE_EMULATOR_HOST = emulator.host;
      env.METADATA_SERVER_DETECTION ??= 'none';
      process.stdout.write(`Firestore emulator running at ${emulator.host} (data is kept while it runs)\n`);
    }
  }
  let system: RunningSystem;
  try {
    system = await startSystem({
      dataDir,
      dashboardDir,
      device: deviceName,
      // The server's JSON log at info is noisy for a console; LOG_LEVEL=info brings it back.
      env: { ...env, LOG_LEVEL: env.LOG_LEVEL ?? 'warn' },
      quiet: true,
    });
  } catch (err) {
    await emulator?.stop();
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      process.stderr.write(
        `Port ${env.PORT ?? '8787'} is in use (another Unknot still running?). Stop it, or start with PORT=<free port>.\n`,
      );
      process.exit(1);
    }
    throw err;
  }

  const { pairing, sim } = system;
  // Browsers offer passkeys only at a host name, never at a number address: a server on the
  // loopback address is shown as localhost (the same machine and port; the origin policy takes
  // whatever Host the browser sends). PUBLIC_URL, when set, is what the server prints already.
  const shown = (u: string) =>
    env.PUBLIC_URL ? u : u.replace(/^http:\/\/(?:127\.0\.0\.1|\[::1\]):/, 'http://localhost:');
  const url = shown(system.url);
  const loginUrl = system.loginUrl ? shown(system.loginUrl) : null;
  const lines = [
    'Unknot is running.',
    `  Dashboard        ${url}/`,
    ...(loginUrl
      ? [
          `  Sign in (once)   ${loginUrl}`,
          '                   single use, valid 24 h; every start prints a new link until you add a passkey',
        ]
      : system.server.passkeysInUse
        ? [
            `  Sign in          with your passkey at ${url}/`,
            '                   lost it? in another terminal: npm run sign-in-link',
          ]
        : []),
    `  Simulated watch  ${sim.device.name}, paired as ${pairing.deviceId} (${pairing.reused ? 'kept from the last run' : 'newly paired'})`,
    '                   open "Watch" in the dashboard to use it; its clock follows real time',
    `  Data             ${env.STORE === 'firestore' ? `Firestore project ${env.FIREBASE_PROJECT_ID}${emulator ? ` on the emulator at ${emulator.host}` : ''}; simulated watch in ${dataDir}` : `${dataDir}  (delete it to start over)`}`,
    '',
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\n`);

  // The app's own exceptions (taps, timers, BLE) are collected by the sim; show them as they come.
  let reported = 0;
  const errorWatch = setInterval(() => {
    for (; reported < sim.errors.length; reported++) {
      const e = sim.errors[reported];
      if (e)
        process.stderr.write(
          `[watch] ${e.where}: ${e.error instanceof Error ? e.error.message : String(e.error)}\n`,
        );
    }
  }, 2000);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    clearInterval(errorWatch);
    process.stdout.write(`\n${signal}: stopping the simulated watch and the server…\n`);
    const force = setTimeout(() => {
      process.stderr.write('Shutdown took longer than 15 s; exiting.\n');
      process.exit(1);
    }, 15_000);
    force.unref();
    system.close().then(
      async () => {
        await emulator?.stop();
        process.stdout.write(`Stopped. Your data is kept in ${dataDir}.\n`);
        process.exit(0);
      },
      (err: unknown) => {
        process.stderr.write(`Shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Unknot failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
