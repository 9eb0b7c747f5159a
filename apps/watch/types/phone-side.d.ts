/**
 * The phone side service's `fetch` is Zepp's, not the web's: one object argument, a 10 s default
 * timeout, and a `body` that arrives parsed when the server answers JSON (else as text).
 */
interface ZeppFetchRequest {
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  timeout?: number;
}

interface ZeppFetchResponse {
  status: number;
  statusText?: string;
  headers?: Record<string, string>;
  body: unknown;
}

declare function fetch(request: ZeppFetchRequest): Promise<ZeppFetchResponse>;

/**
 * Phone side (settings app, side service): the Zepp app's `gettext`. zeus replaces this import by
 * a lookup in the entry's own `i18n/*.po` (`setting/i18n`, `app-side/i18n`) for the phone's
 * language, falling back to app.json's defaultLanguage (zeus-cli 1.9.1, seen in its output).
 */
declare module 'i18n' {
  export function gettext(key: string): string;
}
