/**
 * A replica's persisted form, sealed: one header line — the seal's version, the protocol version
 * whose rules checked the content, and a checksum of the JSON — then the JSON itself.
 *
 * Why: everything a replica persists was validated when it entered the replica (`record`,
 * `receive`, `applySnapshot`). Re-validating three years of confirmed history on every start costs
 * far more than reading it (valibot over every session, cold code), so a replica opened from a
 * sealed string whose checksum matches and whose rules are today's skips that re-validation of the
 * confirmed snapshot (the outbox, rejected and deferred ops are small and are still checked).
 * Anything else is validated as before: plain JSON (older stores), a seal from another protocol
 * version. A seal that does not match its content (bit rot, a truncated write, a hand edit) is
 * corrupt: `createReplica` throws `corruptStorage`, and the shell starts over from the server.
 *
 * The checksum is cyrb53 (53 bits, over UTF-16 code units): it detects accidental damage, not a
 * deliberate forgery (the store is the person's own, on their own device).
 */
import { PROTOCOL_VERSION } from './protocol.js';

export const SEAL_PREFIX = 'unknot-sealed-replica';
const SEAL_VERSION = 1;

/** The stored string's kind, and the JSON inside it. */
export type Unsealed =
  /** not sealed (plain JSON, an older store): validate everything */
  | { kind: 'plain'; json: string }
  /** sealed under today's rules, checksum matches: the confirmed history needs no re-validation */
  | { kind: 'sealed'; json: string }
  /** sealed under another protocol version's rules (checksum matches): validate everything */
  | { kind: 'otherRules'; json: string }
  /** the header is malformed or the checksum does not match */
  | { kind: 'corrupt'; message: string };

/** 53-bit cyrb53 hash of a string's UTF-16 code units, as 14 hex digits. */
export function checksum53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const n = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return n.toString(16).padStart(14, '0');
}

/** The sealed string for a persisted replica's JSON (`JSON.stringify(replica.toJSON())`). */
export function sealPersisted(json: string, protocolVersion: number = PROTOCOL_VERSION): string {
  return `${SEAL_PREFIX}:${SEAL_VERSION}:${protocolVersion}:${checksum53(json)}\n${json}`;
}

/** Reads a stored string: plain JSON, sealed (checked against its checksum), or corrupt. */
export function unseal(stored: string): Unsealed {
  if (!stored.startsWith(SEAL_PREFIX)) return { kind: 'plain', json: stored };
  const newline = stored.indexOf('\n');
  const header = newline < 0 ? stored : stored.slice(0, newline);
  const m = /^unknot-sealed-replica:(\d+):(\d+):([0-9a-f]{14})$/.exec(header);
  if (!m || newline < 0) return { kind: 'corrupt', message: 'sealed replica: malformed header' };
  if (Number(m[1]) !== SEAL_VERSION)
    return { kind: 'corrupt', message: `sealed replica: unknown seal version ${m[1]}` };
  const json = stored.slice(newline + 1);
  if (checksum53(json) !== m[3])
    return { kind: 'corrupt', message: 'sealed replica: content does not match its checksum' };
  return Number(m[2]) === PROTOCOL_VERSION ? { kind: 'sealed', json } : { kind: 'otherRules', json };
}
