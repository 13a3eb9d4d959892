import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';
import type { FieldError, MeasureValuesDto, ReportingMatrixDto, SaveWeeklyReportsBatchResponse, WeeklyReportDto, WeeklyReportRevisionDto } from '@karta/contracts';
import { IndicatorEntity, MEASURE_COLUMNS, OrganizationEntity, revisionColumns, type WeeklyReportSource } from '@karta/db';
import {
  addDays,
  can,
  checkWeeklyValues,
  type DenominatorSource,
  type LocalDate,
  type Measure,
  type MeasureLimit,
  MEASURES,
  type MeasureValues,
  scopeKindOf,
  type WeekHeadcounts,
} from '@karta/domain';
import { type AuthUser, RequestValidationException } from '@karta/api-core';
import { indicatorsComputeJobOptions, JobName, JobRequests } from '@karta/jobs';
import { AuditLog } from '@karta/server-core';
import { Clock } from '@karta/server-setup';
import type { ReportingStatusQueryDto, SaveWeeklyReportDto, SaveWeeklyReportsBatchDto } from './dto/weekly-reports.dto';
import { IndicatorsAccess, organizationRef, roadmapStartWeek } from './indicators.access';
import { organizationPageSql, type OrganizationRow } from './indicators.sql';
import { currentWeekStart, fieldError, weekKeyOf, weekRange, weekRef, weekStartOfKey } from './indicators.weeks';

/** What a measure's ceiling is called in a message: «Не больше численности работников … (40)». */
const LIMIT_LABELS: Readonly<Record<MeasureLimit, string>> = {
  staff_stat: 'численности работников по формам статнаблюдения',
  students_stat: 'численности обучающихся по формам статнаблюдения',
  actual_headcount_ministry: 'фактической численности по данным Минпросвещения',
  sferum_total: 'числа всех пользователей «Сферума» организации',
};

export const STALE_REPORT_MESSAGE = 'Данные за эту неделю уже изменил другой пользователь. Обновите страницу и повторите';
const DEFAULT_STATUS_WEEKS = 12;

interface ReportRow extends Record<Measure, number | null> {
  source: WeeklyReportSource;
  updated_by: string | null;
  updated_by_name: string | null;
  updated_at: Date;
  version: number;
}

interface ApplicableIndicator {
  id: string;
  code: string;
  name: string;
  numerator_measures: Measure[];
  denominator_source: DenominatorSource;
  order_date: string;
  target: string | null;
}

/** The measures an indicator needs reported: its numerator, and Sferum's total where that is the denominator. */
function measuresNeeded(indicator: { numeratorMeasures: readonly Measure[]; denominatorSource: DenominatorSource }): Measure[] {
  return indicator.denominatorSource === 'sferum_users_total' ? [...indicator.numeratorMeasures, 'sferum_total'] : [...indicator.numeratorMeasures];
}

function valuesOf(row: ReportRow | undefined): MeasureValuesDto {
  return Object.fromEntries(MEASURES.map((measure) => [measure, row ? row[measure] : null])) as MeasureValuesDto;
}

const MEASURE_LIST = MEASURES.map((measure) => MEASURE_COLUMNS[measure]).join(', ');
const REVISION_COLUMN_LIST = MEASURES.flatMap(revisionColumns).join(', ');
/**
 * A revision's `{ measure: [before, after] }` of the measures that changed, built as jsonb so that the
 * history reads as before the columns replaced the stored jsonb, key order included.
 */
const REVISION_CHANGES = `jsonb_strip_nulls(jsonb_build_object(${MEASURES.map((measure) => {
  const [before, after] = revisionColumns(measure).map((column) => `r.${column}`);
  return `'${measure}', CASE WHEN ${before} IS DISTINCT FROM ${after} THEN jsonb_build_array(${before}, ${after}) END`;
}).join(', ')}))`;

const NO_HEADCOUNTS: WeekHeadcounts = { staffStat: null, studentsStat: null, actualHeadcountMinistry: null };
const HEADCOUNT_FIELDS: Readonly<Record<string, keyof WeekHeadcounts>> = {
  staff_stat: 'staffStat',
  students_stat: 'studentsStat',
  actual_headcount_ministry: 'actualHeadcountMinistry',
};

interface ReportKey {
  organizationId: string;
  weekStart: LocalDate;
}

const keyOf = (key: ReportKey) => `${key.organizationId}/${key.weekStart}`;

/** A report as it will be stored: what was there, the merge, and the measures that changed. */
interface ReportPlan extends ReportKey {
  exists: boolean;
  before: MeasureValuesDto;
  merged: MeasureValuesDto;
  changed: Measure[];
}

/**
 * Merges `values` (omitted = unchanged, null = clear) into the stored report and checks the result
 * against its ceilings (`checkWeeklyValues`), the issues as field errors on `<prefix>values.<measure>`
 * naming the ceiling.
 */
function planReport(key: ReportKey, current: ReportRow | undefined, values: MeasureValues, headcounts: WeekHeadcounts, prefix: string): { plan: ReportPlan; errors: FieldError[] } {
  const before = valuesOf(current);
  const merged: MeasureValuesDto = { ...before };
  const changed = MEASURES.filter((measure) => values[measure] !== undefined && values[measure] !== before[measure]);
  for (const measure of changed) merged[measure] = values[measure] ?? null;
  const errors = checkWeeklyValues(merged, headcounts).map(
    (issue): FieldError => ({
      field: `${prefix}values.${issue.measure}`,
      messages: [issue.limit ? `Не больше ${LIMIT_LABELS[issue.limit.source]} (${issue.limit.value})` : 'Целое неотрицательное число'],
    }),
  );
  return { plan: { ...key, exists: current !== undefined, before, merged, changed }, errors };
}

/** The first week an organization may report: the earliest start of the roadmaps whose indicators apply to it. */
function entryStart(indicators: ApplicableIndicator[]): LocalDate | null {
  return indicators.length ? indicators.map((indicator) => roadmapStartWeek({ orderDate: indicator.order_date })).reduce((a, b) => (a < b ? a : b)) : null;
}

@Injectable()
export class WeeklyReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: IndicatorsAccess,
    private readonly audit: AuditLog,
    private readonly jobRequests: JobRequests,
    private readonly clock: Clock,
  ) {}

  async get(user: AuthUser, organizationId: string, week: string): Promise<WeeklyReportDto> {
    this.access.control.requirePermission(user, 'indicators.read');
    const organization = await this.access.organization(user, organizationId);
    const weekStart = weekStartOfKey(week, 'week');
    const key: ReportKey = { organizationId: organization.id, weekStart };
    const [reports, headcounts, indicators, history] = await Promise.all([
      this.reportsOf(this.dataSource.manager, [key]),
      this.headcountsOf([key]),
      this.applicableIndicators(organization, weekStart),
      this.history(organization.id, weekStart),
    ]);
    const report = reports.get(keyOf(key));
    return {
      organization: organizationRef(organization),
      ...weekRef(weekStart),
      values: valuesOf(report),
      source: report?.source ?? null,
      updatedAt: report?.updated_at.toISOString() ?? null,
      updatedBy: report?.updated_by ? { id: report.updated_by, fullName: report.updated_by_name ?? '' } : null,
      version: report?.version ?? 0,
      headcounts: headcounts.get(keyOf(key)) ?? NO_HEADCOUNTS,
      editable: this.entryRefusal(user, weekStart, entryStart(indicators)) === null,
      indicators: indicators.map((indicator) => ({
        id: indicator.id,
        code: indicator.code,
        name: indicator.name,
        numeratorMeasures: indicator.numerator_measures,
        denominatorSource: indicator.denominator_source,
        target: indicator.target === null ? null : Number(indicator.target),
      })),
      history,
    };
  }

  /**
   * Saves the changed measures of one organization's week (source `entry`): optimistic version, ceilings
   * on the report as it will be stored, one revision with what changed, audited, and the week's
   * computation requested (`JobRequests`), one transaction; then the request is relayed to the queue —
   * without waiting for a Redis that is down, which gets it once back. Nothing changed = nothing
   * written, version unchanged.
   */
  async save(user: AuthUser, organizationId: string, week: string, dto: SaveWeeklyReportDto): Promise<WeeklyReportDto> {
    this.access.control.requirePermission(user, 'indicators.enter');
    const organization = await this.access.organization(user, organizationId);
    const key: ReportKey = { organizationId: organization.id, weekStart: weekStartOfKey(week, 'week') };
    const [headcounts, indicators] = await Promise.all([this.headcountsOf([key]), this.applicableIndicators(organization, key.weekStart)]);
    const refusal = this.entryRefusal(user, key.weekStart, entryStart(indicators));
    if (refusal) throw refusal;

    const requests = await this.dataSource.transaction(async (manager) => {
      const current = (await this.reportsOf(manager, [key], true)).get(keyOf(key));
      if ((current?.version ?? 0) !== dto.version) throw new ConflictException(STALE_REPORT_MESSAGE);
      const { plan, errors } = planReport(key, current, dto.values, headcounts.get(keyOf(key)) ?? NO_HEADCOUNTS, '');
      if (errors.length) throw new RequestValidationException(errors);
      if (!plan.changed.length) return [];
      await this.writeReports(manager, user, 'entry', [plan]);
      return this.requestComputations(manager, [key.weekStart]);
    });
    await this.jobRequests.relay(requests);
    return this.get(user, organization.id, week);
  }

  /**
   * Integrations (source `api`): many organizations and weeks at once, every row under the rules of
   * `save` (scope, weeks, ceilings, optional version). All or nothing: any bad row answers 400 with
   * field errors `reports.<index>.<field>`. Loads and writes are set-based, a handful of statements.
   */
  async batch(user: AuthUser, dto: SaveWeeklyReportsBatchDto): Promise<SaveWeeklyReportsBatchResponse> {
    this.access.control.requirePermission(user, 'indicators.enter');
    const errors: FieldError[] = [];
    const fail = (index: number, field: string, message: string) => errors.push({ field: `reports.${index}.${field}`, messages: [message] });
    const ids = [...new Set(dto.reports.map((row) => row.organizationId))];
    const [organizations, starts] = await Promise.all([this.dataSource.getRepository(OrganizationEntity).findBy({ id: In(ids) }), this.entryStarts(ids)]);
    const organizationOf = new Map(organizations.filter((organization) => this.access.control.isInScope(user, organization)).map((o) => [o.id, o]));
    // Another organization's row reads as unknown, and the attempt is audited as everywhere else.
    await this.audit.record(
      organizations
        .filter((organization) => !organizationOf.has(organization.id))
        .map((organization) => ({ action: 'access.denied', actorId: user.id, entityType: 'organization', entityId: organization.id, organizationId: organization.id })),
    );
    const rows: { index: number; key: ReportKey; values: MeasureValues; version?: number }[] = [];
    const seen = new Set<string>();
    dto.reports.forEach((row, index) => {
      if (!organizationOf.has(row.organizationId)) return void fail(index, 'organizationId', 'Организация не найдена');
      const key: ReportKey = { organizationId: row.organizationId, weekStart: weekStartOfKey(row.week, `reports.${index}.week`) };
      if (seen.has(keyOf(key))) return void fail(index, 'week', 'Эта организация и неделя уже есть в пакете');
      seen.add(keyOf(key));
      const refusal = this.entryRefusal(user, key.weekStart, starts.get(row.organizationId) ?? null);
      if (refusal) return void fail(index, 'week', refusal instanceof RequestValidationException ? refusal.fieldErrors[0].messages[0] : refusal.message);
      rows.push({ index, key, values: row.values, version: row.version });
    });
    if (errors.length) throw new RequestValidationException(errors);

    const keys = rows.map((row) => row.key);
    const headcounts = await this.headcountsOf(keys);
    const plans = await this.dataSource.transaction(async (manager) => {
      const current = await this.reportsOf(manager, keys, true);
      const planned = rows.map((row) => {
        const stored = current.get(keyOf(row.key));
        if (row.version !== undefined && row.version !== (stored?.version ?? 0)) fail(row.index, 'version', STALE_REPORT_MESSAGE);
        const result = planReport(row.key, stored, row.values, headcounts.get(keyOf(row.key)) ?? NO_HEADCOUNTS, `reports.${row.index}.`);
        errors.push(...result.errors);
        return result.plan;
      });
      if (errors.length) throw new RequestValidationException(errors);
      const changed = planned.filter((plan) => plan.changed.length);
      if (changed.length) await this.writeReports(manager, user, 'api', changed);
      return { changed, requests: await this.requestComputations(manager, changed.map((plan) => plan.weekStart)) };
    });
    await this.jobRequests.relay(plans.requests);
    return { applied: plans.changed.length, unchanged: rows.length - plans.changed.length };
  }

  /** In the saving transaction: one computation request per changed week, relayed after the commit. */
  private async requestComputations(manager: EntityManager, weekStarts: readonly LocalDate[]): Promise<string[]> {
    const requests: string[] = [];
    for (const weekStart of new Set(weekStarts)) {
      requests.push(await this.jobRequests.record(manager, JobName.IndicatorsCompute, { weekStart }, indicatorsComputeJobOptions(weekStart)));
    }
    return requests;
  }

  /** Which organizations of the subtree reported which weeks, and whether completely for their indicators. */
  async status(user: AuthUser, query: ReportingStatusQueryDto): Promise<ReportingMatrixDto> {
    this.access.control.requirePermission(user, 'indicators.read');
    const weeks = weekRange(query, this.clock.now(), DEFAULT_STATUS_WEEKS);
    const roadmap = await this.access.roadmap(user, query.roadmapId);
    const root = await this.access.organization(user, query.organizationId);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 200;
    const indicators = await this.dataSource.getRepository(IndicatorEntity).findBy({ roadmapId: roadmap.id });
    const neededByKind = new Map<string, Set<Measure>>();
    for (const indicator of indicators) {
      for (const kind of indicator.organizationKinds) {
        const needed = neededByKind.get(kind) ?? new Set<Measure>();
        measuresNeeded(indicator).forEach((measure) => needed.add(measure));
        neededByKind.set(kind, needed);
      }
    }
    const filterSpec = { root, owner: roadmap.ownerOrganization, kinds: [...neededByKind.keys()] };
    const filter = this.access.organizationsFilter(user, filterSpec, 3);
    const sql = organizationPageSql(filter.clause, pageSize, (page - 1) * pageSize, {
      columns: 'cells.reports',
      lateral: `SELECT json_agg(json_build_array((r.week_start - $1::date) / 7, r.source, r.updated_at, ${MEASURES.map((measure) => `r.${MEASURE_COLUMNS[measure]} IS NOT NULL`).join(', ')})) AS reports
                FROM weekly_report r WHERE r.organization_id = page.id AND r.week_start BETWEEN $1::date AND $2::date`,
    });
    const rows: (OrganizationRow & { reports: [number, WeeklyReportSource, string, ...boolean[]][] | null })[] = await this.dataSource.query(sql, [
      weeks[0],
      weeks[weeks.length - 1],
      ...filter.params,
    ]);
    const total = rows.length ? Number(rows[0].total) : await this.access.countOrganizations(user, filterSpec, page);
    return {
      weeks: weeks.map(weekRef),
      rows: rows.map((row) => {
        const needed = [...(neededByKind.get(row.kind) ?? [])];
        const cells: ReportingMatrixDto['rows'][number]['cells'] = weeks.map(() => null);
        for (const [offset, source, updatedAt, ...present] of row.reports ?? []) {
          cells[offset] = { source, complete: needed.every((measure) => present[MEASURES.indexOf(measure)]), updatedAt: new Date(updatedAt).toISOString() };
        }
        return { organization: organizationRef({ id: row.id, code: row.code, shortName: row.short_name, kind: row.kind }), cells };
      }),
      total,
      page,
      pageSize,
    };
  }

  /**
   * Why the caller may not enter numbers for this week (null = may). Organization roles: their own
   * organization (the scope check), the current or the last week only — 403 otherwise. Department staff,
   * controllers, admins: any week from the roadmap start on (corrections). Never a future week (400).
   */
  private entryRefusal(user: AuthUser, weekStart: LocalDate, start: LocalDate | null): Error | null {
    if (!can(user.role, 'indicators.enter')) return new ForbiddenException('Недостаточно прав для этого действия');
    if (start === null) return fieldError('week', 'Для организации нет еженедельных показателей');
    const current = currentWeekStart(this.clock.now());
    if (weekStart > current) return fieldError('week', 'Неделя ещё не наступила');
    if (weekStart < start) return fieldError('week', 'Неделя раньше начала дорожной карты');
    if (scopeKindOf(user.role) === 'organization' && weekStart < addDays(current, -7)) {
      return new ForbiddenException('Данные вносятся за текущую или прошлую неделю; исправить более раннюю неделю может отдел образования');
    }
    return null;
  }

  /** Stored reports of the keys (with the last author's name), optionally locked for the transaction. */
  private async reportsOf(manager: EntityManager, keys: ReportKey[], lock = false): Promise<Map<string, ReportRow>> {
    const rows: (ReportRow & { organization_id: string; week_start: string })[] = await manager.query(
      `SELECT r.organization_id, to_char(r.week_start, 'YYYY-MM-DD') AS week_start, ${MEASURE_LIST}, r.source, r.updated_by, u.full_name AS updated_by_name, r.updated_at, r.version
       FROM weekly_report r
       JOIN unnest($1::uuid[], $2::date[]) AS k(organization_id, week_start) ON k.organization_id = r.organization_id AND k.week_start = r.week_start
       LEFT JOIN user_account u ON u.id = r.updated_by
       ${lock ? 'FOR UPDATE OF r' : ''}`,
      [keys.map((key) => key.organizationId), keys.map((key) => key.weekStart)],
    );
    return new Map(rows.map((row) => [`${row.organization_id}/${row.week_start}`, row]));
  }

  /** Headcounts in force on each week's Monday (as the targets are, and as the weekly job reads them). */
  private async headcountsOf(keys: ReportKey[]): Promise<Map<string, WeekHeadcounts>> {
    const rows: { organization_id: string; week_start: string; kind: string; value: number }[] = await this.dataSource.query(
      `SELECT k.organization_id, to_char(k.week_start, 'YYYY-MM-DD') AS week_start, h.kind, h.value
       FROM unnest($1::uuid[], $2::date[]) AS k(organization_id, week_start)
       CROSS JOIN LATERAL (
         SELECT DISTINCT ON (kind) kind, value FROM organization_headcount
         WHERE organization_id = k.organization_id AND effective_from <= k.week_start ORDER BY kind, effective_from DESC
       ) h`,
      [keys.map((key) => key.organizationId), keys.map((key) => key.weekStart)],
    );
    const result = new Map<string, WeekHeadcounts>();
    for (const row of rows) {
      const key = `${row.organization_id}/${row.week_start}`;
      const field = HEADCOUNT_FIELDS[row.kind];
      if (field) result.set(key, { ...(result.get(key) ?? NO_HEADCOUNTS), [field]: row.value });
    }
    return result;
  }

  /** Set-based twin of `entryStart(applicableIndicators)`: the first week each organization may report, null without indicators. */
  private async entryStarts(organizationIds: string[]): Promise<Map<string, LocalDate>> {
    const rows: { id: string; order_date: string }[] = await this.dataSource.query(
      `SELECT o.id, to_char(min(r.order_date), 'YYYY-MM-DD') AS order_date
       FROM organization o
       JOIN indicator i ON i.organization_kinds ? o.kind
       JOIN roadmap r ON r.id = i.roadmap_id AND r.status = 'active'
       JOIN organization owner ON owner.id = r.owner_organization_id AND o.path LIKE owner.path || '%'
       WHERE o.id = ANY($1) GROUP BY o.id`,
      [organizationIds],
    );
    return new Map(rows.map((row) => [row.id, roadmapStartWeek({ orderDate: row.order_date })]));
  }

  /**
   * Writes changed reports in a few statements whatever their number: new rows (a concurrent first
   * insert answers 409), updated rows (version + 1), one revision each with only the changed measures,
   * one audit entry each.
   */
  private async writeReports(manager: EntityManager, user: AuthUser, source: 'entry' | 'api', plans: ReportPlan[]): Promise<void> {
    const values = `unnest($1::uuid[], $2::date[], ${MEASURES.map((_, index) => `$${index + 3}::int[]`).join(', ')}) AS v(organization_id, week_start, ${MEASURE_LIST})`;
    const columns = (rows: ReportPlan[]) => [rows.map((plan) => plan.organizationId), rows.map((plan) => plan.weekStart), ...MEASURES.map((measure) => rows.map((plan) => plan.merged[measure]))];
    const sourceParameter = `$${MEASURES.length + 3}`;
    const authorParameter = `$${MEASURES.length + 4}`;
    const inserts = plans.filter((plan) => !plan.exists);
    const updates = plans.filter((plan) => plan.exists);
    if (inserts.length) {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO weekly_report (organization_id, week_start, ${MEASURE_LIST}, source, updated_by, version)
         SELECT v.*, ${sourceParameter}, ${authorParameter}::uuid, 1 FROM ${values} ON CONFLICT DO NOTHING RETURNING 1`,
        [...columns(inserts), source, user.id],
      );
      // Someone created one of these reports since it was read as empty.
      if (inserted.length !== inserts.length) throw new ConflictException(STALE_REPORT_MESSAGE);
    }
    if (updates.length) {
      await manager.query(
        `UPDATE weekly_report r SET (${MEASURE_LIST}) = (${MEASURES.map((measure) => `v.${MEASURE_COLUMNS[measure]}`).join(', ')}),
           source = ${sourceParameter}, updated_by = ${authorParameter}::uuid, import_id = NULL, version = r.version + 1, updated_at = now()
         FROM ${values} WHERE r.organization_id = v.organization_id AND r.week_start = v.week_start`,
        [...columns(updates), source, user.id],
      );
    }
    // Before and after of each changed measure; both null for the unchanged ones.
    const revisionValues = MEASURES.flatMap((measure) =>
      (['before', 'merged'] as const).map((side) => plans.map((plan) => (plan.changed.includes(measure) ? plan[side][measure] : null))),
    );
    await manager.query(
      `INSERT INTO weekly_report_revision (organization_id, week_start, ${REVISION_COLUMN_LIST}, source, author_id)
       SELECT v.*, $${revisionValues.length + 3}, $${revisionValues.length + 4}
       FROM unnest($1::uuid[], $2::date[], ${revisionValues.map((_, index) => `$${index + 3}::int[]`).join(', ')}) AS v(organization_id, week_start, ${REVISION_COLUMN_LIST})`,
      [plans.map((plan) => plan.organizationId), plans.map((plan) => plan.weekStart), ...revisionValues, source, user.id],
    );
    await this.audit.record(
      plans.map((plan) => ({
        action: 'weekly_report.saved',
        entityType: 'weekly_report',
        entityId: `${plan.organizationId}/${weekKeyOf(plan.weekStart)}`,
        organizationId: plan.organizationId,
        before: Object.fromEntries(plan.changed.map((measure) => [measure, plan.before[measure]])),
        after: Object.fromEntries(plan.changed.map((measure) => [measure, plan.merged[measure]])),
      })),
      manager,
    );
  }

  /** Indicators of active roadmaps owned by the organization or an ancestor, of its kind, with the week's target for its kind. */
  private applicableIndicators(organization: OrganizationEntity, weekStart: LocalDate): Promise<ApplicableIndicator[]> {
    return this.dataSource.query(
      `SELECT i.id, i.code, i.name, i.numerator_measures, i.denominator_source, to_char(r.order_date, 'YYYY-MM-DD') AS order_date,
              (SELECT t.target FROM indicator_target t
               WHERE t.indicator_id = i.id AND t.effective_from <= $3 AND (t.organization_kinds IS NULL OR t.organization_kinds ? $2)
               ORDER BY t.effective_from DESC LIMIT 1) AS target
       FROM indicator i
       JOIN roadmap r ON r.id = i.roadmap_id AND r.status = 'active'
       JOIN organization owner ON owner.id = r.owner_organization_id
       WHERE $1 LIKE owner.path || '%' AND i.organization_kinds ? $2
       ORDER BY r.order_date, r.code, i.sort_order, i.code`,
      [organization.path, organization.kind, weekStart],
    );
  }

  private async history(organizationId: string, weekStart: LocalDate): Promise<WeeklyReportRevisionDto[]> {
    const rows: { id: string; recorded_at: Date; source: WeeklyReportSource; author_id: string | null; full_name: string | null; import_id: string | null; changes: WeeklyReportRevisionDto['changes'] }[] =
      await this.dataSource.query(
        `SELECT r.id, r.recorded_at, r.source, r.author_id, u.full_name, r.import_id, ${REVISION_CHANGES} AS changes
         FROM weekly_report_revision r LEFT JOIN user_account u ON u.id = r.author_id
         WHERE r.organization_id = $1 AND r.week_start = $2 ORDER BY r.id DESC`,
        [organizationId, weekStart],
      );
    return rows.map((row) => ({
      id: String(row.id),
      recordedAt: row.recorded_at.toISOString(),
      source: row.source,
      author: row.author_id ? { id: row.author_id, fullName: row.full_name ?? '' } : null,
      importId: row.import_id,
      changes: row.changes,
    }));
  }
}
