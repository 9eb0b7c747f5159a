import { useEffect, useState } from 'react';
import type { TokenSource } from '../api/http-client';

/**
 * Whether this server runs the simulated watch of `npm start`, and its state. Kept apart from
 * WatchSimView so the shell can ask (to show the nav item) without loading the view itself.
 */

export interface SimTarget {
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** `GET /sim/info` (the part this view reads). */
export interface SimInfo {
  device: { name: string; width: number; height: number; shape: 'round' | 'square' };
  running: boolean;
  page: string | null;
  screenOn: boolean;
  texts: string[];
  targets: SimTarget[];
  clock: { now: number; followsRealTime: boolean };
}

function isSimInfo(v: unknown): v is SimInfo {
  const i = v as Partial<SimInfo> | null;
  return (
    typeof i === 'object' &&
    i !== null &&
    typeof i.device?.width === 'number' &&
    typeof i.device.height === 'number' &&
    Array.isArray(i.texts) &&
    Array.isArray(i.targets)
  );
}

export async function simFetch(getToken: TokenSource, path: string, body?: unknown): Promise<Response> {
  const token = await getToken();
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The sim's state, or null when this server runs no simulated watch (or it is not ours). */
export async function fetchSimInfo(getToken: TokenSource): Promise<SimInfo | null> {
  try {
    const res = await simFetch(getToken, '/sim/info');
    // Without the harness, /sim/info is the dashboard's index.html (SPA fallback) or a 404.
    if (!res.ok || !(res.headers.get('content-type') ?? '').includes('application/json')) return null;
    const body: unknown = await res.json();
    return isSimInfo(body) ? body : null;
  } catch {
    return null;
  }
}

/** Whether to offer the Watch page: asked once per sign-in. */
export function useSimAvailable(getToken: TokenSource): boolean {
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    let cancelled = false;
    void fetchSimInfo(getToken).then((info) => {
      if (!cancelled) setAvailable(info !== null);
    });
    return () => {
      cancelled = true;
    };
  }, [getToken]);
  return available;
}
