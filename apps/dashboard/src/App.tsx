import { lazy, type ReactNode, Suspense, useEffect, useRef, useState } from 'react';
import { createApiClient } from './api/http-client';
import { AuthProvider, useAuth } from './auth/auth-context';
import { browserDeviceId } from './auth/session-store';
import { AppShell } from './components/AppShell';
import { PasskeyReminder } from './components/PasskeyReminder';
import { type Me, REPORT_PAGE_PREFIX } from './core';
import { SyncProvider, type SyncContextValue } from './hooks/useSync';
import { usePath, WATCH_ROUTE } from './routing/router';
import { type DeferredConnection, deferredConnection } from './sync/deferred-connection';
import { forgetReplica, openReplica } from './sync/open-replica';
import { OverviewView } from './views/OverviewView';
import { useSimAvailable } from './views/sim-info';

// Only Overview (the start page) is in the initial JS; every other view, and the sign-in page
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
const WatchSimView = lazy(() => import('./views/WatchSimView'));
const ShareView = lazy(() => import('./views/ShareView'));
// the shared report (/r/<token>) opens signed out, outside the signed-in shell
const ReportView = lazy(() => import('./views/ReportView'));
// `/bench` exists in `vite dev` and the test-only bench build (`--mode bench`), not in production:
// the condition is replaced at build time, so the production bundle has no trace of it.
const BenchView =
  import.meta.env.DEV || import.meta.env.MODE === 'bench' ? lazy(() => import('./views/BenchView')) : null;

export function RouteView({ path }: { path: string }): ReactNode {
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
      return <OverviewView />;
    default:
      return <NotFoundView />;
  }
}

const Loading = () => (
  <p className="muted" role="status">
    Loading…
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
  const [value, setValue] = useState<(SyncContextValue & { connection: DeferredConnection }) | null>(null);
  const simAvailable = useSimAvailable(getToken);
  // Opened in an effect (not during render) so StrictMode's double render never leaks a socket.
  // The replica is read from IndexedDB first (asynchronous); a cleanup before that finishes opens nothing.
  useEffect(() => {
    let closed = false;
    let connection: DeferredConnection | null = null;
    void openReplica(user.userId, browserDeviceId(localStorage), Date.now).then(({ replica }) => {
      if (closed) return;
      // the socket and its code come after the first page is on screen (see the effect below)
      connection = deferredConnection(replica, () =>
        import('./sync/sync-connection').then((m) =>
          m.createSyncConnection({
            replica,
            getToken,
            now: Date.now,
            onAuthLost: (lost) => void signOutRef.current({ lost }),
          }),
        ),
      );
      setValue({ replica, connection, api: createApiClient(getToken) });
    });
    return () => {
      closed = true;
      connection?.close();
    };
  }, [user.userId, getToken]);

  // Effects run after the commit is painted: the page shows the replica's data, now connect.
  useEffect(() => value?.connection.start(), [value]);

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

  if (!value) return <Loading />;

  const handleSignOut = (everywhere: boolean) => {
    const pending = value.replica.pendingCount();
    // AppShell has asked already (Sign out, Sign out everywhere): only unsent changes are asked about here
    if (
      pending > 0 &&
      !window.confirm(`${pending} changes have not reached the server yet. Sign out anyway?`)
    )
      return;
    value.connection.close();
    void forgetReplica(user.userId);
    void signOut({ everywhere });
  };

  return (
    <SyncProvider value={value}>
      <AppShell
        path={path}
        userName={user.displayName}
        onSignOut={() => handleSignOut(false)}
        onSignOutEverywhere={() => handleSignOut(true)}
        extraRoutes={simAvailable ? [WATCH_ROUTE] : []}
      >
        {mode === 'local' && <PasskeyReminder getToken={getToken} path={path} />}
        <Suspense fallback={<Loading />}>
          <RouteView path={path} />
        </Suspense>
      </AppShell>
    </SyncProvider>
  );
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
