import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type {
  IndicatorCell,
  IndicatorDto,
  IndicatorMatrixDto,
  IndicatorRecomputationDto,
  IndicatorRollupDto,
  IndicatorSeriesDto,
  IndicatorStatusValue,
  OrganizationIndicatorRow,
  Page,
  WeekSummaryDto,
} from '@karta/contracts';
import { IndicatorEntity, IndicatorRecomputationEntity, IndicatorTargetEntity, type OrganizationEntity } from '@karta/db';
import {
  computeShare,
  evaluate,
  INNER_ORGANIZATION_KINDS,
  type LocalDate,
  maxLocalDate,
  type TargetStage,
  TARGET_STAGE_ISSUE_MESSAGES,
  targetInForce,
  targetStageIssues,
} from '@karta/domain';
import { type AuthUser, RequestValidationException } from '@karta/api-core';
import { JobProducer } from '@karta/jobs';
import { AuditLog } from '@karta/server-core';
import { requestRecomputation, startRecomputations } from '@karta/server-indicators';
import { Clock } from '@karta/server-setup';
import type { IndicatorOrganizationsQueryDto, MatrixQueryDto, UpdateIndicatorTargetsDto, WeekRangeQueryDto, WeekSummaryQueryDto } from './dto/indicators.dto';
import { IndicatorsAccess, isInnerNode, organizationRef, roadmapStartWeek, type ScopedIndicator } from './indicators.access';
import { matrixSql, type OrganizationRow, type OrganizationsFilter } from './indicators.sql';
import { fieldError, type WeekRef, weekRange, weekRef, weekStartOfKey } from './indicators.weeks';

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
  reported_denominator: string | null;
  organizations_total: number;
  organizations_reported: number;
  organizations_met: number;
  organizations_not_met: number;
  organizations_no_data: number;
  organizations_no_denominator: number;
  computed_at: Date;
}

const ROLLUP_COLUMNS =
  'reported_denominator, organizations_total, organizations_reported, organizations_met, organizations_not_met, organizations_no_data, organizations_no_denominator';

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

/** A week nobody computed yet, for an organization of `kind`: no data against its target in force (or no target before the first stage). */
function uncomputedCell(stages: readonly TargetStage[], weekStart: LocalDate, kind: string): IndicatorCell {
  const target = targetInForce(stages, weekStart, kind);
  return { numerator: null, denominator: null, share: null, target, status: evaluate(null, target).status, gap: null, change: null };
}

function toRollup(row: RollupRow): IndicatorRollupDto {
  const cell = toCell(row);
  const reportedDenominator = toNumber(row.reported_denominator);
  return {
    ...cell,
    reportedDenominator,
    reportedShare: cell.numerator === null ? null : computeShare(cell.numerator, reportedDenominator),
    organizationsTotal: row.organizations_total,
    organizationsReported: row.organizations_reported,
    organizationsMet: row.organizations_met,
    organizationsNotMet: row.organizations_not_met,
    organizationsNoData: row.organizations_no_data,
    organizationsNoDenominator: row.organizations_no_denominator,
  };
}

/** A leaf organization summarized like a subtree of one. */
function leafRollup(row: CellRow): IndicatorRollupDto {
  const cell = toCell(row);
  return {
    ...cell,
    reportedDenominator: cell.share === null ? 0 : cell.denominator,
    reportedShare: cell.share,
    organizationsTotal: 1,
    organizationsReported: cell.numerator === null ? 0 : 1,
    organizationsMet: row.status === 'met' ? 1 : 0,
    organizationsNotMet: row.status === 'not_met' ? 1 : 0,
    organizationsNoData: row.status === 'no_data' ? 1 : 0,
    organizationsNoDenominator: row.status === 'no_denominator' ? 1 : 0,
  };
}

function toRecomputation(entity: IndicatorRecomputationEntity): IndicatorRecomputationDto {
  return {
    id: entity.id,
    roadmapId: entity.roadmapId,
    reason: entity.reason,
    fromWeek: entity.fromWeek,
    toWeek: entity.toWeek,
    status: entity.status,
    weeksTotal: entity.weeksTotal,
    weeksDone: entity.weeksDone,
    error: entity.error,
    createdAt: entity.createdAt.toISOString(),
    startedAt: entity.startedAt?.toISOString() ?? null,
    finishedAt: entity.finishedAt?.toISOString() ?? null,
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
   * Replaces the stages in one transaction, audited before → after (the audit log is the history), and
   * records in it a recomputation of the stored weeks from the earliest changed stage (not before the
   * roadmap start); the worker runs it and counts its progress (`recomputation`).
   */
  async updateTargets(user: AuthUser, id: string, dto: UpdateIndicatorTargetsDto): Promise<IndicatorDto> {
    this.access.control.requirePermission(user, 'indicators.configure');
    const scoped = await this.access.indicator(user, id);
    // Targets belong to whoever owns the roadmap: a department reads the region's targets but cannot change them.
    await this.access.control.requireInScope(user, scoped.roadmap.ownerOrganization, { entityType: 'indicator', entityId: id });
    const after = dto.targets
      .map(({ effectiveFrom, target, organizationKinds }) => ({ effectiveFrom, target, organizationKinds: organizationKinds?.length ? [...organizationKinds].sort() : (organizationKinds ?? null) }))
      .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
    const issues = targetStageIssues(dto.targets.map((stage) => ({ effectiveFrom: stage.effectiveFrom as LocalDate, organizationKinds: stage.organizationKinds ?? null })), scoped.indicator.organizationKinds);
    if (issues.length) {
      throw new RequestValidationException(issues.map((issue) => ({ field: `targets.${issue.index}.${issue.field}`, messages: [TARGET_STAGE_ISSUE_MESSAGES[issue.code]] })));
    }
    const key = (stage: { effectiveFrom: string; target: number; organizationKinds: string[] | null }) => `${stage.effectiveFrom}=${stage.target}@${stage.organizationKinds?.join(',') ?? '*'}`;

    const recomputationId = await this.dataSource.transaction(async (manager) => {
      // Concurrent edits of one indicator take turns, so each audit entry's "before" is what it replaced.
      await manager.query('SELECT 1 FROM indicator WHERE id = $1 FOR UPDATE', [id]);
      const stored = await manager.find(IndicatorTargetEntity, { where: { indicatorId: id }, order: { effectiveFrom: 'ASC' } });
      const before = stored.map(({ effectiveFrom, target, organizationKinds }) => ({ effectiveFrom, target, organizationKinds }));
      const beforeKeys = new Set(before.map(key));
      const afterKeys = new Set(after.map(key));
      const difference = [...before.filter((stage) => !afterKeys.has(key(stage))), ...after.filter((stage) => !beforeKeys.has(key(stage)))];
      if (!difference.length) return null;
      await manager.delete(IndicatorTargetEntity, { indicatorId: id });
      await manager.insert(
        IndicatorTargetEntity,
        after.map((stage) => ({ ...stage, indicatorId: id, createdBy: user.id })),
      );
      await this.audit.record(
        { action: 'indicator.targets_updated', entityType: 'indicator', entityId: id, organizationId: scoped.roadmap.ownerOrganizationId, before: { targets: before }, after: { targets: after } },
        manager,
      );
      const earliest = difference.map((stage) => stage.effectiveFrom as LocalDate).reduce((a, b) => (a < b ? a : b));
      return requestRecomputation(manager, {
        roadmapId: scoped.roadmap.id,
        reason: 'targets',
        fromWeek: maxLocalDate(earliest, roadmapStartWeek(scoped.roadmap)),
        requestedBy: user.id,
      });
    });
    // After the commit; an enqueue lost here (Redis away) is made again by the worker's recompute-requeue job.
    if (recomputationId) await startRecomputations(this.dataSource, this.jobs, [recomputationId]);
    return (await this.toDtos([scoped.indicator]))[0];
  }

  /** The roadmap's latest recomputation of stored weeks (null: none yet), polled by the indicators screen while it runs. */
  async recomputation(user: AuthUser, roadmapId: string): Promise<IndicatorRecomputationDto | null> {
    this.access.control.requirePermission(user, 'indicators.read');
    await this.access.roadmap(user, roadmapId);
    const latest = await this.dataSource.getRepository(IndicatorRecomputationEntity).findOne({ where: { roadmapId }, order: { createdAt: 'DESC' } });
    return latest ? toRecomputation(latest) : null;
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
          [organization.id, INNER_ORGANIZATION_KINDS],
        )
      : [];
    const nodeIds = [organization.id, ...children.map((child) => child.id)];
    const [snapshots, rollups]: [(CellRow & { indicator_id: string; organization_id: string; computed_at: Date })[], RollupRow[]] = await Promise.all([
      this.dataSource.query(
        `SELECT indicator_id, organization_id, computed_at, ${CELL_COLUMNS} FROM indicator_snapshot WHERE indicator_id = ANY($1) AND week_start = $2 AND organization_id = ANY($3)`,
        [indicatorIds, weekStart, nodeIds],
      ),
      this.dataSource.query(
        `SELECT indicator_id, organization_id, computed_at, ${ROLLUP_COLUMNS}, ${CELL_COLUMNS}
         FROM indicator_rollup WHERE indicator_id = ANY($1) AND week_start = $2 AND organization_id = ANY($3)`,
        [indicatorIds, weekStart, nodeIds],
      ),
    ]);
    const find = <T extends { indicator_id: string; organization_id: string }>(rows: T[], node: OrganizationEntity, indicator: IndicatorEntity) =>
      rows.find((row) => row.organization_id === node.id && row.indicator_id === indicator.id);
    // An inner node (district, region) reads its rollup, which counts itself where evaluated (a
    // department's officials with its organizations'); an organization its own snapshot.
    const resultOf = (node: OrganizationEntity, indicator: IndicatorEntity): IndicatorRollupDto | null => {
      if (isInnerNode(node)) {
        const row = find(rollups, node, indicator);
        return row ? toRollup(row) : null;
      }
      const row = indicator.organizationKinds.includes(node.kind) ? find(snapshots, node, indicator) : undefined;
      return row ? leafRollup(row) : null;
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
    const subtree = this.access.organizationsFilter(user, this.filterOf(scoped, root), 5);
    // A week not computed yet reads as the status an absent snapshot evaluates to, per kind (targets may differ by kind).
    const missingStatus = Object.fromEntries(scoped.indicator.organizationKinds.map((kind) => [kind, uncomputedCell(scoped.stages, weekStart, kind).status]));
    const order = query.status === 'not_met' ? 's.gap DESC NULLS LAST, o.short_name, o.id' : 'o.short_name, o.id';
    const rows: (OrganizationRow & Partial<CellRow> & { has_snapshot: boolean })[] = await this.dataSource.query(
      `SELECT o.id, o.code, o.short_name, o.kind, count(*) OVER () AS total, s.organization_id IS NOT NULL AS has_snapshot,
              s.numerator, s.denominator, s.share, s.target, s.status, s.gap, s.change
       FROM organization o
       LEFT JOIN indicator_snapshot s ON s.indicator_id = $1 AND s.week_start = $2 AND s.organization_id = o.id
       WHERE ${subtree.clause} AND ($3::text IS NULL OR coalesce(s.status, $4::jsonb ->> o.kind) = $3)
       ORDER BY ${order} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      [scoped.indicator.id, weekStart, query.status ?? null, JSON.stringify(missingStatus), ...subtree.params],
    );
    const total = rows.length ? Number(rows[0].total) : await this.access.countOrganizations(user, this.filterOf(scoped, root), page);
    return {
      items: rows.map((row) => ({
        organization: organizationRef({ id: row.id, code: row.code, shortName: row.short_name, kind: row.kind }),
        cell: row.has_snapshot ? toCell(row as OrganizationRow & CellRow) : uncomputedCell(scoped.stages, weekStart, row.kind),
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
    // An inner node's rollup (itself included where evaluated), else the organization's own snapshots.
    const own = !isInnerNode(organization);
    if (own && !this.access.appliesTo(scoped, organization)) throw fieldError('organizationId', 'Показатель не относится к этой организации');
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
        return { ...weekRef(weekStart), ...(row ? toCell(row) : uncomputedCell(scoped.stages, weekStart, organization.kind)) };
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
      {
        indicator_id: string;
        effective_from: string;
        target: string;
        organization_kinds: IndicatorDto['organizationKinds'] | null;
        created_at: Date;
        created_by: string | null;
        full_name: string | null;
      }[],
      { code: string; numbers: number[] }[],
    ] = await Promise.all([
      this.dataSource.query(
        `SELECT t.indicator_id, to_char(t.effective_from, 'YYYY-MM-DD') AS effective_from, t.target, t.organization_kinds, t.created_at, t.created_by, u.full_name
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
        targets: own.map((stage) => ({ effectiveFrom: stage.effective_from, target: Number(stage.target), organizationKinds: stage.organization_kinds })),
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
