import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger, PARAMS_PROVIDER_TOKEN, type Params } from 'nestjs-pino';
import { AppConfig } from '@karta/server-config';
import { clientAddress, REQUEST_ID_HEADER, requestIdOf, rootLoggerOf, runInRequestContext } from '@karta/server-core';
import { ApiExceptionFilter } from './api-exception.filter';
import { createValidationPipe } from './validation';

export const API_PREFIX = 'api';

/** Response headers of every answer (helmet's defaults with a CSP for the Angular app). */
const SECURITY_HEADERS: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      // Deployments inside a district network may run on plain HTTP.
      upgradeInsecureRequests: null,
    },
  },
  crossOriginEmbedderPolicy: false,
};
const BODY_LIMIT_BYTES = 1024 * 1024;
/**
 * Registered once for the whole app (Fastify refuses a second registration). The global ceiling is
 * conservative; each upload route asks `request.file({ limits })` for its own, smaller limit.
 */
const MULTIPART_LIMITS = { fileSize: 50 * 1024 * 1024, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 25 } as const;

/**
 * Builds the HTTP application exactly as production runs it. Tests call this too, so what they
 * exercise (headers, validation, error format, docs) is what users get.
 */
export async function createHttpApp(rootModule: Type<unknown> | DynamicModule): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: true,
    genReqId: requestIdOf,
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, { bufferLogs: true });
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  const requestLog = rootLoggerOf(app.get<Params>(PARAMS_PROVIDER_TOKEN));
  // Built once: the helmet middleware computes its headers (the CSP string among them) when created.
  const securityHeaders = helmet(SECURITY_HEADERS);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    securityHeaders(request.raw, reply.raw, (error?: unknown) => {
      if (error) return done(error as Error);
      runInRequestContext({ requestId: request.id, ip: clientAddress(request.raw) }, done);
    });
  });
  // One line per request; health probes poll every few seconds and would drown real traffic.
  fastify.addHook('onResponse', (request, reply, done) => {
    if (requestLog.isLevelEnabled('info') && !request.url.startsWith(`/${API_PREFIX}/health`)) {
      requestLog.info(
        { req: { id: request.id, method: request.method, url: request.url }, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime },
        'request completed',
      );
    }
    done();
  });
  app.enableShutdownHooks();
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  // CORS is closed unless origins are listed: the web app is served from the same origin.
  app.enableCors({ origin: config.http.corsOrigins.length ? config.http.corsOrigins : false, credentials: true });
  // Parses the refresh-token cookie (httpOnly, Path=/api/auth); nothing else uses cookies.
  await app.register(fastifyCookie);
  await app.register(multipart, { limits: MULTIPART_LIMITS });
  setUpApiDocs(app);
  await serveWebApp(app, config.http.webRoot);
  return app;
}

function setUpApiDocs(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Karta API')
      .setDescription('Контроль исполнения дорожной карты: задачи, доказательства, показатели.')
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs-json` });
}

/** Serves the built Angular app from the API's port, falling back to index.html for client routes. */
async function serveWebApp(app: NestFastifyApplication, webRoot: string | undefined): Promise<void> {
  if (!webRoot) return;
  const root = resolve(webRoot);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`WEB_ROOT ${root} does not contain index.html; build the web app or unset WEB_ROOT`);
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    cacheControl: false,
    // Built assets carry content hashes in their names, so they never change under the same URL;
    // index.html must be revalidated so a deployment reaches users at once.
    setHeaders: (response, path) => {
      response.header('cache-control', path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  const sendIndex = (_request: FastifyRequest, reply: FastifyReply) => reply.sendFile('index.html');
  fastify.get('/', sendIndex);
  fastify.get('/*', (request, reply) => {
    if (request.url === `/${API_PREFIX}` || request.url.startsWith(`/${API_PREFIX}/`)) {
      return reply.callNotFound();
    }
    return sendIndex(request, reply);
  });
}
