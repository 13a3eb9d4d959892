import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { type OrganizationKind, OrganizationEntity, OrganizationHeadcountEntity, UserEntity } from '@karta/db';
import { addDays, type LocalDate, parseLocalDate, type Role, toLocalDate, weekStartOf } from '@karta/domain';
import { PasswordHasher } from '@karta/server-core';
import { commandLineAuditSink } from './roadmaps/audit-sink';
import { parseRoadmapFile } from './roadmaps/roadmap-file';
import { importRoadmap } from './roadmaps/roadmap-import';
import { materializeTasks } from './roadmaps/task-materializer';

/** Demo accounts exist only in demo mode; README lists them. */
export const DEMO_PASSWORD = 'demo-karta-76';

export const DEMO_ACCOUNTS: readonly { email: string; fullName: string; role: Role; organizationCode: string }[] = [
  { email: 'admin@karta.test', fullName: 'Администратор системы', role: 'admin', organizationCode: 'RD' },
  { email: 'controller@karta.test', fullName: 'Кахриманов Р. Т.', role: 'controller', organizationCode: 'RD-SS-UO' },
  { email: 'staff@karta.test', fullName: 'Абдуллаева З. М.', role: 'department_staff', organizationCode: 'RD-SS-UO' },
  { email: 'observer@karta.test', fullName: 'Гасанов М. А.', role: 'observer', organizationCode: 'RD-SS-UO' },
  { email: 'coordinator@karta.test', fullName: 'Рамазанова Л. Ш.', role: 'org_coordinator', organizationCode: 'SS-001' },
  { email: 'head@karta.test', fullName: 'Мирзоев Т. К.', role: 'org_head', organizationCode: 'SS-001' },
  { email: 'coordinator2@karta.test', fullName: 'Селимова А. Р.', role: 'org_coordinator', organizationCode: 'SS-002' },
];

interface DemoOrganization {
  code: string;
  name: string;
  shortName: string;
  kind: OrganizationKind;
  parentCode: string | null;
  /** Staff and students per statistical forms; null for the region and the department. */
  staff?: number;
  students?: number;
}

// Fictional organizations named after real villages of the Suleyman-Stalsky district.
const SCHOOLS: readonly [string, number, number][] = [
  ['Касумкентская СОШ №1', 96, 1120],
  ['Касумкентская СОШ №2', 84, 940],
  ['Герейхановская СОШ №1', 62, 610],
  ['Герейхановская СОШ №2', 48, 430],
  ['Цмурская СОШ', 41, 380],
  ['Кахцугская СОШ', 30, 240],
  ['Ашага-Стальская СОШ', 52, 520],
  ['Хпюкская СОШ', 22, 130],
  ['Сайтаркентская СОШ', 27, 210],
  ['Испикская СОШ', 35, 300],
  ['Юхари-Стальская СОШ', 33, 260],
  ['Эминхюрская СОШ', 38, 350],
  ['Карчагская СОШ', 29, 220],
  ['Новомакинская СОШ', 24, 170],
  ['Куркентская СОШ №1', 58, 590],
  ['Ново-Усугчайская ООШ', 14, 80],
];
const KINDERGARTENS: readonly [string, string, number, number][] = [
  ['Детский сад «Солнышко»', 'с. Касумкент', 28, 160],
  ['Детский сад «Ласточка»', 'с. Касумкент', 24, 140],
  ['Детский сад «Радуга»', 'с. Герейханов', 19, 110],
  ['Детский сад «Сказка»', 'с. Цмур', 12, 65],
  ['Детский сад «Улыбка»', 'с. Ашага-Стал', 14, 80],
  ['Детский сад «Колосок»', 'с. Куркент', 16, 90],
  ['Детский сад «Берёзка»', 'с. Эминхюр', 10, 55],
  ['Детский сад «Теремок»', 'с. Испик', 9, 48],
];
const ADDITIONAL: readonly [string, string, number, number][] = [
  ['Дом детского творчества', 'МКУ ДО «Дом детского творчества» с. Касумкент', 31, 720],
  ['ДЮСШ', 'МКУ ДО «Детско-юношеская спортивная школа» Сулейман-Стальского района', 26, 640],
  ['Центр «Точка роста»', 'МКУ ДО «Центр дополнительного образования «Точка роста» с. Герейханов', 15, 300],
];

function demoOrganizations(): DemoOrganization[] {
  const list: DemoOrganization[] = [
    { code: 'RD', name: 'Министерство образования и науки Республики Дагестан', shortName: 'Минобрнауки РД', kind: 'region', parentCode: null },
    {
      code: 'RD-SS-UO',
      name: 'Отдел образования администрации муниципального района «Сулейман-Стальский район»',
      shortName: 'Отдел образования Сулейман-Стальского района',
      kind: 'department',
      parentCode: 'RD',
    },
  ];
  let n = 0;
  const code = () => `SS-${String(++n).padStart(3, '0')}`;
  for (const [short, staff, students] of SCHOOLS) {
    list.push({ code: code(), name: `МКОУ «${short}»`, shortName: short, kind: 'school', parentCode: 'RD-SS-UO', staff, students });
  }
  for (const [short, village, staff, students] of KINDERGARTENS) {
    list.push({ code: code(), name: `МКДОУ «${short}» ${village}`, shortName: `${short}, ${village}`, kind: 'kindergarten', parentCode: 'RD-SS-UO', staff, students });
  }
  for (const [short, name, staff, students] of ADDITIONAL) {
    list.push({ code: code(), name, shortName: short, kind: 'additional_education', parentCode: 'RD-SS-UO', staff, students });
  }
  list.push({ code: code(), name: 'МКУ «Централизованная бухгалтерия образовательных учреждений»', shortName: 'Централизованная бухгалтерия', kind: 'other', parentCode: 'RD-SS-UO', staff: 12, students: 0 });
  return list;
}

export interface DemoSeedOptions {
  /** Text of the order №76 roadmap file (data/roadmaps/order-76.yaml). */
  roadmapYaml: string;
  /** "Now" for materialization and the status spread; the command passes the real clock. */
  now: Date;
}

export interface DemoSeedResult {
  seeded: boolean;
  accounts: { email: string; role: Role }[];
  organizations?: number;
  tasks?: { created: number; byStatus: Record<string, number> };
  /** Weekly reports loaded, and the weeks they span (the caller computes the indicators for them). */
  weeklyReports?: { rows: number; fromWeekStart: LocalDate; toWeekStart: LocalDate };
}

/** Loads demo data into an empty database; a database with any user is left untouched. */
export async function seedDemoData(dataSource: DataSource, options: DemoSeedOptions): Promise<DemoSeedResult> {
  const parsed = parseRoadmapFile(options.roadmapYaml);
  if (!parsed.ok) throw new Error(`demo roadmap file is invalid: ${JSON.stringify(parsed.errors)}`);
  const passwordHash = await new PasswordHasher().hash(DEMO_PASSWORD);
  return dataSource.transaction(async (manager) => {
    // Serializes concurrent seeders (two `npm start`s on one database).
    await manager.query('SELECT pg_advisory_xact_lock(7600802)');
    const accounts = DEMO_ACCOUNTS.map(({ email, role }) => ({ email, role }));
    if ((await manager.count(UserEntity)) > 0) return { seeded: false, accounts };

    const organizations = demoOrganizations();
    const idByCode = new Map<string, string>();
    const pathByCode = new Map<string, string>();
    for (const { parentCode, staff, students, ...organization } of organizations) {
      const id = randomUUID();
      const path = `${parentCode ? pathByCode.get(parentCode) : '/'}${id}/`;
      await manager.insert(OrganizationEntity, { ...organization, id, path, parentId: parentCode ? idByCode.get(parentCode) : null });
      idByCode.set(organization.code, id);
      pathByCode.set(organization.code, path);
      if (organization.kind === 'department') {
        // The department's own staff: indicator 7 (officials writing) covers it too.
        await manager.insert(OrganizationHeadcountEntity, [{ organizationId: id, kind: 'actual_headcount_ministry', value: 14, effectiveFrom: '2025-09-01' }]);
      }
      if (staff !== undefined && students !== undefined) {
        await manager.insert(OrganizationHeadcountEntity, [
          { organizationId: id, kind: 'staff_stat', value: staff, effectiveFrom: '2025-09-01' },
          { organizationId: id, kind: 'students_stat', value: students, effectiveFrom: '2025-09-01' },
          { organizationId: id, kind: 'actual_headcount_ministry', value: staff + 2, effectiveFrom: '2025-09-01' },
        ]);
      }
    }
    await manager.insert(
      UserEntity,
      DEMO_ACCOUNTS.map(({ organizationCode, ...account }) => ({ ...account, passwordHash, organizationId: idByCode.get(organizationCode) })),
    );

    const imported = await importRoadmap(manager, parsed.file, commandLineAuditSink);
    if (!imported.ok) throw new Error(`demo roadmap could not be imported: ${JSON.stringify(imported.errors)}`);
    const today = toLocalDate(options.now);
    const materialized = await materializeTasks(manager, { today, roadmapId: imported.summary.roadmapId }, commandLineAuditSink);
    await spreadStatuses(manager, options.now);
    const weeklyReports = await seedWeeklyReports(manager, today);
    const byStatus = Object.fromEntries(
      ((await manager.query(`SELECT status, count(*)::int AS n FROM task GROUP BY status ORDER BY status`)) as { status: string; n: number }[]).map((row) => [row.status, row.n]),
    );
    return { seeded: true, accounts, organizations: organizations.length, tasks: { created: materialized.created, byStatus }, weeklyReports };
  });
}

/**
 * Weekly numbers from 1 September 2025 to the last finished week, as if imported: every organization
 * improves week by week at its own pace (some stay below target), a few weeks are missing, and the
 * current week is left for the coordinators to enter. Values never exceed their headcounts.
 */
async function seedWeeklyReports(manager: EntityManager, today: LocalDate): Promise<NonNullable<DemoSeedResult['weeklyReports']>> {
  const fromWeekStart = parseLocalDate('2025-09-01');
  const toWeekStart = addDays(weekStartOf(today), -7);
  const rows: { n: number }[] = await manager.query(
    `WITH weeks AS (
       SELECT w::date AS week_start, (row_number() OVER (ORDER BY w) - 1)::int AS n FROM generate_series($1::date, $2::date, interval '7 days') AS w
     ), orgs AS (
       SELECT o.id, o.code, o.kind,
              max(h.value) FILTER (WHERE h.kind = 'staff_stat') AS staff,
              max(h.value) FILTER (WHERE h.kind = 'students_stat') AS students,
              max(h.value) FILTER (WHERE h.kind = 'actual_headcount_ministry') AS officials,
              (abs(hashtext(o.code)) % 100) / 100.0 AS pace
       FROM organization o JOIN organization_headcount h ON h.organization_id = o.id
       GROUP BY o.id
     ), progress AS (
       SELECT o.*, w.week_start, least(1.0, 0.12 + w.n * (0.004 + 0.03 * o.pace)) AS p,
              (abs(hashtext(o.code || w.week_start::text)) % 100) / 100.0 AS noise
       FROM orgs o CROSS JOIN weeks w
     ), inserted AS (
       INSERT INTO weekly_report (organization_id, week_start, staff_wrote, students_active, parents_active, sferum_in_max, sferum_total, officials_wrote, source, version)
       SELECT id, week_start,
              floor(staff * least(1.0, p * (0.85 + 0.3 * noise)))::int,
              floor(students * least(1.0, p * (0.7 + 0.3 * noise)))::int,
              floor(students * least(1.0, p * (0.5 + 0.3 * noise)))::int,
              floor(floor((coalesce(staff, 0) + coalesce(students, 0) * 1.6 + officials) * 0.9) * least(1.0, 0.55 + p * 0.5))::int,
              floor((coalesce(staff, 0) + coalesce(students, 0) * 1.6 + officials) * 0.9)::int,
              floor(officials * least(1.0, 0.45 + p * (0.5 + 0.1 * noise)))::int,
              'import', 1
       FROM progress
       WHERE noise >= 0.05
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM inserted`,
    [fromWeekStart, toWeekStart],
  );
  return { rows: rows[0]?.n ?? 0, fromWeekStart, toWeekStart };
}

/** Rows of an `UPDATE … RETURNING` (the pg driver answers `[rows, affected]` for updates). */
async function updateReturning<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await manager.query(sql, params);
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

/**
 * Moves demo tasks through the workflow so every screen has something to show: history long past is
 * accepted; the last weeks are a mix of submitted (with a link), accepted, returned, overdue and in
 * progress; SS-001 gets a pending extension request.
 */
async function spreadStatuses(manager: EntityManager, now: Date): Promise<void> {
  const coordinator = await manager.findOneByOrFail(UserEntity, { email: 'coordinator@karta.test' });
  const controller = await manager.findOneByOrFail(UserEntity, { email: 'controller@karta.test' });
  const cutoff = new Date(now.getTime() - 21 * 24 * 3600 * 1000);
  // Long past: accepted, except SS-003 which left its last month undone (overdue).
  await manager.query(
    `UPDATE task t SET status = 'accepted', submitted_at = t.due_at - interval '2 days', accepted_at = t.due_at - interval '1 day', version = t.version + 1
     FROM organization o WHERE o.id = t.organization_id AND t.due_at < $1 AND NOT (o.code = 'SS-003' AND t.due_at > $1::timestamptz - interval '35 days')`,
    [cutoff],
  );
  // Recent periods (due in the last three weeks or up to a week ahead): a deterministic mix.
  const recent = `t.due_at >= $1 AND t.due_at < $2::timestamptz + interval '7 days' AND t.status = 'open'`;
  const bucket = `abs(hashtext(t.id::text)) % 10`;
  await manager.query(
    `UPDATE task t SET status = 'accepted', submitted_at = least(t.due_at, $2) - interval '2 days', accepted_at = least(t.due_at, $2) - interval '1 day', version = t.version + 1
     WHERE ${recent} AND ${bucket} < 3`,
    [cutoff, now],
  );
  const submitted: { id: string }[] = await updateReturning(manager, 
    `UPDATE task t SET status = 'submitted', submitted_at = least(t.due_at, $2) - interval '1 day', version = t.version + 1
     WHERE ${recent} AND ${bucket} IN (3, 4, 5) RETURNING t.id`,
    [cutoff, now],
  );
  await manager.query(`UPDATE task t SET status = 'in_progress', version = t.version + 1 WHERE ${recent} AND ${bucket} = 6`, [cutoff, now]);
  if (submitted.length) {
    await manager.query(
      `INSERT INTO task_evidence (task_id, kind, url, created_by, round)
       SELECT id, 'link', 'https://max.ru/channel/demo-' || left(id::text, 8), $2, 1 FROM unnest($1::uuid[]) AS id`,
      [submitted.map((row) => row.id), coordinator.id],
    );
    await manager.query(
      `INSERT INTO task_event (task_id, kind, author_id, data) SELECT id, 'status_changed', $2, '{"from":"open","to":"submitted"}'::jsonb FROM unnest($1::uuid[]) AS id`,
      [submitted.map((row) => row.id), coordinator.id],
    );
  }
  // SS-001: its latest weekly report was returned with a comment; its monthly channel report awaits a deadline extension.
  const returned: { id: string }[] = await updateReturning(manager, 
    `UPDATE task t SET status = 'returned', submitted_at = t.due_at - interval '1 day', version = t.version + 1
     WHERE t.id = (SELECT t2.id FROM task t2 JOIN organization o ON o.id = t2.organization_id JOIN roadmap_action a ON a.id = t2.action_id
                   WHERE o.code = 'SS-001' AND a.number = 2 AND t2.due_at < $1 ORDER BY t2.due_at DESC LIMIT 1) RETURNING t.id`,
    [now],
  );
  for (const { id } of returned) {
    await manager.query(
      `INSERT INTO task_event (task_id, kind, author_id, body, data) VALUES ($1, 'status_changed', $2, $3, '{"from":"submitted","to":"returned"}'::jsonb)`,
      [id, controller.id, 'Приложите скриншот статистики канала за неделю: по ссылке видно только название канала.'],
    );
  }
  const extension: { id: string; due_at: Date }[] = await updateReturning(manager, 
    `UPDATE task t SET status = 'in_progress', version = t.version + 1
     WHERE t.id = (SELECT t2.id FROM task t2 JOIN organization o ON o.id = t2.organization_id JOIN roadmap_action a ON a.id = t2.action_id
                   WHERE o.code = 'SS-001' AND a.number = 1 AND t2.due_at >= $1 ORDER BY t2.due_at LIMIT 1) RETURNING t.id, t.due_at`,
    [now],
  );
  for (const task of extension) {
    await manager.query(
      `INSERT INTO task_extension_request (task_id, requested_by, reason, requested_due_at) VALUES ($1, $2, $3, $4::timestamptz + interval '10 days')`,
      [task.id, coordinator.id, 'Канал создан, но ссылки на него ещё не размещены на сайте школы: сайт на обслуживании у подрядчика.', task.due_at],
    );
    await manager.query(`INSERT INTO task_event (task_id, kind, author_id, body) VALUES ($1, 'extension_requested', $2, $3)`, [
      task.id,
      coordinator.id,
      'Прошу продлить срок на 10 дней.',
    ]);
  }
}
