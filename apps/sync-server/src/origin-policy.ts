import type { SyncError } from '@unknot/stretch-model';
import { syncError } from './errors.js';

/**
 * Which browser origins may talk to the server: only the dashboard's own. That is the origin the
 * request was addressed to (the `Host` header; this also covers the Vite dev server, whose proxy
 * keeps the browser's `Host`) or `PUBLIC_URL` (behind a reverse proxy that rewrites `Host`).
 *
 * Requests without an `Origin` header pass: the watch's phone side service, Node socket.io
 * clients and curl send none, and they authenticate with a credential a web page cannot read.
 * `Origin: null` (sandboxed frames, `file:` pages, some redirects) is refused like any other
 * foreign origin. Used by the HTTP middleware and the socket.io handshake alike.
 */
export class OriginPolicy {
  private readonly publicOrigin: string | null;

  constructor(publicUrl: string | undefined) {
    this.publicOrigin = publicUrl ? new URL(publicUrl).origin : null;
  }

  allows(origin: string | undefined, host: string | undefined): boolean {
    if (origin === undefined) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // "null" and anything else that is not an origin
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (url.origin !== origin.toLowerCase().replace(/\/$/, '')) return false; // paths, userinfo
    if (this.publicOrigin !== null && url.origin === this.publicOrigin) return true;
    return host !== undefined && sameHost(url, host);
  }

  /** The typed refusal, or null when the origin may proceed. */
  check(origin: string | undefined, host: string | undefined): SyncError | null {
    if (this.allows(origin, host)) return null;
    return syncError(
      'forbidden',
      `requests from origin ${JSON.stringify(origin ?? '').slice(0, 200)} are not allowed; open the dashboard at this server's own address`,
    );
  }
}

/** `Host` (with or without the scheme's default port) names the origin's host and port. */
function sameHost(origin: URL, host: string): boolean {
  const h = host.trim().toLowerCase();
  if (h === origin.host) return true;
  const defaultPort = origin.protocol === 'https:' ? '443' : '80';
  return origin.port === '' && h === `${origin.hostname}:${defaultPort}`;
}
