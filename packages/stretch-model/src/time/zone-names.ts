/**
 * Is a time-zone name one the runtime knows? The server, the dashboard and the phone have `Intl`
 * with a zone database and answer exactly; the watch's QuickJS has no `Intl`, so there the
 * answer is the name's shape only (see `TimeZoneSchema`). That is honest rather than complete:
 * a watch never *receives* an unchecked zone, because every op that reaches it passed the
 * server's `validateOp`, which runs with `Intl`; and the watch itself stamps only zones it read
 * from its own settings. An embedded zone list (~600 names, ~9 KB) would cost the watch bundle
 * more than it buys.
 */

type DateTimeFormatCtor = new (locale: string, options: { timeZone: string }) => unknown;

/** The host's `Intl.DateTimeFormat`, looked up at run time so the watch build does not need `Intl`. */
function hostDateTimeFormat(): DateTimeFormatCtor | null {
  const host = globalThis as unknown as Record<string, { DateTimeFormat?: DateTimeFormatCtor } | undefined>;
  const intl = host[INTL_GLOBAL];
  return intl && typeof intl.DateTimeFormat === 'function' ? intl.DateTimeFormat : null;
}
const INTL_GLOBAL = 'Intl';

/** Answers per name; bounded so a stream of made-up names cannot grow it for ever. */
const known = new Map<string, boolean>();
const MAX_CACHED = 2048;

/**
 * True when the runtime's `Intl` accepts `timeZone`, or, on a runtime without `Intl` (the watch),
 * always (the caller checks the shape).
 */
export function isRuntimeTimeZone(timeZone: string): boolean {
  const cached = known.get(timeZone);
  if (cached !== undefined) return cached;
  const Format = hostDateTimeFormat();
  if (!Format) return true;
  let ok: boolean;
  try {
    new Format('en-US', { timeZone });
    ok = true;
  } catch {
    ok = false;
  }
  if (known.size >= MAX_CACHED) known.clear();
  known.set(timeZone, ok);
  return ok;
}
