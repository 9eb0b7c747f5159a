/**
 * The summary's "Where?" step reaches the REAL sync server once: an area picked after a rated run
 * on a watch not yet paired is kept on the watch, and after pairing the note arrives once under
 * the session's re-owned id (the watch's sessions are re-made under the server's device id); a run
 * on the paired watch sends its note at once. Later syncs send nothing again.
 */
import { getSessionNote, listSessions, type ServerOp } from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sim } from '../../../firmware-sim/src/index.js';
import { pairLikeAUser } from './phone-helpers.js';
import { newPairingCode, pullAll, type RealServer, sessionsOf, startRealServer } from './server-support.js';
import { launchWatch, tapText, watchReplica } from './sim-helpers.js';

let server: RealServer;
beforeAll(async () => {
  server = await startRealServer();
});
afterAll(async () => {
  await server.dispose();
});

/** Home → Quick break → the whole break → + → Save → an area → a side → the done screen. */
async function breakWithWhere(s: Sim, area: string, side: string): Promise<void> {
  await tapText(s, 'Quick break');
  await tapText(s, 'Start');
  await s.until(() => s.screen.page() === 'page/summary/index', { timeoutMs: 15 * 60_000, stepMs: 1000 });
  await tapText(s, '+');
  await tapText(s, 'Save');
  await tapText(s, area);
  await tapText(s, side);
  expect(s.screen.findByText(/^Noted: /)).toBeDefined();
}

const noteOps = (ops: readonly ServerOp[]) =>
  ops.flatMap((op) =>
    op.type === 'register.set' && op.payload.key.startsWith('note.')
      ? [[op.payload.key, op.payload.value]]
      : [],
  );

async function synced(s: Sim): Promise<void> {
  await s.relaunch();
  await s.until(() => s.screen.findByText(/^Synced/) !== undefined, { timeoutMs: 60_000, stepMs: 100 });
}

describe('where it hurt, from the watch', () => {
  it('sends the picked area once, with the session, before and after pairing', async () => {
    const s = await launchWatch({ seed: 5 });
    try {
      // not paired yet: the note waits on the watch with its session
      await breakWithWhere(s, 'Lower back', 'Left');
      expect(s.screen.findByText('Noted: Lower back, left')).toBeDefined();
      await tapText(s, 'Done');
      const [local] = listSessions(watchReplica(s).state());
      if (!local) throw new Error('no session on the watch');
      const localId = local.deviceId;
      expect(getSessionNote(watchReplica(s).state(), local.id)).toEqual({
        sessionId: local.id,
        note: '',
        areas: [{ area: 'lowerBack', side: 'left' }],
      });

      await pairLikeAUser(s, server.url, await newPairingCode(server));
      await synced(s);
      const ops = await pullAll(server);
      const [session] = sessionsOf(ops);
      if (!session) throw new Error('the session did not arrive');
      expect(session.deviceId).not.toBe(localId);
      expect(session.startedAt).toBe(local.startedAt);
      expect(noteOps(ops)).toEqual([
        [
          `note.${session.id}`,
          { sessionId: session.id, note: '', areas: [{ area: 'lowerBack', side: 'left' }] },
        ],
      ]);

      // paired: the next run's note goes out with it
      await s.clock.advance(30 * 60_000);
      await s.relaunch();
      await breakWithWhere(s, 'Shoulder', 'Right');
      await tapText(s, 'Done');
      await synced(s);
      await s.clock.advance(10 * 60_000);
      await synced(s);
      const after = await pullAll(server);
      const second = sessionsOf(after).find((r) => r.id !== session.id);
      if (!second) throw new Error('the second session did not arrive');
      expect(noteOps(after)).toEqual([
        [
          `note.${session.id}`,
          { sessionId: session.id, note: '', areas: [{ area: 'lowerBack', side: 'left' }] },
        ],
        [
          `note.${second.id}`,
          { sessionId: second.id, note: '', areas: [{ area: 'shoulder', side: 'right' }] },
        ],
      ]);
      expect(sessionsOf(after)).toHaveLength(2);
      expect(watchReplica(s).pendingCount()).toBe(0);
      expect(s.errors).toEqual([]);
    } finally {
      s.dispose();
    }
  });
});
