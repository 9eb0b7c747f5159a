import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config.js';

/**
 * Makes sure `DATA_DIR` is a directory this process can write before anything opens a file in it,
 * so a missing, misplaced or read-only data directory stops start-up with a sentence naming the
 * variable instead of a database error's stack. Creates it when missing.
 */
export function ensureDataDir(dataDir: string): void {
  const fix = 'Set DATA_DIR to a directory this user can write (it is created if missing).';
  let isDir = false;
  try {
    isDir = statSync(dataDir).isDirectory();
    if (!isDir) throw new ConfigError(`DATA_DIR=${dataDir} is a file, not a directory. ${fix}`);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR')
      throw new ConfigError(`DATA_DIR=${dataDir} cannot be read (${(err as Error).message}). ${fix}`);
  }
  if (!isDir) {
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (err) {
      throw new ConfigError(
        `DATA_DIR=${dataDir} does not exist and cannot be created (${(err as Error).message}). ${fix}`,
      );
    }
  }
  const probe = join(dataDir, `.write-check-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (err) {
    throw new ConfigError(`DATA_DIR=${dataDir} is not writable (${(err as Error).message}). ${fix}`);
  }
}
