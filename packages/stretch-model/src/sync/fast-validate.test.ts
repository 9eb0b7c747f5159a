import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NudgeEvent } from '../records/nudge-event.js';
import { DEFAULT_PLAN_SETTINGS, DEFAULT_REMINDER_SETTINGS } from '../records/settings.js';
import type { SessionRecord } from '../records/session-record.js';
import { buildSession, hlcAt, holdResult } from '../testing/index.js';
import { compiledCheck, fastValidateOp } from './fast-validate.js';
import * as v from 'valibot';
import {
  HttpSyncRequestSchema,
  PullRequestSchema,
  PushRequestSchema,
  safeParseMessage,
  SocketAuthSchema,
  validateOp,
  validateOpWithValibot,
  validateParsedOp,
} from './protocol.js';

/**
 * The compiled fast path must decide exactly as the valibot schemas do and build the same output
 * (key order included): when it accepts, valibot accepts with the same op; when valibot accepts,
 * the fast path accepts too (else every valid op would pay for valibot). Returns whether accepted.
 */
function agree(input: unknown): boolean {
  const fast = fastValidateOp(input);
  const slow = validateOpWithValibot(input);
  expect(fast !== null, JSON.stringify(input)).toBe(slow.ok);
  if (fast && slow.ok) expect(JSON.stringify(fast)).toBe(JSON.stringify(slow.op));
  const both = validateOp(input);
  expect(both.ok).toBe(slow.ok);
  // the reuse path (a request body fresh from JSON.parse) decides and builds the same, and never
  // changes its input: on the value itself and on its JSON round trip
  const text = JSON.stringify(input);
  const inputs = text === undefined ? [input] : [input, JSON.parse(text) as unknown];
  for (const owned of inputs) {
    const before = JSON.stringify(owned);
    const reused = fastValidateOp(owned, true);
    const reference = validateOpWithValibot(owned);
    expect(reused !== null).toBe(reference.ok);
    if (reused && reference.ok) expect(JSON.stringify(reused)).toBe(JSON.stringify(reference.op));
    expect(JSON.stringify(owned)).toBe(before);
    expect(validateParsedOp(owned).ok).toBe(reference.ok);
  }
  return slow.ok;
}

const hlc = (deviceId: string, wall = 1_700_000_000_000, counter = 0) => hlcAt(wall, counter, deviceId);

const session: SessionRecord = buildSession({
  id: 'watch-1:1700000000000',
  routineName: 'Full back routine',
  startedAt: 1_700_000_000_000,
  endedAt: 1_700_000_300_000,
  stretches: [holdResult('upper-back', 30, 30)],
});

const op = (over: Record<string, unknown> = {}) => ({
  opId: 'watch-1:1',
  deviceId: 'watch-1',
  seq: 1,
  hlc: hlc('watch-1'),
  type: 'session.finished',
  payload: session,
  ...over,
});

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

const noteKey = 'note.watch-1:1700000000000';
const noteValue = {
  sessionId: 'watch-1:1700000000000',
  note: 'Tight after the drive.\nBetter after cat-cow.',
  areas: [
    { area: 'lowerBack', side: 'left' },
    { area: 'shoulder', side: 'both' },
  ],
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
  // note fields: an area, a side a shoulder cannot have, text with spaces or a control character
  'chest',
  'center',
  ' padded ',
  'bell\u0007',
  'n'.repeat(281),
  { area: 'midBack', side: 'center' },
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

describe('fastValidateOp against the valibot schemas', () => {
  const bases: Record<string, unknown>[] = [
    op(),
    op({ opId: 'watch-1:7', seq: 7, extra: 'dropped', payload: { ...session, extra: 1 } }),
    op({ type: 'nudge.event', payload: nudge }),
    op({ type: 'register.set', payload: { key: 'settings.reminders', value: DEFAULT_REMINDER_SETTINGS } }),
    op({ type: 'register.set', payload: { key: 'settings.plan', value: DEFAULT_PLAN_SETTINGS } }),
    op({ type: 'register.set', payload: { key: 'routine.my-morning', value: routineValue } }),
    op({ type: 'register.set', payload: { key: 'routine.my-morning', value: null } }),
    op({ type: 'register.set', payload: { key: noteKey, value: noteValue } }),
    op({ type: 'register.set', payload: { key: noteKey, value: { ...noteValue, note: '', areas: [] } } }),
    op({ type: 'register.set', payload: { key: noteKey, value: null } }),
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
        total++;
        if (agree(input)) accepted++;
      }
    // the mutations exercise both sides
    expect(accepted).toBeGreaterThan(50);
    expect(total - accepted).toBeGreaterThan(1000);
  });

  it('compiles the note schema (a note op does not pay for valibot)', () => {
    const payload = { key: noteKey, value: noteValue };
    expect(fastValidateOp(op({ type: 'register.set', payload }))).not.toBeNull();
    // a note longer than 280 characters, an area twice, a centred shoulder: refused on both paths
    for (const value of [
      { ...noteValue, note: 'n'.repeat(281) },
      { ...noteValue, areas: [noteValue.areas[0], { area: 'lowerBack', side: 'right' }] },
      { ...noteValue, areas: [{ area: 'shoulder', side: 'center' }] },
      { ...noteValue, sessionId: 'watch-1:other' },
    ]) {
      expect(fastValidateOp(op({ type: 'register.set', payload: { key: noteKey, value } }))).toBeNull();
      expect(agree(op({ type: 'register.set', payload: { key: noteKey, value } }))).toBe(false);
    }
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

  it('with reuse, returns a parsed body that already is the op as it is, and copies only what differs', () => {
    const exact = JSON.parse(JSON.stringify(op())) as Record<string, unknown>;
    expect(fastValidateOp(exact, true)).toBe(exact);
    // without reuse the same input is copied, as valibot would
    expect(fastValidateOp(exact)).not.toBe(exact);
    const register = JSON.parse(
      JSON.stringify(op({ type: 'register.set', payload: { key: noteKey, value: noteValue } })),
    ) as Record<string, unknown>;
    expect(fastValidateOp(register, true)).toBe(register);

    // an unknown key one stretch down: that stretch, the array, the payload and the envelope are
    // new objects; what was exact below them is passed on as it is
    const twoStretches = JSON.parse(
      JSON.stringify(
        op({
          payload: {
            ...session,
            stretches: [
              { ...session.stretches[0], extra: 1 },
              { ...session.stretches[0], stretchId: 'cat-cow' },
            ],
          },
        }),
      ),
    ) as { payload: { stretches: Record<string, unknown>[] } };
    const copied = fastValidateOp(twoStretches, true) as unknown as typeof twoStretches;
    expect(copied).not.toBe(twoStretches);
    expect(copied.payload).not.toBe(twoStretches.payload);
    expect(copied.payload.stretches).not.toBe(twoStretches.payload.stretches);
    expect(copied.payload.stretches[0]).not.toHaveProperty('extra');
    expect(twoStretches.payload.stretches[0]).toHaveProperty('extra', 1);
    expect(copied.payload.stretches[1]).toBe(twoStretches.payload.stretches[1]);

    // keys out of schema order: rebuilt in order (the stored text is the op's JSON)
    const reordered = JSON.parse(JSON.stringify({ ...op(), opId: 'watch-1:1' })) as Record<string, unknown>;
    const { opId, ...rest } = reordered;
    const late = { ...rest, opId };
    const rebuilt = fastValidateOp(late, true);
    expect(rebuilt).not.toBe(late);
    expect(Object.keys(rebuilt ?? {})).toEqual(['opId', 'deviceId', 'seq', 'hlc', 'type', 'payload']);
    // a class instance is never passed on as the op
    class Envelope {
      constructor(readonly source: Record<string, unknown>) {
        Object.assign(this, source);
      }
    }
    const instance = new Envelope(exact);
    const plain = fastValidateOp(instance, true);
    expect(plain).not.toBe(instance);
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
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

describe('fastValidateOp on seeded random inputs', () => {
  const bases: Record<string, unknown>[] = [
    op(),
    op({ type: 'nudge.event', payload: nudge }),
    op({ type: 'register.set', payload: { key: 'settings.reminders', value: DEFAULT_REMINDER_SETTINGS } }),
    op({ type: 'register.set', payload: { key: 'settings.plan', value: DEFAULT_PLAN_SETTINGS } }),
    op({ type: 'register.set', payload: { key: 'routine.my-morning', value: routineValue } }),
    op({ type: 'register.set', payload: { key: noteKey, value: noteValue } }),
  ];

  /** Sets `value` at a path chosen by `picks` (each pick indexes the keys at that level). */
  function replaceAt(base: unknown, picks: number[], value: unknown, extraKey: string | null): unknown {
    if (picks.length === 0 || base === null || typeof base !== 'object') return value;
    const [pick, ...rest] = picks as [number, ...number[]];
    if (Array.isArray(base)) {
      if (base.length === 0) return value;
      const copy = [...base];
      const i = pick % base.length;
      copy[i] = replaceAt(copy[i], rest, value, extraKey);
      return copy;
    }
    const copy: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    const keys = Object.keys(copy);
    if (extraKey !== null && rest.length === 0) {
      copy[extraKey] = value;
      return copy;
    }
    const key = keys[pick % keys.length] as string;
    copy[key] = replaceAt(copy[key], rest, value, extraKey);
    return copy;
  }

  it('decides as valibot does on mutated ops (random values at random depths, extra keys)', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: bases.length - 1 }),
        fc.array(fc.nat(40), { minLength: 0, maxLength: 5 }),
        fc.oneof(
          fc.jsonValue(),
          fc.constantFrom<unknown>(
            undefined,
            Number.NaN,
            -0,
            1.5,
            8.64e15,
            1_577_836_799_999,
            4_102_444_800_001,
          ),
          fc.constantFrom('Mars/Olympus_Mons', 'Europe/Berlin', 'watch-1:x', 'watch-2:x', 'routine.x'),
          fc.constantFrom('note.watch-1:x', 'upperBack', 'shoulder', 'center', 'both', ' x', 'é'.repeat(280)),
          fc.record({
            area: fc.constantFrom('upperBack', 'shoulder', 'neck'),
            side: fc.constantFrom('center', 'left', 'both', 'top'),
          }),
        ),
        fc.option(fc.constantFrom('__proto__', 'constructor', 'userId', 'extra'), { nil: null }),
        (which, picks, value, extraKey) => {
          if (agree(replaceAt(bases[which], picks, value, extraKey))) accepted++;
          else rejected++;
        },
      ),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });

  it('decides as valibot does on arbitrary JSON and on arbitrary op-shaped objects', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        agree(value);
        agree(op({ payload: value }));
        agree(op({ type: 'register.set', payload: { key: 'settings.plan', value } }));
        agree(op({ type: 'register.set', payload: { key: noteKey, value } }));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the compiled path of the hot messages', () => {
  const schemas = { push: PushRequestSchema, pull: PullRequestSchema, http: HttpSyncRequestSchema };
  const bodies = fc.oneof(
    fc.jsonValue(),
    fc.record(
      {
        ops: fc.oneof(fc.array(fc.jsonValue(), { maxLength: 4 }), fc.jsonValue()),
        outboxSize: fc.oneof(fc.nat(), fc.constantFrom(-1, 1.5, '3', null)),
        cursor: fc.oneof(fc.nat(), fc.constantFrom(-1, 2.5, '0')),
        limit: fc.oneof(fc.nat(2000), fc.constantFrom(0, -3, 1.5)),
        acceptSnapshot: fc.oneof(fc.boolean(), fc.constant('yes')),
        protocolVersion: fc.constantFrom(1, 2, 3, '2'),
      },
      { requiredKeys: [] },
    ),
  );

  it('accepts and outputs exactly what valibot does for push, pull and POST /v1/sync bodies', () => {
    // all three compile (else this would only compare valibot with itself)
    for (const schema of Object.values(schemas)) expect(compiledCheck(schema)).not.toBeNull();
    let accepted = 0;
    fc.assert(
      fc.property(bodies, (body) => {
        for (const schema of Object.values(schemas)) {
          const slow = v.safeParse(schema, body);
          const fast = safeParseMessage(schema, body);
          expect(fast.success).toBe(slow.success);
          if (slow.success && fast.success) {
            expect(fast.output).toEqual(slow.output);
            accepted++;
          }
        }
      }),
      { numRuns: 2000 },
    );
    expect(accepted).toBeGreaterThan(200);
  });

  it('accepts and outputs exactly what valibot does for the socket handshake auth (a variant on kind)', () => {
    expect(compiledCheck(SocketAuthSchema)).not.toBeNull();
    // mostly good values, so that both options are accepted often and each field is wrong alone
    const often = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) =>
      fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: bad, weight: 1 });
    const field = {
      protocolVersion: often(fc.constantFrom(1, 2), fc.constantFrom(3, 2.5, '2', null)),
      kind: often(fc.constantFrom('user', 'device'), fc.constantFrom('admin', '', 1, null)),
      token: often(fc.string({ maxLength: 20 }), fc.oneof(fc.constant('t'.repeat(8193)), fc.nat())),
      deviceId: often(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
        fc.constantFrom('', 'a b', 'x'.repeat(65), null),
      ),
      secret: often(fc.string({ maxLength: 20 }), fc.oneof(fc.constant('s'.repeat(257)), fc.boolean())),
      extra: fc.jsonValue(),
    };
    const auths = fc.oneof(
      fc.jsonValue(),
      fc.record(field, { requiredKeys: [] }),
      fc.record(field, { requiredKeys: ['protocolVersion', 'kind', 'token', 'deviceId'] }),
      fc.record(field, { requiredKeys: ['protocolVersion', 'kind', 'secret', 'deviceId'] }),
    );
    const counts = { user: 0, device: 0, refused: 0 };
    fc.assert(
      fc.property(auths, (auth) => {
        const slow = v.safeParse(SocketAuthSchema, auth);
        const fast = safeParseMessage(SocketAuthSchema, auth);
        expect(fast.success).toBe(slow.success);
        if (slow.success && fast.success) {
          expect(fast.output).toEqual(slow.output);
          expect(Object.keys(fast.output)).toEqual(Object.keys(slow.output));
          counts[slow.output.kind]++;
        } else counts.refused++;
      }),
      { numRuns: 3000 },
    );
    expect(counts.user).toBeGreaterThan(50);
    expect(counts.device).toBeGreaterThan(50);
    expect(counts.refused).toBeGreaterThan(500);
  });
});
