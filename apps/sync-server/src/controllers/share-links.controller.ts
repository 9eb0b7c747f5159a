import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Ip,
  Param,
  Post,
  Res,
} from '@nestjs/common';
import {
  type CreateShareLinkResponse,
  REPORT_ROUTES,
  type SharedReportResponse,
  type ShareLinkList,
} from '@unknot/stretch-model';
import { httpError, isSyncError } from '../errors.js';
import type { Services } from '../services/services.js';
import { SERVICES } from '../tokens.js';
import { type RequestHeaders, requireUser } from './http-auth.js';

interface HeaderResponse {
  setHeader(name: string, value: string): void;
}

/**
 * Report share links: the signed-in user makes, lists and revokes them; anyone holding a link's
 * token reads that one report (no other auth, and the token is no credential anywhere else).
 */
@Controller()
export class ShareLinksController {
  constructor(@Inject(SERVICES) private readonly services: Services) {}

  @Post(REPORT_ROUTES.shareLinks)
  @HttpCode(201)
  async create(@Headers() headers: RequestHeaders, @Body() body: unknown): Promise<CreateShareLinkResponse> {
    const p = await requireUser(this.services, headers);
    const res = await this.services.shareLinks.create(p.userId, body);
    if (isSyncError(res)) throw httpError(res);
    return res;
  }

  @Get(REPORT_ROUTES.shareLinks)
  async list(@Headers() headers: RequestHeaders): Promise<ShareLinkList> {
    const p = await requireUser(this.services, headers);
    return { ok: true, links: await this.services.shareLinks.list(p.userId) };
  }

  @Delete(REPORT_ROUTES.shareLink)
  @HttpCode(200)
  async revoke(@Headers() headers: RequestHeaders, @Param('linkId') linkId: string): Promise<{ ok: true }> {
    const p = await requireUser(this.services, headers);
    const err = await this.services.shareLinks.revoke(p.userId, linkId);
    if (err) throw httpError(err);
    return { ok: true };
  }

  /** The shared report. Never cached anywhere (browser, service worker, proxy), never indexed. */
  @Get(REPORT_ROUTES.report)
  async open(
    @Param('token') token: string,
    @Ip() ip: string,
    @Res({ passthrough: true }) res: HeaderResponse,
  ): Promise<SharedReportResponse> {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    const out = await this.services.shareLinks.open(token, ip ?? 'unknown');
    if (isSyncError(out)) throw httpError(out);
    return out;
  }
}
