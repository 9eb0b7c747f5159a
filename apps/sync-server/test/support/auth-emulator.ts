import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stopHelper, waitUntilReady, watchHelper } from './helper-process.js';
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
  // firebase-tools runs the emulator in its own process group
  const helper = watchHelper('Auth emulator', child, (signal) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // the group is already gone
    }
  });
  await waitUntilReady(
    helper,
    async () => {
      try {
        return (await fetch(`http://${host}/`)).ok;
      } catch {
        return false; // not listening yet
      }
    },
    60_000,
  );
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
      // The emulator's sign-up token can be "revoked" at birth: its auth_time is the second the
      // request started, the account's validSince the second after the password was hashed, and
      // verifyIdToken(…, true) refuses auth_time < validSince (seen under load when the hashing
      // crosses a second). A person signs in after signing up; so does this, and that token's
      // auth_time is never before validSince.
      const signIn = await fetch(
        `http://${host}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=any`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password, returnSecureToken: true }),
        },
      );
      const signedIn = (await signIn.json()) as { localId: string; idToken: string };
      if (!signIn.ok) throw new Error(`signInWithPassword failed: ${JSON.stringify(signedIn)}`);
      return { uid: signedIn.localId, idToken: signedIn.idToken };
    },
    async stop() {
      await stopHelper(helper);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
