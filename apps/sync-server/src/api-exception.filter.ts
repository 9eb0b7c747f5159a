import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { SyncError, SyncErrorCode } from '@unknot/stretch-model';
import type { Logger } from './logger.js';

interface JsonResponse {
  status(code: number): JsonResponse;
  json(body: unknown): void;
  headersSent?: boolean;
}

/** Every HTTP error leaves as `{ ok: false, error: { code, message } }`, as the API promises. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const res = host.switchToHttp().getResponse<JsonResponse>();
    if (res.headersSent) return;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'object' && body !== null && (body as { ok?: unknown }).ok === false) {
        res.status(status).json(body);
        return;
      }
      const message =
        typeof body === 'string'
          ? body
          : String((body as { message?: unknown }).message ?? exception.message);
      res
        .status(status)
        .json({ ok: false, error: { code: codeForStatus(status), message } satisfies SyncError });
      return;
    }
    this.logger.error({ err: exception }, 'unhandled error in request');
    res
      .status(500)
      .json({ ok: false, error: { code: 'internal', message: 'internal error' } satisfies SyncError });
  }
}

function codeForStatus(status: number): SyncErrorCode {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 413) return 'opTooLarge';
  if (status === 429) return 'rateLimited';
  if (status >= 500) return 'internal';
  return 'invalidOp';
}
