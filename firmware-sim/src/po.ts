/**
 * GNU gettext `.po` files, as Zepp OS apps carry them (`page/i18n/<locale>.po`, `setting/i18n`,
 * `app-side/i18n`): `msgid` / `msgstr` pairs, each string possibly continued on the next lines
 * (`"…"` lines are concatenated), C escapes (`\n`, `\t`, `\"`, `\\`, octal, `\x..`), `#` comments.
 * `msgctxt` and plural forms (`msgid_plural`, `msgstr[n]`) are read (the form 0 text is kept);
 * the first entry with an empty `msgid` is the header and is left out.
 */
export class PoParseError extends Error {
  readonly code = 'poParse';
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'PoParseError';
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '"': '"',
  '\\': '\\',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '?': '?',
  "'": "'",
};

function unquote(raw: string, file: string, line: number): string {
  const s = raw.trim();
  if (s.length < 2 || s[0] !== '"' || s[s.length - 1] !== '"')
    throw new PoParseError(file, line, `expected a quoted string, got ${JSON.stringify(raw)}`);
  const body = s.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === '"') throw new PoParseError(file, line, 'unescaped " inside a string');
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) throw new PoParseError(file, line, 'string ends in a lone backslash');
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i += 1;
    } else if (next === 'x') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 2))?.[0];
      if (!hex) throw new PoParseError(file, line, 'bad \\x escape');
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 1 + hex.length;
    } else if (next >= '0' && next <= '7') {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i + 1))?.[0] as string;
      out += String.fromCharCode(Number.parseInt(oct, 8));
      i += oct.length;
    } else {
      throw new PoParseError(file, line, `unknown escape \\${next}`);
    }
  }
  return out;
}

type Field = 'msgctxt' | 'msgid' | 'msgid_plural' | 'msgstr';

/** The key → text table of a `.po` file's text (`file` names it in errors). */
export function parsePo(text: string, file = '<po>'): Map<string, string> {
  const out = new Map<string, string>();
  let entry: Partial<Record<Field, string>> = {};
  let field: Field | 'skip' | null = null;
  let startLine = 0;
  const flush = () => {
    if (entry.msgid === undefined) {
      if (entry.msgstr !== undefined) throw new PoParseError(file, startLine, 'msgstr without msgid');
      entry = {};
      return;
    }
    if (entry.msgstr === undefined)
      throw new PoParseError(file, startLine, `msgid "${entry.msgid}" has no msgstr`);
    if (entry.msgid !== '') {
      if (out.has(entry.msgid)) throw new PoParseError(file, startLine, `duplicate msgid "${entry.msgid}"`);
      out.set(entry.msgid, entry.msgstr);
    }
    entry = {};
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((rawLine, i) => {
    const n = i + 1;
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) {
      field = null;
      return;
    }
    if (line.startsWith('"')) {
      if (field === null) throw new PoParseError(file, n, 'string continues no msgid/msgstr');
      const more = unquote(line, file, n);
      if (field !== 'skip') entry[field] = (entry[field] ?? '') + more;
      return;
    }
    const m = /^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(.*)$/.exec(line);
    if (!m) throw new PoParseError(file, n, `cannot read ${JSON.stringify(rawLine)}`);
    const keyword = m[1] as string;
    const value = unquote(m[3] as string, file, n);
    if (keyword === 'msgctxt' || keyword === 'msgid') {
      if (entry.msgstr !== undefined || (keyword === 'msgctxt' && entry.msgid !== undefined)) flush();
      if (entry.msgid === undefined && entry.msgctxt === undefined) startLine = n;
      if (keyword === 'msgid' && entry.msgid !== undefined) throw new PoParseError(file, n, 'msgid twice');
      entry[keyword] = value;
      field = keyword;
      return;
    }
    if (keyword === 'msgid_plural') {
      entry.msgid_plural = value;
      field = 'msgid_plural';
      return;
    }
    // msgstr or msgstr[n]: keep form 0 (Zepp's getText has no plural argument)
    const form = m[2] === undefined ? 0 : Number(m[2]);
    if (entry.msgid === undefined) throw new PoParseError(file, n, 'msgstr without msgid');
    if (form === 0) {
      entry.msgstr = value;
      field = 'msgstr';
    } else {
      // a later plural form: read past it, with its continuation lines
      field = 'skip';
    }
  });
  flush();
  return out;
}
