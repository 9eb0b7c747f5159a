import { type ReactNode, useEffect } from 'react';
import { safety } from '../i18n/core-text';
import { type MessageKey, useT } from '../i18n/i18n';
import { Link } from '../routing/Link';
import { ROUTES } from '../routing/router';
import { ConnectionIndicator } from './ConnectionIndicator';
import { useConfirm } from './ConfirmDialog';
import { LanguagePicker } from './LanguagePicker';

/** The page's label for its document title, or null for a path the dashboard does not have. */
export function pageLabel(
  path: string,
  routes: readonly { path: string; label: MessageKey }[],
): MessageKey | null {
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
  extraRoutes?: readonly { path: string; label: MessageKey }[];
}) {
  const t = useT();
  const routes = [...ROUTES, ...extraRoutes];
  const label = pageLabel(path, routes);
  const [confirmDialog, confirm] = useConfirm();
  // Every page its own title; the current tab in view (at phone width the tabs scroll sideways).
  useEffect(() => {
    document.title = t('shell.title', { page: t(label ?? 'shell.pageNotFound') });
    const tab = document.querySelector<HTMLElement>('.app-nav a[aria-current="page"]');
    if (tab && typeof tab.scrollIntoView === 'function')
      tab.scrollIntoView({ block: 'nearest', inline: 'center' });
  }, [label, t]);
  const askSignOut = async () => {
    const ok = await confirm({
      title: t('shell.signOutTitle'),
      body: t('shell.signOutBody'),
      confirmLabel: t('shell.signOut'),
    });
    if (ok) onSignOut();
  };
  const askSignOutEverywhere = async () => {
    const ok = await confirm({
      title: t('shell.signOutEverywhereTitle'),
      body: t('shell.signOutEverywhereBody'),
      confirmLabel: t('shell.signOutEverywhere'),
      danger: true,
    });
    if (ok) onSignOutEverywhere?.();
  };
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <header className="app-header">
        <Link className="brand" href="/">
          <BrandMark />
          Unknot
        </Link>
        <span className="header-spacer" />
        <ConnectionIndicator />
        <LanguagePicker className="language-picker hide-narrow" />
        <div className="user-box">
          <span className="user-name">{userName}</span>
          <button type="button" className="secondary" onClick={() => void askSignOut()}>
            {t('shell.signOut')}
          </button>
          {onSignOutEverywhere && (
            <button type="button" className="secondary" onClick={() => void askSignOutEverywhere()}>
              {t('shell.signOutEverywhere')}
            </button>
          )}
        </div>
      </header>
      <nav className="app-nav" aria-label={t('nav.main')}>
        <ul>
          {routes.map((r) => (
            <li key={r.path}>
              <Link href={r.path} aria-current={path === r.path ? 'page' : undefined}>
                {t(r.label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="app-footer">
        {/* at phone width the header has no room for it: the language is chosen here (and on Account) */}
        <LanguagePicker className="language-picker show-narrow" />
        {safety().disclaimer.long}
      </footer>
      {confirmDialog}
    </div>
  );
}
