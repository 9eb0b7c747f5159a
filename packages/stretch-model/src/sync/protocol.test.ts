import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DeviceIdSchema } from '../records/ids.js';
import type { NudgeEvent } from '../records/nudge-event.js';
import { DEFAULT_PLAN_SETTINGS, DEFAULT_REMINDER_SETTINGS } from '../records/settings.js';
import type { SessionRecord } from '../records/session-record.js';
import {
  checkProtocolVersion,
  HlcSchema,
  LIMITS,
  OP_PAYLOAD_SCHEMAS,
  PROTOCOL_VERSION,
  REGISTER_KEY_PATTERNS,
  registerValueSchema,
  SYNC_ERROR_CODES,
  validateOp,
} from './protocol.js';

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

/** validateOp as it was before the compiled fast path: valibot only. Accepts/rejects and output must match. */
function reference(input: unknown): { ok: true; op: unknown } | { ok: false } {
  const env = v.safeParse(
    v.object({
      opId: v.pipe(v.string(), v.maxLength(140)),
      deviceId: DeviceIdSchema,
      seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
      hlc: HlcSchema,
      type: v.string(),
      payload: v.unknown(),
    }),
    input,
  );
  if (!env.success) return { ok: false };
  const e = env.output;
  if (e.opId !== `${e.deviceId}:${e.seq}` || !e.hlc.endsWith(`:${e.deviceId}`)) return { ok: false };
  // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is missing on the watch (QuickJS 2020-07-05)
  if (!Object.prototype.hasOwnProperty.call(OP_PAYLOAD_SCHEMAS, e.type)) return { ok: false };
  const type = e.type as keyof typeof OP_PAYLOAD_SCHEMAS;
  const payload = v.safeParse(OP_PAYLOAD_SCHEMAS[type], e.payload);
  if (!payload.success) return { ok: false };
  const out = payload.output as { deviceId?: string; key?: string; value?: unknown };
  if (type !== 'register.set' && out.deviceId !== e.deviceId) return { ok: false };
  if (type === 'register.set') {
    const key = out.key as string;
    const schema = registerValueSchema(key);
    if (!schema) return { ok: false };
    if (out.value !== null) {
      const val = v.safeParse(schema, out.value);
      if (!val.success) return { ok: false };
      if (REGISTER_KEY_PATTERNS.routine.test(key) && (val.output as { id: string }).id !== key.slice(8))
        return { ok: false };
    }
  }
  return { ok: true, op: { ...e, type, payload: payload.output } };
}

const nudge: NudgeEvent = {
  id: 'watch-1:n1',
  nudgeId: 'watch-1:nudge1',
  deviceId: 'watch-1',
  action: 'shown',
  at: 1_700_000_000_000,
  timeZone: 'UTC',
  utcOffsetMinutes: 0,
};
const routineValue = {
  id: 'my-morning',
  name: 'Morning',
  kind: 'custom',
  restSeconds: 10,
  allowRepeats: false,
  items: [{ stretchId: 'cat-cow', holdSeconds: null, reps: 8, enabled: true }],
};

/** Values that break (or sneak past) a field: wrong types, edges, NaN/Infinity, missing. */
const ODD_VALUES: unknown[] = [
  undefined,
  null,
  '',
  'x',
  'a'.repeat(200),
  'bad id!',
  0,
  -0,
  -1,
  1,
  1.5,
  10,
  11,
  60,
  3600,
  3600.5,
  -840,
  -841,
  841,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  8.64e15,
  8.64e15 + 2,
  true,
  [],
  {},
  'upper-back',
  'none',
  'nudge',
  'aborted',
  'snoozed',
];

/** Every op obtained by replacing (or deleting) one field, at any depth, with each odd value. */
function mutations(base: Record<string, unknown>): unknown[] {
  const out: unknown[] = [];
  const walk = (node: unknown, rebuild: (replacement: unknown, drop: boolean) => unknown) => {
    if (node === null || typeof node !== 'object') return;
    const entries = Array.isArray(node) ? node.map((x, i) => [String(i), x] as const) : Object.entries(node);
    for (const [key, child] of entries) {
      const set = (replacement: unknown, drop: boolean): unknown => {
        if (Array.isArray(node)) {
          const copy = [...node];
          if (drop) copy.splice(Number(key), 1);
          else copy[Number(key)] = replacement;
          return rebuild(copy, false);
        }
        const copy: Record<string, unknown> = { ...(node as Record<string, unknown>) };
        if (drop) delete copy[key];
        else copy[key] = replacement;
        return rebuild(copy, false);
      };
      out.push(set(undefined, true));
      for (const odd of ODD_VALUES) out.push(set(odd, false));
      walk(child, set);
    }
  };
  walk(base, (replacement) => replacement);
  return out;
}

describe('validateOp fast path', () => {
  const bases: Record<string, unknown>[] = [
    op(),
    op({ opId: 'watch-1:7', seq: 7, extra: 'dropped', payload: { ...session, extra: 1 } }),
    op({ type: 'nudge.event', payload: nudge }),
    op({ type: 'register.set', payload: { key: 'settings.reminders', value: DEFAULT_REMINDER_SETTINGS } }),
    op({ type: 'register.set', payload: { key: 'settings.plan', value: DEFAULT_PLAN_SETTINGS } }),
    op({ type: 'register.set', payload: { key: 'routine.my-morning', value: routineValue } }),
    op({ type: 'register.set', payload: { key: 'routine.my-morning', value: null } }),
    // optional fields: observed hold time, plan history
    op({
      payload: {
        ...session,
        stretches: [
          { ...session.stretches[0], observedSeconds: 12.5 },
          { ...session.stretches[0], observedSeconds: null },
        ],
      },
    }),
    op({
      type: 'register.set',
      payload: {
        key: 'settings.plan',
        value: {
          ...DEFAULT_PLAN_SETTINGS,
          since: '2026-11-20',
          history: [
            { from: null, days: [1, 3] },
            { from: '2026-11-02', days: [2] },
          ],
        },
      },
    }),
  ];

  it('accepts and rejects exactly what valibot does, with the same output (key order included)', () => {
    let accepted = 0;
    let total = 0;
    for (const base of bases)
      for (const input of [base, ...mutations(base)]) {
        const got = validateOp(input);
        const want = reference(input);
        total++;
        expect(got.ok, JSON.stringify(input)).toBe(want.ok);
        if (got.ok && want.ok) {
          accepted++;
          expect(JSON.stringify(got.op)).toBe(JSON.stringify(want.op));
        }
      }
    // the mutations exercise both sides
    expect(accepted).toBeGreaterThan(50);
    expect(total - accepted).toBeGreaterThan(1000);
  });

  it('drops unknown keys and rebuilds objects in schema order', () => {
    const shuffled = Object.fromEntries(Object.entries({ ...session, extra: 1 }).reverse());
    const r = validateOp(op({ extra: true, payload: shuffled }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.keys(r.op)).toEqual(['opId', 'deviceId', 'seq', 'hlc', 'type', 'payload']);
    expect(Object.keys(r.op.payload)).toEqual(Object.keys(session));
    expect(r.op.payload).not.toBe(shuffled);
  });

  it.each([
    ['an array', [op()]],
    ['a missing nullable field', op({ payload: { ...session, painBefore: undefined } })],
    ['a NaN seq', op({ seq: Number.NaN, opId: 'watch-1:NaN' })],
    [
      'an infinite held time',
      op({
        payload: {
          ...session,
          stretches: [{ ...session.stretches[0], heldSeconds: Number.POSITIVE_INFINITY }],
        },
      }),
    ],
    ['a fractional pain rating', op({ payload: { ...session, painAfter: 2.5 } })],
    [
      'a routine value of the wrong shape',
      op({ type: 'register.set', payload: { key: 'routine.x', value: { id: 'x' } } }),
    ],
  ])('rejects %s with the error valibot words', (_name, input) => {
    const r = validateOp(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message.length).toBeGreaterThan(0);
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
