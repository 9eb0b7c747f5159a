import { describe, expect, it } from 'vitest';
import { buildSession, registerOp, sessionOp, TEST_BASE_MS } from '../testing/index.js';
import { applyOps, emptySyncState, fromSnapshot, toSnapshot } from './merge.js';
import { type Op, validateOp } from './protocol.js';
import { createReplica } from './replica.js';
import {
  getSessionNote,
  getSessionNotes,
  noteAreasText,
  noteExcerpt,
  reownSessionNoteWrite,
  sessionNoteKey,
  sessionNoteWrite,
  validateSessionNote,
} from './session-notes.js';

// The session of sessionOp('watch-1', 1): started a minute after TEST_BASE_MS, id `watch-1:<start>`.
const SESSION_ID = `watch-1:${TEST_BASE_MS + 60_000}`;
const KEY = `note.${SESSION_ID}`;

/** A note write by `deviceId` as its op `seq`, stamped TEST_BASE_MS + wallOffset + seq. */
function noteOp(deviceId: string, seq: number, value: unknown, wallOffset = 0): Op {
  return registerOp(deviceId, seq, KEY, value, TEST_BASE_MS + wallOffset);
}

describe('validateSessionNote', () => {
  it('trims the text and puts the areas in body order', () => {
    const r = validateSessionNote({
      sessionId: SESSION_ID,
      note: '  Tight after the drive \n',
      areas: [
        { area: 'shoulder', side: 'left' },
        { area: 'upperBack', side: 'center' },
      ],
    });
    expect(r).toEqual({
      ok: true,
      value: {
        sessionId: SESSION_ID,
        note: 'Tight after the drive',
        areas: [
          { area: 'upperBack', side: 'center' },
          { area: 'shoulder', side: 'left' },
        ],
      },
    });
  });

  it('takes 280 characters and refuses 281, saying how many it has', () => {
    expect(validateSessionNote({ sessionId: SESSION_ID, note: 'a'.repeat(280), areas: [] }).ok).toBe(true);
    // spaces around do not count: they are trimmed first
    expect(validateSessionNote({ sessionId: SESSION_ID, note: ` ${'a'.repeat(280)} `, areas: [] }).ok).toBe(
      true,
    );
    expect(validateSessionNote({ sessionId: SESSION_ID, note: 'a'.repeat(281), areas: [] })).toEqual({
      ok: false,
      errors: [
        {
          code: 'tooLong',
          path: 'note',
          message: 'Please keep the note to 280 characters (it has 281).',
        },
      ],
    });
  });

  it('reports every problem at once, each with its path and a kind message', () => {
    const r = validateSessionNote({
      sessionId: 'not an id',
      note: 'beep\u0007',
      areas: [
        { area: 'neck', side: 'left' },
        { area: 'shoulder', side: 'center' },
        { area: 'lowerBack', side: 'left' },
        { area: 'lowerBack', side: 'right' },
      ],
    });
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          code: 'badSessionId',
          path: 'sessionId',
          message: 'This session cannot be found, so the note was not saved.',
        },
        {
          code: 'notPlainText',
          path: 'note',
          message: 'The note has characters that cannot be shown; please type it as plain text.',
        },
        { code: 'unknownArea', path: 'areas.0', message: 'Choose an area from the list.' },
        {
          code: 'sideNotApplicable',
          path: 'areas.1',
          message: 'For shoulder, choose left, right, both sides.',
        },
        {
          code: 'repeatedArea',
          path: 'areas.3',
          message: 'Lower back is picked twice; pick it once, with "both sides" if it is both.',
        },
      ],
    });
  });

  it('takes an empty note with no areas (how a note is cleared)', () => {
    expect(validateSessionNote({ sessionId: SESSION_ID, note: '   ', areas: [] })).toEqual({
      ok: true,
      value: { sessionId: SESSION_ID, note: '', areas: [] },
    });
  });
});

describe('the note register on the wire', () => {
  const value = { sessionId: SESSION_ID, note: 'Better', areas: [{ area: 'midBack', side: 'both' }] };

  it('accepts a note from any device of the account (the dashboard notes a watch session)', () => {
    const r = validateOp(noteOp('browser-1', 1, value));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.op.payload).toEqual({ key: KEY, value });
  });

  it.each([
    [
      'a note over 280 characters',
      { ...value, note: 'a'.repeat(281) },
      `${KEY}: note: a note is at most 280 characters`,
    ],
    [
      'untrimmed text',
      { ...value, note: ' Better' },
      `${KEY}: note: a note has no leading or trailing spaces`,
    ],
    [
      'an unknown area',
      { ...value, areas: [{ area: 'neck', side: 'left' }] },
      `${KEY}: areas.0.area: Invalid type: Expected ("upperBack" | "midBack" | "lowerBack" | "chest" | "shoulder") but received "neck"`,
    ],
    [
      'a shoulder in the middle',
      { ...value, areas: [{ area: 'shoulder', side: 'center' }] },
      `${KEY}: areas.0: a shoulder is left, right or both`,
    ],
    [
      'an area twice',
      {
        ...value,
        areas: [
          { area: 'chest', side: 'left' },
          { area: 'chest', side: 'right' },
        ],
      },
      `${KEY}: areas: each area at most once`,
    ],
    [
      'another session than the key names',
      { ...value, sessionId: 'watch-1:other' },
      `${KEY}: sessionId must match the register key`,
    ],
  ])('refuses %s as invalidOp, naming the key', (_what, bad, message) => {
    const r = validateOp(noteOp('browser-1', 1, bad));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalidOp');
      expect(r.error.message).toBe(message);
    }
  });

  it('refuses a key that is not a session id', () => {
    const r = validateOp(registerOp('browser-1', 1, 'note.not an id', { ...value, sessionId: 'not an id' }));
    expect(r).toEqual({
      ok: false,
      error: { code: 'invalidOp', message: 'unknown register key "note.not an id"' },
    });
  });

  it('takes the longest session id (128 characters) in its key', () => {
    const id = `watch-1:${'x'.repeat(120)}`;
    expect(id.length).toBe(128);
    const r = validateOp(registerOp('browser-1', 1, sessionNoteKey(id), { ...value, sessionId: id }));
    expect(r.ok).toBe(true);
  });
});

describe('merging notes', () => {
  const fromWatch = { sessionId: SESSION_ID, note: '', areas: [{ area: 'lowerBack', side: 'left' }] };
  const fromDashboard = {
    sessionId: SESSION_ID,
    note: 'Sore after gardening',
    areas: [{ area: 'lowerBack', side: 'both' }],
  };

  it('keeps the later write whatever order the ops arrive in', () => {
    // the watch writes at +1 min, the dashboard edits at +2 h
    const watch = noteOp('watch-1', 2, fromWatch, 60_000);
    const dashboard = noteOp('browser-1', 1, fromDashboard, 2 * 3_600_000);
    const a = applyOps(emptySyncState(), [watch, dashboard]);
    const b = applyOps(emptySyncState(), [dashboard, watch, watch]);
    expect(getSessionNote(a, SESSION_ID)).toEqual(fromDashboard);
    expect(getSessionNote(b, SESSION_ID)).toEqual(fromDashboard);
  });

  it('breaks a tie of wall time and counter by device id (the higher wins)', () => {
    // registerOp stamps wall + seq: both at the same wall time, counter 0
    const a = noteOp('browser-a', 1, fromDashboard, 0);
    const b = noteOp('browser-b', 1, fromWatch, 0);
    expect(a.hlc.slice(0, 21)).toBe(b.hlc.slice(0, 21));
    expect(getSessionNote(applyOps(emptySyncState(), [a, b]), SESSION_ID)).toEqual(fromWatch);
    expect(getSessionNote(applyOps(emptySyncState(), [b, a]), SESSION_ID)).toEqual(fromWatch);
  });

  it('reads a cleared note (empty, or a tombstone) as none, and an older write does not bring it back', () => {
    const set = noteOp('browser-1', 1, fromDashboard, 0);
    const emptied = noteOp('browser-1', 2, { sessionId: SESSION_ID, note: '', areas: [] }, 0);
    const deleted = noteOp('browser-1', 3, null, 0);
    expect(getSessionNote(applyOps(emptySyncState(), [set, emptied]), SESSION_ID)).toBeNull();
    expect(getSessionNote(applyOps(emptySyncState(), [deleted, set]), SESSION_ID)).toBeNull();
  });

  it('keeps a note whose session has not arrived, and shows it once it does', () => {
    const note = noteOp('browser-1', 1, fromDashboard, 3_600_000);
    const before = applyOps(emptySyncState(), [note]);
    expect(before.sessions).toEqual({});
    expect(getSessionNote(before, SESSION_ID)).toEqual(fromDashboard);
    expect(Object.keys(getSessionNotes(before))).toEqual([SESSION_ID]);
    const after = applyOps(before, [sessionOp('watch-1', 1)]);
    expect(Object.keys(after.sessions)).toEqual([SESSION_ID]);
    expect(getSessionNote(after, SESSION_ID)).toEqual(fromDashboard);
  });

  it('survives a snapshot round trip', () => {
    const state = applyOps(emptySyncState(), [
      sessionOp('watch-1', 1),
      noteOp('browser-1', 1, fromDashboard),
    ]);
    expect(getSessionNote(fromSnapshot(toSnapshot(state, 2)), SESSION_ID)).toEqual(fromDashboard);
  });

  it('gives the areas in body order, whatever order they were written in', () => {
    const written = {
      sessionId: SESSION_ID,
      note: '',
      areas: [
        { area: 'shoulder', side: 'right' },
        { area: 'upperBack', side: 'left' },
      ],
    };
    const state = applyOps(emptySyncState(), [noteOp('browser-1', 1, written)]);
    expect(getSessionNote(state, SESSION_ID)?.areas).toEqual([
      { area: 'upperBack', side: 'left' },
      { area: 'shoulder', side: 'right' },
    ]);
  });
});

describe('writing a note through a replica', () => {
  it('queues one register.set under note.<session id> and reads it back', () => {
    let now = TEST_BASE_MS + 10 * 60_000;
    const replica = createReplica({ deviceId: 'browser-1', now: () => now });
    replica.record('session.finished', buildSession({ id: 'browser-1:s1', deviceId: 'browser-1' }));
    const checked = validateSessionNote({
      sessionId: 'browser-1:s1',
      note: 'Felt looser',
      areas: [{ area: 'chest', side: 'center' }],
    });
    if (!checked.ok) throw new Error('expected a valid note');
    now += 1000;
    expect(replica.record('register.set', sessionNoteWrite(checked.value)).ok).toBe(true);
    const out = replica.takeOutbox(10);
    expect(out.map((o) => o.type)).toEqual(['session.finished', 'register.set']);
    expect(out[1]?.payload).toEqual({
      key: 'note.browser-1:s1',
      value: { sessionId: 'browser-1:s1', note: 'Felt looser', areas: [{ area: 'chest', side: 'center' }] },
    });
    expect(getSessionNote(replica.state(), 'browser-1:s1')?.note).toBe('Felt looser');
  });
});

describe('reownSessionNoteWrite', () => {
  it('moves a note on a session made before pairing to the session re-owned under the new id', () => {
    const value = { sessionId: 'local-7-s1700000000000', note: '', areas: [{ area: 'chest', side: 'left' }] };
    // the legacy id form `${deviceId}-s<ms>` re-owns to `${newId}:s<ms>`, as reownRecord does
    expect(reownSessionNoteWrite({ key: 'note.local-7-s1700000000000', value }, 'local-7', 'srv-1')).toEqual({
      key: 'note.srv-1:s1700000000000',
      value: { ...value, sessionId: 'srv-1:s1700000000000' },
    });
    expect(reownSessionNoteWrite({ key: 'note.local-7:s5', value: null }, 'local-7', 'srv-1')).toEqual({
      key: 'note.srv-1:s5',
      value: null,
    });
  });

  it('leaves other registers and notes on other devices’ sessions alone', () => {
    const plan = { key: 'settings.plan', value: { x: 1 } };
    expect(reownSessionNoteWrite(plan, 'local-7', 'srv-1')).toBe(plan);
    const other = { key: 'note.watch-2:s5', value: null };
    expect(reownSessionNoteWrite(other, 'local-7', 'srv-1')).toBe(other);
  });
});

describe('words', () => {
  it('names the areas in body order', () => {
    expect(
      noteAreasText([
        { area: 'shoulder', side: 'both' },
        { area: 'lowerBack', side: 'left' },
        { area: 'upperBack', side: 'center' },
      ]),
    ).toBe('Upper back (center), Lower back (left), Shoulder (both sides)');
    expect(noteAreasText([])).toBe('');
  });

  it('cuts a long note at a word with an ellipsis', () => {
    expect(noteExcerpt('Short one')).toBe('Short one');
    // 20 allowed: the first 19 characters are "Tight in the lower " -> cut at the last space
    expect(noteExcerpt('Tight in the lower back after sitting', 20)).toBe('Tight in the lower…');
    expect(noteExcerpt('Line one\nline two', 40)).toBe('Line one line two');
    // one long word: cut at the limit
    expect(noteExcerpt('a'.repeat(30), 10)).toBe(`${'a'.repeat(9)}…`);
  });
});
