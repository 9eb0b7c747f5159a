/**
 * Filling a `.po` template: `{name}` placeholders from params. Shared by the watch (`t.ts`, over
 * `@zos/i18n` getText) and the phone side (`phone-t.ts`, over the Zepp app's `gettext`). No
 * `Intl` on the watch: numbers are written as digits.
 */
export type Params = Readonly<Record<string, string | number>>;

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** `'{n} of {m}'` with `{ n: 2, m: 6 }` → `'2 of 6'`; a placeholder without a value stays visible. */
export function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    // (no Object.hasOwn on the watch; a string or number is never an inherited member)
    const v: unknown = params[name];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : whole;
  });
}
