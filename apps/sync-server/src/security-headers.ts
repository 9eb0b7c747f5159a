import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthConfig } from '@unknot/stretch-model';
import helmet from 'helmet';

/** Firebase Authentication's REST endpoints the dashboard's email sign-in calls. */
const FIREBASE_AUTH_ORIGINS = [
  'https://identitytoolkit.googleapis.com',
  'https://securetoken.googleapis.com',
];

export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * The content security policy of the dashboard, as directives. What the dashboard loads: its own
 * scripts and stylesheet (Vite build, no inline script), images from data: (favicon, pairing QR)
 * and blob: (the simulated watch's screen), socket.io and fetch to its own origin (`'self'`
 * covers ws:/wss: to the same host in CSP 3), and in firebase mode Firebase Auth's REST API (or
 * the Auth emulator) plus the `authDomain` frame Firebase may open. React sets `style` through
 * the CSSOM, which CSP does not govern, so no `'unsafe-inline'` is needed. The dashboard is an
 * installable PWA: its service worker (`/sw.js`, which imports its Workbox runtime from the same
 * origin) and its web app manifest are allowed from `'self'` only.
 */
export function contentSecurityPolicy(
  authConfig: AuthConfig,
  https: boolean,
): Record<string, string[] | null> {
  const connect = ["'self'"];
  const frames = ["'none'"];
  if (authConfig.mode === 'firebase') {
    connect.push(...FIREBASE_AUTH_ORIGINS);
    if (authConfig.firebase.authEmulatorUrl)
      connect.push(new URL(authConfig.firebase.authEmulatorUrl).origin);
    frames.splice(0, 1, `https://${authConfig.firebase.projectId}.firebaseapp.com`);
  }
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': connect,
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'frame-src': frames,
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    // only where the public address is https: on plain http it would "upgrade" the dashboard's
    // own requests to an https port nothing listens on
    'upgrade-insecure-requests': https ? [] : null,
  };
}

/**
 * helmet for every HTTP response (dashboard, API, errors): the CSP above, no `X-Powered-By`,
 * `nosniff`, `Referrer-Policy: no-referrer`, same-origin opener/resource policies, `X-Frame-Options`.
 * HSTS only when `PUBLIC_URL` is https (a browser ignores it over http anyway, and a plain-http
 * install on a LAN name must not be pinned to https by accident).
 */
export function securityHeaders(authConfig: AuthConfig, publicUrl: string | undefined): Middleware {
  const https = publicUrl?.startsWith('https://') ?? false;
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(authConfig, https) },
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    xPoweredBy: true,
  }) as Middleware;
}
