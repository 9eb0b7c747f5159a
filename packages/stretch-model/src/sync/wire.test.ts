/**
 * The wire-change test. A stable description of everything on the wire — each message schema
 * walked node by node (types, object entries, bounds, lengths, regexes, picklists, literals), the
 * op table (payload schemas, kinds, state keys, merge rules), the register families, the error
 * codes and LIMITS — is hashed and pinned here with PROTOCOL_VERSION. Changing any of them without
 * bumping the version (and pinning the new hash) fails.
 */
import { describe, expect, it } from 'vitest';
import {
  LIMITS,
  MIN_SUPPORTED_PROTOCOL_VERSION,
  OP_TABLE,
  PROTOCOL_VERSION,
  REGISTER_FAMILIES,
  SYNC_ERROR_CODES,
  WIRE_MESSAGES,
} from './protocol.js';

/** What a valibot node says about the wire, as plain data (functions only by their kind). */
function describeNode(node: unknown, seen: Set<unknown> = new Set()): unknown {
  if (node === null || typeof node !== 'object') return node;
  if (node instanceof RegExp) return { regex: node.source, flags: node.flags };
  if (Array.isArray(node)) return node.map((x) => describeNode(x, seen));
  if (seen.has(node)) return '<cycle>';
  seen.add(node);
  const n = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of ['kind', 'type', 'expects', 'message']) if (n[key] !== undefined) out[key] = n[key];
  if ('requirement' in n) {
    const r = n.requirement;
    out.requirement =
      typeof r === 'function' ? `fn:${(r as { name?: string }).name || 'anonymous'}` : describeNode(r, seen);
  }
  if (n.options !== undefined) out.options = describeNode(n.options, seen);
  if (n.literal !== undefined) out.literal = n.literal;
  if (n.key !== undefined && typeof n.key === 'object') out.key = describeNode(n.key, seen);
  if (n.value !== undefined && typeof n.value === 'object') out.value = describeNode(n.value, seen);
  if (n.wrapped !== undefined) out.wrapped = describeNode(n.wrapped, seen);
  if (n.item !== undefined) out.item = describeNode(n.item, seen);
  if (n.entries !== undefined) {
    const entries = n.entries as Record<string, unknown>;
    out.entries = Object.keys(entries).map((k) => [k, describeNode(entries[k], seen)]);
  }
  if (n.pipe !== undefined) out.pipe = describeNode(n.pipe, seen);
  if (n.default !== undefined) out.default = describeNode(n.default, seen);
  seen.delete(node);
  return out;
}

function wireDescription(): unknown {
  return {
    messages: Object.keys(WIRE_MESSAGES).map((name) => {
      const m = WIRE_MESSAGES[name as keyof typeof WIRE_MESSAGES];
      return [name, m.direction, m.over, describeNode(m.schema)];
    }),
    opTable: Object.keys(OP_TABLE).map((type) => {
      const spec = OP_TABLE[type as keyof typeof OP_TABLE] as Record<string, unknown>;
      return [type, spec.kind, spec.stateKey, spec.orderBy ?? null, spec.merge, describeNode(spec.payload)];
    }),
    registers: Object.keys(REGISTER_FAMILIES).map((name) => {
      const f = REGISTER_FAMILIES[name as keyof typeof REGISTER_FAMILIES] as Record<string, unknown>;
      return [name, describeNode(f.pattern), describeNode(f.value), typeof f.keyMatches];
    }),
    errorCodes: [...SYNC_ERROR_CODES],
    limits: Object.keys(LIMITS).map((k) => [k, LIMITS[k as keyof typeof LIMITS]]),
  };
}

/** cyrb53 twice with different seeds (106 bits): a stable string hash without host APIs. */
function hash(text: string): string {
  const h = (seed: number) => {
    let h1 = 0xdeadbeef ^ seed;
    let h2 = 0x41c6ce57 ^ seed;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
  };
  return `${h(0)}${h(1)}`;
}

/** Pinned with the version it belongs to. Change both together, and say why in docs/sync-protocol.md. */
const PINNED = {
  protocolVersion: 2,
  minSupported: 1,
  hash: '0b388f78d644bc038f4582113272',
};

describe('the wire contract', () => {
  it('is unchanged unless PROTOCOL_VERSION was bumped', () => {
    const wire = hash(JSON.stringify(wireDescription()));
    const versions = { protocolVersion: PROTOCOL_VERSION, minSupported: MIN_SUPPORTED_PROTOCOL_VERSION };
    if (wire !== PINNED.hash || versions.protocolVersion !== PINNED.protocolVersion) {
      const bumped = PROTOCOL_VERSION > PINNED.protocolVersion;
      throw new Error(
        bumped
          ? `PROTOCOL_VERSION is now ${PROTOCOL_VERSION}: pin the new wire hash in wire.test.ts (hash: '${wire}', protocolVersion: ${PROTOCOL_VERSION}) and describe the change in docs/sync-protocol.md`
          : wire !== PINNED.hash
            ? `The wire changed (a message schema, the op table, a register schema, an error code or LIMITS) but PROTOCOL_VERSION is still ${PROTOCOL_VERSION}. Bump PROTOCOL_VERSION in sync/protocol.ts (decide whether MIN_SUPPORTED_PROTOCOL_VERSION must move), then pin hash '${wire}' here and describe the change in docs/sync-protocol.md.`
            : `PROTOCOL_VERSION changed to ${PROTOCOL_VERSION} without a change of the wire; pin it here if that is meant`,
      );
    }
    expect(versions).toEqual({ protocolVersion: PINNED.protocolVersion, minSupported: PINNED.minSupported });
  });

  it('sees a change anywhere in a schema (a bound, a regex, a picklist option, an entry)', () => {
    const base = JSON.stringify(wireDescription());
    const limits = LIMITS as unknown as Record<string, number>;
    const families = REGISTER_FAMILIES.plan.value.entries as unknown as Record<string, unknown>;
    const bound = OP_TABLE['nudge.event'].payload.entries.at.pipe[3] as unknown as { requirement: number };
    const cases: [string, () => () => void][] = [
      [
        'a limit',
        () => {
          const old = limits.maxOpsPerPush as number;
          limits.maxOpsPerPush = old + 1;
          return () => {
            limits.maxOpsPerPush = old;
          };
        },
      ],
      [
        'a time bound',
        () => {
          const old = bound.requirement;
          bound.requirement = old - 1;
          return () => {
            bound.requirement = old;
          };
        },
      ],
      [
        'an entry of a register value',
        () => {
          families.extra = families.routineId;
          return () => {
            delete families.extra;
          };
        },
      ],
    ];
    for (const [what, change] of cases) {
      const undo = change();
      try {
        expect(JSON.stringify(wireDescription()), what).not.toBe(base);
      } finally {
        undo();
      }
      expect(JSON.stringify(wireDescription())).toBe(base);
    }
  });
});
