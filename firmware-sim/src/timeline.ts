/** The sim's event log: every entry has the virtual time it happened at. */
export interface TimelineEntry {
  t: number;
  event: string;
  [key: string]: unknown;
}

export class Timeline {
  readonly entries: TimelineEntry[] = [];
  private readonly listeners = new Set<(e: TimelineEntry) => void>();
  constructor(private readonly now: () => number) {}

  log(event: string, data: Record<string, unknown> = {}): TimelineEntry {
    const e: TimelineEntry = { t: this.now(), event, ...data };
    this.entries.push(e);
    for (const l of this.listeners) l(e);
    return e;
  }

  subscribe(fn: (e: TimelineEntry) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  toJsonLines(): string {
    return this.entries.map((e) => JSON.stringify({ ...e, iso: new Date(e.t).toISOString() })).join('\n');
  }
}

/** printf-like formatting used by ZML loggers (%s %d %j %o). */
export function formatLog(args: unknown[]): string {
  const [first, ...rest] = args;
  if (typeof first !== 'string') return args.map(stringify).join(' ');
  let i = 0;
  const msg = first.replace(/%[sdjoi%]/g, (m) => {
    if (m === '%%') return '%';
    if (i >= rest.length) return m;
    const v = rest[i++];
    if (m === '%d' || m === '%i') return String(Number(v));
    if (m === '%j' || m === '%o') return safeJson(v);
    return String(v);
  });
  return [msg, ...rest.slice(i).map(stringify)].join(' ');
}

function stringify(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Error || (v && typeof v === 'object' && 'message' in v && 'stack' in v)) {
    return String((v as Error).stack ?? (v as Error).message);
  }
  return typeof v === 'object' ? safeJson(v) : String(v);
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
