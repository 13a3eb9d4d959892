import { Readable } from 'node:stream';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, type OrganizationEntity, type RoadmapEntity, WeeklyImportEntity, WeeklyReportEntity, WeeklyReportRevisionEntity } from '@karta/db';
import type { LocalDate } from '@karta/domain';
import { createTestDatabase, makeOrganization, makeRoadmap, makeRoadmapAction, revisionChanges, type TestDatabase } from '@karta/testing';
import { importWeeklySheet, type WeeklySheetResult } from './apply';

jest.setTimeout(120_000);

const WEEK = '2025-09-08' as LocalDate;
const CURRENT_WEEK = '2025-10-13' as LocalDate;

describe('importWeeklySheet against concurrent writers (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let department: OrganizationEntity;
  let school: OrganizationEntity;
  let roadmap: RoadmapEntity;
  const clients: Client[] = [];

  async function connect(): Promise<Client> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    clients.push(client);
    return client;
  }

  async function importCsv(client: Client, csv: string): Promise<WeeklySheetResult> {
    const row = await dataSource.getRepository(WeeklyImportEntity).save({
      roadmapId: roadmap.id,
      organizationId: department.id,
      createdBy: null,
      fileName: 'race.csv',
      format: 'csv',
      sizeBytes: csv.length,
      sha256: '',
      storageKey: 'race',
    });
    return importWeeklySheet(client, Readable.from([Buffer.from(csv)]), 'csv', {
      importId: row.id,
      roadmapId: roadmap.id,
      scopeOrganizationId: department.id,
      userId: null,
      currentWeek: CURRENT_WEEK,
    });
  }

  /** Resolves once the backend `pid` waits for a lock held by another transaction. */
  async function blocked(observer: Client, pid: number): Promise<void> {
    for (let attempt = 0; attempt < 500; attempt++) {
      const { rows } = await observer.query<{ blocked: boolean }>('SELECT cardinality(pg_blocking_pids($1)) > 0 AS blocked', [pid]);
      if (rows[0].blocked) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`backend ${pid} never waited for a lock`);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url, 'karta-weekly-sheet-test')).initialize();
    department = await makeOrganization(dataSource, { code: 'RC-UO', kind: 'department' });
    school = await makeOrganization(dataSource, { code: 'RC-001', kind: 'school', parentId: department.id });
    roadmap = await makeRoadmap(dataSource, { ownerOrganizationId: department.id });
    await makeRoadmapAction(dataSource, { roadmapId: roadmap.id, resultType: 'indicator', schedule: { kind: 'weekly', startDate: '2025-09-01' } });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end()));
    await dataSource.destroy();
    await database.drop();
  });

  it('a report created by someone else while the import runs is never overwritten: the import fails for a retry, which keeps both', async () => {
    const [importer, writer, observer] = [await connect(), await connect(), await connect()];
    const importerPid = (await importer.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    // Weekly entry saves staff_wrote = 7 for the week the file reports students_active for; not committed yet.
    await writer.query('BEGIN');
    await writer.query(`INSERT INTO weekly_report (organization_id, week_start, staff_wrote, source, version) VALUES ($1, $2, 7, 'entry', 1)`, [school.id, WEEK]);
    const csv = `Код организации;Неделя;Активные обучающиеся\nRC-001;2025-W37;5\n`;
    const racing = importCsv(importer, csv);
    await blocked(observer, importerPid);
    await writer.query('COMMIT');

    await expect(racing).rejects.toThrow();
    const afterRace = await dataSource.getRepository(WeeklyReportEntity).findOneByOrFail({ organizationId: school.id, weekStart: WEEK });
    expect(afterRace).toMatchObject({ staffWrote: 7, studentsActive: null, source: 'entry', version: 1 });

    // The queue's retry sees the saved report: merges into it and records what it changed.
    expect(await importCsv(importer, csv)).toMatchObject({ appliedRows: 1, unchangedRows: 0, rejectedRows: 0 });
    const merged = await dataSource.getRepository(WeeklyReportEntity).findOneByOrFail({ organizationId: school.id, weekStart: WEEK });
    expect(merged).toMatchObject({ staffWrote: 7, studentsActive: 5, source: 'import', version: 2 });
    const revisions = await dataSource.getRepository(WeeklyReportRevisionEntity).findBy({ organizationId: school.id, weekStart: WEEK });
    // staff_wrote (7) did not change: both its sides stay null.
    expect(revisions.map(revisionChanges)).toEqual([{ students_active: [null, 5] }]);
  });
});
