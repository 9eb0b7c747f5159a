import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Op, type ServerOp, validateOp } from '@unknot/stretch-model';
import { afterAll, describe, expect, it } from 'vitest';
import { nudgeOp, registerOp, sessionOp } from '../../test/support/ops.js';
import { SqliteStore } from '../stores/sqlite.store.js';
import { storedOpText } from '../stores/store.js';
import { serialiseReply } from './raw-json.js';
import { opsEventText } from './socket-hub.js';

describe('the fan-out event from the stored text of the ops', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unknot-hub-'));
  const store = new SqliteStore({ file: join(dir, 'unknot.db') });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Ops as a push validates them, appended: the stored texts and the ServerOps of the fan-out. */
  async function appended(ops: Op[]) {
    const valid = ops.map((op) => {
      const r = validateOp(op);
      if (!r.ok) throw new Error(r.error.message);
      return r.op;
    });
    const results = await store.appendOps('u1', valid);
    const texts = valid.map((op) => storedOpText.get(op));
    const served = valid.map((op, i) => ({ ...op, serverSeq: results[i]?.serverSeq }) as ServerOp);
    return { texts, served };
  }

  it('is byte for byte what JSON.stringify writes for { ops } of records', async () => {
    const { texts, served } = await appended([sessionOp('w1', 1), nudgeOp('w1', 2), sessionOp('w1', 3)]);
    expect(texts.every((t) => typeof t === 'string')).toBe(true);
    expect(served.map((o) => o.serverSeq)).toEqual([1, 2, 3]);
    const text = serialiseReply(opsEventText(served, texts as string[]));
    expect(text).toBe(JSON.stringify({ ops: served }));
  });

  it('holds the same ops for a register write (its value in canonical key order)', async () => {
    // keys in no particular order, as a client may send them
    const value = {
      restSeconds: 10,
      name: 'Morning',
      id: 'custom-1',
      kind: 'custom',
      allowRepeats: false,
      items: [{ reps: 8, stretchId: 'cat-cow', holdSeconds: null, enabled: true }],
    };
    const op = registerOp('w1', 4, 'routine.custom-1', value, Date.UTC(2026, 10, 1));
    const { texts, served } = await appended([op]);
    const text = serialiseReply(opsEventText(served, texts as string[]));
    expect(JSON.parse(text)).toEqual({ ops: served });
    expect(text).toContain('"serverSeq":4}]}');
  });

  it('gives no text for an op the store did not write (a retry)', async () => {
    const again = validateOp(sessionOp('w1', 1));
    if (!again.ok) throw new Error('invalid');
    expect(await store.appendOps('u1', [again.op])).toEqual([{ status: 'duplicate', serverSeq: 1 }]);
    expect(storedOpText.get(again.op)).toBeUndefined();
  });
});
