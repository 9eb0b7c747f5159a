import { Body, Controller, Get, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { type AuthConfig, HTTP_ROUTES, type LocalLoginResponse, type Me } from '@unknot/stretch-model';
import { PASSKEYS_META_KEY } from '../auth/passkey.service.js';
import { httpError, isSyncError } from '../errors.js';
import type { Services } from '../services/services.js';
import { SERVICES } from '../tokens.js';
import { type RequestHeaders, requireUser } from './http-auth.js';

@Controller()
export class AuthController {
  constructor(@Inject(SERVICES) private readonly services: Services) {}

  @Get(HTTP_ROUTES.authConfig)
  async config(): Promise<AuthConfig> {
    const config = this.services.authConfig;
    if (config.mode !== 'local') return config;
    // once a passkey is registered here, the sign-in page offers passkey sign-in
    return { ...config, passkeys: (await this.services.store.getMeta(PASSKEYS_META_KEY)) === '1' };
  }

  @Post(HTTP_ROUTES.localLogin)
  @HttpCode(200)
  async localLogin(@Body() body: unknown): Promise<LocalLoginResponse> {
    const local = this.services.localLogin;
    if (!local) throw httpError({ code: 'forbidden', message: 'local sign-in is off (AUTH_MODE=firebase)' });
    const token =
      typeof body === 'object' && body !== null ? (body as { loginToken?: unknown }).loginToken : undefined;
    const res = await local.login(token);
    if (isSyncError(res)) throw httpError(res);
    return res;
  }

  /** Ends the caller's session at once: its token stops working on every route and socket. */
  @Post(HTTP_ROUTES.signOut)
  @HttpCode(200)
  async signOut(@Headers() headers: RequestHeaders): Promise<{ ok: true }> {
    const p = await requireUser(this.services, headers);
    await this.services.sessions.signOut(p);
    return { ok: true };
  }

  /** Ends every session of the caller's account (this one included). */
  @Post(HTTP_ROUTES.signOutEverywhere)
  @HttpCode(200)
  async signOutEverywhere(@Headers() headers: RequestHeaders): Promise<{ ok: true; ended: number }> {
    const p = await requireUser(this.services, headers);
    return { ok: true, ended: await this.services.sessions.signOutEverywhere(p.userId) };
  }

  @Get(HTTP_ROUTES.me)
  async me(@Headers() headers: RequestHeaders): Promise<Me> {
    const p = await requireUser(this.services, headers);
    return this.services.auth.me(p.userId);
  }
}
