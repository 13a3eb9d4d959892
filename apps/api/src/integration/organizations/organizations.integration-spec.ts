import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AuditLogEntity, IndicatorRecomputationEntity, OrganizationEntity, OrganizationHeadcountEntity } from '@karta/db';
import { JobName, JobProducer } from '@karta/jobs';
import { recomputationJobId } from '@karta/server-indicators';
import { makeIndicator, makeOrganization, makeRoadmap, makeUser } from '@karta/testing';
import { startTestApi, type TestApi } from '../../testing/test-api';

jest.setTimeout(120_000);

const HEADER = [
  'Код',
  'Код вышестоящей',
  'Полное наименование',
  'Краткое наименование',
  'Тип',
  'Руководитель',
  'Телефон',
  'E-mail',
  'Адрес',
  'Канал MAX',
  'Работники',
  'Обучающиеся',
  'Фактическая численность',
  'Дата численности',
];

function multipart(file: Buffer, filename: string, contentType: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----karta-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('organizations (real PostgreSQL)', () => {
  let api: TestApi;
  let region: OrganizationEntity;
  let districtA: OrganizationEntity;
  let districtB: OrganizationEntity;
  let schoolA1: OrganizationEntity;
  let schoolA2: OrganizationEntity;
  let schoolB1: OrganizationEntity;
  let controllerA: string;
  let controllerB: string;
  let coordinatorA1: string;
  let admin: string;

  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    api = await startTestApi();
    const ds = api.dataSource;
    region = await makeOrganization(ds, { code: 'T-RD', kind: 'region', shortName: 'Регион' });
    districtA = await makeOrganization(ds, { code: 'T-A', kind: 'department', parentId: region.id, shortName: 'УО района А' });
    districtB = await makeOrganization(ds, { code: 'T-B', kind: 'department', parentId: region.id, shortName: 'УО района Б' });
    schoolA1 = await makeOrganization(ds, { code: 'T-A-001', parentId: districtA.id, shortName: 'СОШ № 1', name: 'МКОУ «Касумкентская СОШ № 1»' });
    schoolA2 = await makeOrganization(ds, { code: 'T-A-002', parentId: districtA.id, kind: 'kindergarten', shortName: 'Детский сад «Солнышко»' });
    schoolB1 = await makeOrganization(ds, { code: 'T-B-001', parentId: districtB.id, shortName: 'СОШ района Б' });
    const users = await Promise.all([
      makeUser(ds, { role: 'controller', organizationId: districtA.id }),
      makeUser(ds, { role: 'controller', organizationId: districtB.id }),
      makeUser(ds, { role: 'org_coordinator', organizationId: schoolA1.id }),
      makeUser(ds, { role: 'admin', organizationId: region.id }),
    ]);
    [controllerA, controllerB, coordinatorA1, admin] = await Promise.all(users.map((user) => api.login(user.email, user.password)));
  });

  afterAll(() => api.close());

  describe('reading within scope', () => {
    it('lists only the controller’s subtree, with filters', async () => {
      const response = await api.app.inject({ url: '/api/organizations', headers: as(controllerA) });
      expect(response.statusCode).toBe(200);
      const codes = response.json().items.map((o: { code: string }) => o.code);
      expect(codes).toEqual(expect.arrayContaining(['T-A', 'T-A-001', 'T-A-002']));
      expect(codes).not.toEqual(expect.arrayContaining(['T-RD']));
      expect(codes.some((code: string) => code.startsWith('T-B'))).toBe(false);

      const kindergartens = await api.app.inject({ url: '/api/organizations?kind=kindergarten', headers: as(controllerA) });
      expect(kindergartens.json().items.map((o: { code: string }) => o.code)).toEqual(['T-A-002']);
      const byName = await api.app.inject({ url: `/api/organizations?q=${encodeURIComponent('касумкент')}`, headers: as(controllerA) });
      expect(byName.json()).toMatchObject({ total: 1, items: [{ code: 'T-A-001' }] });
      const children = await api.app.inject({ url: `/api/organizations?parentId=${districtA.id}&pageSize=1`, headers: as(controllerA) });
      expect(children.json()).toMatchObject({ total: 2, page: 1, pageSize: 1 });
      expect(children.json().items).toHaveLength(1);
    });

    it('answers 404 for an organization of another district and audits the attempt', async () => {
      const response = await api.app.inject({ url: `/api/organizations/${schoolB1.id}`, headers: as(controllerA) });
      expect(response.statusCode).toBe(404);
      const denied = await api.dataSource.getRepository(AuditLogEntity).findOneBy({ action: 'access.denied', entityId: schoolB1.id });
      expect(denied).not.toBeNull();
      expect((await api.app.inject({ url: `/api/organizations/${schoolB1.id}`, headers: as(controllerB) })).statusCode).toBe(200);
    });

    it('shows a coordinator only their own organization and lets them change nothing', async () => {
      const list = await api.app.inject({ url: '/api/organizations', headers: as(coordinatorA1) });
      expect(list.json().items.map((o: { code: string }) => o.code)).toEqual(['T-A-001']);
      expect((await api.app.inject({ url: `/api/organizations/${schoolA2.id}`, headers: as(coordinatorA1) })).statusCode).toBe(404);
      const tree = await api.app.inject({ url: '/api/organizations/tree', headers: as(coordinatorA1) });
      expect(tree.json()).toEqual([expect.objectContaining({ code: 'T-A-001', childCount: 0 })]);
      const patch = await api.app.inject({
        method: 'PATCH',
        url: `/api/organizations/${schoolA1.id}`,
        headers: as(coordinatorA1),
        payload: { shortName: 'Моя школа' },
      });
      expect(patch.statusCode).toBe(403);
    });

    it('returns the visible tree in path order with child counts', async () => {
      const response = await api.app.inject({ url: '/api/organizations/tree', headers: as(controllerA) });
      expect(response.statusCode).toBe(200);
      const nodes = response.json() as { code: string; parentId: string | null; childCount: number }[];
      expect(nodes[0]).toMatchObject({ code: 'T-A', parentId: region.id, childCount: 2 });
      expect(nodes.map((node) => node.code)).toEqual(expect.arrayContaining(['T-A-001', 'T-A-002']));
      expect(nodes.some((node) => node.code.startsWith('T-B'))).toBe(false);
    });
  });

  describe('changes', () => {
    it('creates under a parent in scope, refuses a taken code with a field error and a parent out of scope', async () => {
      const created = await api.app.inject({
        method: 'POST',
        url: '/api/organizations',
        headers: as(controllerA),
        payload: { parentId: districtA.id, code: 'T-A-010', name: 'МКОУ «Новая СОШ»', shortName: 'Новая СОШ', kind: 'school', maxChannelUrl: 'https://max.ru/new' },
      });
      expect(created.statusCode).toBe(201);
      const body = created.json();
      expect(body).toMatchObject({ code: 'T-A-010', parentId: districtA.id, path: `${districtA.path}${body.id}/`, isActive: true });
      const audit = await api.dataSource.getRepository(AuditLogEntity).findOneBy({ action: 'organization.created', entityId: body.id });
      expect(audit?.after).toMatchObject({ code: 'T-A-010', maxChannelUrl: 'https://max.ru/new' });

      const duplicate = await api.app.inject({
        method: 'POST',
        url: '/api/organizations',
        headers: as(controllerA),
        payload: { parentId: districtA.id, code: 'T-A-010', name: 'Другая', shortName: 'Другая', kind: 'school' },
      });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().fieldErrors).toEqual([{ field: 'code', messages: [expect.any(String)] }]);

      const foreign = await api.app.inject({
        method: 'POST',
        url: '/api/organizations',
        headers: as(controllerA),
        payload: { parentId: districtB.id, code: 'T-B-999', name: 'Чужая', shortName: 'Чужая', kind: 'school' },
      });
      expect(foreign.statusCode).toBe(404);
    });

    it('validates the MAX channel link', async () => {
      const response = await api.app.inject({
        method: 'PATCH',
        url: `/api/organizations/${schoolA1.id}`,
        headers: as(controllerA),
        payload: { maxChannelUrl: 'javascript:alert(1)' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().fieldErrors.map((error: { field: string }) => error.field)).toEqual(['maxChannelUrl']);
    });

    it('moves an organization with its whole subtree and refuses a move under its own descendant', async () => {
      const ds = api.dataSource;
      const branch = await makeOrganization(ds, { code: 'T-A-BR', kind: 'other', parentId: districtA.id });
      const leaf = await makeOrganization(ds, { code: 'T-A-BR-1', parentId: branch.id });
      const deeper = await makeOrganization(ds, { code: 'T-A-BR-1-1', parentId: leaf.id });

      const moved = await api.app.inject({
        method: 'PATCH',
        url: `/api/organizations/${branch.id}`,
        headers: as(controllerA),
        payload: { parentId: schoolA2.id },
      });
      expect(moved.statusCode).toBe(200);
      const repository = ds.getRepository(OrganizationEntity);
      const newBranchPath = `${schoolA2.path}${branch.id}/`;
      expect((await repository.findOneByOrFail({ id: branch.id })).path).toBe(newBranchPath);
      expect((await repository.findOneByOrFail({ id: leaf.id })).path).toBe(`${newBranchPath}${leaf.id}/`);
      expect((await repository.findOneByOrFail({ id: deeper.id })).path).toBe(`${newBranchPath}${leaf.id}/${deeper.id}/`);
      const audit = await ds.getRepository(AuditLogEntity).findOneBy({ action: 'organization.updated', entityId: branch.id });
      expect(audit).toMatchObject({ before: { parentId: districtA.id, path: branch.path }, after: { parentId: schoolA2.id, path: newBranchPath } });

      const cycle = await api.app.inject({
        method: 'PATCH',
        url: `/api/organizations/${branch.id}`,
        headers: as(controllerA),
        payload: { parentId: deeper.id },
      });
      expect(cycle.statusCode).toBe(400);
      expect((await repository.findOneByOrFail({ id: branch.id })).path).toBe(newBranchPath);

      const outOfScope = await api.app.inject({
        method: 'PATCH',
        url: `/api/organizations/${branch.id}`,
        headers: as(controllerA),
        payload: { parentId: districtB.id },
      });
      expect(outOfScope.statusCode).toBe(404);
    });

    it('deactivates instead of deleting', async () => {
      const school = await makeOrganization(api.dataSource, { code: 'T-A-OFF', parentId: districtA.id });
      const response = await api.app.inject({
        method: 'PATCH',
        url: `/api/organizations/${school.id}`,
        headers: as(controllerA),
        payload: { isActive: false },
      });
      expect(response.json()).toMatchObject({ isActive: false });
      const active = await api.app.inject({ url: '/api/organizations?q=T-A-OFF', headers: as(controllerA) });
      expect(active.json().total).toBe(0);
      const all = await api.app.inject({ url: '/api/organizations?q=T-A-OFF&includeInactive=true', headers: as(controllerA) });
      expect(all.json().total).toBe(1);
      const audit = await api.dataSource.getRepository(AuditLogEntity).findOneBy({ action: 'organization.deactivated', entityId: school.id });
      expect(audit).toMatchObject({ before: { isActive: true }, after: { isActive: false } });
      const deleted = await api.app.inject({ method: 'DELETE', url: `/api/organizations/${school.id}`, headers: as(controllerA) });
      expect(deleted.statusCode).toBe(404);
    });
  });

  describe('headcounts', () => {
    it('keeps a history with effective dates and shows the value in force', async () => {
      const post = (payload: object) =>
        api.app.inject({ method: 'POST', url: `/api/organizations/${schoolA1.id}/headcounts`, headers: as(controllerA), payload });
      expect((await post({ kind: 'students_stat', value: 300, effectiveFrom: '2024-09-01' })).statusCode).toBe(201);
      expect((await post({ kind: 'students_stat', value: 320, effectiveFrom: '2025-09-01' })).statusCode).toBe(201);
      // The same date again replaces the value.
      expect((await post({ kind: 'students_stat', value: 325, effectiveFrom: '2025-09-01' })).json()).toMatchObject({ value: 325 });
      expect((await post({ kind: 'students_stat', value: 999, effectiveFrom: '2999-01-01' })).statusCode).toBe(201);
      expect((await post({ kind: 'staff_stat', value: -1, effectiveFrom: '2025-09-01' })).statusCode).toBe(400);
      expect((await post({ kind: 'staff_stat', value: 1.5, effectiveFrom: '2025-02-30' })).json().fieldErrors.map((e: { field: string }) => e.field)).toEqual([
        'value',
        'effectiveFrom',
      ]);

      const history = await api.app.inject({ url: `/api/organizations/${schoolA1.id}/headcounts`, headers: as(controllerA) });
      expect(history.json().map((row: { value: number; effectiveFrom: string }) => [row.effectiveFrom, row.value])).toEqual([
        ['2999-01-01', 999],
        ['2025-09-01', 325],
        ['2024-09-01', 300],
      ]);
      const card = await api.app.inject({ url: `/api/organizations/${schoolA1.id}`, headers: as(coordinatorA1) });
      expect(card.json().headcounts).toEqual({ staff_stat: null, students_stat: 325, actual_headcount_ministry: null });
      const audits = await api.dataSource.getRepository(AuditLogEntity).findBy({ action: 'organization.headcount_set', entityId: schoolA1.id });
      expect(audits.map((audit) => [audit.before?.['value'] ?? null, audit.after?.['value']])).toEqual(
        expect.arrayContaining([
          [null, 320],
          [320, 325],
        ]),
      );
      const foreign = await api.app.inject({ url: `/api/organizations/${schoolA1.id}/headcounts`, headers: as(controllerB) });
      expect(foreign.statusCode).toBe(404);
    });

    it('has the stored weeks of the district’s roadmaps computed again from the new value’s week, and again after a kind change', async () => {
      const ds = api.dataSource;
      const roadmap = await makeRoadmap(ds, { ownerOrganizationId: districtA.id, orderDate: '2025-08-01' });
      await makeIndicator(ds, { roadmapId: roadmap.id, organizationKinds: ['school', 'kindergarten'] });
      const recomputations = () => ds.getRepository(IndicatorRecomputationEntity).find({ where: { roadmapId: roadmap.id }, order: { createdAt: 'ASC' } });
      const post = (payload: object) => api.app.inject({ method: 'POST', url: `/api/organizations/${schoolA2.id}/headcounts`, headers: as(controllerA), payload });

      // Wednesday 12 November 2025: its week's Monday on; a second change before the worker starts joins the same pass.
      expect((await post({ kind: 'staff_stat', value: 12, effectiveFrom: '2025-11-12' })).statusCode).toBe(201);
      expect(await recomputations()).toMatchObject([{ reason: 'headcounts', fromWeek: '2025-11-10', status: 'queued' }]);
      expect((await post({ kind: 'staff_stat', value: 11, effectiveFrom: '2025-10-01' })).statusCode).toBe(201);
      const [pass] = await recomputations();
      expect(pass).toMatchObject({ fromWeek: '2025-09-29' });
      const queue = api.app.get(JobProducer).queue(JobName.IndicatorsRecompute);
      expect(await queue.getJob(recomputationJobId(pass.id))).toBeTruthy();
      // The same value again changes nothing.
      await ds.getRepository(IndicatorRecomputationEntity).update({ id: pass.id }, { status: 'done' });
      expect((await post({ kind: 'staff_stat', value: 11, effectiveFrom: '2025-10-01' })).statusCode).toBe(201);
      expect(await recomputations()).toHaveLength(1);

      // A kindergarten becoming a school changes its targets: every week from the roadmap's first.
      const patch = await api.app.inject({ method: 'PATCH', url: `/api/organizations/${schoolA2.id}`, headers: as(controllerA), payload: { kind: 'school' } });
      expect(patch.statusCode).toBe(200);
      expect((await recomputations())[1]).toMatchObject({ reason: 'scope', fromWeek: '2025-07-28', status: 'queued' });
      await api.app.inject({ method: 'PATCH', url: `/api/organizations/${schoolA2.id}`, headers: as(controllerA), payload: { kind: 'kindergarten' } });
    });
  });

  describe('import', () => {
    const upload = (token: string, file: Buffer, filename: string, type: string, dryRun = false) => {
      const { payload, headers } = multipart(file, filename, type);
      return api.app.inject({
        method: 'POST',
        url: `/api/organizations/import${dryRun ? '?dryRun=true' : ''}`,
        headers: { ...headers, ...as(token) },
        payload,
      });
    };
    const countOrganizations = () => api.dataSource.getRepository(OrganizationEntity).count();
    const countHeadcounts = () => api.dataSource.getRepository(OrganizationHeadcountEntity).count();

    async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Организации');
      sheet.addRow(HEADER);
      rows.forEach((row) => sheet.addRow(row));
      return Buffer.from(await workbook.xlsx.writeBuffer());
    }
    const csv = (rows: string[][], separator: string) =>
      [HEADER, ...rows].map((row) => row.map((cell) => (cell.includes(separator) || cell.includes('"') ? `"${cell.replace(/"/g, '""')}"` : cell)).join(separator)).join('\r\n');

    it('serves the template', async () => {
      const response = await api.app.inject({ url: '/api/organizations/import/template.xlsx', headers: as(controllerA) });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      expect((workbook.worksheets[0].getRow(1).values as string[]).slice(1)).toEqual(HEADER);
    });

    it('imports an XLSX with parents from the same file, then finds nothing to change on re-import', async () => {
      const file = await xlsx([
        ['X-DEP', 'T-A', 'Отдел дополнительного образования', 'Отдел ДО', 'Иная организация', '', '', '', '', '', '', '', '', ''],
        ['X-001', 'X-DEP', 'МКУ ДО «Дом детского творчества»', 'ДДТ', 'удо', 'Алиева А. А.', '+7 900 1', 'ddt@example.ru', 'с. Касумкент', 'https://max.ru/ddt', 12, 240, '', '01.09.2025'],
        ['T-A-001', 'T-A', 'МКОУ «Касумкентская СОШ № 1»', 'СОШ № 1', 'Общеобразовательная организация', 'Гасанов Г. Г.', '', '', '', '', '', '', '', ''],
      ]);
      const queue = api.app.get(JobProducer).queue(JobName.TasksMaterialize);
      const materializations = async () => (await queue.getJobs(['waiting', 'delayed', 'active'])).filter((job) => job.name === JobName.TasksMaterialize).length;
      await queue.drain(true);
      const before = await countOrganizations();
      const dry = await upload(controllerA, file, 'org.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', true);
      expect(dry.statusCode).toBe(200);
      expect(dry.json()).toEqual({ dryRun: true, rows: 3, created: 2, updated: 1, unchanged: 0, errors: [] });
      expect(await countOrganizations()).toBe(before);
      expect(await materializations()).toBe(0);

      const real = await upload(controllerA, file, 'org.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(real.statusCode).toBe(200);
      expect(real.json()).toMatchObject({ dryRun: false, rows: 3, created: 2, updated: 1, unchanged: 0 });
      // New organizations may owe tasks: one materialization run is queued for the worker.
      expect(await materializations()).toBe(1);
      const repository = api.dataSource.getRepository(OrganizationEntity);
      const department = await repository.findOneByOrFail({ code: 'X-DEP' });
      const ddt = await repository.findOneByOrFail({ code: 'X-001' });
      expect(department.path).toBe(`${districtA.path}${department.id}/`);
      expect(ddt).toMatchObject({ parentId: department.id, path: `${department.path}${ddt.id}/`, kind: 'additional_education', maxChannelUrl: 'https://max.ru/ddt' });
      expect((await repository.findOneByOrFail({ id: schoolA1.id })).headName).toBe('Гасанов Г. Г.');
      const headcounts = await api.dataSource.getRepository(OrganizationHeadcountEntity).findBy({ organizationId: ddt.id });
      expect(headcounts.map((h) => [h.kind, h.value, h.effectiveFrom]).sort()).toEqual([
        ['staff_stat', 12, '2025-09-01'],
        ['students_stat', 240, '2025-09-01'],
      ]);

      const again = await upload(controllerA, file, 'org.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(again.json()).toMatchObject({ rows: 3, created: 0, updated: 0, unchanged: 3, errors: [] });
    });

    it('reads CSV in UTF-8 with BOM separated by semicolons', async () => {
      const text = csv([['X-101', 'T-A', 'МКДОУ «Детский сад № 1; «Ромашка»»', 'Ромашка', 'Дошкольная образовательная организация', '', '', '', '', '', '15', '', '', '2025-09-01']], ';');
      const response = await upload(controllerA, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'org.csv', 'text/csv');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ created: 1 });
      const kindergarten = await api.dataSource.getRepository(OrganizationEntity).findOneByOrFail({ code: 'X-101' });
      expect(kindergarten).toMatchObject({ name: 'МКДОУ «Детский сад № 1; «Ромашка»»', kind: 'kindergarten' });
    });

    it('reads CSV in Windows-1251 separated by commas', async () => {
      const text = csv([['X-201', 'T-A', 'МКОУ «Ашагастальская СОШ»', 'Ашагастальская СОШ', 'школа', 'Ибрагимова З. М.', '', '', '', '', '', '', '', '']], ',');
      const response = await upload(controllerA, iconv.encode(text, 'win1251'), 'org.csv', 'text/csv');
      expect(response.statusCode).toBe(200);
      const school = await api.dataSource.getRepository(OrganizationEntity).findOneByOrFail({ code: 'X-201' });
      expect(school).toMatchObject({ name: 'МКОУ «Ашагастальская СОШ»', headName: 'Ибрагимова З. М.' });
    });

    it('writes nothing when any row is wrong and reports row and column', async () => {
      const organizations = await countOrganizations();
      const headcounts = await countHeadcounts();
      const file = await xlsx([
        ['X-301', 'T-A', 'Хорошая школа', 'Хорошая', 'школа', '', '', '', '', '', 10, '', '', '01.09.2025'],
        ['X-302', 'T-B', 'Школа чужого района', 'Чужая', 'школа', '', '', '', '', '', '', '', '', ''],
        ['X-303', 'T-A', 'Школа с ошибками', 'Ошибки', 'завод', '', '', 'not-an-email', '', '', 'много', '', '', ''],
      ]);
      const response = await upload(controllerA, file, 'org.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(response.statusCode).toBe(400);
      const report = response.json().report;
      expect(report).toMatchObject({ rows: 3, created: 0, updated: 0, unchanged: 0 });
      expect(report.errors.map((error: { row: number; column: string }) => [error.row, error.column])).toEqual([
        [3, 'Код вышестоящей'],
        [4, 'Тип'],
        [4, 'E-mail'],
        [4, 'Работники'],
      ]);
      expect(await countOrganizations()).toBe(organizations);
      expect(await countHeadcounts()).toBe(headcounts);
    });

    it('refuses an unparseable file with 400 and writes nothing', async () => {
      const organizations = await countOrganizations();
      const png = Buffer.from('89504e470d0a1a0a0000000d494844520000000100000001', 'hex');
      const response = await upload(controllerA, png, 'org.xlsx', 'application/octet-stream');
      expect(response.statusCode).toBe(400);
      expect(response.json().report.errors).toEqual([{ row: 0, column: '', message: expect.any(String) }]);
      const garbage = await upload(controllerA, Buffer.from('это просто текст без таблицы'), 'org.csv', 'text/csv');
      expect(garbage.statusCode).toBe(400);
      expect(await countOrganizations()).toBe(organizations);
    });

    it('is closed to roles without organizations.write', async () => {
      const file = await xlsx([['X-401', 'T-A-001', 'Филиал', 'Филиал', 'школа', '', '', '', '', '', '', '', '', '']]);
      const response = await upload(coordinatorA1, file, 'org.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(response.statusCode).toBe(403);
      const adminUpload = await upload(admin, file, 'org.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', true);
      expect(adminUpload.json()).toMatchObject({ created: 1, errors: [] });
    });
  });
});
