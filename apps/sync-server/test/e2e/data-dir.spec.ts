/** A data directory the server cannot use stops start-up with a sentence naming DATA_DIR, not a stack. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SYNC_SERVER_DIR } from '../support/spawn-server.js';

const root = mkdtempSync(join(tmpdir(), 'unknot-datadir-'));
afterAll(() => {
  chmodSync(join(root, 'locked'), 0o700);
  rmSync(root, { recursive: true, force: true });
});

function start(dataDir: string) {
  const r = spawnSync(
    process.execPath,
    ['--conditions=@unknot/source', '--import', 'tsx', join(SYNC_SERVER_DIR, 'src', 'main.ts')],
    {
      cwd: SYNC_SERVER_DIR,
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0', METADATA_SERVER_DETECTION: 'none' },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return { code: r.status, stderr: r.stderr };
}

describe('DATA_DIR that cannot work', () => {
  const file = join(root, 'a-file');
  writeFileSync(file, 'not a directory');
  mkdirSync(join(root, 'locked'));
  chmodSync(join(root, 'locked'), 0o500);

  it('a path under a file: cannot be created', () => {
    const r = start(join(file, 'data'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`DATA_DIR=${join(file, 'data')} does not exist and cannot be created`);
    expect(r.stderr).toContain('Set DATA_DIR to a directory this user can write');
    expect(r.stderr).not.toMatch(/SqliteError|\n\s+at /);
  });

  it('a file: not a directory', () => {
    const r = start(file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`DATA_DIR=${file} is a file, not a directory`);
    expect(r.stderr).not.toMatch(/SqliteError|\n\s+at /);
  });

  // root writes into a 0500 directory anyway, so this case needs an ordinary user
  it.skipIf(process.getuid?.() === 0)('a read-only directory: not writable', () => {
    const r = start(join(root, 'locked'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`DATA_DIR=${join(root, 'locked')} is not writable`);
  });

  it('a missing directory is created and the server starts', async () => {
    const { spawnServer } = await import('../support/spawn-server.js');
    const server = await spawnServer({ DATA_DIR: join(root, 'new', 'nested'), PORT: '0' });
    await server.stop('SIGTERM');
  });
});
