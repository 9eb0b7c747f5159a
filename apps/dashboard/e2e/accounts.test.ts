import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_ROUTES } from '../src/core';
import { axeViolations } from './axe';
import { launchChromium, pairFromDevicesPage, startServer } from './harness';

// Real accounts in local mode (issue 16), in Chromium with a virtual authenticator (the DevTools
// protocol's WebAuthn domain) against the real server: the owner comes in with the printed link,
// adds a passkey when the dashboard asks, signs out and back in with it; they invite someone, who
// names themselves, makes a passkey and sees none of the owner's data; a removed passkey no longer
// signs in. axe runs on the account page and the invitation page at 1280 and 390 px.
//
// Passkeys need a host name (an IP address is no relying party), so the browser opens the server
// at http://localhost:<port>, a secure context like https.

const DOCS = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs');

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let base: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  base = server.url.replace('127.0.0.1', 'localhost');
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

interface Person {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  authenticatorId: string;
}

/** A browser profile with its own platform authenticator (resident keys, user verification). */
async function person(): Promise<Person> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { context, page, cdp, authenticatorId };
}

async function credentials(p: Person): Promise<number> {
  const { credentials } = await p.cdp.send('WebAuthn.getCredentials', { authenticatorId: p.authenticatorId });
  return credentials.length;
}

async function go(page: Page, label: string) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('dialog', { name: 'Sign out?' }).getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { level: 1, name: 'Welcome back' }).waitFor();
}

const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';

/** axe at 1280 px and at 390 px, then back; `shot`: a screenshot for the docs at one width (UPDATE_SCREENSHOTS=1). */
async function accessibleAtBothWidths(page: Page, shot: { file: string; phone: boolean }) {
  expect(await axeViolations(page)).toEqual([]);
  if (SCREENSHOTS && !shot.phone) await page.screenshot({ path: join(DOCS, shot.file), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await axeViolations(page)).toEqual([]);
  if (SCREENSHOTS && shot.phone) await page.screenshot({ path: join(DOCS, shot.file), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

let owner: Person;
let inviteLink: string;

describe('accounts with passkeys', () => {
  it('the owner comes in with the printed link, adds a passkey when asked, and signs in with it', {
    timeout: 60_000,
  }, async () => {
    owner = await person();
    const { page } = owner;
    const link = await server.services.localLogin?.issueLoginToken();
    await page.goto(`${base}/login#token=${link?.token}`);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();

    const reminder = page.getByTestId('passkey-reminder');
    await reminder.getByRole('heading', { name: 'Make signing in easier' }).waitFor();
    await reminder.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByRole('status').filter({ hasText: 'Passkey added' }).waitFor();
    expect(await credentials(owner)).toBe(1);

    // some data of the owner's: a paired watch
    await go(page, 'Devices');
    await pairFromDevicesPage(page, server.url, 'Owner’s watch');

    await go(page, 'Account');
    await page.getByTestId('passkey-list').locator('strong', { hasText: 'Chrome on Linux' }).waitFor();
    await page.getByTestId('session-list').getByText('This browser').waitFor();
    await accessibleAtBothWidths(page, { file: 'account-desktop.png', phone: false });

    await signOut(page);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    // back on the page they signed out from
    await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
    await page.locator('.user-name').filter({ hasText: 'Owner' }).waitFor();
    await page
      .getByTestId('passkey-list')
      .getByText(/last used just now/)
      .waitFor();
  });

  it('an invitee makes an account with a passkey and sees none of the owner’s data', {
    timeout: 60_000,
  }, async () => {
    const { page } = owner;
    await page.getByRole('button', { name: 'Make an invitation link' }).click();
    const box = page.getByTestId('new-invitation');
    await box.getByText('expires in 7 days').waitFor();
    inviteLink = await box.getByRole('textbox').inputValue();
    expect(inviteLink).toMatch(new RegExp(`^${base}/invite#token=`));
    await page.getByTestId('invitation-list').getByText('Open, expires in 7 days').waitFor();

    const sam = await person();
    await sam.page.goto(inviteLink);
    await sam.page.getByRole('heading', { level: 1, name: 'You are invited' }).waitFor();
    await sam.page.getByText('Owner invited you').waitFor();
    await accessibleAtBothWidths(sam.page, { file: 'invitation-phone.png', phone: true });
    await sam.page.getByLabel('Your name').fill('Sam');
    await sam.page.getByRole('button', { name: 'Make my account' }).click();
    await sam.page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(await credentials(sam)).toBe(1);
    expect(sam.page.url()).toBe(`${base}/`);
    await sam.page.locator('.user-name').filter({ hasText: 'Sam' }).waitFor();

    // none of the owner's: no watch, no invitations, their own passkey only
    await go(sam.page, 'Devices');
    await sam.page.getByTestId('device-table').or(sam.page.getByText('No devices yet')).first().waitFor();
    expect(await sam.page.getByText('Owner’s watch').count()).toBe(0);
    await go(sam.page, 'Account');
    await sam.page.getByTestId('passkey-list').waitFor();
    expect(await sam.page.getByTestId('passkey-list').locator('li').count()).toBe(1);
    expect(await sam.page.getByTestId('invitation-list').count()).toBe(0);
    await expect.poll(() => sam.page.getByLabel('Display name').inputValue()).toBe('Sam');

    // the link worked once: opened again it says so
    const again = await person();
    await again.page.goto(inviteLink);
    await again.page.getByRole('alert').filter({ hasText: 'This invitation was used already' }).waitFor();
    await again.context.close();
    await sam.context.close();

    // the owner sees it used, by name, and still has their watch
    await go(page, 'Devices');
    await page.getByText('Owner’s watch').first().waitFor();
    await go(page, 'Account');
    await page.getByTestId('invitation-list').getByText('Used by Sam').waitFor();
  });

  it('a removed passkey signs in no more; the recovery link still does', { timeout: 60_000 }, async () => {
    const { page } = owner;
    await page
      .getByTestId('passkey-list')
      .getByRole('button', { name: /Remove/ })
      .click();
    const dialog = page.getByRole('dialog', { name: /Remove the passkey/ });
    await dialog.getByText(/It is your only passkey/).waitFor();
    await dialog.getByRole('button', { name: 'Remove passkey' }).click();
    await page.getByText('No passkey yet').waitFor();

    await signOut(page);
    // the authenticator still holds the credential; the server no longer accepts it
    expect(await credentials(owner)).toBe(1);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('alert').filter({ hasText: 'That passkey was not accepted' }).waitFor();

    const link = await server.services.localLogin?.issueLoginToken();
    await page.goto(`${base}/login#token=${link?.token}`);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    // and the server refuses a request from another origin outright
    const foreign = await fetch(`${server.url}${HTTP_ROUTES.passkeySignInOptions}`, {
      method: 'POST',
      headers: { origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    await owner.context.close();
  });
});
