import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '@karta/server-config';

export const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Keeps a caller's request id when it is well-formed, so a trace spans proxy and API. */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** JSON logs for API and worker alike; secrets and personal data never reach them. */
export function pinoParams(config: AppConfig, service: 'api' | 'worker'): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      base: { service },
      genReqId: (request) => requestIdOf(request),
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.passwordHash'],
        censor: '[redacted]',
      },
      // Probes poll every few seconds; logging each would drown real traffic.
      autoLogging: { ignore: (request) => (request.url ?? '').startsWith('/api/health') },
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: request.url }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
    },
    // Named wildcard: path-to-regexp 8 no longer accepts a bare '*'.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  };
}
