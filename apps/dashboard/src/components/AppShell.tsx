import { type ReactNode, useEffect } from 'react';
import { SAFETY } from '../core';
import { Link } from '../routing/Link';
import { ROUTES } from '../routing/router';
import { ConnectionIndicator } from './ConnectionIndicator';
import { useConfirm } from './ConfirmDialog';

/** The page's label for its document title, or null for a path the dashboard does not have. */
export function pageLabel(path: string, routes: readonly { path: string; label: string }[]): string | null {
  return routes.find((r) => r.path === path)?.label ?? null;
}

export function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
      <circle cx="16" cy="16" r="14" fill="#2f6f62" />
      <path
        d="M8.5 19c3.2-6.5 11.8-6.5 15 0"
        stroke="#fff"
        strokeWidth="3"
        fill="none"
        strokeLinecap="round"
      />
      <circle cx="16" cy="11" r="2.2" fill="#fff" />
    </svg>
  );
}

export function AppShell({
  path,
  userName,
  onSignOut,
  onSignOutEverywhere,
  children,
  extraRoutes = [],
}: {
  path: string;
  userName: string;
  /** signs out (the shell asks first) */
  onSignOut: () => void;
  /** ends every session of the account (the shell asks first); absent = no button */
  onSignOutEverywhere?: () => void;
  children: ReactNode;
  /** nav items that exist only on some servers (the simulated watch) */
  extraRoutes?: readonly { path: string; label: string }[];
}) {
  const routes = [...ROUTES, ...extraRoutes];
  const label = pageLabel(path, routes);
  const [confirmDialog, confirm] = useConfirm();
  // Every page its own title; the current tab in view (at phone width the tabs scroll sideways).
  useEffect(() => {
    document.title = `${label ?? 'Page not found'} · Unknot`;
    const tab = document.querySelector<HTMLElement>('.app-nav a[aria-current="page"]');
    if (tab && typeof tab.scrollIntoView === 'function')
      tab.scrollIntoView({ block: 'nearest', inline: 'center' });
  }, [label]);
  const askSignOut = async () => {
    const ok = await confirm({
      title: 'Sign out?',
      body: 'To sign in again you need a new sign-in link (or your password). Paired watches keep syncing.',
      confirmLabel: 'Sign out',
    });
    if (ok) onSignOut();
  };
  const askSignOutEverywhere = async () => {
    const ok = await confirm({
      title: 'Sign out everywhere?',
      body: 'Every browser signed in to this account is signed out now. Paired watches keep syncing.',
      confirmLabel: 'Sign out everywhere',
      danger: true,
    });
    if (ok) onSignOutEverywhere?.();
  };
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link className="brand" href="/">
          <BrandMark />
          Unknot
        </Link>
        <span className="header-spacer" />
        <ConnectionIndicator />
        <div className="user-box">
          <span className="user-name">{userName}</span>
          <button type="button" className="secondary" onClick={() => void askSignOut()}>
            Sign out
          </button>
          {onSignOutEverywhere && (
            <button type="button" className="secondary" onClick={() => void askSignOutEverywhere()}>
              Sign out everywhere
            </button>
          )}
        </div>
      </header>
      <nav className="app-nav" aria-label="Main">
        <ul>
          {routes.map((r) => (
            <li key={r.path}>
              <Link href={r.path} aria-current={path === r.path ? 'page' : undefined}>
                {r.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="app-footer">{SAFETY.disclaimer.long}</footer>
      {confirmDialog}
    </div>
  );
}
