import { useSyncExternalStore } from 'react';

/**
 * A tiny path router over the History API. The sync server serves index.html for every unknown
 * path (SPA fallback), so deep links such as /history work after a reload.
 */
// `label`: the catalog key of the page's name (nav and document title)
export const ROUTES = [
  { path: '/', label: 'nav.overview' },
  { path: '/history', label: 'nav.history' },
  { path: '/stretches', label: 'nav.stretches' },
  { path: '/pain', label: 'nav.pain' },
  { path: '/nudges', label: 'nav.nudges' },
  { path: '/routine', label: 'nav.routine' },
  { path: '/reminders', label: 'nav.reminders' },
  { path: '/devices', label: 'nav.devices' },
  { path: '/export', label: 'nav.export' },
  { path: '/share', label: 'nav.share' },
  { path: '/account', label: 'nav.account' },
] as const;
/** Shown only when the server runs the simulated watch of `npm start` (views/WatchSimView). */
export const WATCH_ROUTE = { path: '/watch', label: 'nav.watch' } as const;
export type RoutePath = (typeof ROUTES)[number]['path'] | '/login' | '/invite' | '/bench' | '/watch';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

function currentPath(): string {
  return window.location.pathname;
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  for (const l of listeners) l();
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath, () => '/');
}
