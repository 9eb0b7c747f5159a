import type { AuthConfig, LocalLoginResponse, Me, SyncError } from '@unknot/stretch-model';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import {
  type ApiResult,
  createApiClient,
  endSessionOnServer,
  exchangeLoginToken,
  fetchAuthConfig,
  type TokenSource,
} from '../api/http-client';
import { navigate } from '../routing/router';
import type { FirebaseAuthHandle, FirebaseSettings } from './firebase-sign-in';
import { clearSession, forgetBrowserDeviceId, loadSession, saveSession } from './session-store';
import { t } from '../i18n/i18n';

export type AuthState =
  | { status: 'loading' }
  | { status: 'signedOut'; config: AuthConfig | null; error: string | null }
  | { status: 'signedIn'; user: Me; mode: AuthConfig['mode']; getToken: TokenSource };

export interface AuthApi {
  state: AuthState;
  /** Local mode: redeem a one-time login token (from `/login#token=…` or pasted by hand). */
  signInWithLoginToken(loginToken: string): Promise<void>;
  /** Firebase mode: email + password. */
  signInWithPassword(email: string, password: string): Promise<void>;
  /** Local mode: a passkey. Resolves to the words to show when it did not work (null: signed in). */
  signInWithPasskey(): Promise<string | null>;
  /** Local mode: an invitee names themselves and registers a passkey; their new account is signed in. */
  acceptInvitation(invitationToken: string, displayName: string): Promise<string | null>;
  /** The signed-in user's details changed (a new display name on the account page). */
  updateUser(user: Me): void;
  /**
   * Ends the session: on the server first (its token stops working everywhere; best effort when
   * offline), then here. `everywhere` ends every session of the account. `lost` is the server's
   * reason when it already ended the session (signed out elsewhere, browser revoked): nothing is
   * sent, and the sign-in page says why.
   */
  signOut(options?: SignOutOptions): Promise<void>;
}

export interface SignOutOptions {
  everywhere?: boolean;
  lost?: SyncError;
}

const AuthContext = createContext<AuthApi | null>(null);

/** What to say when a passkey step did not work, by the server's code (or the browser's). */
export function passkeyProblem(error: { code: SyncError['code']; message: string; status: number }): string {
  if (error.status < 0) return error.message; // the browser's ceremony (account-api says why, translated)
  if (error.status === 0) return error.code === 'passkeyRefused' ? error.message : t('error.unreachable');
  if (error.code === 'challengeInvalid') return t('auth.passkeySlow');
  if (error.code === 'passkeyRefused') return t('auth.passkeyRefused');
  return t('auth.passkeyFailed');
}

/** What to say about an invitation link that no longer works. */
export function invitationProblem(code: SyncError['code']): string {
  switch (code) {
    case 'invitationUsed':
      return t('auth.inviteUsed');
    case 'invitationExpired':
      return t('auth.inviteExpired');
    case 'invitationRevoked':
      return t('auth.inviteRevoked');
    default:
      return t('auth.inviteUnknown');
  }
}

export function useAuth(): AuthApi {
  const api = useContext(AuthContext);
  if (!api) throw new Error('useAuth needs an <AuthProvider>');
  return api;
}

/** The token in a login link's fragment (`#token=…`), which never reaches server logs. */
export function loginTokenFromLocation(loc: Pick<Location, 'pathname' | 'hash'>): string | null {
  if (loc.pathname !== '/login') return null;
  const token = new URLSearchParams(loc.hash.replace(/^#/, '')).get('token');
  return token && token.length > 0 ? token : null;
}

async function loadFirebase(settings: FirebaseSettings): Promise<FirebaseAuthHandle> {
  const mod = await import('./firebase-sign-in');
  return mod.firebaseAuth(settings);
}

/** For tests and for shells that already know who is signed in. */
export function StaticAuthProvider({ value, children }: { value: AuthApi; children: ReactNode }) {
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function AuthProvider({ children, now = Date.now }: { children: ReactNode; now?: () => number }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const [firebase, setFirebase] = useState<FirebaseAuthHandle | null>(null);

  const signedOut = useCallback(async (error: string | null) => {
    const config = await fetchAuthConfig();
    setState({ status: 'signedOut', config: config.ok ? config.value : null, error });
  }, []);

  const localSignedIn = useCallback((res: LocalLoginResponse) => {
    const { token, expiresAt, user } = res;
    saveSession(localStorage, { mode: 'local', token, expiresAt, user });
    setState({ status: 'signedIn', user, mode: 'local', getToken: async () => token });
  }, []);

  const signInWithPasskey = useCallback(async (): Promise<string | null> => {
    // the WebAuthn code loads with the first passkey ceremony, not with the dashboard
    const { signInWithPasskey: passkeySignIn } = await import('./account-api');
    const res = await passkeySignIn();
    if (res.ok) {
      localSignedIn(res.value);
      return null;
    }
    return passkeyProblem(res.error);
  }, [localSignedIn]);

  const acceptInvitation = useCallback(
    async (invitationToken: string, displayName: string): Promise<string | null> => {
      const { acceptInvitation: acceptInvitationOnServer } = await import('./account-api');
      const res = await acceptInvitationOnServer(invitationToken, displayName);
      if (res.ok) {
        navigate('/', { replace: true });
        localSignedIn(res.value);
        return null;
      }
      return res.error.code.startsWith('invitation')
        ? invitationProblem(res.error.code)
        : passkeyProblem(res.error);
    },
    [localSignedIn],
  );

  const updateUser = useCallback((user: Me) => {
    setState((s) => {
      if (s.status !== 'signedIn') return s;
      const stored = loadSession(localStorage, Date.now());
      if (stored) saveSession(localStorage, { ...stored, user });
      return { ...s, user };
    });
  }, []);

  const signInWithLoginToken = useCallback(
    async (loginToken: string) => {
      setState({ status: 'loading' });
      const res = await exchangeLoginToken(loginToken);
      if (!res.ok) {
        await signedOut(res.error.status === 0 ? t('error.unreachable') : t('auth.linkUsed'));
        return;
      }
      const { token, expiresAt, user } = res.value;
      saveSession(localStorage, { mode: 'local', token, expiresAt, user });
      setState({ status: 'signedIn', user, mode: 'local', getToken: async () => token });
    },
    [signedOut],
  );

  // Asks the sync server who the Firebase user is. Errors are values: a network failure (status 0)
  // or a server error must not throw (that left the form on "Signing in…" / boot on "Loading…").
  const firebaseSignedIn = useCallback(async (fb: FirebaseAuthHandle): Promise<ApiResult<Me>> => {
    const getToken: TokenSource = () => fb.idToken();
    let res: ApiResult<Me>;
    try {
      res = await createApiClient(getToken).me();
    } catch {
      // fb.idToken() threw: Firebase could not refresh the ID token (offline, say).
      const message = t('auth.serviceUnreachable');
      return { ok: false, error: { code: 'internal', message, status: 0 } };
    }
    if (res.ok) {
      saveSession(localStorage, { mode: 'firebase', user: res.value });
      setState({ status: 'signedIn', user: res.value, mode: 'firebase', getToken });
    }
    return res;
  }, []);

  const signInWithPassword = useCallback(
    async (email: string, password: string) => {
      const config = await fetchAuthConfig();
      if (!config.ok || config.value.mode !== 'firebase') {
        await signedOut(t('auth.noEmail'));
        return;
      }
      const fb = firebase ?? (await loadFirebase(config.value.firebase));
      setFirebase(fb);
      const res = await fb.signIn(email, password);
      if (!res.ok) {
        setState({ status: 'signedOut', config: config.value, error: res.message });
        return;
      }
      const me = await firebaseSignedIn(fb);
      if (!me.ok) await signedOut(me.error.status === 0 ? t('error.unreachable') : t('auth.notAccepted'));
    },
    [firebase, firebaseSignedIn, signedOut],
  );

  const signOut = useCallback(
    async (options: SignOutOptions = {}) => {
      const current = state.status === 'signedIn' ? state.getToken : null;
      if (!options.lost && current) {
        const token = await current().catch(() => null);
        if (token) await endSessionOnServer(token, options.everywhere === true);
      }
      // a revoked browser's replica id is refused for good: the next sign-in starts a new one
      if (options.lost?.code === 'deviceRevoked') forgetBrowserDeviceId(localStorage);
      clearSession(localStorage);
      if (firebase) await firebase.signOut();
      await signedOut(
        options.lost?.code === 'deviceRevoked'
          ? t('auth.revoked')
          : options.lost
            ? t('auth.signedOut')
            : null,
      );
    },
    [state, firebase, signedOut],
  );

  // Boot: a login link wins; else restore the stored session; else show sign-in. Runs once per
  // mount (a ref, not a flag in the effect, so StrictMode's second run cannot race the first).
  const booted = useRef(false);
  useEffect(() => {
    if (booted.current) return;
    booted.current = true;
    (async () => {
      const linkToken = loginTokenFromLocation(window.location);
      if (linkToken) {
        // Drop the one-time token from the address bar and history before using it.
        navigate('/', { replace: true });
        await signInWithLoginToken(linkToken);
        return;
      }
      const stored = loadSession(localStorage, now());
      if (stored?.mode === 'local') {
        const token = stored.token;
        setState({ status: 'signedIn', user: stored.user, mode: 'local', getToken: async () => token });
        return;
      }
      if (stored?.mode === 'firebase') {
        const config = await fetchAuthConfig();
        // Server unreachable: keep the session for the next load, show the sign-in page's notice.
        if (!config.ok && config.error.status === 0) return signedOut(null);
        if (config.ok && config.value.mode === 'firebase') {
          const fb = await loadFirebase(config.value.firebase);
          setFirebase(fb);
          if (await fb.ready()) {
            const me = await firebaseSignedIn(fb);
            if (me.ok) return;
            // Only a refusal ends the session; when the server is briefly unreachable, carry on with
            // the stored user (like local mode) — the socket reconnects when it is back.
            if (me.error.status !== 401 && me.error.status !== 403) {
              const getToken: TokenSource = () => fb.idToken();
              setState({ status: 'signedIn', user: stored.user, mode: 'firebase', getToken });
              return;
            }
          }
        }
        clearSession(localStorage);
      }
      await signedOut(null);
    })();
  }, [now, signInWithLoginToken, firebaseSignedIn, signedOut]);

  const api = useMemo<AuthApi>(
    () => ({
      state,
      signInWithLoginToken,
      signInWithPassword,
      signInWithPasskey,
      acceptInvitation,
      updateUser,
      signOut,
    }),
    [
      state,
      signInWithLoginToken,
      signInWithPassword,
      signInWithPasskey,
      acceptInvitation,
      updateUser,
      signOut,
    ],
  );
  return <AuthContext.Provider value={api}>{children}</AuthContext.Provider>;
}
