import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stopHelper, waitUntilReady, watchHelper } from './helper-process.js';
import { freePort } from './spawn-server.js';

export interface FirestoreEmulator {
  /** host:port, the value for FIRESTORE_EMULATOR_HOST */
  host: string;
  projectId: string;
  /** deletes every document of the project */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const JAR = 'cloud-firestore-emulator.jar';

function which(cmd: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Where the official emulator jar is, or null. */
export function locateFirestoreJar(): string | null {
  const roots: string[] = [];
  if (process.env.FIRESTORE_EMULATOR_JAR)
    return existsSync(process.env.FIRESTORE_EMULATOR_JAR) ? process.env.FIRESTORE_EMULATOR_JAR : null;
  roots.push('/usr/lib/google-cloud-sdk');
  if (process.env.CLOUDSDK_ROOT) roots.push(process.env.CLOUDSDK_ROOT);
  const gcloud = which('gcloud');
  if (gcloud) {
    try {
      const root = execFileSync(gcloud, ['info', '--format=value(installation.sdk_root)'], {
        encoding: 'utf8',
        timeout: 20_000,
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
      if (root) roots.push(root);
    } catch {
      // gcloud present but unusable: fall through to the other candidates
    }
  }
  roots.push('/usr/share/google-cloud-sdk');
  for (const root of roots) {
    const jar = join(root, 'platform', 'cloud-firestore-emulator', JAR);
    if (existsSync(jar)) return jar;
  }
  return null;
}

async function isUp(host: string): Promise<boolean> {
  try {
    const res = await fetch(`http://${host}/`);
    return (await res.text()).trim() === 'Ok';
  } catch {
    return false;
  }
}

async function resetProject(host: string, projectId: string): Promise<void> {
  const res = await fetch(`http://${host}/emulator/v1/projects/${projectId}/databases/(default)/documents`, {
    method: 'DELETE',
  });
  if (!res.ok) throw new Error(`Firestore emulator reset failed: ${res.status}`);
}

/**
 * A Firestore emulator for tests. FIRESTORE_EMULATOR_HOST wins (used as is, never stopped);
 * otherwise the official jar is started with java on a free port. Missing java or jar is an
 * error with instructions — never a silent skip.
 */
export async function startFirestoreEmulator(projectId = 'demo-unknot'): Promise<FirestoreEmulator> {
  const existing = process.env.FIRESTORE_EMULATOR_HOST;
  if (existing) {
    if (!(await isUp(existing)))
      throw new Error(`FIRESTORE_EMULATOR_HOST=${existing} does not answer "Ok" on GET /`);
    return {
      host: existing,
      projectId,
      reset: () => resetProject(existing, projectId),
      stop: async () => {},
    };
  }
  const java = which('java');
  const jar = locateFirestoreJar();
  if (!java || !jar)
    throw new Error(
      `Firestore emulator not found (${!java ? 'no java on PATH' : `no ${JAR}`}). Install a JRE (apt-get install default-jre-headless) ` +
        'and the emulator (gcloud components install cloud-firestore-emulator, or the google-cloud-cli-firestore-emulator package), ' +
        'set FIRESTORE_EMULATOR_JAR, or point FIRESTORE_EMULATOR_HOST at a running emulator.',
    );
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    java,
    [
      '-Xmx512m',
      '-cp',
      jar,
      'com.google.cloud.datastore.emulator.firestore.CloudFirestore',
      '--host=127.0.0.1',
      `--port=${port}`,
      `--project_id=${projectId}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const helper = watchHelper('Firestore emulator', child);
  await waitUntilReady(helper, () => isUp(host), 60_000);
  return {
    host,
    projectId,
    reset: () => resetProject(host, projectId),
    stop: () => stopHelper(helper),
  };
}
