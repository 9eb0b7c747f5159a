/**
 * The whole system in one process: the real sync server (SQLite, local owner, built dashboard) and
 * a simulated watch + phone (firmware-sim running the real apps/watch) paired to that owner, with
 * the sim's screen and input served under /sim for the dashboard's Watch view.
 *
 * `start.ts` (`npm start`) runs it on the embedded defaults; the e2e tests run it on temp folders.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createSim, type DeviceKey, type Sim } from '@unknot/firmware-sim';
import { createServer, loadConfig, type RunningServer, type ServerConfig } from '@unknot/sync-server';
import { ensurePaired, type PairingResult } from './pairing.js';
import { DASHBOARD_DIST, WATCH_APP_DIR } from './paths.js';
import { simHttpHandler } from './sim-api.js';
import { type ClockMode, SimDriver } from './sim-driver.js';

export interface SystemOptions {
  /** Server data (SQLite `unknot.db`, `session-secret`) and `sim/` (watch storage, phone settings). */
  dataDir: string;
  /** Server environment (PORT, HOST, LOG_LEVEL, …); DATA_DIR and DASHBOARD_DIR are set from the options. */
  env?: Record<string, string | undefined>;
  /** The built dashboard to serve; default apps/dashboard/dist when it exists; null: none. */
  dashboardDir?: string | null;
  /** 'realtime' (default): the sim's clock follows the wall clock. 'manual': tests move it. */
  clock?: ClockMode;
  device?: DeviceKey;
  /** Virtual clock start in manual mode (default: now). */
  startTime?: number;
  /** Do not print the login link (tests). */
  quiet?: boolean;
  /** Adjust the server config before it starts (tests: rate limits). */
  tune?: (config: ServerConfig) => void;
  /**
   * What the simulated watch runs: `bundle` (default; `npm start` skips the watch build, so a
   * `dist/device-js` left from an older build could be stale) or `build`, the device JS of the
   * official build (the tests, which run after `pnpm build`).
   */
  deviceCode?: 'build' | 'bundle';
}

export interface RunningSystem {
  server: RunningServer;
  url: string;
  /** the one-time login link for the owner, printed at start (single use) */
  loginUrl: string | null;
  sim: Sim;
  driver: SimDriver;
  pairing: PairingResult;
  simDataDir: string;
  /** Stops the clock, ends the sim's processes (storage is already on disk), closes the server. */
  close(): Promise<void>;
}

export async function startSystem(o: SystemOptions): Promise<RunningSystem> {
  mkdirSync(o.dataDir, { recursive: true });
  const dashboardDir =
    o.dashboardDir === undefined
      ? existsSync(join(DASHBOARD_DIST, 'index.html'))
        ? DASHBOARD_DIST
        : null
      : o.dashboardDir;
  const config = loadConfig({
    ...o.env,
    DATA_DIR: o.dataDir,
    DASHBOARD_DIR: dashboardDir ?? undefined,
  });
  if (config.authMode !== 'local')
    throw new Error('the simulated watch pairs with the local owner: run the system with AUTH_MODE=local');
  o.tune?.(config);

  const clockMode = o.clock ?? 'realtime';
  const simDataDir = join(o.dataDir, 'sim');
  const sim = await createSim({
    appDir: WATCH_APP_DIR,
    device: o.device ?? 'gtr4',
    dataDir: simDataDir,
    startTime: clockMode === 'realtime' ? Date.now() : (o.startTime ?? Date.now()),
    seed: 1,
    deviceCode: o.deviceCode ?? 'bundle',
    // The dashboard's live Watch view is a demo surface that stays lit; a real watch's screen
    // times out and the app closes 10 s later (that rule is tested in apps/watch and firmware-sim).
    screenTimeout: false,
  });
  const driver = new SimDriver(sim, clockMode);
  let pairing: PairingResult | null = null;
  let server: RunningServer | null = null;

  try {
    server = await createServer(config, {
      quiet: true,
      httpMiddleware: simHttpHandler({
        driver,
        async authenticate(authorization) {
          if (!server) return null;
          const res = await server.services.auth.authenticateHeader(authorization, undefined);
          return res.ok && res.principal.kind === 'user' ? res.principal.userId : null;
        },
        ownerUserId: () => pairing?.userId ?? null,
        pairedDeviceId: () => pairing?.deviceId ?? null,
      }),
    });
    driver.start();
    pairing = await ensurePaired(server, driver);
    await driver.exclusive((s) => s.launch());
  } catch (err) {
    await driver.stop();
    sim.dispose();
    await server?.close();
    throw err;
  }
  const running = server;
  const paired = pairing;
  if (!o.quiet && running.loginUrl)
    process.stderr.write(`\nSign in to Unknot (single use, valid 24 h):\n  ${running.loginUrl}\n\n`);

  let closing: Promise<void> | null = null;
  return {
    server: running,
    url: running.url,
    loginUrl: running.loginUrl,
    sim,
    driver,
    pairing: paired,
    simDataDir,
    close() {
      closing ??= (async () => {
        await driver.stop();
        sim.dispose();
        await running.close();
      })();
      return closing;
    },
  };
}
