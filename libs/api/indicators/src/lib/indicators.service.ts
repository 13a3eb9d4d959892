import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type {
  IndicatorCell,
  IndicatorDto,
  IndicatorMatrixDto,
  IndicatorRollupDto,
  IndicatorSeriesDto,
  IndicatorStatusValue,
  OrganizationIndicatorRow,
  Page,
  WeekSummaryDto,
} from '@karta/contracts';
import { IndicatorEntity, IndicatorTargetEntity, type OrganizationEntity } from '@karta/db';
import { evaluate, type LocalDate, maxLocalDate, type TargetStage, targetInForce } from '@karta/domain';
import type { AuthUser } from '@karta/api-core';
import { JobName, JobProducer } from '@karta/jobs';
import { AuditLog } from '@karta/server-core';
import { Clock } from '@karta/server-setup';
import type { IndicatorOrganizationsQueryDto, MatrixQueryDto, UpdateIndicatorTargetsDto, WeekRangeQueryDto, WeekSummaryQueryDto } from './dto/indicators.dto';
import { IndicatorsAccess, INNER_KINDS, isInnerNode, organizationRef, roadmapStartWeek, type ScopedIndicator } from './indicators.access';
import { matrixSql, type OrganizationRow, type OrganizationsFilter } from './indicators.sql';
import { currentWeekStart, fieldError, type WeekRef, weekRange, weekRef, weekStartOfKey } from './indicators.weeks';

/** A snapshot or rollup row as selected (snake_case columns of `indicator_snapshot` / `indicator_rollup`). */
interface CellRow {
  numerator: string | number | null;
  denominator: string | number | null;
  share: number | null;
  target: number | null;
  status: IndicatorStatusValue;
  gap: number | null;
  change: number | null;
}

interface RollupRow extends CellRow {
  indicator_id: string;
  organization_id: string;
  organizations_total: number;
  organizations_met: number;
  organizations_not_met: number;
  organizations_no_data: number;
  computed_at: Date;
}

const CELL_COLUMNS = 'numerator, denominator, share, target, status, gap, change';
const DEFAULT_MATRIX_PAGE_SIZE = 200;
const DEFAULT_SERIES_WEEKS = 26;

const toNumber = (value: string | number | null): number | null => (value === null ? null : Number(value));

function toCell(row: CellRow): IndicatorCell {
  return {
    numerator: toNumber(row.numerator),
    denominator: toNumber(row.denominator),
    share: row.share,
    target: row.target,
    status: row.status,
    gap: row.gap,
    change: row.change,
  };
}

/** A week nobody computed yet: no data against the target in force (or no target before the first stage). */
function uncomputedCell(stages: readonly TargetStage[], weekStart: LocalDate): IndicatorCell {
  const target = targetInForce(stages, weekStart);
  return { numerator: null, denominator: null, share: null, target, status: evaluate(null, target).status, gap: null, change: null };
}

function toRollup(row: RollupRow): IndicatorRollupDto {
  return {
    ...toCell(row),
    organizationsTotal: row.organizations_total,
    organizationsMet: row.organizations_met,
    organizationsNotMet: row.organizations_not_met,
    organizationsNoData: row.organizations_no_data,
  };
}

/** A leaf organization summarized like a subtree of one. */
function leafRollup(row: CellRow): IndicatorRollupDto {
  return {
    ...toCell(row),
    organizationsTotal: 1,
    organizationsMet: row.status === 'met' ? 1 : 0,
    organizationsNotMet: row.status === 'not_met' ? 1 : 0,
    organizationsNoData: row.status === 'no_data' ? 1 : 0,
  };
}

const indicatorRef = (indicator: IndicatorEntity) => ({ id: indicator.id, code: indicator.code, name: indicator.name });

@Injectable()
export class IndicatorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: IndicatorsAccess,
    private readonly audit: AuditLog,
    private readonly jobs: JobProducer,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, roadmapId: string): Promise<IndicatorDto[]> {
    this.access.control.requirePermission(user, 'indicators.read');
    await this.access.roadmap(user, roadmapId);
    const indicators = await this.dataSource.getRepository(IndicatorEntity).find({ where: { roadmapId }, order: { sortOrder: 'ASC', code: 'ASC' } });
    return this.toDtos(indicators);
  }

  /**
   * Replaces the stages in one transaction, audited before → after (the audit log is the history), then
   * recomputes the weeks from the earliest changed stage (not before the roadmap start) to the current one.
   */
  async updateTargets(user: AuthUser, id: string, dto: UpdateIndicatorTargetsDto): Promise<IndicatorDto> {
    this.access.control.requirePermission(user, 'indicators.configure');
    const scoped = await this.access.indicator(user, id);
    // Targets belong to whoever owns the roadmap: a department reads the region's targets but cannot change them.
    await this.access.control.requireInScope(user, scoped.roadmap.ownerOrganization, { entityType: 'indicator', entityId: id });
    const seen = new Set<string>();
    dto.targets.forEach((stage, index) => {
      if (seen.has(stage.effectiveFrom)) throw fieldError(`targets.${index}.effectiveFrom`, 'Два этапа не могут начинаться в одну неделю');
      seen.add(stage.effectiveFrom);
    });
    const after = [...dto.targets].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)).map(({ effectiveFrom, target }) => ({ effectiveFrom, target }));
    const key = (stage: { effectiveFrom: string; target: number }) => `${stage.effectiveFrom}=${stage.target}`;

    const changed = await this.dataSource.transaction(async (manager) => {
      // Concurrent edits of one indicator take turns, so each audit entry's "before" is what it replaced.
      await manager.query('SELECT 1 FROM indicator WHERE id = $1 FOR UPDATE', [id]);
      const stored = await manager.find(IndicatorTargetEntity, { where: { indicatorId: id }, order: { effectiveFrom: 'ASC' } });
      const before = stored.map(({ effectiveFrom, target }) => ({ effectiveFrom, target }));
      const beforeKeys = new Set(before.map(key));
      const afterKeys = new Set(after.map(key));
      const difference = [...before.filter((stage) => !afterKeys.has(key(stage))), ...after.filter((stage) => !beforeKeys.has(key(stage)))];
      if (!difference.length) return difference;
      await manager.delete(IndicatorTargetEntity, { indicatorId: id });
      await manager.insert(
        IndicatorTargetEntity,
        after.map((stage) => ({ ...stage, indicatorId: id, createdBy: user.id })),
      );
      await this.audit.record(
        { action: 'indicator.targets_updated', entityType: 'indicator', entityId: id, organizationId: scoped.roadmap.ownerOrganizationId, before: { targets: before }, after: { targets: after } },
        manager,
      );
      return difference;
    });
    if (!changed.length) return (await this.toDtos([scoped.indicator]))[0];

    const earliest = changed.map((stage) => stage.effectiveFrom as LocalDate).reduce((a, b) => (a < b ? a : b));
    const weekStart = maxLocalDate(earliest, roadmapStartWeek(scoped.roadmap));
    const toWeekStart = currentWeekStart(this.clock.now());
    if (weekStart <= toWeekStart) {
      // A range job of its own: joining a single-week job for the same Monday would drop the later weeks.
      await this.jobs.enqueue(JobName.IndicatorsCompute, { weekStart, toWeekStart }, { deduplicationId: `indicators.compute:${weekStart}..${toWeekStart}`, delay: 2_000 });
    }
    return (await this.toDtos([scoped.indicator]))[0];
  }

  async summary(user: AuthUser, query: WeekSummaryQueryDto): Promise<WeekSummaryDto> {
    this.access.control.requirePermission(user, 'indicators.read');
    const weekStart = weekStartOfKey(query.week, 'week');
    await this.access.roadmap(user, query.roadmapId);
    const organization = await this.access.organization(user, query.organizationId);
    const indicators = await this.dataSource.getRepository(IndicatorEntity).find({ where: { roadmapId: query.roadmapId }, order: { sortOrder: 'ASC', code: 'ASC' } });
    const indicatorIds = indicators.map((indicator) => indicator.id);
    // Direct children that are inner nodes themselves (districts of a region); a department's schools are listed by /organizations.
    const children: OrganizationEntity[] = isInnerNode(organization)
      ? await this.dataSource.query(
          `SELECT id, code, short_name AS "shortName", kind FROM organization WHERE parent_id = $1 AND kind = ANY($2) AND is_active ORDER BY short_name, id`,
          [organization.id, INNER_KINDS],
        )
      : [];
    const nodeIds = [organization.id, ...children.map((child) => child.id)];
    const [snapshots, rollups]: [(CellRow & { indicator_id: string; organization_id: string; computed_at: Date })[], RollupRow[]] = await Promise.all([
      this.dataSource.query(
        `SELECT indicator_id, organization_id, computed_at, ${CELL_COLUMNS} FROM indicator_snapshot WHERE indicator_id = ANY($1) AND week_start = $2 AND organization_id = ANY($3)`,
        [indicatorIds, weekStart, nodeIds],
      ),
      this.dataSource.query(
        `SELECT indicator_id, organization_id, computed_at, organizations_total, organizations_met, organizations_not_met, organizations_no_data, ${CELL_COLUMNS}
         FROM indicator_rollup WHERE indicator_id = ANY($1) AND week_start = $2 AND organization_id = ANY($3)`,
        [indicatorIds, weekStart, nodeIds],
      ),
    ]);
    const find = <T extends { indicator_id: string; organization_id: string }>(rows: T[], node: OrganizationEntity, indicator: IndicatorEntity) =>
      rows.find((row) => row.organization_id === node.id && row.indicator_id === indicator.id);
    // An organization of the indicator's kinds is evaluated itself (a department for the officials' indicator); above them, the rollup.
    const resultOf = (node: OrganizationEntity, indicator: IndicatorEntity): IndicatorRollupDto | null => {
      if (indicator.organizationKinds.includes(node.kind)) {
        const row = find(snapshots, node, indicator);
        return row ? leafRollup(row) : null;
      }
      const row = find(rollups, node, indicator);
      return row ? toRollup(row) : null;
    };
    return {
      ...weekRef(weekStart),
      organization: organizationRef(organization),
      computedAt: latest([...snapshots, ...rollups].filter((row) => row.organization_id === organization.id).map((row) => row.computed_at)),
      indicators: indicators.map((indicator) => ({ indicator: indicatorRef(indicator), rollup: resultOf(organization, indicator) })),
      children: children.map((child) => ({
        organization: organizationRef(child),
        rollups: Object.fromEntries(indicators.map((indicator) => [indicator.id, resultOf(child, indicator)])),
      })),
    };
  }

  /** Organizations of a subtree the indicator applies to, with their cell for the week; `status=not_met` sorts by gap, largest first. */
  async organizations(user: AuthUser, id: string, query: IndicatorOrganizationsQueryDto): Promise<Page<OrganizationIndicatorRow>> {
    this.access.control.requirePermission(user, 'indicators.read');
    const weekStart = weekStartOfKey(query.week, 'week');
    const scoped = await this.access.indicator(user, id);
    const root = await this.access.organization(user, query.organizationId);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const target = targetInForce(scoped.stages, weekStart);
    const subtree = this.access.organizationsFilter(user, this.filterOf(scoped, root), 5);
    // A week not computed yet reads as the status an absent snapshot evaluates to.
    const missingStatus = evaluate(null, target).status;
    const order = query.status === 'not_met' ? 's.gap DESC NULLS LAST, o.short_name, o.id' : 'o.short_name, o.id';
    const rows: (OrganizationRow & Partial<CellRow> & { has_snapshot: boolean })[] = await this.dataSource.query(
      `SELECT o.id, o.code, o.short_name, o.kind, count(*) OVER () AS total, s.organization_id IS NOT NULL AS has_snapshot,
              s.numerator, s.denominator, s.share, s.target, s.status, s.gap, s.change
       FROM organization o
       LEFT JOIN indicator_snapshot s ON s.indicator_id = $1 AND s.week_start = $2 AND s.organization_id = o.id
       WHERE ${subtree.clause} AND ($3::text IS NULL OR coalesce(s.status, $4) = $3)
       ORDER BY ${order} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      [scoped.indicator.id, weekStart, query.status ?? null, missingStatus, ...subtree.params],
    );
    const total = rows.length ? Number(rows[0].total) : await this.access.countOrganizations(user, this.filterOf(scoped, root), page);
    return {
      items: rows.map((row) => ({
        organization: organizationRef({ id: row.id, code: row.code, shortName: row.short_name, kind: row.kind }),
        cell: row.has_snapshot ? toCell(row as OrganizationRow & CellRow) : uncomputedCell(scoped.stages, weekStart),
      })),
      total,
      page,
      pageSize,
    };
  }

  /**
   * One organization over weeks: its snapshots, or the rollups of an inner node. Every week
   * of the range is a point; a week without a computed row is `no_data` (or `no_target` before the first
   * stage) with null numbers, so charts keep a regular axis.
   */
  async series(user: AuthUser, id: string, query: WeekRangeQueryDto): Promise<IndicatorSeriesDto> {
    this.access.control.requirePermission(user, 'indicators.read');
    const weeks = weekRange(query, this.clock.now(), DEFAULT_SERIES_WEEKS);
    const scoped = await this.access.indicator(user, id);
    const organization = await this.access.organization(user, query.organizationId);
    // The organization's own snapshots where the indicator evaluates it, else the rollup of an inner node.
    const own = this.access.appliesTo(scoped, organization);
    if (!own && !isInnerNode(organization)) throw fieldError('organizationId', 'Показатель не относится к этой организации');
    const rows: (CellRow & { week_start: string })[] = await this.dataSource.query(
      `SELECT to_char(week_start, 'YYYY-MM-DD') AS week_start, ${CELL_COLUMNS} FROM ${own ? 'indicator_snapshot' : 'indicator_rollup'}
       WHERE indicator_id = $1 AND organization_id = $2 AND week_start BETWEEN $3 AND $4`,
      [scoped.indicator.id, organization.id, weeks[0], weeks[weeks.length - 1]],
    );
    const byWeek = new Map(rows.map((row) => [row.week_start, row]));
    return {
      indicator: indicatorRef(scoped.indicator),
      organization: organizationRef(organization),
      points: weeks.map((weekStart) => {
        const row = byWeek.get(weekStart);
        return { ...weekRef(weekStart), ...(row ? toCell(row) : uncomputedCell(scoped.stages, weekStart)) };
      }),
    };
  }

  /**
   * The heatmap: organizations of the subtree the indicator applies to × weeks. One statement answers
   * the page: the organizations (with the total) and, per organization, its snapshots of the range
   * aggregated into arrays through the (indicator, organization, week) index.
   */
  async matrix(user: AuthUser, id: string, query: MatrixQueryDto): Promise<IndicatorMatrixDto> {
    this.access.control.requirePermission(user, 'indicators.read');
    const weeks = weekRange(query, this.clock.now(), 52);
    const scoped = await this.access.indicator(user, id);
    const root = await this.access.organization(user, query.organizationId);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_MATRIX_PAGE_SIZE;
    const subtree = this.access.organizationsFilter(user, this.filterOf(scoped, root), 4);
    const rows: (OrganizationRow & { offsets: number[] | null; statuses: IndicatorStatusValue[] | null; basisPoints: (number | null)[] | null })[] =
      await this.dataSource.query(matrixSql(subtree.clause, pageSize, (page - 1) * pageSize), [scoped.indicator.id, weeks[0], weeks[weeks.length - 1], ...subtree.params]);
    const total = rows.length ? Number(rows[0].total) : await this.access.countOrganizations(user, this.filterOf(scoped, root), page);
    return {
      weeks: weeks.map((weekStart): WeekRef => weekRef(weekStart)),
      rows: rows.map((row) => {
        const cells: IndicatorMatrixDto['rows'][number]['cells'] = weeks.map(() => null);
        (row.offsets ?? []).forEach((offset, index) => {
          const basisPoints = (row.basisPoints as (number | null)[])[index];
          cells[offset] = { status: (row.statuses as IndicatorStatusValue[])[index], share: basisPoints === null ? null : basisPoints / 10_000 };
        });
        return { organization: organizationRef({ id: row.id, code: row.code, shortName: row.short_name, kind: row.kind }), cells };
      }),
      total,
      page,
      pageSize,
    };
  }

  private filterOf(scoped: ScopedIndicator, root: OrganizationEntity): OrganizationsFilter {
    return { root, owner: scoped.roadmap.ownerOrganization, kinds: scoped.indicator.organizationKinds };
  }

  private async toDtos(indicators: IndicatorEntity[]): Promise<IndicatorDto[]> {
    if (!indicators.length) return [];
    const ids = indicators.map((indicator) => indicator.id);
    const [stages, actions]: [
      { indicator_id: string; effective_from: string; target: string; created_at: Date; created_by: string | null; full_name: string | null }[],
      { code: string; numbers: number[] }[],
    ] = await Promise.all([
      this.dataSource.query(
        `SELECT t.indicator_id, to_char(t.effective_from, 'YYYY-MM-DD') AS effective_from, t.target, t.created_at, t.created_by, u.full_name
         FROM indicator_target t LEFT JOIN user_account u ON u.id = t.created_by
         WHERE t.indicator_id = ANY($1) ORDER BY t.effective_from`,
        [ids],
      ),
      this.dataSource.query(
        `SELECT code, array_agg(a.number ORDER BY a.number) AS numbers
         FROM roadmap_action a CROSS JOIN LATERAL jsonb_array_elements_text(a.indicator_codes) AS code
         WHERE a.roadmap_id = $1 GROUP BY code`,
        [indicators[0].roadmapId],
      ),
    ]);
    const numbersOf = new Map(actions.map((row) => [row.code, row.numbers]));
    return indicators.map((indicator) => {
      const own = stages.filter((stage) => stage.indicator_id === indicator.id);
      // Stages set by a person (not by the roadmap file) carry who set them; the newest tells when.
      const lastSet = own.filter((stage) => stage.created_by !== null).sort((a, b) => b.created_at.getTime() - a.created_at.getTime())[0];
      return {
        id: indicator.id,
        roadmapId: indicator.roadmapId,
        code: indicator.code,
        name: indicator.name,
        description: indicator.description,
        numeratorMeasures: indicator.numeratorMeasures,
        denominatorSource: indicator.denominatorSource,
        organizationKinds: indicator.organizationKinds,
        targets: own.map((stage) => ({ effectiveFrom: stage.effective_from, target: Number(stage.target) })),
        actionNumbers: numbersOf.get(indicator.code) ?? [],
        targetsUpdatedAt: lastSet ? lastSet.created_at.toISOString() : null,
        targetsUpdatedBy: lastSet?.created_by ? { id: lastSet.created_by, fullName: lastSet.full_name ?? '' } : null,
      };
    });
  }
}

function latest(instants: Date[]): string | null {
  return instants.length ? new Date(Math.max(...instants.map((instant) => instant.getTime()))).toISOString() : null;
}
