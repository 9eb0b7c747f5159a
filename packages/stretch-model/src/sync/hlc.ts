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
 * Drift bound — one number, `MAX_HLC_DRIFT_MS` = 24 h, enforced everywhere a timestamp comes
 * from somewhere else:
 * - the server refuses an op whose HLC is more than 24 h ahead of the server's clock, with the
 *   retryable code `clockAhead` (the op stays queued on the device; nothing is lost);
 * - a clock's `receive` does not adopt a remote HLC more than 24 h ahead of its physical time;
 * - a replica does not fold a register whose HLC is more than 24 h ahead of its physical time,
 *   whether it arrives in a pull, a live event or a snapshot (`replica.receive`,
 *   `replica.applySnapshot`; the merge functions take the same bound as an option);
 * - a device whose own HLC ran more than 24 h ahead of its physical time (its clock was wrong
 *   when it stamped, and has since been corrected) restarts its clock and re-stamps its unsent
 *   ops (`recover`, called by the replica).
 * Why 24 h: it is the most a register edit can win by a fast clock, so it should be small; but a
 * receiver compares remote stamps with ITS OWN clock, so a watch whose clock is some hours slow
 * must still accept honest stamps, or it would order its edits before the ones it synced. Clocks
 * synced by phone or network are seconds apart; a day covers a mis-set time zone or a watch that
 * lost its time, while a clock days or years off (a dead battery, a bad manual setting) is refused.
 *
 * Counter overflow: more than 99,999 events within one millisecond move the clock one millisecond
 * forward instead of widening the counter, which keeps the fixed-width encoding and the order.
 */

/** The largest counter the 5-digit field holds. */
export const HLC_MAX_COUNTER = 99_999;
/** The largest wall time the 15-digit field holds (year ~33658). */
export const HLC_MAX_WALL_MS = 999_999_999_999_999;
/** How far ahead of local/server time an HLC may be before it is treated as bogus (see the module doc). */
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

/**
 * True when `hlc` is well formed and at most `maxDriftMs` (default `MAX_HLC_DRIFT_MS`) ahead of
 * `nowMs`. Timestamps behind `nowMs` are always within the bound.
 */
export function hlcWithinDrift(hlc: string, nowMs: number, maxDriftMs: number = MAX_HLC_DRIFT_MS): boolean {
  return hlcDriftMs(hlc, nowMs) <= maxDriftMs;
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
  /** True when the last timestamp is more than the drift bound ahead of physical time. */
  isAhead(): boolean;
  /**
   * Clock recovery: when `isAhead()` (a wrong physical clock stamped the future and has since been
   * corrected), restarts the clock at physical time — or at `floor` when that is later and itself
   * within the bound (pass the highest HLC this device must keep ordering after). Returns true
   * when it restarted. The clock is monotone again from there.
   */
  recover(floor?: string): boolean;
}

export interface HlcOptions {
  /** Remote timestamps further ahead than this of physical time are not adopted. Default (and in production always) `MAX_HLC_DRIFT_MS`. */
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

  const isAhead = (): boolean => wallMs - physical() > maxDriftMs;

  const recover = (floor?: string): boolean => {
    if (!isAhead()) return false;
    const pt = physical();
    const f = floor === undefined ? null : parseHlc(floor);
    if (f && f.wallMs - pt <= maxDriftMs && (f.wallMs > pt || (f.wallMs === pt && f.counter > 0))) {
      wallMs = f.wallMs;
      counter = f.counter;
    } else {
      wallMs = pt;
      counter = 0;
    }
    return true;
  };

  return {
    deviceId,
    tick,
    receive,
    last: () => formatHlc({ wallMs, counter, deviceId }),
    isAhead,
    recover,
  };
}
