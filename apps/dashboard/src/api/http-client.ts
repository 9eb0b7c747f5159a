import {
  type AuthConfig,
  type DeviceInfo,
  type DeviceRenameRequest,
  HTTP_ROUTES,
  type LocalLoginResponse,
  type Me,
  type PairingCode,
  SYNC_ERROR_CODES,
  type SyncError,
} from '@unknot/stretch-model';

/** Errors are values: the sync server's `SyncError`, or a network failure the caller can show. */
export type ApiError = SyncError & { status: number };
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export type ExportFormat = 'csv' | 'json';
export type ExportKind = 'sessions' | 'nudges';

/** Returns the current bearer token (fresh for Firebase ID tokens), or null when signed out. */
export type TokenSource = () => Promise<string | null>;

const isSyncErrorCode = (c: unknown): c is SyncError['code'] =>
  typeof c === 'string' && (SYNC_ERROR_CODES as readonly string[]).includes(c);

async function readError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // The body was not JSON (a proxy error page, say); fall through to a status-based error.
  }
  const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (err && isSyncErrorCode(err.code)) {
    return { code: err.code, message: String(err.message ?? err.code), status: res.status };
  }
  const code: SyncError['code'] =
    res.status === 401 ? 'unauthenticated' : res.status === 403 ? 'forbidden' : 'internal';
  return { code, message: `The server answered ${res.status}.`, status: res.status };
}

const networkError = (e: unknown): ApiError => ({
  code: 'internal',
  message: `Could not reach the sync server (${e instanceof Error ? e.message : String(e)}).`,
  status: 0,
});

export async function request<T>(
  path: string,
  init: RequestInit,
  read: (res: Response) => Promise<T>,
): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (e) {
    return { ok: false, error: networkError(e) };
  }
  if (!res.ok) return { ok: false, error: await readError(res) };
  return { ok: true, value: await read(res) };
}

const json = <T>(res: Response) => res.json() as Promise<T>;

/** Unauthenticated routes. */
export function fetchAuthConfig(): Promise<ApiResult<AuthConfig>> {
  return request(HTTP_ROUTES.authConfig, {}, json<AuthConfig>);
}

export function exchangeLoginToken(loginToken: string): Promise<ApiResult<LocalLoginResponse>> {
  return request(
    HTTP_ROUTES.localLogin,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginToken }) },
    json<LocalLoginResponse>,
  );
}

/**
 * Ends the session behind `token` on the server (or, `everywhere`, every session of the account),
 * so the token stops working at once on every route and socket.
 */
export function endSessionOnServer(token: string, everywhere: boolean): Promise<ApiResult<null>> {
  return request(
    everywhere ? HTTP_ROUTES.signOutEverywhere : HTTP_ROUTES.signOut,
    { method: 'POST', headers: { authorization: `Bearer ${token}` } },
    async () => null,
  );
}

/** A downloaded file: its bytes and the name the server suggested. */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

export interface ApiClient {
  me(): Promise<ApiResult<Me>>;
  createPairingCode(): Promise<ApiResult<PairingCode>>;
  listDevices(): Promise<ApiResult<DeviceInfo[]>>;
  revokeDevice(deviceId: string): Promise<ApiResult<null>>;
  /** PATCH: the name people see (the server checks it with the core's `checkDeviceName`). */
  renameDevice(deviceId: string, name: string): Promise<ApiResult<DeviceInfo>>;
  /** Takes a revoked device off the list (its ops stay). */
  removeDevice(deviceId: string): Promise<ApiResult<null>>;
  exportFile(format: ExportFormat, kind: ExportKind): Promise<ApiResult<DownloadedFile>>;
}

function fileNameFrom(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd);
  return m?.[1] ? decodeURIComponent(m[1]) : fallback;
}

/** `request` with `Authorization: Bearer <token>`; signed out, an `unauthenticated` result without a request. */
export async function authedRequest<T>(
  getToken: TokenSource,
  path: string,
  init: RequestInit,
  read: (res: Response) => Promise<T>,
): Promise<ApiResult<T>> {
  const token = await getToken();
  if (!token) {
    return {
      ok: false,
      error: { code: 'unauthenticated', message: 'Please sign in again.', status: 401 },
    };
  }
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return request(path, { ...init, headers }, read);
}

/** The signed-in routes, each authenticated with `Authorization: Bearer <token>`. */
export function createApiClient(getToken: TokenSource): ApiClient {
  const authed = <T>(path: string, init: RequestInit, read: (res: Response) => Promise<T>) =>
    authedRequest(getToken, path, init, read);
  return {
    me: () => authed(HTTP_ROUTES.me, {}, json<Me>),
    createPairingCode: () => authed(HTTP_ROUTES.pairingCodes, { method: 'POST' }, json<PairingCode>),
    listDevices: () => authed(HTTP_ROUTES.devices, {}, json<DeviceInfo[]>),
    revokeDevice: (deviceId) =>
      authed(
        `${HTTP_ROUTES.devices}/${encodeURIComponent(deviceId)}`,
        { method: 'DELETE' },
        async () => null,
      ),
    renameDevice: (deviceId, name) =>
      authed(
        `${HTTP_ROUTES.devices}/${encodeURIComponent(deviceId)}`,
        {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name } satisfies DeviceRenameRequest),
        },
        json<DeviceInfo>,
      ),
    removeDevice: (deviceId) =>
      authed(
        `${HTTP_ROUTES.devices}/${encodeURIComponent(deviceId)}/remove`,
        { method: 'POST' },
        async () => null,
      ),
    exportFile: (format, kind) => {
      const query = new URLSearchParams({ format, kind });
      return authed(`${HTTP_ROUTES.export}?${query}`, {}, async (res) => ({
        blob: await res.blob(),
        fileName: fileNameFrom(res, `unknot-${kind}.${format}`),
      }));
    },
  };
}
