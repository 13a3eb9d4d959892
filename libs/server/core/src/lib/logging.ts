import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { pino, type Logger } from 'pino';
import type { AppConfig } from '@karta/server-config';
import { currentRequestContext } from './request-context';

export const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Keeps a caller's request id when it is well-formed, so a trace spans proxy and API. */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * The process's one pino logger: JSON lines, secrets and personal data redacted; a line written while
 * a request is handled carries its request id (from the request context, no child logger per request).
 */
export function createRootLogger(config: AppConfig, service: 'api' | 'worker'): Logger {
  return pino({
    level: config.logLevel,
    base: { service },
    redact: { paths: ['*.password', '*.passwordHash', '*.headers.authorization', '*.headers.cookie'], censor: '[redacted]' },
    mixin: () => {
      const request = currentRequestContext();
      return request ? { requestId: request.requestId } : {};
    },
  });
}

/**
 * nestjs-pino as Nest's logger over the root logger. `useExisting` with no routes: no pino-http
 * middleware per request — the HTTP app writes its own line per request (`logRequests`).
 */
export function pinoParams(config: AppConfig, service: 'api' | 'worker'): Params {
  return { pinoHttp: { logger: createRootLogger(config, service) }, useExisting: true, forRoutes: [] };
}

/** The root logger behind Nest's logger (see `pinoParams`). */
export function rootLoggerOf(params: Params): Logger {
  const pinoHttp = params.pinoHttp;
  if (!pinoHttp || Array.isArray(pinoHttp) || !('logger' in pinoHttp) || !pinoHttp.logger) throw new Error('the logger module was not configured with pinoParams');
  return pinoHttp.logger as Logger;
}
