import { Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import { HTTP_ROUTES } from '@unknot/stretch-model';
import { httpError } from '../errors.js';
import type { ExportFormat, ExportKind } from '../services/export.service.js';
import type { Services } from '../services/services.js';
import { SERVICES } from '../tokens.js';
import { type RequestHeaders, requireUser } from './http-auth.js';

interface DownloadResponse {
  setHeader(name: string, value: string): void;
}

/** GET /v1/export?format=csv|json&kind=sessions|nudges — a file download of the materialised state. */
@Controller()
export class ExportController {
  constructor(@Inject(SERVICES) private readonly services: Services) {}

  @Get(HTTP_ROUTES.export)
  async export(
    @Headers() headers: RequestHeaders,
    @Query('format') format: string | undefined,
    @Query('kind') kind: string | undefined,
    @Res({ passthrough: true }) res: DownloadResponse,
  ): Promise<string> {
    const p = await requireUser(this.services, headers);
    const f = (format ?? 'csv') as ExportFormat;
    const k = (kind ?? 'sessions') as ExportKind;
    if (f !== 'csv' && f !== 'json')
      throw httpError({ code: 'invalidOp', message: 'format must be csv or json' });
    if (k !== 'sessions' && k !== 'nudges')
      throw httpError({ code: 'invalidOp', message: 'kind must be sessions or nudges' });
    const file = await this.services.exports.export(p.userId, k, f);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    return file.body;
  }
}
