import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@karta/db';
import { computeIndicatorWeeks } from '@karta/server-indicators';
import { seedDemoData } from '@karta/server-setup';
import { createTestDatabase, type TestDatabase } from '@karta/testing';
import { roadmapFilePath } from '../../roadmap-files';

jest.setTimeout(180_000);

describe('demo data (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const roadmapYaml = readFileSync(roadmapFilePath('order-76.yaml'), 'utf8');
  // A fixed "now": Wednesday 17 September 2025, 12:00 Moscow.
  const now = new Date('2025-09-17T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url, 'karta-demo-seed-test')).initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('loads organizations, accounts, the order 76 roadmap and tasks in every status; a second run changes nothing', async () => {
    const result = await seedDemoData(dataSource, { roadmapYaml, now });
    expect(result.seeded).toBe(true);
    expect(result.accounts.map((a) => a.email)).toEqual(
      expect.arrayContaining(['controller@karta.test', 'staff@karta.test', 'observer@karta.test', 'coordinator@karta.test', 'head@karta.test', 'coordinator2@karta.test']),
    );
    const [{ organizations, brokenPaths }] = await dataSource.query(
      `SELECT count(*)::int AS organizations,
              count(*) FILTER (WHERE o.path <> coalesce(p.path, '/') || o.id || '/')::int AS "brokenPaths"
       FROM organization o LEFT JOIN organization p ON p.id = o.parent_id`,
    );
    expect(organizations).toBeGreaterThanOrEqual(30);
    expect(brokenPaths).toBe(0);

    const [{ actions }] = await dataSource.query(`SELECT count(*)::int AS actions FROM roadmap_action a JOIN roadmap r ON r.id = a.roadmap_id WHERE r.code = 'ss-uo-76-2025'`);
    expect(actions).toBe(9);
    const statuses = result.tasks?.byStatus ?? {};
    for (const status of ['open', 'in_progress', 'submitted', 'accepted', 'returned']) expect(statuses[status]).toBeGreaterThan(0);
    const [{ overdue, pending, links, returnedWithComment }] = await dataSource.query(
      `SELECT (SELECT count(*) FROM task WHERE status IN ('open', 'in_progress', 'returned') AND due_at < $1)::int AS overdue,
              (SELECT count(*) FROM task_extension_request WHERE status = 'pending')::int AS pending,
              (SELECT count(*) FROM task_evidence WHERE kind = 'link')::int AS links,
              (SELECT count(*) FROM task t JOIN task_event e ON e.task_id = t.id WHERE t.status = 'returned' AND e.body IS NOT NULL)::int AS "returnedWithComment"`,
      [now],
    );
    expect(overdue).toBeGreaterThan(0);
    expect(pending).toBe(1);
    // Every submitted task carries a link (the returned one keeps the link of its first round).
    expect(links).toBeGreaterThanOrEqual(statuses['submitted']);
    expect(returnedWithComment).toBe(1);

    // Weekly numbers up to the last finished week (W37 for a Wednesday of W38), never above their headcounts.
    expect(result.weeklyReports).toMatchObject({ fromWeekStart: '2025-09-01', toWeekStart: '2025-09-08' });
    expect(result.weeklyReports?.rows).toBeGreaterThan(40);
    const [{ aboveCeiling, indicators }] = await dataSource.query(
      `SELECT (SELECT count(*) FROM weekly_report r
               JOIN LATERAL (SELECT max(value) FILTER (WHERE kind = 'staff_stat') AS staff, max(value) FILTER (WHERE kind = 'students_stat') AS students,
                                    max(value) FILTER (WHERE kind = 'actual_headcount_ministry') AS officials
                             FROM organization_headcount h WHERE h.organization_id = r.organization_id) h ON true
               WHERE r.staff_wrote > h.staff OR r.students_active > h.students OR r.parents_active > h.students
                  OR r.sferum_in_max > r.sferum_total OR r.officials_wrote > h.officials)::int AS "aboveCeiling",
              (SELECT count(*) FROM indicator)::int AS indicators`,
    );
    expect(aboveCeiling).toBe(0);
    expect(indicators).toBe(4);

    // The seed command computes the demo weeks right away: every organization an indicator applies to gets its snapshot.
    const weeks = result.weeklyReports as NonNullable<typeof result.weeklyReports>;
    await dataSource.transaction((manager) => computeIndicatorWeeks(manager, { from: weeks.fromWeekStart, to: weeks.toWeekStart, now }));
    const [{ snapshots, evaluated }] = await dataSource.query(
      `SELECT count(*)::int AS snapshots, count(*) FILTER (WHERE status IN ('met', 'not_met'))::int AS evaluated FROM indicator_snapshot`,
    );
    // 2 weeks × (27 educational organizations for staff, students and Sferum + the department with them
    // for officials); the accounting office (kind other) is in none.
    expect(snapshots).toBe(2 * (27 * 3 + 28));
    expect(evaluated).toBeGreaterThan(snapshots / 2);

    const [{ tasks }] = await dataSource.query(`SELECT count(*)::int AS tasks FROM task`);
    expect(await seedDemoData(dataSource, { roadmapYaml, now })).toMatchObject({ seeded: false });
    expect((await dataSource.query(`SELECT count(*)::int AS tasks FROM task`))[0].tasks).toBe(tasks);
  });
});
