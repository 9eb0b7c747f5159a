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
  Patch,
  Post,
} from '@nestjs/common';
import { type DeviceInfo, HTTP_ROUTES, type PairingCode, type RedeemResponse } from '@unknot/stretch-model';
import { httpError, isSyncError } from '../errors.js';
import type { Services } from '../services/services.js';
import { SERVICES } from '../tokens.js';
import { type RequestHeaders, requireUser } from './http-auth.js';

/** Pairing codes, redeeming them; listing, renaming, revoking and removing devices (the user's own). */
@Controller()
export class DevicesController {
  constructor(@Inject(SERVICES) private readonly services: Services) {}

  @Post(HTTP_ROUTES.pairingCodes)
  @HttpCode(201)
  async createPairingCode(@Headers() headers: RequestHeaders): Promise<PairingCode> {
    const p = await requireUser(this.services, headers);
    const res = await this.services.pairing.createCode(p.userId);
    if (isSyncError(res)) throw httpError(res);
    return res;
  }

  @Post(HTTP_ROUTES.pairingRedeem)
  @HttpCode(200)
  async redeem(@Body() body: unknown, @Ip() ip: string): Promise<RedeemResponse> {
    const res = await this.services.pairing.redeem(body, ip ?? 'unknown');
    if (isSyncError(res)) throw httpError(res);
    return res;
  }

  @Get(HTTP_ROUTES.devices)
  async list(@Headers() headers: RequestHeaders): Promise<DeviceInfo[]> {
    const p = await requireUser(this.services, headers);
    return this.services.devices.list(p.userId);
  }

  @Delete(`${HTTP_ROUTES.devices}/:deviceId`)
  @HttpCode(200)
  async revoke(
    @Headers() headers: RequestHeaders,
    @Param('deviceId') deviceId: string,
  ): Promise<{ ok: true }> {
    const p = await requireUser(this.services, headers);
    const err = await this.services.devices.revoke(p.userId, deviceId);
    if (err) throw httpError(err);
    return { ok: true };
  }

  /** Body `DeviceRenameRequest`; answers the renamed device. */
  @Patch(`${HTTP_ROUTES.devices}/:deviceId`)
  @HttpCode(200)
  async rename(
    @Headers() headers: RequestHeaders,
    @Param('deviceId') deviceId: string,
    @Body() body: unknown,
  ): Promise<DeviceInfo> {
    const p = await requireUser(this.services, headers);
    const res = await this.services.devices.rename(p.userId, deviceId, body);
    if (isSyncError(res)) throw httpError(res);
    return res;
  }

  /** Takes a revoked device off the list (`deviceNotRevoked` while it is active). */
  @Post(`${HTTP_ROUTES.devices}/:deviceId/remove`)
  @HttpCode(200)
  async remove(
    @Headers() headers: RequestHeaders,
    @Param('deviceId') deviceId: string,
  ): Promise<{ ok: true }> {
    const p = await requireUser(this.services, headers);
    const err = await this.services.devices.remove(p.userId, deviceId);
    if (err) throw httpError(err);
    return { ok: true };
  }
}
