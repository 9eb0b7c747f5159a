/**
 * The compiled fast path of `validateOp`.
 *
 * valibot's safeParse allocates a dataset per node and an issue list, ~30 µs for a session op on a
 * busy server. The checks below are compiled once from the same schema objects (no second copy of
 * the rules to drift): a closure per node that returns the parsed value (objects rebuilt in schema
 * key order, unknown keys dropped — what valibot outputs) or INVALID. Only the node and action
 * kinds listed here compile; any other kind makes that schema fall back to valibot entirely.
 * The cross-field rules are the op table's own functions, shared with the valibot path.
 * `fast-validate.test.ts` checks it against valibot on seeded random and mutated inputs.
 */
import {
  envelopeProblem,
  isOpType,
  type Op,
  OP_TABLE,
  type OpEnvelope,
  OpEnvelopeSchema,
  payloadProblem,
  registerValueProblem,
  registerValueSchema,
} from './op-table.js';

const INVALID: unique symbol = Symbol('invalid');
/**
 * `reuse`: the input is a value fresh from `JSON.parse` that the caller owns. A node whose input
 * already is exactly its output (a plain object with the schema's keys in the schema's order and
 * nothing else, an array whose items all pass unchanged) then returns the input itself instead of
 * a copy: the same value, without the allocation.
 */
type Compiled = (input: unknown, reuse: boolean) => unknown;

/** The parts of a valibot schema/action node the compiler reads (a structural view of valibot's objects). */
interface SchemaNode {
  kind?: string;
  type?: string;
  async?: boolean;
  pipe?: readonly SchemaNode[];
  entries?: Readonly<Record<string, SchemaNode>>;
  item?: SchemaNode;
  options?: readonly unknown[];
  /** a variant's discriminator key */
  key?: string;
  /** a literal's value */
  literal?: unknown;
  wrapped?: SchemaNode;
  default?: unknown;
  fallback?: unknown;
  requirement?: unknown;
}

const compiledCache = new WeakMap<object, Compiled | null>();

function compiled(schema: object): Compiled | null {
  let c = compiledCache.get(schema);
  if (c === undefined) {
    c = compileNode(schema as SchemaNode);
    compiledCache.set(schema, c);
  }
  return c;
}

function compileNode(node: SchemaNode): Compiled | null {
  if (node.async || node.fallback !== undefined) return null;
  if (node.pipe) {
    const [base, ...actions] = node.pipe;
    if (base?.kind !== 'schema') return null;
    const leaf = compileLeafPipe(base, actions);
    if (leaf) return leaf;
    const head = compileNode(base);
    if (!head) return null;
    const checks: ((value: never) => boolean)[] = [];
    for (const a of actions) {
      if (a.kind === 'metadata') continue;
      const check = compileAction(a);
      if (!check) return null;
      checks.push(check);
    }
    return (input, reuse) => {
      const out = head(input, reuse);
      if (out === INVALID) return INVALID;
      for (const check of checks) if (!check(out as never)) return INVALID;
      return out;
    };
  }
  switch (node.type) {
    case 'string':
      return (input) => (typeof input === 'string' ? input : INVALID);
    case 'number':
      return (input) => (typeof input === 'number' && !Number.isNaN(input) ? input : INVALID);
    case 'boolean':
      return (input) => (typeof input === 'boolean' ? input : INVALID);
    case 'unknown':
      return (input) => input;
    case 'literal': {
      const literal = node.literal;
      return (input) => (input === literal ? input : INVALID);
    }
    case 'variant': {
      // valibot's rule: the first option whose discriminator accepts the input's and that then
      // accepts the whole input. Only a flat variant whose options require the key compiles.
      const key = node.key;
      if (typeof key !== 'string' || !node.options) return null;
      const options: { discriminator: Compiled; whole: Compiled }[] = [];
      for (const option of node.options as SchemaNode[]) {
        const entry = option.type === 'object' ? option.entries?.[key] : undefined;
        if (
          !entry ||
          entry.type === 'optional' ||
          entry.type === 'exact_optional' ||
          entry.type === 'nullish'
        )
          return null;
        const discriminator = compileNode(entry);
        const whole = compileNode(option);
        if (!discriminator || !whole) return null;
        options.push({ discriminator, whole });
      }
      return (input, reuse) => {
        if (!input || typeof input !== 'object' || !(key in input)) return INVALID;
        const tag = (input as Record<string, unknown>)[key];
        for (const option of options) {
          if (option.discriminator(tag, false) === INVALID) continue;
          const out = option.whole(input, reuse);
          if (out !== INVALID) return out;
        }
        return INVALID;
      };
    }
    case 'picklist': {
      const options = node.options;
      if (!options) return null;
      return (input) => (options.includes(input) ? input : INVALID);
    }
    case 'nullable': {
      if (node.default !== undefined || !node.wrapped) return null;
      const inner = compileNode(node.wrapped);
      if (!inner) return null;
      return (input, reuse) => (input === null ? null : inner(input, reuse));
    }
    case 'array': {
      const item = node.item && compileNode(node.item);
      if (!item) return null;
      return (input, reuse) => {
        if (!Array.isArray(input)) return INVALID;
        // null while every item so far passed unchanged (reuse only)
        let out: unknown[] | null =
          reuse && Object.getPrototypeOf(input) === Array.prototype ? null : new Array(input.length);
        for (let i = 0; i < input.length; i++) {
          const x = item(input[i], reuse);
          if (x === INVALID) return INVALID;
          if (out === null && x !== input[i]) out = input.slice(0, i);
          if (out !== null) out[i] = x;
        }
        return out ?? input;
      };
    }
    case 'object': {
      if (!node.entries) return null;
      const keys: string[] = [];
      const checks: Compiled[] = [];
      const optional: boolean[] = [];
      for (const [key, entry] of Object.entries(node.entries)) {
        // `optional` without a default (fields added after records were first stored, such as
        // observedSeconds): a missing key is left out, as valibot does. Other optional kinds and
        // defaults are not needed by the op schemas.
        const plainOptional = entry.type === 'optional' && entry.default === undefined && entry.wrapped;
        if (
          !plainOptional &&
          (entry.type === 'optional' || entry.type === 'exact_optional' || entry.type === 'nullish')
        )
          return null;
        const check = compileNode(plainOptional ? (entry.wrapped as SchemaNode) : entry);
        if (!check) return null;
        keys.push(key);
        checks.push(check);
        optional.push(Boolean(plainOptional));
      }
      return (input, reuse) => {
        if (!input || typeof input !== 'object') return INVALID;
        const src = input as Record<string, unknown>;
        // null while every key so far passed unchanged (reuse only; see Compiled)
        let out: Record<string, unknown> | null =
          reuse && Object.getPrototypeOf(src) === Object.prototype ? null : {};
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i] as string;
          const value = src[key];
          let x: unknown;
          if (value === undefined && optional[i]) {
            if (!(key in src)) continue;
            x = undefined;
          } else {
            if (value === undefined && !(key in src)) return INVALID;
            x = (checks[i] as Compiled)(value, reuse);
            if (x === INVALID) return INVALID;
          }
          if (out === null && x !== value) out = copyKeys(src, keys, i);
          if (out !== null) out[key] = x;
        }
        return out ?? (hasExactly(src, keys) ? src : copyKeys(src, keys, keys.length));
      };
    }
    default:
      return null;
  }
}

/** The keys[0, end) that `src` holds, copied in schema order (each passed its check unchanged). */
function copyKeys(
  src: Record<string, unknown>,
  keys: readonly string[],
  end: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < end; i++) {
    const key = keys[i] as string;
    if (key in src) out[key] = src[key];
  }
  return out;
}

/**
 * Whether the enumerable keys of `src` are exactly those of `keys` it holds, in the same order
 * (the output's own order), so that `src` can stand for the output.
 */
function hasExactly(src: Record<string, unknown>, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in src) {
    while (i < keys.length && keys[i] !== key && !((keys[i] as string) in src)) i++;
    if (keys[i] !== key) return false;
    i++;
  }
  for (; i < keys.length; i++) if ((keys[i] as string) in src) return false;
  return true;
}

/**
 * number/string pipes of bounds, integer, lengths and regexes (most of the op's fields) as one
 * closure instead of one per action. Null when the pipe has any other action.
 */
function compileLeafPipe(base: SchemaNode, actions: readonly SchemaNode[]): Compiled | null {
  if (base.pipe || (base.type !== 'number' && base.type !== 'string')) return null;
  let min = Number.NEGATIVE_INFINITY;
  let max = Number.POSITIVE_INFINITY;
  let integer = false;
  const patterns: RegExp[] = [];
  for (const a of actions) {
    if (a.kind === 'metadata') continue;
    if (a.kind !== 'validation' || a.async) return null;
    const req = a.requirement;
    const numeric = base.type === 'number';
    if (numeric && a.type === 'integer' && req === Number.isInteger) integer = true;
    else if (numeric && a.type === 'min_value' && typeof req === 'number') min = Math.max(min, req);
    else if (numeric && a.type === 'max_value' && typeof req === 'number') max = Math.min(max, req);
    else if (!numeric && a.type === 'min_length' && typeof req === 'number') min = Math.max(min, req);
    else if (!numeric && a.type === 'max_length' && typeof req === 'number') max = Math.min(max, req);
    else if (!numeric && a.type === 'regex' && req instanceof RegExp && !req.global && !req.sticky)
      patterns.push(req);
    else return null;
  }
  if (base.type === 'number')
    return (input) =>
      typeof input === 'number' &&
      !Number.isNaN(input) &&
      (!integer || Number.isInteger(input)) &&
      input >= min &&
      input <= max
        ? input
        : INVALID;
  const pattern = patterns.length === 1 ? patterns[0] : undefined;
  return (input) => {
    if (typeof input !== 'string' || input.length < min || input.length > max) return INVALID;
    if (pattern) return pattern.test(input) ? input : INVALID;
    for (const p of patterns) if (!p.test(input)) return INVALID;
    return input;
  };
}

function compileAction(a: SchemaNode): ((value: never) => boolean) | null {
  if (a.kind !== 'validation' || a.async) return null;
  const req = a.requirement;
  switch (a.type) {
    case 'regex':
      return req instanceof RegExp && !req.global && !req.sticky ? (value: string) => req.test(value) : null;
    case 'min_length':
      return typeof req === 'number' ? (value: { length: number }) => value.length >= req : null;
    case 'max_length':
      return typeof req === 'number' ? (value: { length: number }) => value.length <= req : null;
    case 'min_value':
      return typeof req === 'number' ? (value: number) => value >= req : null;
    case 'max_value':
      return typeof req === 'number' ? (value: number) => value <= req : null;
    case 'integer':
    case 'check':
      return typeof req === 'function' ? (value: unknown) => Boolean(req(value)) : null;
    default:
      return null;
  }
}

/**
 * The validated op if the compiled checks accept it, else null (valibot then decides and words the
 * error). Never throws on any input. With `reuse` (the input fresh from `JSON.parse`, owned by the
 * caller) the op returned may be the input itself, when it already is exactly the parsed op.
 */
export function fastValidateOp(input: unknown, reuse = false): Op | null {
  const envelope = compiled(OpEnvelopeSchema);
  if (!envelope) return null;
  const env = envelope(input, reuse);
  if (env === INVALID) return null;
  const e = env as OpEnvelope;
  if (envelopeProblem(e) !== null || !isOpType(e.type)) return null;
  const type = e.type;
  const check = compiled(OP_TABLE[type].payload);
  if (!check) return null;
  let payload = check(e.payload, reuse);
  if (payload === INVALID || payloadProblem(type, e.deviceId, payload) !== null) return null;
  if (OP_TABLE[type].kind === 'register') {
    const p = payload as { key: string; value: unknown };
    const schema = registerValueSchema(p.key);
    if (!schema) return null;
    if (p.value !== null) {
      const value = compiled(schema);
      const out = value ? value(p.value, reuse) : INVALID;
      if (out === INVALID || registerValueProblem(p.key, out) !== null) return null;
      // reused only when the payload object itself was (then it holds exactly key and value)
      if (!reuse || out !== p.value || payload !== e.payload) payload = { key: p.key, value: out };
    }
  }
  // the envelope's keys are those below, in this order (OpEnvelopeSchema)
  if (reuse && env === input && payload === e.payload) return input as Op;
  return { opId: e.opId, deviceId: e.deviceId, seq: e.seq, hlc: e.hlc, type, payload } as Op;
}

/** The compiled check of one schema, or null when it has a kind the compiler does not know (tests). */
export function compiledCheck(
  schema: object,
): ((input: unknown) => { ok: true; value: unknown } | { ok: false }) | null {
  const c = compiled(schema);
  if (!c) return null;
  return (input) => {
    const out = c(input, false);
    return out === INVALID ? { ok: false } : { ok: true, value: out };
  };
}
