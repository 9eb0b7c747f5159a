import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTTP_ROUTES } from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestServer, type TestServer } from '../test/support/server.js';
import { contentSecurityPolicy } from './security-headers.js';

const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join(';');

describe('security headers (helmet)', () => {
  let server: TestServer;
  const dashboardDir = mkdtempSync(join(tmpdir(), 'unknot-dash-'));

  beforeAll(async () => {
    mkdirSync(join(dashboardDir, 'assets'));
    writeFileSync(join(dashboardDir, 'index.html'), '<!doctype html><title>Unknot</title>');
    writeFileSync(join(dashboardDir, 'assets', 'app.js'), 'console.log(1)');
    server = await startTestServer({}, { DASHBOARD_DIR: dashboardDir });
  });
  afterAll(async () => {
    await server?.dispose();
    rmSync(dashboardDir, { recursive: true, force: true });
  });

  function expectHardened(headers: Headers, what: string): void {
    expect(headers.get('x-powered-by'), what).toBeNull();
    expect(headers.get('content-security-policy'), what).toBe(DASHBOARD_CSP);
    expect(headers.get('x-content-type-options'), what).toBe('nosniff');
    expect(headers.get('x-frame-options'), what).toBe('SAMEORIGIN');
    expect(headers.get('referrer-policy'), what).toBe('no-referrer');
    expect(headers.get('cross-origin-opener-policy'), what).toBe('same-origin');
    expect(headers.get('cross-origin-resource-policy'), what).toBe('same-origin');
    // plain http (no https PUBLIC_URL): no HSTS
    expect(headers.get('strict-transport-security'), what).toBeNull();
  }

  it('on the dashboard, its assets and client-side routes', async () => {
    for (const path of ['/', '/history', '/assets/app.js']) {
      const res = await http(server.url, 'GET', path);
      expect(res.status, path).toBe(200);
      expectHardened(res.headers, path);
    }
  });

  it('on the API, its errors and its refusals', async () => {
    const ok = await http(server.url, 'GET', HTTP_ROUTES.authConfig);
    expect(ok.status).toBe(200);
    expectHardened(ok.headers, 'auth config');
    const refused = await http(server.url, 'GET', HTTP_ROUTES.devices);
    expect(refused.status).toBe(401);
    expectHardened(refused.headers, '401');
    const foreign = await http(server.url, 'GET', HTTP_ROUTES.health, {
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expectHardened(foreign.headers, 'foreign origin');
  });

  it('adds HSTS and upgrade-insecure-requests behind an https PUBLIC_URL', async () => {
    const behindTls = await startTestServer({}, { PUBLIC_URL: 'https://unknot.example.org' });
    try {
      const res = await http(behindTls.url, 'GET', HTTP_ROUTES.health);
      expect(res.headers.get('strict-transport-security')).toBe('max-age=15552000');
      expect(res.headers.get('content-security-policy')).toBe(`${DASHBOARD_CSP};upgrade-insecure-requests`);
      expect(res.headers.get('x-powered-by')).toBeNull();
    } finally {
      await behindTls.dispose();
    }
  });

  it('lets the dashboard reach Firebase Auth (and its emulator) in firebase mode, nothing else', () => {
    const csp = contentSecurityPolicy(
      {
        mode: 'firebase',
        firebase: { apiKey: 'k', projectId: 'demo-unknot', authEmulatorUrl: 'http://127.0.0.1:9099' },
      },
      false,
    );
    expect(csp['connect-src']).toEqual([
      "'self'",
      'https://identitytoolkit.googleapis.com',
      'https://securetoken.googleapis.com',
      'http://127.0.0.1:9099',
    ]);
    expect(csp['frame-src']).toEqual(['https://demo-unknot.firebaseapp.com']);
    expect(csp['script-src']).toEqual(["'self'"]);
  });

  it("lets the dashboard's service worker and web app manifest load from its own origin only", () => {
    for (const csp of [
      contentSecurityPolicy({ mode: 'local' }, false),
      contentSecurityPolicy({ mode: 'firebase', firebase: { apiKey: 'k', projectId: 'demo-unknot' } }, true),
    ]) {
      expect(csp['worker-src']).toEqual(["'self'"]);
      expect(csp['manifest-src']).toEqual(["'self'"]);
    }
  });
});
