import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './spawn-server.js';

export interface AuthEmulator {
  /** host:port, the value for FIREBASE_AUTH_EMULATOR_HOST */
  host: string;
  projectId: string;
  /** creates an email/password user and returns its ID token */
  signUp(email: string, password?: string): Promise<{ uid: string; idToken: string }>;
  stop(): Promise<void>;
}

function firebaseCli(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('firebase-tools/package.json');
  const bin = (require(pkgPath) as { bin: Record<string, string> }).bin.firebase as string;
  return join(dirname(pkgPath), bin);
}

/**
 * The Firebase Auth emulator from the firebase-tools devDependency, on a free port, in a temp dir
 * with its own firebase.json. Ready when its REST root answers.
 */
export async function startAuthEmulator(projectId = 'demo-unknot'): Promise<AuthEmulator> {
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'unknot-auth-emu-'));
  writeFileSync(
    join(dir, 'firebase.json'),
    JSON.stringify({
      emulators: { auth: { host: '127.0.0.1', port }, ui: { enabled: false }, logging: { level: 'WARN' } },
    }),
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [firebaseCli(), 'emulators:start', '--only', 'auth', '--project', projectId],
    {
      cwd: dir,
      env: {
        ...process.env,
        NO_UPDATE_NOTIFIER: '1',
        FIREBASE_CLI_DISABLE_UPDATE_CHECK: 'true',
        CI: 'true',
        METADATA_SERVER_DETECTION: 'none',
        XDG_CONFIG_HOME: join(dir, '.config'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`http://${host}/`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`Auth emulator exited early:\n${output}`);
    if (Date.now() > deadline) {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      throw new Error(`Auth emulator did not start within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    host,
    projectId,
    async signUp(email, password = 'correct-horse-battery') {
      const res = await fetch(`http://${host}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=any`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password, returnSecureToken: true }),
      });
      const body = (await res.json()) as { localId: string; idToken: string };
      if (!res.ok) throw new Error(`signUp failed: ${JSON.stringify(body)}`);
      return { uid: body.localId, idToken: body.idToken };
    },
    async stop() {
      if (child.exitCode === null && child.pid) {
        // firebase-tools runs the emulator in its own process group
        process.kill(-child.pid, 'SIGTERM');
        const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
