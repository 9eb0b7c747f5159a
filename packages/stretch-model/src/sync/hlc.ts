/**
 * Hybrid logical clock (HLC): the timestamp every op carries, and the order last-writer-wins
 * registers are resolved by.
 *
 * Why not plain wall-clock time: a watch whose clock is hours off would then win (or lose) every
 * settings conflict for the wrong reason. Why not a pure logical counter: HLC timestamps stay close
 * to real time, so "newest edit wins" still means what a person expects when clocks are fine.
 * An HLC never goes backwards on one device, and once a device has *seen* an op, everything it
 * writes afterwards orders after that op — whatever its own clock says (within the drift bound below).
 *
 * Encoding (see `HlcSchema` in protocol.ts): `${wallMs:15}:${counter:5}:${deviceId}`. Fixed-width
 * digits make plain string comparison the total order; the deviceId suffix breaks exact ties, so
 * two devices can never produce "equal" timestamps.
 *
 * Drift bound (the choice we made): `receive` ignores a remote timestamp whose wall time is more
 * than `maxDriftMs` (default 24 h) ahead of this device's physical time. Adopting it would drag
 * this device's clock — and every register it writes from then on — into the far future, where a
 * bogus clock's value could never be overwritten again. Ignoring it keeps this clock monotone and
 * sane. The primary defence is on the server: it rejects ops with `hlcDriftMs(op.hlc, serverNow) >
 * MAX_HLC_DRIFT_MS`, so such timestamps never reach other devices in the first place.
 *
 * Counter overflow: more than 99,999 events within one millisecond move the clock one millisecond
 * forward instead of widening the counter, which keeps the fixed-width encoding and the order.
 */

/** The largest counter the 5-digit field holds. */
export const HLC_MAX_COUNTER = 99_999;
/** The largest wall time the 15-digit field holds (year ~33658). */
export const HLC_MAX_WALL_MS = 999_999_999_999_999;
/** How far ahead of local/server time a remote HLC may be before it is treated as bogus. */
export const MAX_HLC_DRIFT_MS = 24 * 60 * 60 * 1000;

/** The parts of an HLC string. */
export interface HlcParts {
  wallMs: number;
  counter: number;
  deviceId: string;
}

const HLC_PATTERN = /^(\d{15}):(\d{5}):([A-Za-z0-9_-]{1,64})$/;
const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Encodes HLC parts; throws RangeError on values the fixed-width format cannot hold. */
export function formatHlc(parts: HlcParts): string {
  const { wallMs, counter, deviceId } = parts;
  if (!Number.isInteger(wallMs) || wallMs < 0 || wallMs > HLC_MAX_WALL_MS)
    throw new RangeError(`HLC wall time out of range: ${wallMs}`);
  if (!Number.isInteger(counter) || counter < 0 || counter > HLC_MAX_COUNTER)
    throw new RangeError(`HLC counter out of range: ${counter}`);
  if (!DEVICE_ID_PATTERN.test(deviceId)) throw new RangeError(`HLC deviceId malformed: "${deviceId}"`);
  return `${String(wallMs).padStart(15, '0')}:${String(counter).padStart(5, '0')}:${deviceId}`;
}

/** Decodes an HLC string, or returns null when it is malformed. */
export function parseHlc(hlc: string): HlcParts | null {
  const m = HLC_PATTERN.exec(hlc);
  if (!m) return null;
  return { wallMs: Number(m[1]), counter: Number(m[2]), deviceId: m[3] as string };
}

/** Total order of HLC strings: -1, 0 or 1. Plain string order by construction of the encoding. */
export function compareHlc(a: string, b: string): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * How many milliseconds `hlc` is ahead of `nowMs` (negative: behind). Malformed → +Infinity, so
 * a server check `hlcDriftMs(op.hlc, now) > MAX_HLC_DRIFT_MS` rejects it too.
 */
export function hlcDriftMs(hlc: string, nowMs: number): number {
  const parts = parseHlc(hlc);
  return parts ? parts.wallMs - nowMs : Number.POSITIVE_INFINITY;
}

/** One device's clock. */
export interface HybridClock {
  readonly deviceId: string;
  /** A new timestamp for a local event; strictly greater than every timestamp this clock issued or adopted. */
  tick(): string;
  /**
   * Merges a timestamp seen on a remote op and returns a new local timestamp greater than both
   * (unless the remote is malformed or beyond the drift bound: then it is ignored, see module doc).
   */
  receive(remoteHlc: string): string;
  /** The last timestamp issued (persist it so the clock stays monotone across restarts). */
  last(): string;
}

export interface HlcOptions {
  /** Remote timestamps further ahead than this of physical time are not adopted. Default 24 h. */
  maxDriftMs?: number;
  /** The persisted `last()` of a previous run; the clock continues after it. */
  resumeFrom?: string;
}

/**
 * Creates a clock for `deviceId`. `now` is injected (ms since epoch); non-integer values are
 * floored, and non-finite or negative values count as 0.
 */
export function createHlc(deviceId: string, now: () => number, options: HlcOptions = {}): HybridClock {
  if (!DEVICE_ID_PATTERN.test(deviceId)) throw new RangeError(`HLC deviceId malformed: "${deviceId}"`);
  const maxDriftMs = options.maxDriftMs ?? MAX_HLC_DRIFT_MS;
  const resumed = options.resumeFrom === undefined ? null : parseHlc(options.resumeFrom);
  let wallMs = resumed?.wallMs ?? 0;
  let counter = resumed?.counter ?? 0;

  const physical = (): number => {
    const t = Math.floor(now());
    return Number.isFinite(t) && t > 0 ? Math.min(t, HLC_MAX_WALL_MS) : 0;
  };
  const commit = (w: number, c: number): string => {
    // Overflow: step into the next millisecond rather than widen the counter.
    if (c > HLC_MAX_COUNTER) {
      w += 1;
      c = 0;
    }
    wallMs = w;
    counter = c;
    return formatHlc({ wallMs, counter, deviceId });
  };

  const tick = (): string => {
    const pt = physical();
    return pt > wallMs ? commit(pt, 0) : commit(wallMs, counter + 1);
  };

  const receive = (remoteHlc: string): string => {
    const pt = physical();
    const remote = parseHlc(remoteHlc);
    if (!remote || remote.wallMs - pt > maxDriftMs) return tick();
    const w = Math.max(pt, wallMs, remote.wallMs);
    if (w === wallMs && w === remote.wallMs) return commit(w, Math.max(counter, remote.counter) + 1);
    if (w === wallMs) return commit(w, counter + 1);
    if (w === remote.wallMs) return commit(w, remote.counter + 1);
    return commit(w, 0);
  };

  return {
    deviceId,
    tick,
    receive,
    last: () => formatHlc({ wallMs, counter, deviceId }),
  };
}
