import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '@karta/contracts';
import { isRedisConnectionError } from '@karta/server-core';
import { FieldConflictException } from './field-conflict';
import { RequestValidationException } from './validation';

/** What a request that needs Redis answers while Redis is unavailable. */
export const REDIS_UNAVAILABLE_MESSAGE = 'Сервис очередей временно недоступен, действие не выполнено. Повторите через минуту';

/** Every error leaves the API in one shape; internals are logged, never sent. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = this.toApiError(exception, String(request.id));
    // A request refused for want of Redis gets one line without a stack: the outage itself is logged per connection.
    if (body.code === 'redis_unavailable') {
      this.logger.warn({ requestId: request.id, err: (exception as Error).message }, 'Request refused: Redis unavailable');
    } else if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: request.id }, 'Unhandled error');
    }
    void reply.status(body.statusCode).header('cache-control', 'no-store').send(body);
  }

  private toApiError(exception: unknown, requestId: string): ApiError {
    if (exception instanceof RequestValidationException) {
      return {
        statusCode: HttpStatus.BAD_REQUEST,
        error: 'Bad Request',
        message: 'Проверьте правильность заполнения полей',
        fieldErrors: exception.fieldErrors,
        requestId,
      };
    }
    if (exception instanceof FieldConflictException) {
      return {
        statusCode: HttpStatus.CONFLICT,
        error: 'Conflict',
        message: exception.message,
        fieldErrors: [{ field: exception.field, messages: [exception.message] }],
        requestId,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray((response as { message?: unknown }).message)
            ? ((response as { message: string[] }).message).join('; ')
            : String((response as { message?: unknown }).message ?? exception.message);
      return { statusCode: status, error: httpErrorName(status), message, requestId };
    }
    // Whatever needed Redis (a job to queue, a lock, a counter) and found it down or silent.
    if (isRedisConnectionError(exception)) {
      return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: 'Service Unavailable', message: REDIS_UNAVAILABLE_MESSAGE, code: 'redis_unavailable', requestId };
    }
    const status = (exception as { statusCode?: unknown })?.statusCode;
    // Fastify's own client errors (bad JSON, body too large) carry a 4xx statusCode.
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { statusCode: status, error: httpErrorName(status), message: (exception as Error).message, requestId };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'Внутренняя ошибка сервера', requestId };
  }
}

function httpErrorName(status: number): string {
  const name = HttpStatus[status];
  return name
    ? name
        .toLowerCase()
        .split('_')
        .map((word) => word[0].toUpperCase() + word.slice(1))
        .join(' ')
    : 'Error';
}
