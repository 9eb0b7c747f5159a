import { randomBytes } from 'node:crypto';

/**
 * JSON text that travels as it is: a part of a reply the store already holds as JSON (a new
 * device's snapshot, assembled from the stored entries) is spliced into the reply's text instead
 * of being parsed and serialised again. The wire bytes are those `JSON.stringify` would write for
 * the parsed value (the stored text is itself `JSON.stringify` output), so no client can tell.
 *
 * Outside `withRawJson` (any other serialiser) `toJSON` parses the text: slower, still correct.
 */
export class RawJson {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    if (splicing > 0) {
      found ??= [];
      found.push(this);
      return `${TOKEN}${found.length - 1}`;
    }
    return JSON.parse(this.text);
  }
}

/**
 * What a RawJson stands in for while it is serialised: NUL, a marker and 128 random bits of this
 * process, then its index. `JSON.stringify` writes NUL as `\u0000`, so the quoted token below is
 * what the text holds; no string a client sends can hold it by chance.
 */
const TOKEN = `\u0000raw-json-${randomBytes(16).toString('hex')}-`;
const QUOTED_TOKEN = JSON.stringify(TOKEN).slice(0, -1);

/** inside withRawJson (depth), and the RawJson met so far (none allocated on the common path) */
let splicing = 0;
let found: RawJson[] | null = null;

/** Runs a serialiser (`JSON.stringify`, socket.io's encoder) with every RawJson in its output spliced in. */
export function withRawJson<T extends string | readonly unknown[]>(encode: () => T): T {
  const outer = found;
  found = null;
  splicing++;
  let out: T;
  let raws: RawJson[] | null;
  try {
    out = encode();
  } finally {
    splicing--;
    raws = found;
    found = outer;
  }
  if (raws === null) return out;
  if (typeof out === 'string') return splice(out, raws) as T;
  return out.map((part) => (typeof part === 'string' ? splice(part, raws) : part)) as unknown as T;
}

/** The JSON text of a reply, RawJson parts spliced in (what Express and socket.io send). */
export function serialiseReply(value: unknown): string {
  return withRawJson(() => JSON.stringify(value) ?? 'null');
}

function splice(text: string, raws: readonly RawJson[]): string {
  let at = text.indexOf(QUOTED_TOKEN);
  if (at < 0) return text;
  const parts: string[] = [];
  let from = 0;
  while (at >= 0) {
    const digits = at + QUOTED_TOKEN.length;
    const close = text.indexOf('"', digits);
    const raw = raws[Number(text.slice(digits, close))];
    if (close < 0 || !raw) throw new Error('raw JSON token without its text');
    parts.push(text.slice(from, at), raw.text);
    from = close + 1;
    at = text.indexOf(QUOTED_TOKEN, from);
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** socket.io's packet encoder, as far as it is used here. */
export interface PacketEncoder {
  encode(packet: unknown): unknown[];
}

/**
 * Makes a socket.io server's encoder splice RawJson parts (acks of pulls). socket.io encodes every
 * packet of a server with this one encoder instance (`server.encoder`), synchronously, and checks
 * for binary attachments through `toJSON` too, so the token stands in there as well.
 */
export function spliceRawJsonIn(encoder: PacketEncoder): void {
  const encode = encoder.encode.bind(encoder);
  encoder.encode = (packet: unknown) => withRawJson(() => encode(packet));
}
