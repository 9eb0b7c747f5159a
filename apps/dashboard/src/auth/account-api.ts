import {
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
  WebAuthnError,
} from '@simplewebauthn/browser';
import {
  type AccountInfo,
  type CreatedInvitation,
  HTTP_ROUTES,
  type InvitationCheck,
  type InvitationInfo,
  type LocalLoginResponse,
  type PasskeyInfo,
  type PasskeyOptions,
} from '@unknot/stretch-model';
import { type ApiResult, authedRequest, request, type TokenSource } from '../api/http-client';
import { t } from '../i18n/i18n';

const json = <T>(res: Response) => res.json() as Promise<T>;
const post = (body?: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body ?? {}),
});

/**
 * The browser's passkey step (WebAuthn through @simplewebauthn/browser). Errors are values: a
 * person who closes the browser's passkey window gets `cancelled`, not an exception.
 */
async function ceremony<T>(run: () => Promise<T>): Promise<ApiResult<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (e) {
    const cancelled =
      (e instanceof WebAuthnError && e.code === 'ERROR_CEREMONY_ABORTED') ||
      (e instanceof Error && e.name === 'NotAllowedError');
    const message = cancelled
      ? t('auth.ceremonyCancelled')
      : e instanceof WebAuthnError && e.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED'
        ? t('auth.alreadyRegistered')
        : t('auth.noPasskeyHere');
    return { ok: false, error: { code: 'passkeyRefused', message, status: cancelled ? -1 : 0 } };
  }
}

/** True where this browser can make and use passkeys (WebAuthn in a secure context). */
export function passkeysSupported(): boolean {
  return (
    typeof window !== 'undefined' &&
    window.isSecureContext &&
    typeof window.PublicKeyCredential === 'function'
  );
}

/**
 * Passkeys belong to a host name: at a numeric address (http://127.0.0.1:8787, say) the browser
 * refuses to make one. Null when the address is fine; else the address to use instead (the same
 * server as localhost when it is this machine), or null inside when there is none to suggest.
 */
export function passkeyAddressProblem(loc: Pick<Location, 'hostname' | 'protocol' | 'port'>): {
  instead: string | null;
} | null {
  const h = loc.hostname.replace(/^\[|\]$/g, '');
  const ip = /^\d{1,3}(\.\d{1,3}){3}$/.test(h) || h.includes(':');
  if (!ip) return null;
  const loopback = h === '::1' || h.startsWith('127.');
  return { instead: loopback ? `${loc.protocol}//localhost${loc.port ? `:${loc.port}` : ''}` : null };
}

/** Signs in with a passkey this browser (or a phone nearby) holds: no name to type. */
export async function signInWithPasskey(): Promise<ApiResult<LocalLoginResponse>> {
  const options = await request(HTTP_ROUTES.passkeySignInOptions, post(), json<PasskeyOptions>);
  if (!options.ok) return options;
  const answer = await ceremony(() =>
    startAuthentication({ optionsJSON: options.value as unknown as PublicKeyCredentialRequestOptionsJSON }),
  );
  if (!answer.ok) return answer;
  return request(HTTP_ROUTES.passkeySignIn, post({ response: answer.value }), json<LocalLoginResponse>);
}

export function checkInvitation(invitationToken: string): Promise<ApiResult<InvitationCheck>> {
  return request(HTTP_ROUTES.invitationCheck, post({ invitationToken }), json<InvitationCheck>);
}

/** The invitee's new account: their name, then a passkey; signed in when it worked. */
export async function acceptInvitation(
  invitationToken: string,
  displayName: string,
): Promise<ApiResult<LocalLoginResponse>> {
  const options = await request(
    HTTP_ROUTES.invitationOptions,
    post({ invitationToken, displayName }),
    json<PasskeyOptions>,
  );
  if (!options.ok) return options;
  const answer = await ceremony(() =>
    startRegistration({ optionsJSON: options.value as unknown as PublicKeyCredentialCreationOptionsJSON }),
  );
  if (!answer.ok) return answer;
  return request(
    HTTP_ROUTES.invitationRegister,
    post({ invitationToken, response: answer.value }),
    json<LocalLoginResponse>,
  );
}

export interface AccountApi {
  info(): Promise<ApiResult<AccountInfo>>;
  rename(displayName: string): Promise<ApiResult<AccountInfo>>;
  addPasskey(): Promise<ApiResult<PasskeyInfo>>;
  removePasskey(passkeyId: string): Promise<ApiResult<null>>;
  invitations(): Promise<ApiResult<InvitationInfo[]>>;
  createInvitation(): Promise<ApiResult<CreatedInvitation>>;
  revokeInvitation(invitationId: string): Promise<ApiResult<null>>;
}

/** The account page's routes, each with `Authorization: Bearer <token>`. */
export function createAccountApi(getToken: TokenSource): AccountApi {
  const authed = <T>(path: string, init: RequestInit, read: (res: Response) => Promise<T>) =>
    authedRequest(getToken, path, init, read);
  return {
    info: () => authed(HTTP_ROUTES.account, {}, json<AccountInfo>),
    rename: (displayName) =>
      authed(HTTP_ROUTES.account, { ...post({ displayName }), method: 'PATCH' }, json<AccountInfo>),
    addPasskey: async () => {
      const options = await authed(HTTP_ROUTES.accountPasskeyOptions, post(), json<PasskeyOptions>);
      if (!options.ok) return options;
      const answer = await ceremony(() =>
        startRegistration({
          optionsJSON: options.value as unknown as PublicKeyCredentialCreationOptionsJSON,
        }),
      );
      if (!answer.ok) return answer;
      return authed(HTTP_ROUTES.accountPasskeys, post({ response: answer.value }), json<PasskeyInfo>);
    },
    removePasskey: (passkeyId) =>
      authed(
        `${HTTP_ROUTES.accountPasskeys}/${encodeURIComponent(passkeyId)}`,
        { method: 'DELETE' },
        async () => null,
      ),
    invitations: () => authed(HTTP_ROUTES.accountInvitations, {}, json<InvitationInfo[]>),
    createInvitation: () => authed(HTTP_ROUTES.accountInvitations, post(), json<CreatedInvitation>),
    revokeInvitation: (invitationId) =>
      authed(
        `${HTTP_ROUTES.accountInvitations}/${encodeURIComponent(invitationId)}`,
        { method: 'DELETE' },
        async () => null,
      ),
  };
}

/** The link an invitation is shared as: the token in the fragment, which never reaches server logs. */
export function invitationLink(origin: string, token: string): string {
  return `${origin}/invite#token=${encodeURIComponent(token)}`;
}

/** The token in an invitation link's fragment (`/invite#token=…`). */
export function invitationTokenFromLocation(loc: Pick<Location, 'pathname' | 'hash'>): string | null {
  if (loc.pathname !== '/invite') return null;
  const token = new URLSearchParams(loc.hash.replace(/^#/, '')).get('token');
  return token && token.length > 0 ? token : null;
}
