import { randomUUID } from 'node:crypto';
import { can, type Permission, ROLES, type Role } from '@karta/domain';
import { makeOrganization, makeUser } from '@karta/testing';
import { startTestApi, type TestApi } from '../../testing/test-api';

/**
 * Who may call what: EVERY operation of the OpenAPI document must be listed here, keyed by
 * `METHOD /path`. A new route that is not in this table fails the suite on purpose, so nobody adds
 * an endpoint without deciding who may call it.
 *
 * - `public`: no sign-in needed.
 * - `signed-in`: any active user (the route acts on the caller only).
 * - a permission: roles without it get 403 before anything is looked up.
 * - `{ roles }`: only these roles (a `@Roles()` route).
 */
type Access = 'public' | 'signed-in' | Permission | { roles: readonly Role[] };

const ROUTES: Readonly<Record<string, Access>> = {
  'POST /api/auth/login': 'public',
  'POST /api/auth/refresh': 'public',
  'GET /api/auth/me': 'signed-in',
  'POST /api/auth/logout': 'signed-in',
  'POST /api/auth/password': 'signed-in',
  'GET /api/health': 'public',
  'GET /api/health/live': 'public',
  'POST /api/system/probes': { roles: ['admin'] },
  'GET /api/system/probes/{id}': { roles: ['admin'] },
  'GET /api/organizations': 'organizations.read',
  'POST /api/organizations': 'organizations.write',
  'GET /api/organizations/tree': 'organizations.read',
  // A blank spreadsheet with headers only: any signed-in user may download it.
  'GET /api/organizations/import/template.xlsx': 'signed-in',
  'POST /api/organizations/import': 'organizations.write',
  'GET /api/organizations/{id}': 'organizations.read',
  'PATCH /api/organizations/{id}': 'organizations.write',
  'GET /api/organizations/{id}/headcounts': 'organizations.read',
  'POST /api/organizations/{id}/headcounts': 'organizations.write',
  'GET /api/users': 'users.read',
  'POST /api/users': 'users.write',
  'GET /api/users/{id}': 'users.read',
  'PATCH /api/users/{id}': 'users.write',
  'POST /api/users/{id}/reset-password': 'users.write',
  'GET /api/roadmaps': 'roadmaps.read',
  'POST /api/roadmaps/import': 'roadmaps.write',
  'GET /api/roadmaps/{id}': 'roadmaps.read',
  'PATCH /api/roadmaps/{id}': 'roadmaps.write',
  'GET /api/tasks': 'tasks.read',
  'GET /api/tasks/mine': 'tasks.read',
  'GET /api/tasks/filter-options': 'tasks.read',
  'GET /api/tasks/{id}': 'tasks.read',
  // The action decides between execute and review; the gate in front of the lookup is tasks.read.
  'POST /api/tasks/{id}/transitions': 'tasks.read',
  'GET /api/tasks/{id}/assignable-users': 'tasks.read',
  'PUT /api/tasks/{id}/assignees': 'tasks.read',
  'POST /api/tasks/{id}/comments': 'tasks.read',
  'POST /api/tasks/{id}/progress-requests': 'tasks.review',
  'POST /api/tasks/{id}/progress-reports': 'tasks.execute',
  'POST /api/tasks/{id}/extension-requests': 'tasks.execute',
  'POST /api/tasks/{id}/extension-requests/{requestId}/decision': 'tasks.review',
  'POST /api/tasks/{id}/evidence/files': 'tasks.execute',
  'POST /api/tasks/{id}/evidence/links': 'tasks.execute',
  'POST /api/tasks/{id}/evidence/texts': 'tasks.execute',
  'DELETE /api/tasks/{id}/evidence/{evidenceId}': 'tasks.execute',
  'GET /api/tasks/{id}/evidence/{evidenceId}/download': 'tasks.read',
  'POST /api/weekly-imports': 'indicators.import',
  'GET /api/weekly-imports': 'indicators.read',
  // The empty sheet to fill in: any signed-in user may download it (as the organizations template).
  'GET /api/weekly-imports/template': 'signed-in',
  'GET /api/weekly-imports/{id}': 'indicators.read',
  'GET /api/weekly-imports/{id}/issues': 'indicators.read',
  // «Повторить»: whoever may upload, within the same scope.
  'POST /api/weekly-imports/{id}/retry': 'indicators.import',
  'GET /api/indicators': 'indicators.read',
  'GET /api/indicators/summary': 'indicators.read',
  'GET /api/indicators/recomputation': 'indicators.read',
  'PUT /api/indicators/{id}/targets': 'indicators.configure',
  'GET /api/indicators/{id}/organizations': 'indicators.read',
  'GET /api/indicators/{id}/series': 'indicators.read',
  'GET /api/indicators/{id}/matrix': 'indicators.read',
  'GET /api/weekly-reports/status': 'indicators.read',
  'GET /api/weekly-reports/{organizationId}/{week}': 'indicators.read',
  'PUT /api/weekly-reports/{organizationId}/{week}': 'indicators.enter',
  'POST /api/weekly-reports/batch': 'indicators.enter',
  'GET /api/audit': 'audit.read',
  // With a type that is not a known object (a random id here) the history needs audit.read.
  'GET /api/audit/entities/{type}/{id}': 'audit.read',
};

/** Served by Swagger itself, outside the document. */
const DOCS_ROUTES = ['/api/docs', '/api/docs-json'];

interface SchemaObject {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  minLength?: number;
  minimum?: number;
  minItems?: number;
  allOf?: SchemaObject[];
  oneOf?: SchemaObject[];
}

interface Operation {
  method: string;
  path: string;
  key: string;
  schema: SchemaObject | undefined;
  multipart: boolean;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: SchemaObject }> } }>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => {
        const content = operation.requestBody?.content ?? {};
        return {
          method: method.toUpperCase(),
          path,
          key: `${method.toUpperCase()} ${path}`,
          schema: content['application/json']?.schema,
          multipart: 'multipart/form-data' in content,
        };
      }),
  );
}

/** The smallest body the schema's required fields allow, so validation does not hide the permission check. */
function minimalValue(schema: SchemaObject | undefined, document: OpenApiDocument, depth = 0): unknown {
  if (!schema || depth > 5) return undefined;
  if (schema.$ref) return minimalValue(document.components?.schemas?.[schema.$ref.split('/').pop() ?? ''], document, depth + 1);
  if (schema.allOf?.length) return minimalValue(schema.allOf[0], document, depth + 1);
  if (schema.oneOf?.length) return minimalValue(schema.oneOf[0], document, depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return false;
    case 'array':
      return schema.minItems ? [minimalValue(schema.items, document, depth + 1)] : [];
    case 'object':
    case undefined: {
      const body: Record<string, unknown> = {};
      for (const name of schema.required ?? []) body[name] = minimalValue(schema.properties?.[name], document, depth + 1);
      return body;
    }
    default:
      switch (schema.format) {
        case 'uuid':
          return randomUUID();
        case 'date':
          return '2026-01-15';
        case 'date-time':
          return '2026-01-15T09:00:00.000Z';
        case 'uri':
        case 'url':
          return 'https://example.org/';
        case 'email':
          return `matrix-${randomUUID().slice(0, 8)}@karta.test`;
        default:
          return 'Проверка доступа'.padEnd(schema.minLength ?? 0, '.');
      }
  }
}

function forbidden(access: Access, role: Role): boolean {
  if (access === 'public' || access === 'signed-in') return false;
  if (typeof access === 'object') return !access.roles.includes(role);
  return !can(role, access);
}

/** Generous: the shared machine can be slow; nothing here measures time. */
jest.setTimeout(120_000);

describe('role matrix: every route × every role (real PostgreSQL and Redis)', () => {
  let api: TestApi;
  let document: OpenApiDocument;
  let operations: Operation[];
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    api = await startTestApi();
    const region = await makeOrganization(api.dataSource, { kind: 'region' });
    const department = await makeOrganization(api.dataSource, { parentId: region.id, kind: 'department' });
    const school = await makeOrganization(api.dataSource, { parentId: department.id });
    const homeOf: Record<Role, string> = {
      admin: region.id,
      controller: department.id,
      department_staff: department.id,
      observer: department.id,
      org_head: school.id,
      org_coordinator: school.id,
    };
    for (const role of ROLES) {
      const user = await makeUser(api.dataSource, { role, organizationId: homeOf[role] });
      tokens.set(role, await api.login(user.email, user.password));
    }
    document = (await api.app.inject({ url: '/api/docs-json' })).json<OpenApiDocument>();
    operations = operationsOf(document);
  });

  afterAll(() => api.close());

  function call(operation: Operation, token: string | undefined) {
    const url = operation.path.replace(/\{[^}]+\}/g, () => randomUUID());
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (operation.method === 'GET' || operation.method === 'DELETE') {
      return api.app.inject({ method: operation.method as 'GET', url, headers });
    }
    if (operation.multipart) {
      const boundary = 'karta-matrix-boundary';
      return api.app.inject({
        method: operation.method as 'POST',
        url,
        headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        // One small file part, so the upload parses and the permission check is what answers.
        payload: [
          `--${boundary}`,
          'Content-Disposition: form-data; name="file"; filename="matrix.csv"',
          'Content-Type: text/csv',
          '',
          'a;b',
          `--${boundary}--`,
          '',
        ].join('\r\n'),
      });
    }
    return api.app.inject({ method: operation.method as 'POST', url, headers, payload: (minimalValue(operation.schema, document) ?? {}) as object });
  }

  it('lists every route of the API document, and nothing that no longer exists', () => {
    const documented = operations.map((operation) => operation.key);
    expect(documented.filter((key) => !(key in ROUTES))).toEqual([]);
    expect(Object.keys(ROUTES).filter((key) => !documented.includes(key))).toEqual([]);
    expect(documented.length).toBeGreaterThan(20);
  });

  it('opens only login, refresh, health and the docs to anonymous callers; everything else answers 401', async () => {
    const problems: string[] = [];
    for (const operation of operations) {
      const response = await call(operation, undefined);
      const access = ROUTES[operation.key];
      if (access === 'public') {
        if (response.statusCode >= 500) problems.push(`${operation.key}: ${response.statusCode}`);
      } else if (response.statusCode !== 401) {
        problems.push(`${operation.key}: ${response.statusCode} instead of 401`);
      }
    }
    expect(problems).toEqual([]);
    expect(Object.entries(ROUTES).filter(([, access]) => access === 'public').map(([key]) => key)).toEqual([
      'POST /api/auth/login',
      'POST /api/auth/refresh',
      'GET /api/health',
      'GET /api/health/live',
    ]);
    for (const url of DOCS_ROUTES) {
      expect((await api.app.inject({ url })).statusCode).toBe(200);
    }
  });

  it.each(ROLES)('%s: 403 exactly where the role lacks the permission, never 401 or 500', async (role) => {
    const token = tokens.get(role);
    const problems: string[] = [];
    for (const operation of operations) {
      const access = ROUTES[operation.key];
      if (access === undefined || access === 'public') continue;
      const response = await call(operation, token);
      const status = response.statusCode;
      if (forbidden(access, role)) {
        if (status !== 403) problems.push(`${operation.key}: ${status} instead of 403`);
      } else if (status === 401 || status === 403 || status >= 500) {
        problems.push(`${operation.key}: ${status} ${response.body.slice(0, 200)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
