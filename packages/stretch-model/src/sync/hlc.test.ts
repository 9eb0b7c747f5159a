import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HlcSchema } from './protocol.js';
import {
  HLC_MAX_COUNTER,
  MAX_HLC_DRIFT_MS,
  compareHlc,
  createHlc,
  formatHlc,
  hlcDriftMs,
  parseHlc,
} from './hlc.js';
import * as v from 'valibot';

const T0 = 1_750_000_000_000;

/** A clock whose time the test moves by hand. */
function manualTime(start = T0) {
  let t = start;
  return {
    now: () => t,
    set: (next: number) => {
      t = next;
    },
  };
}

const deviceIdArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const hlcArb = fc
  .record({
    wallMs: fc.integer({ min: 0, max: T0 * 2 }),
    counter: fc.integer({ min: 0, max: HLC_MAX_COUNTER }),
    deviceId: deviceIdArb,
  })
  .map(formatHlc);

describe('format / parse / compare', () => {
  it('formats fixed-width strings the protocol schema accepts', () => {
    const s = formatHlc({ wallMs: T0, counter: 7, deviceId: 'watch-1' });
    expect(s).toBe('001750000000000:00007:watch-1');
    expect(v.is(HlcSchema, s)).toBe(true);
    expect(parseHlc(s)).toEqual({ wallMs: T0, counter: 7, deviceId: 'watch-1' });
  });

  it('rejects what the format cannot hold', () => {
    expect(() => formatHlc({ wallMs: -1, counter: 0, deviceId: 'a' })).toThrow(RangeError);
    expect(() => formatHlc({ wallMs: 1e16, counter: 0, deviceId: 'a' })).toThrow(RangeError);
    expect(() => formatHlc({ wallMs: 1, counter: HLC_MAX_COUNTER + 1, deviceId: 'a' })).toThrow(RangeError);
    expect(() => formatHlc({ wallMs: 1, counter: 0, deviceId: 'a:b' })).toThrow(RangeError);
    expect(parseHlc('12:3:x')).toBeNull();
    expect(parseHlc('001750000000000:00007:')).toBeNull();
  });

  it('string order equals (wall, counter, deviceId) order', () => {
    fc.assert(
      fc.property(hlcArb, hlcArb, (a, b) => {
        const pa = parseHlc(a);
        const pb = parseHlc(b);
        if (!pa || !pb) return false;
        const tuple =
          pa.wallMs - pb.wallMs ||
          pa.counter - pb.counter ||
          (pa.deviceId < pb.deviceId ? -1 : pa.deviceId > pb.deviceId ? 1 : 0);
        return compareHlc(a, b) === Math.sign(tuple) && parseHlc(a) !== null && formatHlc(pa) === a;
      }),
      { numRuns: 200 },
    );
  });

  it('hlcDriftMs measures how far ahead a timestamp is; malformed counts as infinitely far', () => {
    const h = formatHlc({ wallMs: T0 + 5000, counter: 0, deviceId: 'a' });
    expect(hlcDriftMs(h, T0)).toBe(5000);
    expect(hlcDriftMs(h, T0 + 10_000)).toBe(-5000);
    expect(hlcDriftMs('garbage', T0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('createHlc', () => {
  it('follows physical time when it moves forward', () => {
    const time = manualTime();
    const clock = createHlc('w', time.now);
    expect(clock.tick()).toBe(formatHlc({ wallMs: T0, counter: 0, deviceId: 'w' }));
    time.set(T0 + 10);
    expect(clock.tick()).toBe(formatHlc({ wallMs: T0 + 10, counter: 0, deviceId: 'w' }));
  });

  it('stays monotone when physical time stands still or goes backwards', () => {
    const time = manualTime();
    const clock = createHlc('w', time.now);
    const a = clock.tick();
    const b = clock.tick();
    time.set(T0 - 60_000);
    const c = clock.tick();
    expect(a < b && b < c).toBe(true);
    expect(parseHlc(c)?.wallMs).toBe(T0);
  });

  it('moves to the next millisecond instead of overflowing the counter', () => {
    const clock = createHlc('w', () => T0, {
      resumeFrom: formatHlc({ wallMs: T0, counter: HLC_MAX_COUNTER, deviceId: 'w' }),
    });
    const next = clock.tick();
    expect(parseHlc(next)).toEqual({ wallMs: T0 + 1, counter: 0, deviceId: 'w' });
    const remote = formatHlc({ wallMs: T0 + 1, counter: HLC_MAX_COUNTER, deviceId: 'z' });
    expect(parseHlc(clock.receive(remote))).toEqual({ wallMs: T0 + 2, counter: 0, deviceId: 'w' });
  });

  it('resumes after a restart without going back, even if the wall clock did', () => {
    const first = createHlc('w', () => T0);
    first.tick();
    const last = first.tick();
    const second = createHlc('w', () => T0 - 3_600_000, { resumeFrom: last });
    expect(second.last()).toBe(last);
    expect(second.tick() > last).toBe(true);
  });

  it('adopts a remote clock ahead of it (within the bound), so later local edits order after it', () => {
    const clock = createHlc('watch', () => T0);
    const remote = formatHlc({ wallMs: T0 + 3 * 3_600_000, counter: 4, deviceId: 'web' });
    const merged = clock.receive(remote);
    expect(merged > remote).toBe(true);
    expect(clock.tick() > remote).toBe(true);
  });

  it('ignores a remote clock beyond the drift bound and malformed input, staying monotone', () => {
    const clock = createHlc('watch', () => T0);
    const before = clock.tick();
    const bogus = formatHlc({ wallMs: T0 + MAX_HLC_DRIFT_MS + 1, counter: 0, deviceId: 'evil' });
    const after = clock.receive(bogus);
    expect(after > before).toBe(true);
    expect(parseHlc(after)?.wallMs).toBe(T0);
    expect(clock.receive('not-an-hlc') > after).toBe(true);
    const lenient = createHlc('watch', () => T0, { maxDriftMs: Number.POSITIVE_INFINITY });
    expect(lenient.receive(bogus) > bogus).toBe(true);
  });

  it('floors fractional time and treats nonsense time as 0', () => {
    expect(parseHlc(createHlc('a', () => T0 + 0.9).tick())?.wallMs).toBe(T0);
    expect(parseHlc(createHlc('a', () => Number.NaN).tick())).toEqual({
      wallMs: 0,
      counter: 1,
      deviceId: 'a',
    });
    expect(() => createHlc('bad id', () => T0)).toThrow(RangeError);
  });

  it('property: every issued timestamp is greater than all before it, and receive beats both inputs', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('tick' as const), dt: fc.integer({ min: -5000, max: 5000 }) }),
      fc.record({
        kind: fc.constant('receive' as const),
        dt: fc.integer({ min: -5000, max: 5000 }),
        remoteOffset: fc.integer({ min: -100_000, max: 100_000 }),
        counter: fc.integer({ min: 0, max: HLC_MAX_COUNTER }),
        device: deviceIdArb,
      }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const time = manualTime();
        const clock = createHlc('me', time.now);
        let prev = clock.last();
        for (const s of steps) {
          time.set(time.now() + s.dt);
          let next: string;
          if (s.kind === 'tick') next = clock.tick();
          else {
            const remote = formatHlc({
              wallMs: Math.max(0, time.now() + s.remoteOffset),
              counter: s.counter,
              deviceId: s.device,
            });
            next = clock.receive(remote);
            if (!(next > remote)) return false;
          }
          if (!(next > prev) || clock.last() !== next || !v.is(HlcSchema, next)) return false;
          prev = next;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });
});
