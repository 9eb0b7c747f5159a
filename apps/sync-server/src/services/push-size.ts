/**
 * The depth and size checks of a pushed op in one walk, without serialising it.
 *
 * A push is refused by the JSON size of what was sent (`LIMITS.maxOpBytes` per op,
 * `maxPushBytes` per push). Serialising every op only to measure it cost as much as the
 * serialisation the store does anyway, so the walk below computes an upper bound of
 * `Buffer.byteLength(JSON.stringify(op))` instead: when the bound is within the limit, so is the
 * exact size; only when it is not is the op serialised and measured exactly. The decisions are
 * therefore exactly those of measuring every op.
 */

/** Strings that JSON writes as they are, one byte per character. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * Upper bound of the UTF-8 bytes of a JSON string literal: escapes are at most 6 bytes (`\u001f`),
 * and a plain string is its length (`fine`: tested with the regexp, which costs more than the
 * rest of the walk together).
 */
function stringBound(s: string, fine: boolean): number {
  return fine && PLAIN.test(s) ? s.length + 2 : 6 * s.length + 2;
}

export interface OpMeasure {
  /** deeper than the limit (nothing else is known then) */
  tooDeep: boolean;
  /** ≥ the UTF-8 bytes of `JSON.stringify(value)`; `Infinity` for what the walk does not model */
  bound: number;
}

/**
 * One walk: whether `value` nests deeper than `maxDepth` (the same rule as the core's
 * `exceedsDepth`: the recursion stops `maxDepth + 1` levels down, whatever the input) and an
 * upper bound of its JSON byte size. The first walk counts 6 bytes for every character of a
 * string; only when that bound is above `within` (the caller's limit) does a second walk tell
 * plain strings (one byte a character) for a closer bound. Either is an upper bound, so a bound
 * within the limit means the exact size is too.
 */
export function measureOp(value: unknown, maxDepth: number, within = 0): OpMeasure {
  const out: OpMeasure = { tooDeep: false, bound: 0 };
  out.bound = walk(value, maxDepth, 1, out, false);
  if (!out.tooDeep && out.bound > within) out.bound = walk(value, maxDepth, 1, out, true);
  return out;
}

function walk(value: unknown, max: number, depth: number, out: OpMeasure, fine: boolean): number {
  switch (typeof value) {
    case 'string':
      return stringBound(value, fine);
    case 'number':
      // the longest JSON number text is 24 characters (-1.2345678901234567e-308); NaN is `null`
      return 24;
    case 'boolean':
      return 5;
    case 'undefined':
    case 'function':
    case 'symbol':
      // left out of an object, `null` in an array
      return 4;
    case 'object':
      break;
    default:
      return Number.POSITIVE_INFINITY; // bigint: JSON.stringify throws; let it, on the exact path
  }
  if (value === null) return 4;
  if (depth > max) {
    out.tooDeep = true;
    return 0;
  }
  if (Array.isArray(value)) {
    let n = 2 + value.length; // brackets and commas
    for (let i = 0; i < value.length; i++) {
      n += walk(value[i], max, depth + 1, out, fine);
      if (out.tooDeep) return 0;
    }
    return n;
  }
  const node = value as Record<string, unknown>;
  let n = 2;
  for (const key in node) {
    // biome-ignore lint/suspicious/noPrototypeBuiltins: the same own-key rule as the core's exceedsDepth
    if (!Object.prototype.hasOwnProperty.call(node, key)) continue;
    n += stringBound(key, fine) + 2 + walk(node[key], max, depth + 1, out, fine); // colon and comma
    if (out.tooDeep) return 0;
  }
  // a class instance may have toJSON or getters: walked for its depth, but measured exactly
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null ? n : Number.POSITIVE_INFINITY;
}

/** The exact size, as the limits are defined. */
export function exactOpBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}
