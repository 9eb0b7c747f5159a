import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../src/routing/router';
import { launchChromium, startServer } from './harness';

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
    for (const route of ROUTES) await go(page, route.label);
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
