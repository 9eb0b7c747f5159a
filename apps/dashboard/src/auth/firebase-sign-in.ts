/**
 * Firebase Authentication (email + password). This module is only ever loaded with a dynamic
 * `import()` once `/v1/auth/config` says `firebase`, so the SDK never weighs on the initial bundle.
 */
import { type FirebaseApp, getApps, initializeApp } from 'firebase/app';
import {
  type Auth,
  browserLocalPersistence,
  connectAuthEmulator,
  getAuth,
  onAuthStateChanged,
  setPersistence,
  signInWithEmailAndPassword,
  signOut,
  type User,
} from 'firebase/auth';
import { t } from '../i18n/i18n';

export interface FirebaseSettings {
  apiKey: string;
  projectId: string;
  authEmulatorUrl?: string;
}

export interface FirebaseAuthHandle {
  /** Resolves once Firebase has restored (or not) the previous sign-in. */
  ready(): Promise<User | null>;
  signIn(email: string, password: string): Promise<{ ok: true } | { ok: false; message: string }>;
  idToken(): Promise<string | null>;
  signOut(): Promise<void>;
}

let handle: FirebaseAuthHandle | null = null;

export function firebaseAuth(settings: FirebaseSettings): FirebaseAuthHandle {
  if (handle) return handle;
  const app: FirebaseApp =
    getApps()[0] ??
    initializeApp({
      apiKey: settings.apiKey,
      projectId: settings.projectId,
      authDomain: `${settings.projectId}.firebaseapp.com`,
    });
  const auth: Auth = getAuth(app);
  if (settings.authEmulatorUrl)
    connectAuthEmulator(auth, settings.authEmulatorUrl, { disableWarnings: true });
  const persisted = setPersistence(auth, browserLocalPersistence);
  const restored = persisted.then(
    () =>
      new Promise<User | null>((resolve) => {
        const stop = onAuthStateChanged(auth, (user) => {
          stop();
          resolve(user);
        });
      }),
  );
  handle = {
    ready: () => restored,
    async signIn(email, password) {
      try {
        await persisted;
        await signInWithEmailAndPassword(auth, email, password);
        return { ok: true };
      } catch (e) {
        const code = (e as { code?: string }).code ?? '';
        const message =
          code === 'auth/invalid-credential' ||
          code === 'auth/wrong-password' ||
          code === 'auth/user-not-found'
            ? t('auth.wrongPassword')
            : code === 'auth/too-many-requests'
              ? t('auth.tooMany')
              : t('auth.failed');
        return { ok: false, message };
      }
    },
    async idToken() {
      await restored;
      return auth.currentUser ? auth.currentUser.getIdToken() : null;
    },
    signOut: () => signOut(auth),
  };
  return handle;
}
