/**
 * Child-process entry for the SIGKILL schedules: the real server (`createServer` from the sync
 * server's library entry, exactly what `src/main.ts` wraps) in its own process, so it can be
 * killed without any cleanup.
 *
 * Start-up is split in two so a restart after SIGKILL is quick on a busy 2-core box: the process
 * loads every module at once and reports `warm` (the pool keeps one such standby ready); only on
 * the `start` message does it open the SQLite file and listen. Nothing touches DATA_DIR before
 * `start`, so a standby can warm up while the previous server still owns the database.
 */
import { createServer, DEFAULT_TUNING, loadConfig, type RunningServer } from '@unknot/sync-server';
import { FAULT_TUNING } from './tuning.js';

let server: RunningServer | null = null;

process.on('message', (msg: unknown) => {
  if (msg !== 'start' || server) return;
  void (async () => {
    const config = loadConfig(process.env);
    config.tuning = { ...DEFAULT_TUNING, ...FAULT_TUNING };
    server = await createServer(config, { quiet: true });
    process.send?.({ type: 'listening', url: server.url });
  })().catch((err: unknown) => {
    console.error(err);
    process.exit(3);
  });
});

// The test process went away: never linger as an orphan holding the port.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => {
  void (server ? server.close() : Promise.resolve()).finally(() => process.exit(0));
});

process.send?.({ type: 'warm' });
