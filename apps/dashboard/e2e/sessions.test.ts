import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../src/i18n/catalogs/en-US.json';
import { ROUTES } from '../src/routing/router';
import { HTTP_ROUTES, PROTOCOL_VERSION, SOCKET_PATH, SYNC_NAMESPACE } from '../src/core';
import { io } from 'socket.io-client';
import { launchChromium, signInWithLink, startServer } from './harness';

// The server as the only door, seen from the browser: the dashboard works under the server's
// content security policy, and sessions end when the person says so.

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

/** A fresh browser profile that records every CSP violation the page reports. */
async function openPage(): Promise<{ context: BrowserContext; page: Page; violations: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const violations: string[] = [];
  await page.exposeFunction('reportCspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      );
    });
  });
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  return { context, page, violations };
}

async function go(page: Page, label: string) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

describe('dashboard under the server’s security headers', () => {
  it('runs every view with the content security policy on and no violation', async () => {
    const { context, page, violations } = await openPage();
    const res = await page.goto(server.loginUrl ?? '');
    expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
    expect(res?.headers()['x-powered-by']).toBeUndefined();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByTestId('connection-label').filter({ hasText: 'Online' }).waitFor();
    for (const route of ROUTES) await go(page, en[route.label]); // ROUTES hold catalog keys
    // the pairing QR is a data: image
    await go(page, 'Devices');
    await page.getByRole('button', { name: 'Make a pairing code' }).click();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    expect(violations).toEqual([]);

    // the attack CSP is for: script injected into the page does not run, a beacon does not leave
    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.append(s);
      const img = document.createElement('img');
      img.src = 'https://evil.example/beacon.png';
      document.body.append(img);
      await new Promise((r) => setTimeout(r, 200));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => violations.length).toBeGreaterThanOrEqual(2);
    expect(violations.join('\n')).toMatch(/script-src/);
    expect(violations.join('\n')).toMatch(/img-src/);
    await context.close();
  });
});

/** Signs a fresh browser profile in with a new one-time link (as `npm run sign-in-link` gives). */
async function signedInPage(): Promise<{
  context: BrowserContext;
  page: Page;
  token: string;
  deviceId: string;
}> {
  const { context, page } = await openPage();
  await signInWithLink(server, page);
  const stored = await page.evaluate(() => ({
    session: localStorage.getItem('unknot.session'),
    deviceId: localStorage.getItem('unknot.deviceId'),
  }));
  const token = (JSON.parse(stored.session ?? '{}') as { token?: string }).token;
  if (!token || !stored.deviceId) throw new Error('no session stored');
  return { context, page, token, deviceId: stored.deviceId };
}

async function meStatus(token: string): Promise<number> {
  const res = await fetch(`${server.url}${HTTP_ROUTES.me}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return res.status;
}

const signInPage = (page: Page) => page.getByRole('heading', { level: 1, name: 'Welcome back' });

describe('sessions end when the person says so', () => {
  it('Sign out ends the session on the server: the old token stops working', async () => {
    const { context, page, token } = await signedInPage();
    expect(await meStatus(token)).toBe(200);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    // it asks first: Escape keeps the person signed in and focus goes back to the button
    const dialog = page.getByRole('dialog', { name: 'Sign out?' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.textContent === 'Sign out');
    expect(await meStatus(token)).toBe(200);
    // Cancel keeps them signed in too
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await meStatus(token)).toBe(200);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await dialog.getByRole('button', { name: 'Sign out' }).click();
    await signInPage(page).waitFor();
    expect(await meStatus(token)).toBe(401);
    await context.close();
  });

  it('Sign out everywhere asks first, then signs out every browser of the account', async () => {
    const a = await signedInPage();
    const b = await signedInPage();
    // declining the confirmation (Escape) changes nothing, and focus is back on the button
    await a.page.getByRole('button', { name: 'Sign out everywhere' }).click();
    const dialog = a.page.getByRole('dialog', { name: 'Sign out everywhere?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(
      'Every browser signed in to this account is signed out now.',
    );
    await a.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await a.page.waitForFunction(() => document.activeElement?.textContent === 'Sign out everywhere');
    expect(await meStatus(a.token)).toBe(200);
    await a.page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();

    await a.page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
    await signInPage(a.page).waitFor();
    // the other browser is told at once, through its socket, and says why
    await signInPage(b.page).waitFor();
    await b.page.getByRole('alert').filter({ hasText: 'You were signed out' }).waitFor();
    expect(await meStatus(a.token)).toBe(401);
    expect(await meStatus(b.token)).toBe(401);
    await a.context.close();
    await b.context.close();
  });

  it('revoking a browser on the devices page signs that browser out, and it comes back as a new one', async () => {
    const admin = await signedInPage();
    const other = await signedInPage();
    // the other browser syncs an edit, so it shows on the devices page (a Node client as its replica)
    const replica = io(`${server.url}${SYNC_NAMESPACE}`, {
      path: SOCKET_PATH,
      transports: ['websocket'],
      reconnection: false,
      auth: { protocolVersion: PROTOCOL_VERSION, kind: 'user', token: other.token, deviceId: other.deviceId },
    });
    await new Promise<void>((resolve, reject) => {
      replica.once('ready', () => resolve());
      replica.once('connect_error', reject);
    });
    const t = Date.now();
    const hlc = `${String(t).padStart(15, '0')}:00000:${other.deviceId}`;
    const ack = await replica.timeout(10_000).emitWithAck('push', {
      ops: [
        {
          opId: `${other.deviceId}:1`,
          deviceId: other.deviceId,
          seq: 1,
          hlc,
          type: 'register.set',
          payload: { key: 'routine.e2e-removed', value: null },
        },
      ],
    });
    expect(ack.ok).toBe(true);
    replica.close();

    await go(admin.page, 'Devices');
    const row = admin.page.getByTestId(`device-${other.deviceId}`);
    await row.getByRole('button', { name: /^Revoke/ }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await row.getByText('revoked').waitFor();

    await signInPage(other.page).waitFor();
    await other.page.getByRole('alert').filter({ hasText: 'This browser was removed' }).waitFor();
    expect(await meStatus(other.token)).toBe(401);
    expect(await meStatus(admin.token)).toBe(200);
    // its old replica id is forgotten, so signing in again is not refused as a revoked browser
    expect(await other.page.evaluate(() => localStorage.getItem('unknot.deviceId'))).toBeNull();
    const link = await server.services.localLogin?.issueLoginToken();
    await other.page.goto(`${server.url}/login#token=${link?.token}`);
    await other.page.getByTestId('connection-label').filter({ hasText: 'Online' }).waitFor();
    const fresh = await other.page.evaluate(() => localStorage.getItem('unknot.deviceId'));
    expect(fresh).toMatch(/^web-/);
    expect(fresh).not.toBe(other.deviceId);
    await admin.context.close();
    await other.context.close();
  });
});
