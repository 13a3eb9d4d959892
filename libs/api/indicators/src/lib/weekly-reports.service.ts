import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { FieldError, MeasureValuesDto, ReportingMatrixDto, WeeklyReportDto, WeeklyReportRevisionDto } from '@karta/contracts';
import { IndicatorEntity, MEASURE_COLUMNS, type OrganizationEntity, type WeeklyReportSource } from '@karta/db';
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
import { indicatorsComputeJobOptions, JobName, JobProducer } from '@karta/jobs';
import { AuditLog } from '@karta/server-core';
import { Clock } from '@karta/server-setup';
import type { ReportingStatusQueryDto, SaveWeeklyReportDto } from './dto/weekly-reports.dto';
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

@Injectable()
export class WeeklyReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: IndicatorsAccess,
    private readonly audit: AuditLog,
    private readonly jobs: JobProducer,
    private readonly clock: Clock,
  ) {}

  async get(user: AuthUser, organizationId: string, week: string): Promise<WeeklyReportDto> {
    this.access.control.requirePermission(user, 'indicators.read');
    const organization = await this.access.organization(user, organizationId);
    const weekStart = weekStartOfKey(week, 'week');
    const [report, headcounts, indicators, history] = await Promise.all([
      this.report(this.dataSource.manager, organization.id, weekStart),
      this.headcounts(organization.id, weekStart),
      this.applicableIndicators(organization, weekStart),
      this.history(organization.id, weekStart),
    ]);
    return {
      organization: organizationRef(organization),
      ...weekRef(weekStart),
      values: valuesOf(report),
      source: report?.source ?? null,
      updatedAt: report?.updated_at.toISOString() ?? null,
      updatedBy: report?.updated_by ? { id: report.updated_by, fullName: report.updated_by_name ?? '' } : null,
      version: report?.version ?? 0,
      headcounts,
      editable: this.entryRefusal(user, weekStart, indicators) === null,
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
   * on the report as it will be stored, one revision with what changed, audited, one transaction; then
   * the week is recomputed. Nothing changed = nothing written, version unchanged.
   */
  async save(user: AuthUser, organizationId: string, week: string, dto: SaveWeeklyReportDto): Promise<WeeklyReportDto> {
    this.access.control.requirePermission(user, 'indicators.enter');
    const organization = await this.access.organization(user, organizationId);
    const weekStart = weekStartOfKey(week, 'week');
    const [headcounts, indicators] = await Promise.all([this.headcounts(organization.id, weekStart), this.applicableIndicators(organization, weekStart)]);
    const refusal = this.entryRefusal(user, weekStart, indicators);
    if (refusal) throw refusal;

    const changed = await this.dataSource.transaction(async (manager) => {
      const current = await this.report(manager, organization.id, weekStart, true);
      if ((current?.version ?? 0) !== dto.version) throw new ConflictException(STALE_REPORT_MESSAGE);
      const before = valuesOf(current);
      const wanted = MEASURES.filter((measure) => dto.values[measure] !== undefined && dto.values[measure] !== before[measure]);
      const merged: MeasureValues = { ...before };
      for (const measure of wanted) merged[measure] = dto.values[measure] ?? null;
      this.checkCeilings(merged, headcounts);
      if (!wanted.length) return false;

      const changes = Object.fromEntries(wanted.map((measure) => [measure, [before[measure], merged[measure] ?? null]]));
      const columns = MEASURES.map((measure) => merged[measure] ?? null);
      if (current) {
        await manager.query(
          `UPDATE weekly_report SET (${MEASURE_LIST}) = ($3, $4, $5, $6, $7, $8), source = 'entry', updated_by = $9, import_id = NULL, version = version + 1, updated_at = now()
           WHERE organization_id = $1 AND week_start = $2`,
          [organization.id, weekStart, ...columns, user.id],
        );
      } else {
        const inserted: unknown[] = await manager.query(
          `INSERT INTO weekly_report (organization_id, week_start, ${MEASURE_LIST}, source, updated_by, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'entry', $9, 1) ON CONFLICT DO NOTHING RETURNING 1`,
          [organization.id, weekStart, ...columns, user.id],
        );
        // Someone created the report since it was read as empty.
        if (!inserted.length) throw new ConflictException(STALE_REPORT_MESSAGE);
      }
      await manager.query(`INSERT INTO weekly_report_revision (organization_id, week_start, changes, source, author_id) VALUES ($1, $2, $3, 'entry', $4)`, [
        organization.id,
        weekStart,
        JSON.stringify(changes),
        user.id,
      ]);
      await this.audit.record(
        {
          action: 'weekly_report.saved',
          entityType: 'weekly_report',
          entityId: `${organization.id}/${weekKeyOf(weekStart)}`,
          organizationId: organization.id,
          before: Object.fromEntries(wanted.map((measure) => [measure, before[measure]])),
          after: Object.fromEntries(wanted.map((measure) => [measure, merged[measure] ?? null])),
        },
        manager,
      );
      return true;
    });
    if (changed) await this.jobs.enqueue(JobName.IndicatorsCompute, { weekStart }, indicatorsComputeJobOptions(weekStart));
    return this.get(user, organization.id, week);
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
  private entryRefusal(user: AuthUser, weekStart: LocalDate, indicators: ApplicableIndicator[]): Error | null {
    if (!can(user.role, 'indicators.enter')) return new ForbiddenException('Недостаточно прав для этого действия');
    if (!indicators.length) return fieldError('week', 'Для организации нет еженедельных показателей');
    const current = currentWeekStart(this.clock.now());
    if (weekStart > current) return fieldError('week', 'Неделя ещё не наступила');
    const start = indicators.map((indicator) => roadmapStartWeek({ orderDate: indicator.order_date })).reduce((a, b) => (a < b ? a : b));
    if (weekStart < start) return fieldError('week', 'Неделя раньше начала дорожной карты');
    if (scopeKindOf(user.role) === 'organization' && weekStart < addDays(current, -7)) {
      return new ForbiddenException('Данные вносятся за текущую или прошлую неделю; исправить более раннюю неделю может отдел образования');
    }
    return null;
  }

  private checkCeilings(values: MeasureValues, headcounts: WeekHeadcounts): void {
    const issues = checkWeeklyValues(values, headcounts);
    if (!issues.length) return;
    const errors: FieldError[] = issues.map((issue) => ({
      field: `values.${issue.measure}`,
      messages: [issue.limit ? `Не больше ${LIMIT_LABELS[issue.limit.source]} (${issue.limit.value})` : 'Целое неотрицательное число'],
    }));
    throw new RequestValidationException(errors);
  }

  private async report(manager: EntityManager, organizationId: string, weekStart: LocalDate, lock = false): Promise<ReportRow | undefined> {
    const rows: ReportRow[] = await manager.query(
      `SELECT ${MEASURE_LIST}, r.source, r.updated_by, u.full_name AS updated_by_name, r.updated_at, r.version
       FROM weekly_report r LEFT JOIN user_account u ON u.id = r.updated_by
       WHERE r.organization_id = $1 AND r.week_start = $2 ${lock ? 'FOR UPDATE OF r' : ''}`,
      [organizationId, weekStart],
    );
    return rows[0];
  }

  /** Headcounts in force on the week's Monday (as the targets are). */
  private async headcounts(organizationId: string, weekStart: LocalDate): Promise<WeekHeadcounts> {
    const rows: { kind: string; value: number }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (kind) kind, value FROM organization_headcount WHERE organization_id = $1 AND effective_from <= $2 ORDER BY kind, effective_from DESC`,
      [organizationId, weekStart],
    );
    const value = (kind: string) => rows.find((row) => row.kind === kind)?.value ?? null;
    return { staffStat: value('staff_stat'), studentsStat: value('students_stat'), actualHeadcountMinistry: value('actual_headcount_ministry') };
  }

  /** Indicators of active roadmaps owned by the organization or an ancestor, of its kind, with the week's target. */
  private applicableIndicators(organization: OrganizationEntity, weekStart: LocalDate): Promise<ApplicableIndicator[]> {
    return this.dataSource.query(
      `SELECT i.id, i.code, i.name, i.numerator_measures, i.denominator_source, to_char(r.order_date, 'YYYY-MM-DD') AS order_date,
              (SELECT t.target FROM indicator_target t WHERE t.indicator_id = i.id AND t.effective_from <= $3 ORDER BY t.effective_from DESC LIMIT 1) AS target
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
        `SELECT r.id, r.recorded_at, r.source, r.author_id, u.full_name, r.import_id, r.changes
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
