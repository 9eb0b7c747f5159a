import { useSyncExternalStore } from 'react';

/**
 * A tiny path router over the History API. The sync server serves index.html for every unknown
 * path (SPA fallback), so deep links such as /history work after a reload.
 */
export const ROUTES = [
  { path: '/', label: 'Overview' },
  { path: '/history', label: 'History' },
  { path: '/stretches', label: 'Stretches' },
  { path: '/pain', label: 'Pain' },
  { path: '/nudges', label: 'Nudges' },
  { path: '/routine', label: 'Routine' },
  { path: '/reminders', label: 'Reminders' },
  { path: '/devices', label: 'Devices' },
  { path: '/export', label: 'Export' },
  { path: '/share', label: 'Share' },
  { path: '/account', label: 'Account' },
] as const;
/** Shown only when the server runs the simulated watch of `npm start` (views/WatchSimView). */
export const WATCH_ROUTE = { path: '/watch', label: 'Watch' } as const;
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
