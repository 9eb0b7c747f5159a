import {
  type CreateShareLinkRequest,
  type CreateShareLinkResponse,
  REPORT_ROUTES,
  SYNC_ERROR_CODES,
  type SharedReportResponse,
  type ShareLinkInfo,
  type ShareLinkList,
  type SyncError,
} from '../core';

/** A refusal from the server (its code and words), or `status 0` when it could not be reached. */
export type ReportApiError = SyncError & { status: number };
export type ReportApiResult<T> = { ok: true; value: T } | { ok: false; error: ReportApiError };

async function call<T>(path: string, init: RequestInit): Promise<ReportApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, cache: 'no-store' });
  } catch (e) {
    return {
      ok: false,
      error: {
        code: 'internal',
        message: `Could not reach the server (${e instanceof Error ? e.message : String(e)}).`,
        status: 0,
      },
    };
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: a proxy's page; judged by status below
  }
  if (res.ok) return { ok: true, value: body as T };
  const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code =
    err && typeof err.code === 'string' && (SYNC_ERROR_CODES as readonly string[]).includes(err.code)
      ? (err.code as SyncError['code'])
      : 'internal';
  return {
    ok: false,
    error: {
      code,
      message: String(err?.message ?? `The server answered ${res.status}.`),
      status: res.status,
    },
  };
}

/** The public report behind a link's token (no sign-in). */
export function fetchSharedReport(token: string): Promise<ReportApiResult<SharedReportResponse>> {
  return call(REPORT_ROUTES.report.replace(':token', encodeURIComponent(token)), {
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  });
}

type TokenSource = () => Promise<string | null>;

async function authed<T>(
  getToken: TokenSource,
  path: string,
  init: RequestInit = {},
): Promise<ReportApiResult<T>> {
  const token = await getToken();
  if (!token)
    return { ok: false, error: { code: 'unauthenticated', message: 'Please sign in again.', status: 401 } };
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return call(path, { ...init, headers });
}

export function createShareLink(
  getToken: TokenSource,
  request: CreateShareLinkRequest,
): Promise<ReportApiResult<CreateShareLinkResponse>> {
  return authed(getToken, REPORT_ROUTES.shareLinks, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
}

export async function listShareLinks(getToken: TokenSource): Promise<ReportApiResult<ShareLinkInfo[]>> {
  const res = await authed<ShareLinkList>(getToken, REPORT_ROUTES.shareLinks);
  return res.ok ? { ok: true, value: res.value.links } : res;
}

export function revokeShareLink(
  getToken: TokenSource,
  linkId: string,
): Promise<ReportApiResult<{ ok: true }>> {
  return authed(getToken, REPORT_ROUTES.shareLink.replace(':linkId', encodeURIComponent(linkId)), {
    method: 'DELETE',
  });
}
