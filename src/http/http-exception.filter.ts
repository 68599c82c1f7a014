import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorCode } from '../common/domain-error.js';
// The body's shape is declared once, for this filter and the OpenAPI document alike.
import type { ErrorBody } from '../common/openapi/error-body.js';
import { isStorageUnavailable } from '../storage/storage-unavailable.js';

const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  invalid_input: HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  gone: HttpStatus.GONE,
  unsupported_media_type: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};


/**
 * The one place errors become HTTP responses: domain errors by code, Nest's
 * and body-parser's HTTP errors by status, Redis being out of reach a 503
 * (the request may be retried), anything else a logged 500 that shows no
 * internals.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const body = undecodableBody(exception, http.getRequest<FastifyRequest>()) ?? this.toBody(exception);
    // RFC 6750: a 401 says which scheme would have been accepted.
    if (body.statusCode === HttpStatus.UNAUTHORIZED) reply.header('WWW-Authenticate', 'Bearer realm="kubetune"');
    reply.status(body.statusCode).type('application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = STATUS_BY_CODE[exception.code];
      return {
        statusCode,
        error: reasonPhrase(statusCode),
        message: exception.message,
        ...(exception.details.length > 0 ? { errors: exception.details } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? exception.message);
      return { statusCode, error: reasonPhrase(statusCode), message };
    }
    if (isStorageUnavailable(exception)) {
      const statusCode = HttpStatus.SERVICE_UNAVAILABLE;
      return { statusCode, error: reasonPhrase(statusCode), message: `storage unavailable, retry shortly: Redis: ${exception.message}` };
    }
    const status = (exception as { status?: unknown; type?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // body-parser's errors (payload too large, bad charset) carry their own 4xx status.
      return { statusCode: status, error: reasonPhrase(status), message: (exception as Error).message };
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return { statusCode: 500, error: reasonPhrase(500), message: 'internal error' };
  }
}

/**
 * A body that is not what its Content-Encoding header says (gzip that is not
 * gzip): body-parser passes on zlib's words ("incorrect header check"), which
 * name nothing the client sent, so the answer names the header instead.
 */
function undecodableBody(exception: unknown, request: FastifyRequest): ErrorBody | undefined {
  if (!(exception instanceof HttpException) || exception.getStatus() !== HttpStatus.BAD_REQUEST) return undefined;
  const cause = exception.cause as { errno?: unknown; code?: unknown } | undefined;
  const encoding = request.headers['content-encoding'];
  if (typeof cause?.errno !== 'number' || typeof cause.code !== 'string' || !encoding) return undefined;
  const message = `headers.content-encoding: the body is not valid "${encoding}" data, as this header says it is`;
  return { statusCode: HttpStatus.BAD_REQUEST, error: reasonPhrase(HttpStatus.BAD_REQUEST), message, errors: [message] };
}

function reasonPhrase(status: number): string {
  const name = HttpStatus[status];
  return name ? name.toLowerCase().replace(/(^|_)(\w)/g, (_, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase()) : 'Error';
}
