import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { JwtService } from '@nestjs/jwt';
import { AuditLogEntity, UserEntity } from '@karta/db';
import { makeUser, type TestUser } from '@karta/testing';
import { startTestApi, type TestApi } from './testing/test-api';

describe('API foundation (real PostgreSQL and Redis)', () => {
  let api: TestApi;
  let coordinator: TestUser;
  let webRoot: string;

  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'karta-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><html lang="ru"><title>Карта</title></html>');
    writeFileSync(join(webRoot, 'main-ABC123.js'), 'console.log(1)');
    api = await startTestApi({ WEB_ROOT: webRoot });
    coordinator = await makeUser(api.dataSource, { role: 'org_coordinator' });
  });

  afterAll(() => api.close());

  describe('health', () => {
    it('reports PostgreSQL and Redis as up', async () => {
      const response = await api.app.inject({ url: '/api/health' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, redis: { status: 'up' } } });
    });

    it('answers liveness without credentials', async () => {
      const response = await api.app.inject({ url: '/api/health/live' });
      expect(response.json()).toEqual({ status: 'ok' });
    });
  });

  describe('OpenAPI document', () => {
    it('is a valid OpenAPI 3 document describing the routes', async () => {
      const response = await api.app.inject({ url: '/api/docs-json' });
      expect(response.statusCode).toBe(200);
      const document = response.json();
      expect(document.openapi).toMatch(/^3\./);
      await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeTruthy();
      expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/auth/me', '/api/health']));
    });

    it('serves Swagger UI', async () => {
      const response = await api.app.inject({ url: '/api/docs' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
    });
  });

  describe('HTTP hardening', () => {
    it('sends security headers and a request id', async () => {
      const response = await api.app.inject({ url: '/api/health/live' });
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('keeps a well-formed caller request id and replaces a malformed one', async () => {
      const kept = await api.app.inject({ url: '/api/health/live', headers: { 'x-request-id': 'proxy-42' } });
      expect(kept.headers['x-request-id']).toBe('proxy-42');
      const replaced = await api.app.inject({ url: '/api/health/live', headers: { 'x-request-id': 'bad id\u0000' } });
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });

    it('stamps audit entries with the request id and client address of the request that caused them', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-request-id': 'trace-76', 'x-forwarded-for': '203.0.113.7, 10.0.0.1' },
        payload: { email: coordinator.email, password: coordinator.password },
      });
      expect(response.statusCode).toBe(200);
      const entry = await api.dataSource.getRepository(AuditLogEntity).findOneByOrFail({ action: 'auth.login_succeeded', requestId: 'trace-76' });
      expect(entry).toMatchObject({ actorId: coordinator.id, ip: '203.0.113.7' });
    });

    it('does not allow cross-origin calls by default', async () => {
      const response = await api.app.inject({
        method: 'OPTIONS',
        url: '/api/auth/login',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('answers unknown API routes with a JSON 404 in the common error format', async () => {
      const response = await api.app.inject({ url: '/api/no-such-route' });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ statusCode: 404, error: 'Not Found', requestId: expect.any(String) });
    });

    it('rejects malformed JSON with 400', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"email":',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });
  });

  describe('web app', () => {
    it('serves index.html for client routes and hashed assets with long caching', async () => {
      const page = await api.app.inject({ url: '/tasks/123' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('lang="ru"');
      expect(page.headers['cache-control']).toBe('no-cache');
      const asset = await api.app.inject({ url: '/main-ABC123.js' });
      expect(asset.headers['cache-control']).toContain('immutable');
    });
  });

  describe('authentication', () => {
    it('refuses every non-public route without a token', async () => {
      const response = await api.app.inject({ url: '/api/auth/me' });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ statusCode: 401, message: 'Требуется вход в систему' });
    });

    it('signs in case-insensitively and returns the current user', async () => {
      const token = await api.login(coordinator.email.toUpperCase(), coordinator.password);
      const response = await api.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        id: coordinator.id,
        email: coordinator.email,
        fullName: coordinator.fullName,
        role: 'org_coordinator',
        organizationId: coordinator.organizationId,
        mustChangePassword: false,
      });
    });

    it('answers a wrong password and an unknown e-mail alike', async () => {
      const wrong = await api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: coordinator.email, password: 'nope' } });
      const unknown = await api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'ghost@karta.test', password: 'nope' } });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json().message).toBe(unknown.json().message);
    });

    it('rejects unknown body fields instead of applying them', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: coordinator.email, password: coordinator.password, role: 'admin', isAdmin: true },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().fieldErrors).toEqual(
        expect.arrayContaining([
          { field: 'role', messages: ['property role should not exist'] },
          { field: 'isAdmin', messages: ['property isAdmin should not exist'] },
        ]),
      );
    });

    it('refuses forged, expired and malformed tokens', async () => {
      const jwt = new JwtService();
      const forged = await jwt.signAsync({ sub: coordinator.id }, { secret: 'f'.repeat(64), issuer: 'karta', audience: 'karta-api' });
      const expired = await jwt.signAsync(
        { sub: coordinator.id, exp: Math.floor(Date.now() / 1000) - 60 },
        { secret: api.env.JWT_SECRET, issuer: 'karta', audience: 'karta-api' },
      );
      const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: coordinator.id })).toString('base64url')}.`;
      for (const token of [forged, expired, unsigned, 'garbage']) {
        const response = await api.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
        expect(response.statusCode).toBe(401);
      }
    });

    it('stops honouring the tokens of a disabled user at once', async () => {
      const user = await makeUser(api.dataSource);
      const token = await api.login(user.email, user.password);
      await api.dataSource.getRepository(UserEntity).update(user.id, { isActive: false });
      const response = await api.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode).toBe(401);
    });

    it('locks an account after repeated failures, even for the right password', async () => {
      const user = await makeUser(api.dataSource);
      for (let attempt = 0; attempt < 5; attempt++) {
        const response = await api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: 'wrong' } });
        expect(response.statusCode).toBe(401);
      }
      const locked = await api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password } });
      expect(locked.statusCode).toBe(429);
      expect(locked.json().message).toContain('Слишком много попыток входа');
    });

    it('restricts role-guarded routes', async () => {
      const token = await api.login(coordinator.email, coordinator.password);
      const response = await api.app.inject({ method: 'POST', url: '/api/system/probes', headers: { authorization: `Bearer ${token}` }, payload: {} });
      expect(response.statusCode).toBe(403);
    });
  });
});
