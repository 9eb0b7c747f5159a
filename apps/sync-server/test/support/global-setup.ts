/**
 * Vitest global setup: when the run includes suites that need Firestore (the store conformance
 * and the scale-out test), start ONE emulator for all of them and hand it over through
 * FIRESTORE_EMULATOR_HOST (which `startFirestoreEmulator` honours), instead of one per file.
 */
import { type FirestoreEmulator, startFirestoreEmulator } from './firestore-emulator.js';

const needsFirestore = (filter: string) =>
  /firestore|redis|e2e/.test(filter) || /^(\.|src|test|test\/e2e|src\/stores)\/?$/.test(filter);

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.FIRESTORE_EMULATOR_HOST) return undefined;
  // the positional CLI arguments are the file filters; none means everything
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-') && a !== 'run');
  if (filters.length > 0 && !filters.some(needsFirestore)) return undefined;
  const emulator: FirestoreEmulator = await startFirestoreEmulator();
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  return async () => {
    await emulator.stop();
    delete process.env.FIRESTORE_EMULATOR_HOST;
  };
}
