import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import {
  type AccountInfo,
  type CreatedInvitation,
  HTTP_ROUTES,
  type InvitationCheck,
  type InvitationInfo,
  type LocalLoginResponse,
  type PasskeyInfo,
  type PasskeyOptions,
  type SyncError,
} from '@unknot/stretch-model';
import type { CeremonyContext, PasskeyService } from '../auth/passkey.service.js';
import { httpError, isSyncError } from '../errors.js';
import type { Services } from '../services/services.js';
import { SERVICES } from '../tokens.js';
import { type RequestHeaders, requireUser } from './http-auth.js';

type Headersish = RequestHeaders & { origin?: string; host?: string; 'user-agent'?: string };

function ctx(h: Headersish): CeremonyContext {
  return { origin: h.origin, host: h.host, userAgent: h['user-agent'] };
}

function unwrap<T>(res: T | SyncError): T {
  if (isSyncError(res)) throw httpError(res);
  return res;
}

/**
 * Accounts: passkey sign-in and registration (AUTH_MODE=local), invitations, and the account
 * page (both modes). Thin: the rules are in PasskeyService and AccountService.
 */
@Controller()
export class AccountController {
  constructor(@Inject(SERVICES) private readonly services: Services) {}

  private passkeys(): PasskeyService {
    const p = this.services.accounts.passkeys;
    if (!p) throw httpError({ code: 'forbidden', message: 'passkeys are off (AUTH_MODE=firebase)' });
    return p;
  }

  @Post(HTTP_ROUTES.passkeySignInOptions)
  @HttpCode(200)
  async signInOptions(@Headers() h: Headersish): Promise<PasskeyOptions> {
    return unwrap(await this.passkeys().signInOptions(ctx(h)));
  }

  @Post(HTTP_ROUTES.passkeySignIn)
  @HttpCode(200)
  async signIn(@Body() body: unknown): Promise<LocalLoginResponse> {
    return unwrap(await this.passkeys().signIn(body));
  }

  @Post(HTTP_ROUTES.invitationCheck)
  @HttpCode(200)
  async checkInvitation(@Body() body: unknown): Promise<InvitationCheck> {
    return unwrap(await this.services.accounts.checkInvitation(body));
  }

  @Post(HTTP_ROUTES.invitationOptions)
  @HttpCode(200)
  async invitationOptions(@Body() body: unknown, @Headers() h: Headersish): Promise<PasskeyOptions> {
    return unwrap(await this.passkeys().invitationOptions(body, ctx(h)));
  }

  @Post(HTTP_ROUTES.invitationRegister)
  @HttpCode(200)
  async registerInvitee(@Body() body: unknown, @Headers() h: Headersish): Promise<LocalLoginResponse> {
    return unwrap(await this.passkeys().registerInvitee(body, ctx(h)));
  }

  @Get(HTTP_ROUTES.account)
  async account(@Headers() h: Headersish): Promise<AccountInfo> {
    const p = await requireUser(this.services, h);
    return this.services.accounts.info(p);
  }

  @Patch(HTTP_ROUTES.account)
  async rename(@Body() body: unknown, @Headers() h: Headersish): Promise<AccountInfo> {
    const p = await requireUser(this.services, h);
    return unwrap(await this.services.accounts.rename(p, body));
  }

  @Post(HTTP_ROUTES.accountPasskeyOptions)
  @HttpCode(200)
  async addOptions(@Headers() h: Headersish): Promise<PasskeyOptions> {
    const p = await requireUser(this.services, h);
    return unwrap(await this.passkeys().addOptions(p.userId, ctx(h)));
  }

  @Post(HTTP_ROUTES.accountPasskeys)
  @HttpCode(200)
  async addPasskey(@Body() body: unknown, @Headers() h: Headersish): Promise<PasskeyInfo> {
    const p = await requireUser(this.services, h);
    return unwrap(await this.passkeys().add(p.userId, body, ctx(h)));
  }

  @Delete(`${HTTP_ROUTES.accountPasskeys}/:passkeyId`)
  @HttpCode(200)
  async removePasskey(
    @Param('passkeyId') passkeyId: string,
    @Headers() h: Headersish,
  ): Promise<{ ok: true }> {
    const p = await requireUser(this.services, h);
    const err = await this.services.accounts.removePasskey(p, passkeyId);
    if (err) throw httpError(err);
    return { ok: true };
  }

  @Get(HTTP_ROUTES.accountInvitations)
  async invitations(@Headers() h: Headersish): Promise<InvitationInfo[]> {
    const p = await requireUser(this.services, h);
    return unwrap(await this.services.accounts.listInvitations(p));
  }

  @Post(HTTP_ROUTES.accountInvitations)
  @HttpCode(200)
  async createInvitation(@Headers() h: Headersish): Promise<CreatedInvitation> {
    const p = await requireUser(this.services, h);
    return unwrap(await this.services.accounts.createInvitation(p));
  }

  @Delete(`${HTTP_ROUTES.accountInvitations}/:invitationId`)
  @HttpCode(200)
  async revokeInvitation(
    @Param('invitationId') invitationId: string,
    @Headers() h: Headersish,
  ): Promise<{ ok: true }> {
    const p = await requireUser(this.services, h);
    const err = await this.services.accounts.revokeInvitation(p, invitationId);
    if (err) throw httpError(err);
    return { ok: true };
  }
}
