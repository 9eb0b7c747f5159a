import { DEVICE_ID_HEADER } from '@unknot/stretch-model';
import type { Principal } from '../auth/principal.js';
import { httpError } from '../errors.js';
import type { Services } from '../services/services.js';

export interface RequestHeaders {
  authorization?: string;
  [DEVICE_ID_HEADER]?: string;
}

/** Authenticates an HTTP request or throws the API's 401/403 error. */
export async function requirePrincipal(services: Services, headers: RequestHeaders): Promise<Principal> {
  const res = await services.auth.authenticateHeader(headers.authorization, headers[DEVICE_ID_HEADER]);
  if (!res.ok) throw httpError(res.error);
  return res.principal;
}

/** Same, but only signed-in users (the dashboard), not paired devices. */
export async function requireUser(services: Services, headers: RequestHeaders): Promise<Principal> {
  const p = await requirePrincipal(services, headers);
  if (p.kind !== 'user') throw httpError({ code: 'forbidden', message: 'only a signed-in user may do this' });
  return p;
}
