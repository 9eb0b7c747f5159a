/**
 * docs/sync-protocol.md carries a part generated from the contract (between the `contract:start`
 * and `contract:end` markers): the messages, the op table, the register families, the limits and
 * the error codes with what a client does for each. This test fails when that part is stale;
 * `UPDATE_DOCS=1 npx vitest run test/protocol-doc.test.ts` rewrites it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MERGE_RULES } from '../src/sync/merge.js';
import {
  LIMITS,
  MIN_SUPPORTED_PROTOCOL_VERSION,
  OP_TABLE,
  PROTOCOL_VERSION,
  REGISTER_FAMILIES,
  SYNC_ERROR_CODES,
  type SyncErrorCode,
  WIRE_MESSAGES,
} from '../src/sync/protocol.js';
import { PERMANENT_OP_ERRORS } from '../src/sync/replica.js';

const DOC = fileURLToPath(new URL('../../../docs/sync-protocol.md', import.meta.url));
const START =
  '<!-- contract:start (generated from packages/stretch-model/src/sync; see test/protocol-doc.test.ts) -->';
const END = '<!-- contract:end -->';

/** What a client does on each code. Every code must have a line (the test checks). */
const CLIENT_ACTION: Record<SyncErrorCode, string> = {
  clientTooOld: 'stop syncing and ask the person to update the app',
  serverTooOld: 'stop syncing; the server is older than this app (retry after the server is updated)',
  unauthenticated: 'sign in again (browser) or pair again (device); do not retry with the same credential',
  forbidden: 'do not retry: the credential may not do this (another device’s op, a device on a user route)',
  deviceRevoked: 'forget the credential and show “paired again needed”',
  invalidOp:
    'per op: drop it from the outbox into `rejected` (shown, never silent); as a whole response: fix the request',
  unknownOpType: 'per op: move it to `rejected`; this server does not know the op type',
  opTooLarge: 'per op: move it to `rejected`; for a whole push: send fewer ops per push',
  tooManyOps: `send at most ${LIMITS.maxOpsPerPush} ops per push and push again`,
  rateLimited: 'retry later with backoff (the outbox keeps everything)',
  tooManyReplicas:
    'keep the outbox and stop pushing; the person removes an old browser on the devices page, then reloads',
  conflictingOpId: 'per op: move it to `rejected`; the opId was used for other content',
  clockAhead: 'keep the op; it is re-stamped once the device clock is within 24 h of the server’s',
  badCursor: 'pull again from cursor 0 (or the last cursor the server gave)',
  pairingCodeInvalid: 'ask for the code again (typo or unknown code)',
  pairingCodeExpired: 'get a new pairing code on the dashboard',
  pairingCodeUsed: 'get a new pairing code on the dashboard',
  deviceNameInvalid:
    'show the message; the name was not changed (1 to 40 characters, one line, not only spaces)',
  deviceNotRevoked: 'revoke the device first, then remove it from the list',
  passkeyRefused: 'show “that passkey was not accepted”; offer another passkey or the recovery link',
  challengeInvalid: 'start the passkey step again (the challenge is single use and lasts 5 minutes)',
  invitationInvalid: 'show that the link is not known; ask the person who invited you for a new one',
  invitationExpired: 'show that the link expired; ask the person who invited you for a new one',
  invitationUsed: 'show that the link was used already; ask for a new one (or sign in with your passkey)',
  invitationRevoked: 'show that the link was withdrawn; ask the person who invited you for a new one',
  accountNameInvalid: 'show the message; nothing was changed (1 to 40 characters, one line, not only spaces)',
  shareLinkInvalid: 'show the message; no link was made (real dates, at most a year; 1 to 365 days)',
  shareLinkNotFound: 'show that the report link is not known; ask the person who shared it for a new one',
  shareLinkExpired: 'show that the report link expired; ask the person who shared it for a new one',
  shareLinkRevoked: 'show that the report link was turned off; ask the person who shared it for a new one',
  unavailable: 'keep the ops and retry with backoff; nothing was stored (the server is shutting down)',
  storageFull: 'keep the ops and retry later with backoff; nothing was stored (the server is out of space)',
  internal: 'retry later with backoff; nothing of the request is assumed stored',
};

function generated(): string {
  const lines: string[] = [START, ''];
  lines.push(
    `Protocol version **${PROTOCOL_VERSION}**; servers accept clients from version **${MIN_SUPPORTED_PROTOCOL_VERSION}** on.`,
    '',
    '### Messages',
    '',
    'Every message is a valibot schema in `sync/protocol.ts`; the types are the schemas’ outputs, and the server, the dashboard and the phone parse with them.',
    '',
    '| message | direction | transport | schema |',
    '| --- | --- | --- | --- |',
  );
  for (const name of Object.keys(WIRE_MESSAGES)) {
    const m = WIRE_MESSAGES[name as keyof typeof WIRE_MESSAGES];
    lines.push(`| ${name} | ${m.direction} | ${m.over} | \`${schemaName(m.schema)}\` |`);
  }
  lines.push(
    '',
    '### Op table',
    '',
    '| op type | kind | folds into | ordered by | merge rule |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const type of Object.keys(OP_TABLE)) {
    const spec = OP_TABLE[type as keyof typeof OP_TABLE] as {
      kind: string;
      stateKey: string;
      orderBy?: string;
      merge: keyof typeof MERGE_RULES;
    };
    lines.push(
      `| \`${type}\` | ${spec.kind} | \`${spec.stateKey}\` | ${spec.orderBy ? `\`${spec.orderBy}\`` : '–'} | **${spec.merge}**: ${MERGE_RULES[spec.merge]} |`,
    );
  }
  lines.push('', '### Register keys', '', '| family | key | value |', '| --- | --- | --- |');
  for (const name of Object.keys(REGISTER_FAMILIES)) {
    const f = REGISTER_FAMILIES[name as keyof typeof REGISTER_FAMILIES];
    lines.push(
      `| ${name} | \`${f.pattern.source}\` | \`${schemaName(f.value)}\` (unknown keys dropped; the parsed value is stored and served) |`,
    );
  }
  lines.push('', '### Limits', '', '| limit | value |', '| --- | --- |');
  for (const key of Object.keys(LIMITS)) lines.push(`| \`${key}\` | ${LIMITS[key as keyof typeof LIMITS]} |`);
  lines.push(
    '',
    '### Error codes',
    '',
    '| code | permanent for an op | what a client does |',
    '| --- | --- | --- |',
  );
  for (const code of SYNC_ERROR_CODES)
    lines.push(
      `| \`${code}\` | ${PERMANENT_OP_ERRORS.includes(code) ? 'yes' : 'no'} | ${CLIENT_ACTION[code]} |`,
    );
  lines.push('', END);
  return lines.join('\n');
}

/** The exported name of a schema object, found among the core's exports. */
const NAMES = new Map<unknown, string>();
async function loadNames(): Promise<void> {
  const core = (await import('../src/index.js')) as Record<string, unknown>;
  for (const [name, value] of Object.entries(core))
    if (name.endsWith('Schema') && typeof value === 'object' && value !== null && !NAMES.has(value))
      NAMES.set(value, name);
}
function schemaName(schema: unknown): string {
  return NAMES.get(schema) ?? 'schema';
}

describe('docs/sync-protocol.md', () => {
  it('holds the contract as the code defines it', async () => {
    await loadNames();
    const doc = readFileSync(DOC, 'utf8');
    const want = generated();
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    const current = start >= 0 && end > start ? doc.slice(start, end + END.length) : null;
    if (process.env.UPDATE_DOCS === '1') {
      const next =
        current === null
          ? `${doc.trimEnd()}\n\n## The contract\n\n${want}\n`
          : doc.replace(current, () => want);
      writeFileSync(DOC, next);
      return;
    }
    expect(
      current,
      'docs/sync-protocol.md is stale: run UPDATE_DOCS=1 npx vitest run test/protocol-doc.test.ts in packages/stretch-model',
    ).toBe(want);
  });
});
