import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The Firebase Auth emulator helper the sync server's own tests use.
import { type AuthEmulator, startAuthEmulator } from '../../sync-server/test/support/auth-emulator.js';
import { loadConfig } from '../../sync-server/src/config.js';
import { createServer, type RunningServer } from '../../sync-server/src/server.js';
import type { AuthConfig, Me } from '../src/core';
import { DIST, launchChromium } from './harness';

const EMAIL = 'ada@example.com';
const PASSWORD = 'correct-horse-battery';

let emulator: AuthEmulator | undefined;
let server: RunningServer | undefined;
let dataDir: string | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
let uid: string;
const pageErrors: string[] = [];
const previousEmulatorHost = process.env.FIREBASE_AUTH_EMULATOR_HOST;
const previousMetadataDetection = process.env.METADATA_SERVER_DETECTION;

beforeAll(async () => {
  // No GCP metadata-server probing (firebase-tools and firebase-admin), offline and fast.
  process.env.METADATA_SERVER_DETECTION = 'none';
  emulator = await startAuthEmulator('demo-unknot');
  uid = (await emulator.signUp(EMAIL, PASSWORD)).uid;
  // firebase-admin verifies ID tokens against the emulator, and the server hands the same host to
  // the dashboard as `authEmulatorUrl` (both read this variable from the process environment).
  process.env.FIREBASE_AUTH_EMULATOR_HOST = emulator.host;
  dataDir = mkdtempSync(join(tmpdir(), 'unknot-dash-fb-e2e-'));
  server = await createServer(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DASHBOARD_DIR: DIST,
      LOG_LEVEL: 'warn',
      AUTH_MODE: 'firebase',
      FIREBASE_PROJECT_ID: emulator.projectId,
    }),
    { quiet: true },
  );
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  // Fail fast instead of running into the 30 s test timeout.
  page.setDefaultTimeout(8000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await emulator?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (previousEmulatorHost === undefined) delete process.env.FIREBASE_AUTH_EMULATOR_HOST;
  else process.env.FIREBASE_AUTH_EMULATOR_HOST = previousEmulatorHost;
  if (previousMetadataDetection === undefined) delete process.env.METADATA_SERVER_DETECTION;
  else process.env.METADATA_SERVER_DETECTION = previousMetadataDetection;
});

function url(): string {
  if (!server) throw new Error('server not started');
  return server.url;
}

async function fillSignIn(email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('dashboard with Firebase Authentication (emulator) against the real sync server', () => {
  it('the server tells the dashboard to use the emulator', async () => {
    const res = await fetch(`${url()}/v1/auth/config`);
    expect((await res.json()) as AuthConfig).toEqual({
      mode: 'firebase',
      firebase: {
        apiKey: expect.any(String),
        projectId: 'demo-unknot',
        authEmulatorUrl: `http://${emulator?.host}`,
      },
    });
  });

  it('shows the email + password form, and a clear error for a wrong password', async () => {
    await page.goto(url());
    await page.getByRole('heading', { level: 1, name: 'Welcome back' }).waitFor();
    await page.getByLabel('Email').waitFor();
    await page.getByLabel('Password').waitFor();
    expect(await page.getByLabel('Login link').count()).toBe(0);

    await fillSignIn(EMAIL, 'not-the-password');
    const alert = page.getByRole('alert').filter({ hasText: 'do not match an account' });
    await alert.waitFor();
    expect(await alert.textContent()).toBe('That email and password do not match an account.');
    // Still on the form, nothing stored.
    await page.getByLabel('Password').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('unknot.session'))).toBeNull();
  });

  it('says so when Firebase accepts the password but the sync server cannot be reached', async () => {
    await page.route('**/v1/me', (route) => route.abort('connectionrefused'));
    try {
      await fillSignIn(EMAIL, PASSWORD);
      await page.getByRole('alert').filter({ hasText: 'The server cannot be reached right now.' }).waitFor();
      // The form is usable again (not stuck on "Signing in…").
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      expect(await page.evaluate(() => localStorage.getItem('unknot.session'))).toBeNull();
    } finally {
      await page.unroute('**/v1/me');
    }
  });

  it('signs in with the right password: Overview shows and the socket is Online', async () => {
    await fillSignIn(EMAIL, PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByTestId('connection-label').filter({ hasText: 'Online' }).waitFor();
    const stored = await page.evaluate(() => localStorage.getItem('unknot.session'));
    expect(JSON.parse(stored ?? 'null') as { mode: string; user: Me }).toMatchObject({
      mode: 'firebase',
      user: { userId: uid, email: EMAIL },
    });
    // The server created the user from the verified ID token.
    expect(await server?.services.store.getUser(uid)).toMatchObject({ userId: uid, email: EMAIL });
  });

  it('stays signed in across a reload, and the socket reconnects', async () => {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByTestId('connection-label').filter({ hasText: 'Online' }).waitFor();
    expect(await page.getByLabel('Password').count()).toBe(0);
  });

  it('a reload while the sync server is unreachable keeps the session (no endless "Loading…")', async () => {
    await page.route('**/v1/me', (route) => route.abort('connectionrefused'));
    try {
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      expect(await page.evaluate(() => localStorage.getItem('unknot.session'))).not.toBeNull();
    } finally {
      await page.unroute('**/v1/me');
    }
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByTestId('connection-label').filter({ hasText: 'Online' }).waitFor();
  });

  it('signs out back to the sign-in form, signs in again, and a reload after sign-out stays out', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('dialog', { name: 'Sign out?' }).getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome back' }).waitFor();
    await page.getByLabel('Password').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('unknot.session'))).toBeNull();
    // Again without a reload: the already-loaded Firebase SDK is reused.
    await fillSignIn(EMAIL, PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByTestId('connection-label').filter({ hasText: 'Online' }).waitFor();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('dialog', { name: 'Sign out?' }).getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Password').waitFor();
    await page.reload();
    await page.getByLabel('Password').waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'Overview' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
