import { type ArgumentsHost, Catch, ConflictException, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '@karta/contracts';

/** 409 that names the field at fault, so a form can show the message next to it. */
export class FieldConflictException extends ConflictException {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Writes FieldConflictException in the common error format, keeping its `fieldErrors`. */
@Catch(FieldConflictException)
export class FieldConflictFilter implements ExceptionFilter {
  catch(exception: FieldConflictException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const body: ApiError = {
      statusCode: 409,
      error: 'Conflict',
      message: exception.message,
      fieldErrors: [{ field: exception.field, messages: [exception.message] }],
      requestId: String(request.id),
    };
    void http.getResponse<FastifyReply>().status(409).header('cache-control', 'no-store').send(body);
  }
}

export function isUniqueViolation(error: unknown, index: string): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } })?.driverError;
  return driverError?.code === '23505' && driverError.constraint === index;
}
