import { type ComponentType, lazy, type ReactNode, Suspense, useEffect, useRef, useState } from 'react';
import { createApiClient } from './api/http-client';
import { t, useT } from './i18n/i18n';
import { AuthProvider, useAuth } from './auth/auth-context';
import { browserDeviceId } from './auth/session-store';
import { AppShell } from './components/AppShell';
import { type Me, REPORT_PAGE_PREFIX } from './core';
import { SyncProvider, type SyncContextValue } from './hooks/useSync';
import type { DeferredConnection } from './sync/deferred-connection';
import { loadStoredOverview, type StoredOverview } from './sync/stored-overview';
import type { SyncConnection } from './sync/sync-connection';
import { OverviewPage } from './views/OverviewPage';
import { usePath, WATCH_ROUTE } from './routing/router';
import { useSimAvailable } from './views/sim-info';

// Only Overview's page (from its data) is in the initial JS; the live Overview and the replica
// come in one chunk right after the first paint (start-live.ts); every other view, and the sign-in page
// (a signed-in start never needs it), loads on demand. The service worker precaches them all, so
// offline they load too.
const HistoryView = lazy(() => import('./views/HistoryView').then((m) => ({ default: m.HistoryView })));
const NotFoundView = lazy(() => import('./views/NotFoundView').then((m) => ({ default: m.NotFoundView })));
const SignInView = lazy(() => import('./views/SignInView').then((m) => ({ default: m.SignInView })));
const StretchesView = lazy(() => import('./views/StretchesView'));
const PainView = lazy(() => import('./views/PainView'));
const NudgesView = lazy(() => import('./views/NudgesView'));
const RoutineEditorView = lazy(() => import('./views/RoutineEditorView'));
const RemindersEditorView = lazy(() => import('./views/RemindersEditorView'));
const DevicesView = lazy(() => import('./views/DevicesView'));
const ExportView = lazy(() => import('./views/ExportView'));
const AccountView = lazy(() => import('./views/AccountView'));
// the reminder to add a passkey brings the WebAuthn code with it: loaded after the first paint
const PasskeyReminder = lazy(() =>
  import('./components/PasskeyReminder').then((m) => ({ default: m.PasskeyReminder })),
);
const WatchSimView = lazy(() => import('./views/WatchSimView'));
const ShareView = lazy(() => import('./views/ShareView'));
// the shared report (/r/<token>) opens signed out, outside the signed-in shell
const ReportView = lazy(() => import('./views/ReportView'));
// `/bench` exists in `vite dev` and the test-only bench build (`--mode bench`), not in production:
// the condition is replaced at build time, so the production bundle has no trace of it.
const BenchView =
  import.meta.env.DEV || import.meta.env.MODE === 'bench' ? lazy(() => import('./views/BenchView')) : null;

const LiveOverview = lazy(() => import('./views/OverviewView'));

/** `overview`: the live Overview component when its chunk is loaded already (no Suspense fallback). */
export function RouteView({
  path,
  overview: Overview = LiveOverview,
}: {
  path: string;
  overview?: ComponentType;
}): ReactNode {
  switch (path) {
    case '/history':
      return <HistoryView />;
    case '/stretches':
      return <StretchesView />;
    case '/pain':
      return <PainView />;
    case '/nudges':
      return <NudgesView />;
    case '/routine':
      return <RoutineEditorView />;
    case '/reminders':
      return <RemindersEditorView />;
    case '/devices':
      return <DevicesView />;
    case '/export':
      return <ExportView />;
    case '/account':
      return <AccountView />;
    case '/share':
      return <ShareView />;
    case WATCH_ROUTE.path:
      return <WatchSimView />;
    case '/':
      return <Overview />;
    default:
      return <NotFoundView />;
  }
}

const Loading = () => (
  <p className="muted" role="status">
    {useT()('app.loading')}
  </p>
);

function SignedIn({
  user,
  getToken,
  mode,
}: {
  user: Me;
  getToken: () => Promise<string | null>;
  mode: 'local' | 'firebase';
}) {
  const { signOut } = useAuth();
  const signOutRef = useRef(signOut);
  signOutRef.current = signOut;
  const path = usePath();
  const [value, setValue] = useState<LiveValue | null>(null);
  // A start on Overview first reads the stored summary ('reading'); valid for today, the first
  // paint is Overview from it, and the replica opens right after. Otherwise the replica opens first.
  const [stored, setStored] = useState<StoredOverview | null | 'reading'>(() =>
    path === '/' ? 'reading' : null,
  );
  const summary = stored === 'reading' ? null : stored;
  const simAvailable = useSimAvailable(getToken);
  // Opened in an effect (not during render) so StrictMode's double render never leaks a socket.
  // The replica is read from IndexedDB first (asynchronous); a cleanup before that finishes opens nothing.
  const readyToOpen = stored !== 'reading';
  useEffect(() => {
    if (!readyToOpen) {
      let cancelled = false;
      void loadStoredOverview(user.userId, Date.now).then((s) => {
        if (!cancelled) setStored(s);
      });
      return () => {
        cancelled = true;
      };
    }
    // Effects run after the commit is painted: with a summary, Overview is on screen now.
    let closed = false;
    let connection: DeferredConnection | null = null;
    let stopWriter: (() => void) | null = null;
    void import('./start-live').then(async (live) => {
      const { replica, storage } = await live.openReplica(
        user.userId,
        browserDeviceId(localStorage),
        Date.now,
      );
      if (closed) return;
      // the socket and its code come after the first page is on screen (see the effect below)
      connection = live.deferredConnection(replica, () =>
        import('./sync/sync-connection').then((m) =>
          m.createSyncConnection({
            replica,
            getToken,
            now: Date.now,
            onAuthLost: (lost) => void signOutRef.current({ lost }),
          }),
        ),
      );
      const idb = storage.kind() === 'indexedDB' ? live.indexedDbKeyValue() : null;
      if (idb)
        stopWriter = live.startOverviewWriter({
          userId: user.userId,
          replica,
          storedReplica: () => storage.get(),
          idb,
          now: Date.now,
        }).stop;
      setValue({
        replica,
        connection,
        api: createApiClient(getToken),
        Overview: live.OverviewView,
        forget: live.forgetReplica,
      });
    });
    return () => {
      closed = true;
      connection?.close();
      stopWriter?.();
    };
  }, [user.userId, getToken, readyToOpen]);

  // Effects run after the commit is painted: the page shows the replica's data, now connect.
  useEffect(() => value?.connection.start(), [value]);

  // Sign-out asked for while Overview still showed the stored summary: done once the replica is open.
  const queuedSignOut = useRef<boolean | null>(null);

  // Move focus to the new page so keyboard and screen-reader users land on its content.
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `path` is the trigger — focus moves on every route change
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [path]);

  if (!value && !summary) return <Loading />;

  const handleSignOut = (everywhere: boolean) => {
    if (!value) {
      queuedSignOut.current = everywhere;
      return;
    }
    const pending = value.replica.pendingCount();
    // AppShell has asked already (Sign out, Sign out everywhere): only unsent changes are asked about here
    if (pending > 0 && !window.confirm(t('app.unsentSignOut', { count: pending }))) return;
    value.connection.close();
    void value.forget(user.userId);
    void signOut({ everywhere });
  };

  if (value && queuedSignOut.current !== null) {
    const everywhere = queuedSignOut.current;
    queuedSignOut.current = null;
    queueMicrotask(() => handleSignOut(everywhere));
  }

  return (
    <SyncProvider value={value} connection={summary ? summaryConnection(summary) : undefined}>
      <AppShell
        path={path}
        userName={user.displayName}
        onSignOut={() => handleSignOut(false)}
        onSignOutEverywhere={() => handleSignOut(true)}
        extraRoutes={simAvailable ? [WATCH_ROUTE] : []}
      >
        {mode === 'local' && (
          <Suspense fallback={null}>
            <PasskeyReminder getToken={getToken} path={path} />
          </Suspense>
        )}
        {value ? (
          <Suspense fallback={<Loading />}>
            <RouteView path={path} overview={value.Overview} />
          </Suspense>
        ) : path === '/' && summary ? (
          <OverviewPage data={summary.data} />
        ) : (
          <Loading />
        )}
      </AppShell>
    </SyncProvider>
  );
}

type LiveValue = SyncContextValue & {
  connection: DeferredConnection;
  /** the live Overview (its chunk is loaded with the replica) */
  Overview: ComponentType;
  forget: (userId: string) => Promise<void>;
};

/** The indicator's connection while Overview shows the stored summary: connecting, its pending count. */
const summaryConnections = new WeakMap<StoredOverview, SyncConnection>();
function summaryConnection(s: StoredOverview): SyncConnection {
  let c = summaryConnections.get(s);
  if (!c) {
    const snap = {
      status: 'connecting',
      pending: s.pending,
      rejected: 0,
      lastSyncedAt: null,
      error: null,
    } as const;
    c = {
      snapshot: () => snap,
      subscribe: () => () => undefined,
      syncNow: () => undefined,
      close: () => undefined,
    };
    summaryConnections.set(s, c);
  }
  return c;
}

function AuthGate() {
  const { state } = useAuth();
  if (state.status === 'loading')
    return (
      <main className="signin" id="main">
        <Loading />
      </main>
    );
  if (state.status === 'signedOut')
    return (
      <Suspense fallback={<Loading />}>
        <SignInView config={state.config} error={state.error} />
      </Suspense>
    );
  return <SignedIn user={state.user} getToken={state.getToken} mode={state.mode} />;
}

export function App() {
  const path = usePath();
  if (path.startsWith(REPORT_PAGE_PREFIX))
    return (
      <Suspense fallback={<Loading />}>
        <ReportView token={path.slice(REPORT_PAGE_PREFIX.length)} />
      </Suspense>
    );
  if (BenchView && path === '/bench')
    return (
      <Suspense fallback={<Loading />}>
        <BenchView />
      </Suspense>
    );
  return (
    <AuthProvider>
      <AuthGate />
    </AuthProvider>
  );
}
