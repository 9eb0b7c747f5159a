import { describe, expect, it } from 'vitest';
import { sessionOp, TEST_BASE_MS } from '../testing/index.js';
import { listSessions } from './merge.js';
import type { ServerOp } from './protocol.js';
import { createReplica, ReplicaError, type ReplicaStorage } from './replica.js';
import { checksum53, SEAL_PREFIX, sealPersisted, unseal } from './sealed.js';

function memory(initial: string | null = null): ReplicaStorage & { value: string | null } {
  const s = {
    value: initial,
    get: () => s.value,
    set: (v: string) => {
      s.value = v;
    },
  };
  return s;
}

const now = () => TEST_BASE_MS + 3_600_000;
const serverOps = (n: number): ServerOp[] =>
  Array.from({ length: n }, (_, i) => ({ ...sessionOp('watch-2', i + 1), serverSeq: i + 1 }));

/** A stored replica of `watch-1` holding three sessions pulled from the server and one queued edit. */
function storedReplica(sealStorage: boolean): string {
  const storage = memory();
  const r = createReplica({ deviceId: 'watch-1', now, storage, sealStorage });
  r.receive(serverOps(3), 3);
  expect(r.record('register.set', { key: 'routine.custom-1', value: null }).ok).toBe(true);
  return storage.value ?? '';
}

function openError(stored: string, sealStorage = true): ReplicaError | null {
  try {
    createReplica({ deviceId: 'watch-1', now, storage: memory(stored), sealStorage });
    return null;
  } catch (e) {
    if (e instanceof ReplicaError) return e;
    throw e;
  }
}

describe('sealed replica storage', () => {
  it('writes a header line (seal 1, protocol 2, 14 hex digits of checksum) and resumes the same state', () => {
    const stored = storedReplica(true);
    expect(stored).toMatch(/^unknot-sealed-replica:1:2:[0-9a-f]{14}\n\{"format":1,/);
    const r = createReplica({ deviceId: 'watch-1', now, storage: memory(stored), sealStorage: true });
    expect(listSessions(r.state()).map((s) => s.id)).toEqual([
      `watch-2:${TEST_BASE_MS + 60_000}`,
      `watch-2:${TEST_BASE_MS + 120_000}`,
      `watch-2:${TEST_BASE_MS + 180_000}`,
    ]);
    expect(r.pendingCount()).toBe(1);
    expect(r.cursor()).toBe(3);
  });

  it('without sealStorage the store stays plain JSON', () => {
    const stored = storedReplica(false);
    expect(stored.startsWith('{"format":1,')).toBe(true);
    expect(unseal(stored)).toEqual({ kind: 'plain', json: stored });
  });

  it('one changed character breaks the seal: corruptStorage, even where the change is valid data', () => {
    const stored = storedReplica(true);
    expect(stored).toContain('"painAfter":3');
    const edited = stored.replace('"painAfter":3', '"painAfter":4'); // 4 is a valid rating
    const error = openError(edited);
    expect(error?.code).toBe('corruptStorage');
    expect(error?.message).toBe('sealed replica: content does not match its checksum');
  });

  it('a truncated write or a damaged header is corrupt', () => {
    const stored = storedReplica(true);
    expect(openError(stored.slice(0, stored.length - 40))?.message).toBe(
      'sealed replica: content does not match its checksum',
    );
    expect(openError(`${SEAL_PREFIX}:1:2:xyz\n{}`)?.message).toBe('sealed replica: malformed header');
    expect(openError(stored.slice(0, stored.indexOf('\n')))?.message).toBe(
      'sealed replica: malformed header',
    );
    expect(openError(stored.replace(`${SEAL_PREFIX}:1:`, `${SEAL_PREFIX}:9:`))?.message).toBe(
      'sealed replica: unknown seal version 9',
    );
  });

  it('trusts the confirmed history it sealed itself, but re-validates one sealed under other rules', () => {
    const json = storedReplica(false).replace('"painAfter":3', '"painAfter":42'); // pain is 0–10
    // sealed under today's rules: the records are not checked one by one again (that is the point)
    expect(openError(sealPersisted(json))).toBeNull();
    // sealed by a protocol 1 core: everything is validated, and the bad rating is found
    const old = openError(sealPersisted(json, 1));
    expect(old?.code).toBe('corruptStorage');
    expect(old?.message).toMatch(/^replica confirmed: snapshot: sessions\.0\.painAfter/);
    // plain JSON (an older store) likewise
    expect(openError(json)?.message).toMatch(/^replica confirmed: snapshot: sessions\.0\.painAfter/);
  });

  it('still checks the outbox and the shape of the confirmed state of a sealed store', () => {
    const p = JSON.parse(storedReplica(false)) as Record<string, unknown>;
    const badOutbox = JSON.stringify({ ...p, outbox: [{ opId: 'x' }] });
    expect(openError(sealPersisted(badOutbox))?.message).toMatch(/^replica outbox: /);
    const confirmed = p.confirmed as Record<string, unknown>;
    const noSessions = JSON.stringify({ ...p, confirmed: { ...confirmed, sessions: {} } });
    expect(openError(sealPersisted(noSessions))?.message).toBe('replica confirmed: snapshot: sessions');
  });

  it('a plain store is validated once and written back sealed, with the same JSON', () => {
    const plain = storedReplica(false);
    const storage = memory(plain);
    createReplica({ deviceId: 'watch-1', now, storage, sealStorage: true });
    const resealed = storage.value ?? '';
    expect(resealed.startsWith(`${SEAL_PREFIX}:1:2:`)).toBe(true);
    expect(unseal(resealed)).toEqual({ kind: 'sealed', json: plain });
  });

  it('checksum53: 14 hex digits that change with any one code unit', () => {
    const base = checksum53('{"a":1}');
    expect(base).toMatch(/^[0-9a-f]{14}$/);
    expect(checksum53('{"a":1}')).toBe(base);
    for (const other of ['{"a":2}', '{"a":1} ', '{"b":1}', '{"a":1'])
      expect(checksum53(other)).not.toBe(base);
  });
});
