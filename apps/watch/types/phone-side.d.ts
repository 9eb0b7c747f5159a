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
