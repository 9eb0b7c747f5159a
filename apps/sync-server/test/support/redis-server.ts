import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { stopHelper, waitUntilReady, watchHelper } from './helper-process.js';
import { freePort } from './spawn-server.js';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

function locateRedisServer(): string {
  const fromEnv = process.env.REDIS_SERVER_PATH;
  if (fromEnv) return fromEnv;
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('redis-server not found: apt-get install redis-server (or set REDIS_SERVER_PATH)');
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    sock.once('error', () => resolve(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (d) => {
      sock.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
  });
}

/** A throwaway redis-server on a free loopback port, no persistence. */
export async function startRedisServer(): Promise<RedisServer> {
  const bin = locateRedisServer();
  const port = await freePort();
  const child: ChildProcess = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'no',
    ],
    { stdio: 'ignore' },
  );
  const helper = watchHelper('redis-server', child);
  await waitUntilReady(helper, () => ping(port), 15_000, 100);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => stopHelper(helper),
  };
}
