import * as crypto from 'node:crypto';

/** One-shot `crypto.hash` where the runtime has it (Node ≥ 20.12): no Hash object per call. */
const oneShotHash: ((algorithm: string, data: string, encoding: 'hex') => string) | undefined =
  typeof crypto.hash === 'function' ? crypto.hash : undefined;

/** Hex sha-256 of a string. Node built-ins only, so the SQLite writer thread can load it as is. */
export function sha256Hex(text: string): string {
  return oneShotHash
    ? oneShotHash('sha256', text, 'hex')
    : crypto.createHash('sha256').update(text).digest('hex');
}
