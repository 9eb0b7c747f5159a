import { type ChildProcess, spawn } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const SYNC_SERVER_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface SpawnedServer {
  child: ChildProcess;
  url: string;
  loginUrl: string | null;
  loginToken: string | null;
  /** every JSON log line so far */
  logs: Record<string, unknown>[];
  /** resolves with the exit code/signal */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Runs the real entry point (`src/main.ts` through tsx, or `dist/main.js` with `built: true`) as
 * a child process and waits until it logs that it is listening.
 */
export async function spawnServer(
  env: Record<string, string>,
  options: { built?: boolean; timeoutMs?: number } = {},
): Promise<SpawnedServer> {
  const args = options.built
    ? [join(SYNC_SERVER_DIR, 'dist', 'main.js')]
    : ['--conditions=@unknot/source', '--import', 'tsx', join(SYNC_SERVER_DIR, 'src', 'main.ts')];
  const child = spawn(process.execPath, args, {
    cwd: SYNC_SERVER_DIR,
    env: { ...process.env, LOG_LEVEL: 'info', METADATA_SERVER_DETECTION: 'none', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  let loginUrl: string | null = null;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in time\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    lines.on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (typeof entry.loginUrl === 'string') loginUrl = entry.loginUrl;
      if (entry.msg === 'sync server listening') {
        clearTimeout(timer);
        resolve(String(entry.url));
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening\n${stderr}`));
    });
  });
  const loginToken = loginUrl ? (/#token=(.+)$/.exec(loginUrl)?.[1] ?? null) : null;
  return {
    child,
    url,
    loginUrl,
    loginToken,
    logs,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}
