import type { ReactNode } from 'react';
import { SAFETY } from '../core';
import { Link } from '../routing/Link';
import { ROUTES } from '../routing/router';
import { ConnectionIndicator } from './ConnectionIndicator';

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
  onSignOut: () => void;
  /** ends every session of the account (asks first); absent = no button */
  onSignOutEverywhere?: () => void;
  children: ReactNode;
  /** nav items that exist only on some servers (the simulated watch) */
  extraRoutes?: readonly { path: string; label: string }[];
}) {
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
          <button type="button" className="secondary" onClick={onSignOut}>
            Sign out
          </button>
          {onSignOutEverywhere && (
            <button type="button" className="secondary" onClick={onSignOutEverywhere}>
              Sign out everywhere
            </button>
          )}
        </div>
      </header>
      <nav className="app-nav" aria-label="Main">
        <ul>
          {[...ROUTES, ...extraRoutes].map((r) => (
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
    </div>
  );
}
