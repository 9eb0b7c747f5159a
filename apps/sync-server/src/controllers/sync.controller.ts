import { Body, Controller, Header, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { HTTP_ROUTES, type HttpSyncResponse } from '@unknot/stretch-model';
import { httpError } from '../errors.js';
import { serialiseReply } from '../services/raw-json.js';
import type { Services } from '../services/services.js';
import { SERVICES } from '../tokens.js';
import { type RequestHeaders, requirePrincipal } from './http-auth.js';

/** POST /v1/sync: the HTTP adapter over SyncService (push + pull in one round trip). */
@Controller()
export class SyncController {
  constructor(@Inject(SERVICES) private readonly services: Services) {}

  @Post(HTTP_ROUTES.sync)
  @HttpCode(200)
  @Header('Content-Type', 'application/json; charset=utf-8')
  async sync(@Headers() headers: RequestHeaders, @Body() body: unknown): Promise<HttpSyncResponse | string> {
    const principal = await requirePrincipal(this.services, headers);
    const res = await this.services.sync.httpSync(principal, body);
    // every authenticated sync is a contact (a pull-only one too, with the outbox size it reports)
    this.services.devices.recordHttpContact(principal.deviceId, res.ok ? body : undefined);
    if (!res.ok) throw httpError(res.error);
    // a snapshot goes out as its stored text, spliced in (the same bytes Express would write)
    return res.snapshot ? serialiseReply(res) : (res as HttpSyncResponse);
  }
}
