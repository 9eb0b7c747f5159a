import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromSnapshot, getSessionNote, type PullResponse, type PushResponse } from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOp, sessionOp, sessionRecord } from '../../test/support/ops.js';
import {
  connectSync,
  deviceAuth,
  loginOwner,
  pairDevice,
  startTestServer,
  type TestServer,
  userAuth,
} from '../../test/support/server.js';
import { createLogger } from '../logger.js';
import { SqliteStore } from '../stores/sqlite.store.js';
import { SnapshotService } from './snapshot.service.js';

/** Session notes need nothing of their own on the server: the op table's register family drives them. */
describe('session notes through the server', () => {
  let server: TestServer;
  let owner: { token: string; userId: string };
  beforeAll(async () => {
    server = await startTestServer();
    owner = await loginOwner(server);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('stores a note the dashboard writes on a watch session and serves it to another device', async () => {
    const watch = await pairDevice(server.url, owner.token);
    const w = await connectSync(server.url, deviceAuth(watch));
    const session = sessionRecord(watch.deviceId, 1);
    const acked = (await w.push([sessionOp(watch.deviceId, 1)])) as PushResponse;
    expect(acked.ok && acked.acks.map((a) => a.ok)).toEqual([true]);
    w.close();

    const note = {
      sessionId: session.id,
      note: 'Tight after the drive',
      areas: [{ area: 'lowerBack', side: 'left' }],
    };
    const web = await connectSync(server.url, userAuth(owner.token, 'web-notes'));
    const pushed = (await web.push([
      registerOp('web-notes', 1, `note.${session.id}`, note),
      // refused: 281 characters; the key's session is another one; a shoulder in the middle
      registerOp('web-notes', 2, `note.${session.id}`, { ...note, note: 'a'.repeat(281) }),
      registerOp('web-notes', 3, `note.${session.id}`, { ...note, sessionId: 'web-notes:x' }),
      registerOp('web-notes', 4, `note.${session.id}`, {
        ...note,
        areas: [{ area: 'shoulder', side: 'center' }],
      }),
    ])) as PushResponse;
    web.close();
    if (!pushed.ok) throw new Error('push failed');
    expect(pushed.acks.map((a) => (a.ok ? 'ok' : a.error))).toEqual([
      'ok',
      { code: 'invalidOp', message: `note.${session.id}: note: a note is at most 280 characters` },
      { code: 'invalidOp', message: `note.${session.id}: sessionId must match the register key` },
      { code: 'invalidOp', message: `note.${session.id}: areas.0: a shoulder is left, right or both` },
    ]);

    // another device of the account pulls from the start: the session and the one accepted note
    const phone = await pairDevice(server.url, owner.token);
    const p = await connectSync(server.url, deviceAuth(phone));
    const pull = (await p.pull(0, 500, false)) as PullResponse;
    p.close();
    if (!pull.ok) throw new Error('pull failed');
    const notes = pull.ops.filter((o) => o.type === 'register.set' && o.payload.key.startsWith('note.'));
    expect(notes.map((o) => [o.opId, o.payload])).toEqual([
      ['web-notes:1', { key: `note.${session.id}`, value: note }],
    ]);
  });

  it('folds a note into the stored snapshot (the op table drives it) and a new device reads it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unknot-note-snap-'));
    const store = new SqliteStore({ file: join(dir, 'unknot.db') });
    try {
      const snapshots = new SnapshotService(store, createLogger('silent'), 500, {});
      const session = sessionRecord('w1', 1);
      const first = { sessionId: session.id, note: '', areas: [{ area: 'shoulder', side: 'right' }] };
      const edited = { sessionId: session.id, note: 'Only the right shoulder', areas: first.areas };
      // the watch's note, then the dashboard's edit an hour later (the later HLC wins)
      await store.appendOps('u1', [
        sessionOp('w1', 1),
        registerOp('w1', 2, `note.${session.id}`, first),
        registerOp('web', 1, `note.${session.id}`, edited, Date.UTC(2026, 10, 2, 9, 0)),
      ]);
      const snap = await snapshots.refresh('u1');
      expect(snap.registers[`note.${session.id}`]?.value).toEqual(edited);
      expect(getSessionNote(fromSnapshot(snap), session.id)).toEqual(edited);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
