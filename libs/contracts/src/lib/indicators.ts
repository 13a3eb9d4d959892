// Request/response types of the weekly indicators API (shared by API and web).
// Weeks travel as ISO week keys `2025-W36` in URLs and as their Monday `weekStart` (YYYY-MM-DD) in bodies.
// Shares, targets, gaps and changes are fractions (0.15 = 15 %); `null` share = undefined, never 0 %.
import type { IndicatorStatus, RecomputationReason, RecomputationStatus } from '@karta/domain';
import type { OrganizationKindValue } from './organizations';

export const MEASURE_VALUES = ['staff_wrote', 'students_active', 'parents_active', 'sferum_in_max', 'sferum_total', 'officials_wrote'] as const;
export type MeasureValue = (typeof MEASURE_VALUES)[number];

export const MEASURE_LABELS: Readonly<Record<MeasureValue, string>> = {
  staff_wrote: 'Работники, писавшие сообщения за неделю',
  students_active: 'Обучающиеся, активные за неделю',
  parents_active: 'Родители (законные представители), активные за неделю',
  sferum_in_max: 'Пользователи «Сферума» внутри МАКС',
  sferum_total: 'Пользователи «Сферума» всего',
  officials_wrote: 'Работники отдела и должностные лица, писавшие за неделю',
};

export const DENOMINATOR_SOURCE_VALUES = ['staff_stat', 'students_stat_x2', 'actual_headcount_ministry', 'sferum_users_total'] as const;
export type DenominatorSourceValue = (typeof DENOMINATOR_SOURCE_VALUES)[number];

export const DENOMINATOR_SOURCE_LABELS: Readonly<Record<DenominatorSourceValue, string>> = {
  staff_stat: 'Работники по формам статнаблюдения',
  students_stat_x2: 'Обучающиеся по формам статнаблюдения × 2 (один родитель на обучающегося)',
  actual_headcount_ministry: 'Фактическая численность по данным Минпросвещения',
  sferum_users_total: 'Все пользователи «Сферума» организации',
};

/** libs/domain `IndicatorStatus`: met, not_met, no_data (numbers not reported), no_denominator (a headcount to fix), no_target. */
export type IndicatorStatusValue = IndicatorStatus;

export const INDICATOR_STATUS_LABELS: Readonly<Record<IndicatorStatusValue, string>> = {
  met: 'Достигнут',
  not_met: 'Ниже цели',
  no_data: 'Нет данных',
  no_denominator: 'Нет знаменателя',
  no_target: 'Цель не задана',
};

export interface TargetStageDto {
  /** Monday (YYYY-MM-DD) of the first week the stage is in force. */
  effectiveFrom: string;
  /** Fraction, 0…1. */
  target: number;
  /** Organization kinds the stage applies to; null = every kind of the indicator. */
  organizationKinds: OrganizationKindValue[] | null;
}

/** GET /api/indicators?roadmapId= */
export interface IndicatorDto {
  id: string;
  roadmapId: string;
  code: string;
  name: string;
  description: string | null;
  numeratorMeasures: MeasureValue[];
  denominatorSource: DenominatorSourceValue;
  organizationKinds: OrganizationKindValue[];
  /** Oldest first. */
  targets: TargetStageDto[];
  /** Numbers of the roadmap actions this indicator closes (e.g. [2, 4]). */
  actionNumbers: number[];
  /** When and by whom the stages were last set (null = as loaded from the roadmap file); the full history is the audit log. */
  targetsUpdatedAt: string | null;
  targetsUpdatedBy: { id: string; fullName: string } | null;
}

/** PUT /api/indicators/:id/targets — replaces the stages (audited before → after; recomputes affected weeks). */
export interface UpdateIndicatorTargetsRequest {
  targets: TargetStageDto[];
}

/** Result of one indicator for one organization and week. */
export interface IndicatorCell {
  numerator: number | null;
  denominator: number | null;
  share: number | null;
  target: number | null;
  status: IndicatorStatusValue;
  gap: number | null;
  change: number | null;
}

export interface OrganizationRef {
  id: string;
  code: string;
  shortName: string;
  kind: OrganizationKindValue;
}

/**
 * A rollup of one indicator over a subtree (district department, region) for one week (libs/domain
 * `rollUp`): `share` is the headline — the numerators of the organizations with a share over the
 * denominators of every organization in scope, a lower bound; `reportedShare` the share among those
 * that reported; `target` the common target or, when kinds differ, their mean weighted by denominators.
 */
export interface IndicatorRollupDto extends IndicatorCell {
  reportedDenominator: number | null;
  reportedShare: number | null;
  organizationsTotal: number;
  /** Organizations that reported their numbers: coverage is organizationsReported of organizationsTotal. */
  organizationsReported: number;
  organizationsMet: number;
  organizationsNotMet: number;
  /** Numbers not reported. */
  organizationsNoData: number;
  /** Headcount missing or 0: listed apart, a headcount to fix. */
  organizationsNoDenominator: number;
}

export type RecomputationStatusValue = RecomputationStatus;

export const RECOMPUTATION_REASON_LABELS: Readonly<Record<RecomputationReason, string>> = {
  targets: 'изменены цели',
  scope: 'изменён состав организаций',
  headcounts: 'изменена численность',
  rules: 'обновлены правила расчёта',
};

/**
 * GET /api/indicators/recomputation?roadmapId= — the roadmap's latest recomputation of stored weeks
 * (null: none yet). Poll it while `status` is queued or running.
 */
export interface IndicatorRecomputationDto {
  id: string;
  roadmapId: string;
  reason: RecomputationReason;
  fromWeek: string;
  toWeek: string | null;
  status: RecomputationStatusValue;
  weeksTotal: number | null;
  weeksDone: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/**
 * GET /api/indicators/summary?roadmapId=&week=2025-W36&organizationId= — the week for the caller's
 * scope root (or the given inner node): a rollup per indicator, and the node's direct inner children
 * (districts of a region) with their rollups. `computedAt` null = the week was never computed.
 */
export interface WeekSummaryDto {
  weekStart: string;
  weekKey: string;
  organization: OrganizationRef;
  computedAt: string | null;
  indicators: { indicator: Pick<IndicatorDto, 'id' | 'code' | 'name'>; rollup: IndicatorRollupDto | null }[];
  children: { organization: OrganizationRef; rollups: Record<string, IndicatorRollupDto | null> }[];
}

/** GET /api/indicators/:id/organizations?week=&organizationId=&status=not_met&page=&pageSize= — organizations of a subtree with their cell (below target: `status=not_met`, sorted by gap desc). */
export interface OrganizationIndicatorRow {
  organization: OrganizationRef;
  cell: IndicatorCell;
}

/** GET /api/indicators/:id/series?organizationId=&from=2025-W36&to=2026-W10 — one organization (or inner node: rollup) over weeks. */
export interface IndicatorSeriesDto {
  indicator: Pick<IndicatorDto, 'id' | 'code' | 'name'>;
  organization: OrganizationRef;
  points: ({ weekStart: string; weekKey: string } & IndicatorCell)[];
}

/**
 * GET /api/indicators/:id/matrix?organizationId=&from=&to=&page=&pageSize= — organizations × weeks for
 * the heatmap: one row per organization of the subtree that the indicator applies to (paged), cells in
 * the order of `weeks`; a missing snapshot is `null`.
 */
export interface IndicatorMatrixDto {
  weeks: { weekStart: string; weekKey: string }[];
  /** A cell's share is rounded down to 0.0001 (0.01 %): it never reaches a target it has not. */
  rows: { organization: OrganizationRef; cells: ({ status: IndicatorStatusValue; share: number | null } | null)[] }[];
  total: number;
  page: number;
  pageSize: number;
}

/** A weekly report's values: null = not reported. */
export type MeasureValuesDto = Record<MeasureValue, number | null>;

/** Headcounts (denominators) in force for the week. */
export interface WeekHeadcountsDto {
  staffStat: number | null;
  studentsStat: number | null;
  actualHeadcountMinistry: number | null;
}

/** GET /api/weekly-reports/:organizationId/:week — the organization's numbers for the week, as entered so far. */
export interface WeeklyReportDto {
  organization: OrganizationRef;
  weekStart: string;
  weekKey: string;
  values: MeasureValuesDto;
  /** null = nothing reported yet. */
  source: 'entry' | 'import' | 'api' | null;
  updatedAt: string | null;
  updatedBy: { id: string; fullName: string } | null;
  /** Optimistic lock: send it back with PUT (0 when nothing was reported). */
  version: number;
  headcounts: WeekHeadcountsDto;
  /** Whether the caller may enter numbers for this organization and week. */
  editable: boolean;
  /** The indicators applying to the organization, with their target for the week, for live shares in the form. */
  indicators: (Pick<IndicatorDto, 'id' | 'code' | 'name' | 'numeratorMeasures' | 'denominatorSource'> & { target: number | null })[];
  /** Newest first. */
  history: WeeklyReportRevisionDto[];
}

export interface WeeklyReportRevisionDto {
  id: string;
  recordedAt: string;
  source: 'entry' | 'import' | 'api';
  author: { id: string; fullName: string } | null;
  importId: string | null;
  changes: Partial<Record<MeasureValue, [number | null, number | null]>>;
}

/** PUT /api/weekly-reports/:organizationId/:week — null clears a value; omitted = unchanged. */
export interface SaveWeeklyReportRequest {
  values: Partial<MeasureValuesDto>;
  version: number;
}

/**
 * POST /api/weekly-reports/batch — integrations (source `api`), the rules of PUT per row. All or nothing:
 * any bad row answers 400 with field errors `reports.<index>.<field>` and nothing is written.
 * `version` is optional per row (given: it must match, else an error on `reports.<index>.version`).
 */
export interface SaveWeeklyReportsBatchRequest {
  reports: { organizationId: string; week: string; values: Partial<MeasureValuesDto>; version?: number }[];
}

export interface SaveWeeklyReportsBatchResponse {
  /** Rows that changed a report (each wrote one revision). */
  applied: number;
  /** Rows identical to what was stored: nothing written. */
  unchanged: number;
}

/**
 * GET /api/weekly-reports/status?roadmapId=&organizationId=&from=&to=&page=&pageSize= — the reporting
 * matrix: which organizations of the subtree reported which weeks.
 */
export interface ReportingMatrixDto {
  weeks: { weekStart: string; weekKey: string }[];
  rows: { organization: OrganizationRef; cells: ({ source: 'entry' | 'import' | 'api'; complete: boolean; updatedAt: string } | null)[] }[];
  total: number;
  page: number;
  pageSize: number;
}

export type WeeklyImportStatusValue = 'queued' | 'running' | 'done' | 'failed';

/**
 * POST /api/weekly-imports (multipart: file, roadmapId) → 202; GET /api/weekly-imports/:id; GET /api/weekly-imports (Page);
 * POST /api/weekly-imports/:id/retry → 200 (a failed import queued again with its kept file).
 */
export interface WeeklyImportDto {
  id: string;
  roadmapId: string;
  organization: OrganizationRef;
  fileName: string;
  format: 'csv' | 'xlsx';
  sizeBytes: number;
  status: WeeklyImportStatusValue;
  totalRows: number | null;
  processedRows: number;
  appliedRows: number;
  unchangedRows: number;
  rejectedRows: number;
  /** Valid rows not applied: their report changed after this upload (reason `outdated`). */
  skippedRows: number;
  error: string | null;
  /** A failed import whose file is kept: «Повторить» is offered until then. Otherwise null. */
  retryUntil: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  createdBy: { id: string; fullName: string } | null;
}

/** GET /api/weekly-imports/:id/issues?page=&pageSize= (Page) — the row report. */
export interface WeeklyImportIssueDto {
  rowNumber: number;
  column: string | null;
  organizationCode: string | null;
  reason: string;
  message: string;
}
