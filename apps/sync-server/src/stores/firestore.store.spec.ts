import { randomUUID } from 'node:crypto';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FirestoreEmulator, startFirestoreEmulator } from '../../test/support/firestore-emulator.js';
import { sessionOps } from '../../test/support/ops.js';
import { FirestoreStore } from './firestore.store.js';
import { runShareLinkConformance } from './share-link.conformance.js';
import { runAccountConformance } from './accounts.conformance.js';
import { runStoreConformance } from './store.conformance.js';

let emulator: FirestoreEmulator;

beforeAll(async () => {
  emulator = await startFirestoreEmulator();
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
}, 90_000);
afterAll(async () => {
  await emulator?.stop();
});

function openStore(): { store: FirestoreStore; dispose(): Promise<void> } {
  const app = initializeApp({ projectId: emulator.projectId }, `test-${randomUUID()}`);
  const store = new FirestoreStore(app);
  return {
    store,
    async dispose() {
      await store.close();
      await deleteApp(app);
    },
  };
}

runStoreConformance('firestore (emulator)', async () => openStore());
runAccountConformance('firestore (emulator)', async () => openStore());
runShareLinkConformance('firestore (emulator)', async () => openStore());

describe('FirestoreStore across instances', () => {
  it('allocates serverSeq without gaps when two instances write the same user concurrently', async () => {
    const a = openStore();
    const b = openStore();
    try {
      const user = `u-${randomUUID()}`;
      const writes = Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a.store : b.store).appendOps(user, sessionOps(`dev${i % 4}`, 1 + Math.floor(i / 4) * 5, 5)),
      );
      const results = (await Promise.all(writes)).flat();
      const applied = results.filter((r) => r.status === 'applied').map((r) => r.serverSeq);
      expect(applied.sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      const log = await a.store.readOps(user, 0, 1000);
      expect(log.map((o) => o.serverSeq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      // the same ops again through the other instance: all duplicates
      const again = await b.store.appendOps(user, sessionOps('dev0', 1, 5));
      expect(again.every((r) => r.status === 'duplicate')).toBe(true);
    } finally {
      await a.dispose();
      await b.dispose();
    }
  }, 60_000);

  it('stores a full 500-op push in one transaction', async () => {
    const s = openStore();
    try {
      const user = `u-${randomUUID()}`;
      const res = await s.store.appendOps(user, sessionOps('big', 1, 500));
      expect(res.at(-1)).toEqual({ status: 'applied', serverSeq: 500 });
      expect(await s.store.headSeq(user)).toBe(500);
    } finally {
      await s.dispose();
    }
  }, 60_000);
});
