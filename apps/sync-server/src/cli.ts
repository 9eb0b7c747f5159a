/**
 * Operator commands, run where the server's data is, with the server's environment:
 *
 *   node dist/cli.js sign-in-link     a new one-time sign-in link for the local owner
 *
 * `sign-in-link` reads the same variables as the server (DATA_DIR, STORE, PUBLIC_URL, HOST,
 * PORT, …), writes the link's hash into the store the running server uses (SQLite in WAL mode
 * takes a second connection), prints the link on stdout and exits. No restart needed: the server
 * redeems it like the one it printed at start.
 */
import { randomUUID } from 'node:crypto';
import { issueLoginToken } from './auth/local-login.service.js';
import { ConfigError, loadConfig, type ServerConfig } from './config.js';
import { openStore } from './server.js';

export const CLI_USAGE = 'usage: node dist/cli.js sign-in-link';

/** Runs one command; returns the exit code. Output goes through the given writers (tests). */
export async function runCli(
  args: readonly string[],
  env: Record<string, string | undefined>,
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  if (args[0] !== 'sign-in-link' || args.length !== 1) {
    err(`${CLI_USAGE}\n`);
    return 64;
  }
  let config: ServerConfig;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      err(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (config.authMode !== 'local') {
    err('sign-in links exist only with AUTH_MODE=local; with Firebase, sign in with email and password\n');
    return 2;
  }
  const firebase =
    config.store === 'firestore'
      ? (await import('firebase-admin/app')).initializeApp(
          { projectId: config.firebaseProjectId },
          `unknot-cli-${randomUUID()}`,
        )
      : null;
  const store = await openStore(config, firebase, { backgroundCheckpoint: false });
  try {
    const issued = await issueLoginToken(store, config.tuning.loginLinkTtlMs);
    // a loopback server is named localhost, as `npm start` prints it: browsers offer passkeys only
    // at a host name, and the link must open the same origin the dashboard's session lives on
    const loopback = config.host === '127.0.0.1' || config.host === '::1' || config.host === 'localhost';
    const origin =
      config.publicUrl ??
      (loopback
        ? `http://localhost:${config.port}`
        : `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`);
    out(`${origin}/login#token=${issued.token}\n`);
    err(`Single use, valid until ${new Date(issued.expiresAt).toISOString()}.\n`);
    return 0;
  } finally {
    await store.close();
    if (firebase) await (await import('firebase-admin/app')).deleteApp(firebase);
  }
}

// run as a program (not when imported by a test)
if (process.argv[1] && /[\\/]cli\.(js|ts)$/.test(process.argv[1])) {
  runCli(
    process.argv.slice(2),
    process.env,
    (t) => process.stdout.write(t),
    (t) => process.stderr.write(t),
  ).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
