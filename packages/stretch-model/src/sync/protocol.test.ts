import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN_SETTINGS, DEFAULT_REMINDER_SETTINGS } from '../records/settings.js';
import type { SessionRecord } from '../records/session-record.js';
import { checkProtocolVersion, LIMITS, PROTOCOL_VERSION, SYNC_ERROR_CODES, validateOp } from './protocol.js';

const hlc = (deviceId: string, wall = 1_700_000_000_000, counter = 0) =>
  `${String(wall).padStart(15, '0')}:${String(counter).padStart(5, '0')}:${deviceId}`;

const session: SessionRecord = {
  id: 'watch-1:1700000000000',
  deviceId: 'watch-1',
  routineId: 'full-back',
  routineName: 'Full back routine',
  trigger: 'manual',
  outcome: 'completed',
  startedAt: 1_700_000_000_000,
  endedAt: 1_700_000_300_000,
  timeZone: 'Europe/Berlin',
  utcOffsetMinutes: 60,
  painBefore: 5,
  painAfter: 3,
  stretches: [
    {
      stretchId: 'upper-back',
      side: 'none',
      kind: 'hold',
      targetSeconds: 30,
      heldSeconds: 30,
      targetReps: null,
      repsDone: null,
      skipped: false,
    },
  ],
};

const op = (over: Record<string, unknown> = {}) => ({
  opId: 'watch-1:1',
  deviceId: 'watch-1',
  seq: 1,
  hlc: hlc('watch-1'),
  type: 'session.finished',
  payload: session,
  ...over,
});

function errorCode(input: unknown): string | null {
  const r = validateOp(input);
  return r.ok ? null : r.error.code;
}

describe('validateOp', () => {
  it('accepts a well-formed session op and returns it typed', () => {
    const r = validateOp(op());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.op.type).toBe('session.finished');
  });

  it('accepts settings and routine registers, and tombstones', () => {
    const set = (key: string, value: unknown) => op({ type: 'register.set', payload: { key, value } });
    expect(errorCode(set('settings.reminders', DEFAULT_REMINDER_SETTINGS))).toBeNull();
    expect(errorCode(set('settings.plan', DEFAULT_PLAN_SETTINGS))).toBeNull();
    expect(errorCode(set('routine.my-morning', null))).toBeNull();
    const routine = {
      id: 'my-morning',
      name: 'Morning',
      kind: 'custom',
      restSeconds: 10,
      allowRepeats: false,
      items: [{ stretchId: 'cat-cow', holdSeconds: null, reps: 8, enabled: true }],
    };
    expect(errorCode(set('routine.my-morning', routine))).toBeNull();
  });

  it.each([
    ['not an object', 42, 'invalidOp'],
    ['opId not deviceId:seq', op({ opId: 'watch-1:2' }), 'invalidOp'],
    ['hlc of another device', op({ hlc: hlc('phone-1') }), 'invalidOp'],
    ['malformed hlc', op({ hlc: 'yesterday' }), 'invalidOp'],
    ['seq 0', op({ seq: 0, opId: 'watch-1:0' }), 'invalidOp'],
    ['unknown type', op({ type: 'session.deleted' }), 'unknownOpType'],
    ['a prototype key as the type', op({ type: 'constructor' }), 'unknownOpType'],
    ['a prototype method as the type', op({ type: 'hasOwnProperty' }), 'unknownOpType'],
    ['record of a foreign device', op({ payload: { ...session, deviceId: 'watch-2' } }), 'invalidOp'],
    ['pain out of range', op({ payload: { ...session, painAfter: 11 } }), 'invalidOp'],
    ['ends before it starts', op({ payload: { ...session, endedAt: session.startedAt - 1 } }), 'invalidOp'],
    [
      'unknown stretch',
      op({ payload: { ...session, stretches: [{ ...session.stretches[0], stretchId: 'splits' }] } }),
      'invalidOp',
    ],
    [
      'unknown register key',
      op({ type: 'register.set', payload: { key: 'settings.theme', value: 'dark' } }),
      'invalidOp',
    ],
    [
      'invalid reminder settings',
      op({
        type: 'register.set',
        payload: { key: 'settings.reminders', value: { ...DEFAULT_REMINDER_SETTINGS, dailyCap: -1 } },
      }),
      'invalidOp',
    ],
    [
      'routine stored under another id',
      op({
        type: 'register.set',
        payload: {
          key: 'routine.a',
          value: { id: 'b', name: 'B', kind: 'custom', restSeconds: 0, allowRepeats: false, items: [] },
        },
      }),
      'invalidOp',
    ],
  ])('rejects %s', (_name, input, code) => {
    expect(errorCode(input)).toBe(code);
  });

  it('uses only codes from the closed set', () => {
    const r = validateOp(op({ type: 'nope' }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(SYNC_ERROR_CODES).toContain(r.error.code);
  });

  it('has limits that fit each other', () => {
    expect(LIMITS.maxOpBytes * 10).toBeLessThanOrEqual(LIMITS.maxPushBytes);
  });
});

describe('checkProtocolVersion', () => {
  it('accepts the current version', () => expect(checkProtocolVersion(PROTOCOL_VERSION)).toBeNull());
  it('tells an old or unversioned client to update', () => {
    expect(checkProtocolVersion(undefined)?.code).toBe('clientTooOld');
    expect(checkProtocolVersion(0)?.code).toBe('clientTooOld');
  });
  it('tells a newer client the server is older', () => {
    expect(checkProtocolVersion(PROTOCOL_VERSION + 1)?.code).toBe('serverTooOld');
  });
});
