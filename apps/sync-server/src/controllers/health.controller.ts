import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { HTTP_ROUTES } from '@unknot/stretch-model';
import { httpError } from '../errors.js';
import type { Services } from '../services/services.js';
import { SERVICES } from '../tokens.js';

interface TextResponse {
  setHeader(name: string, value: string): void;
}

@Controller()
export class HealthController {
  constructor(@Inject(SERVICES) private readonly services: Services) {}

  /** Liveness: the process answers. */
  @Get(HTTP_ROUTES.health)
  health(): { ok: true } {
    return { ok: true };
  }

  /** Readiness: the store answers. */
  @Get(HTTP_ROUTES.ready)
  async ready(): Promise<{ ok: true }> {
    try {
      await this.services.store.ping();
      return { ok: true };
    } catch (err) {
      this.services.logger.warn({ err }, 'readiness check failed');
      throw httpError({ code: 'internal', message: 'store unreachable' });
    }
  }

  @Get(HTTP_ROUTES.metrics)
  @Header('Cache-Control', 'no-store')
  async metrics(@Res({ passthrough: true }) res: TextResponse): Promise<string> {
    res.setHeader('Content-Type', this.services.metrics.contentType);
    return this.services.metrics.text();
  }
}
