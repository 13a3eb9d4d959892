import { ApiProperty } from '@nestjs/swagger';
import { INDICATOR_STATUSES, ORGANIZATION_KINDS, RECOMPUTATION_REASONS, RECOMPUTATION_STATUSES } from '@karta/domain';
import {
  DENOMINATOR_SOURCE_VALUES,
  type DenominatorSourceValue,
  type IndicatorCell,
  type IndicatorDto,
  type IndicatorMatrixDto,
  type IndicatorRecomputationDto,
  type IndicatorRollupDto,
  type IndicatorSeriesDto,
  type IndicatorStatusValue,
  MEASURE_VALUES,
  type MeasureValue,
  type OrganizationIndicatorRow,
  type OrganizationRef,
  type ReportingMatrixDto,
  type SaveWeeklyReportsBatchResponse,
  type TargetStageDto,
  type WeekHeadcountsDto,
  type WeeklyReportDto,
  type WeeklyReportRevisionDto,
  type WeekSummaryDto,
} from '@karta/contracts';

// Response schemas of /api/indicators and /api/weekly-reports for the API reference (/api/docs); the shapes are the contracts'.

const SOURCES = ['entry', 'import', 'api'] as const;
type Source = (typeof SOURCES)[number];
const fraction = (description: string) => ({ type: Number, nullable: true, description });

class PersonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
}

class WeekDto {
  @ApiProperty({ example: '2025-09-01', format: 'date' }) weekStart!: string;
  @ApiProperty({ example: '2025-W36' }) weekKey!: string;
}

export class OrganizationRefDto implements OrganizationRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'SS-001' }) code!: string;
  @ApiProperty() shortName!: string;
  @ApiProperty({ example: 'school' }) kind!: OrganizationRef['kind'];
}

export class TargetStageResponseDto implements TargetStageDto {
  @ApiProperty({ example: '2025-09-01', format: 'date' }) effectiveFrom!: string;
  @ApiProperty({ example: 0.15 }) target!: number;
  @ApiProperty({ enum: ORGANIZATION_KINDS, isArray: true, nullable: true, description: 'Виды организаций этапа; null — все виды показателя' })
  organizationKinds!: TargetStageDto['organizationKinds'];
}

export class IndicatorResponseDto implements IndicatorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) roadmapId!: string;
  @ApiProperty({ example: 'staff_weekly_writers' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ enum: MEASURE_VALUES, isArray: true }) numeratorMeasures!: MeasureValue[];
  @ApiProperty({ enum: DENOMINATOR_SOURCE_VALUES }) denominatorSource!: DenominatorSourceValue;
  @ApiProperty({ type: [String], example: ['school'] }) organizationKinds!: IndicatorDto['organizationKinds'];
  @ApiProperty({ type: [TargetStageResponseDto], description: 'От ранних к поздним' }) targets!: TargetStageResponseDto[];
  @ApiProperty({ type: [Number], example: [2, 4] }) actionNumbers!: number[];
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) targetsUpdatedAt!: string | null;
  @ApiProperty({ type: PersonDto, nullable: true }) targetsUpdatedBy!: PersonDto | null;
}

export class IndicatorCellDto implements IndicatorCell {
  @ApiProperty({ type: Number, nullable: true }) numerator!: number | null;
  @ApiProperty({ type: Number, nullable: true }) denominator!: number | null;
  @ApiProperty(fraction('Доля; null — нет данных (не 0 %)')) share!: number | null;
  @ApiProperty(fraction('Цель недели')) target!: number | null;
  @ApiProperty({ enum: INDICATOR_STATUSES, description: 'no_data — не сдали данные; no_denominator — нет знаменателя (численности)' }) status!: IndicatorStatusValue;
  @ApiProperty(fraction('Отставание от цели (0 — достигнута)')) gap!: number | null;
  @ApiProperty(fraction('Изменение доли к прошлой неделе')) change!: number | null;
}

/** share — числители организаций с долей / знаменатели всех организаций охвата (нижняя граница). */
export class IndicatorRollupResponseDto extends IndicatorCellDto implements IndicatorRollupDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Знаменатель отчитавшихся организаций' }) reportedDenominator!: number | null;
  @ApiProperty(fraction('Доля среди отчитавшихся')) reportedShare!: number | null;
  @ApiProperty() organizationsTotal!: number;
  @ApiProperty({ description: 'Отчитались' }) organizationsReported!: number;
  @ApiProperty() organizationsMet!: number;
  @ApiProperty() organizationsNotMet!: number;
  @ApiProperty({ description: 'Не сдали данные' }) organizationsNoData!: number;
  @ApiProperty({ description: 'Нет знаменателя (численности)' }) organizationsNoDenominator!: number;
}

export class IndicatorRecomputationResponseDto implements IndicatorRecomputationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) roadmapId!: string;
  @ApiProperty({ enum: RECOMPUTATION_REASONS }) reason!: IndicatorRecomputationDto['reason'];
  @ApiProperty({ format: 'date' }) fromWeek!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) toWeek!: string | null;
  @ApiProperty({ enum: RECOMPUTATION_STATUSES }) status!: IndicatorRecomputationDto['status'];
  @ApiProperty({ type: Number, nullable: true }) weeksTotal!: number | null;
  @ApiProperty() weeksDone!: number;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
}

class IndicatorRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
}

class SummaryIndicatorDto {
  @ApiProperty({ type: IndicatorRefDto }) indicator!: IndicatorRefDto;
  @ApiProperty({ type: IndicatorRollupResponseDto, nullable: true }) rollup!: IndicatorRollupResponseDto | null;
}

class SummaryChildDto {
  @ApiProperty({ type: OrganizationRefDto }) organization!: OrganizationRefDto;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/IndicatorRollupResponseDto' }, description: 'По id показателя; null — не рассчитано' })
  rollups!: Record<string, IndicatorRollupResponseDto | null>;
}

export class WeekSummaryResponseDto extends WeekDto implements WeekSummaryDto {
  @ApiProperty({ type: OrganizationRefDto }) organization!: OrganizationRefDto;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) computedAt!: string | null;
  @ApiProperty({ type: [SummaryIndicatorDto] }) indicators!: SummaryIndicatorDto[];
  @ApiProperty({ type: [SummaryChildDto] }) children!: SummaryChildDto[];
}

class OrganizationIndicatorRowDto implements OrganizationIndicatorRow {
  @ApiProperty({ type: OrganizationRefDto }) organization!: OrganizationRefDto;
  @ApiProperty({ type: IndicatorCellDto }) cell!: IndicatorCellDto;
}

export class OrganizationIndicatorPageDto {
  @ApiProperty({ type: [OrganizationIndicatorRowDto] }) items!: OrganizationIndicatorRowDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

class SeriesPointDto extends IndicatorCellDto {
  @ApiProperty({ example: '2025-09-01', format: 'date' }) weekStart!: string;
  @ApiProperty({ example: '2025-W36' }) weekKey!: string;
}

export class IndicatorSeriesResponseDto implements IndicatorSeriesDto {
  @ApiProperty({ type: IndicatorRefDto }) indicator!: IndicatorRefDto;
  @ApiProperty({ type: OrganizationRefDto }) organization!: OrganizationRefDto;
  @ApiProperty({ type: [SeriesPointDto], description: 'Каждая неделя диапазона; нерассчитанная — no_data/no_target с null' }) points!: SeriesPointDto[];
}

class MatrixCellDto {
  @ApiProperty({ enum: INDICATOR_STATUSES, description: 'no_data — не сдали данные; no_denominator — нет знаменателя (численности)' }) status!: IndicatorStatusValue;
  @ApiProperty({ type: Number, nullable: true }) share!: number | null;
}

class MatrixRowDto {
  @ApiProperty({ type: OrganizationRefDto }) organization!: OrganizationRefDto;
  @ApiProperty({ type: [MatrixCellDto], description: 'В порядке weeks; null — не рассчитано', nullable: true }) cells!: (MatrixCellDto | null)[];
}

export class IndicatorMatrixResponseDto implements IndicatorMatrixDto {
  @ApiProperty({ type: [WeekDto] }) weeks!: WeekDto[];
  @ApiProperty({ type: [MatrixRowDto] }) rows!: MatrixRowDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

class MeasureValuesResponseDto {
  @ApiProperty({ type: Number, nullable: true }) staff_wrote!: number | null;
  @ApiProperty({ type: Number, nullable: true }) students_active!: number | null;
  @ApiProperty({ type: Number, nullable: true }) parents_active!: number | null;
  @ApiProperty({ type: Number, nullable: true }) sferum_in_max!: number | null;
  @ApiProperty({ type: Number, nullable: true }) sferum_total!: number | null;
  @ApiProperty({ type: Number, nullable: true }) officials_wrote!: number | null;
}

class WeekHeadcountsResponseDto implements WeekHeadcountsDto {
  @ApiProperty({ type: Number, nullable: true }) staffStat!: number | null;
  @ApiProperty({ type: Number, nullable: true }) studentsStat!: number | null;
  @ApiProperty({ type: Number, nullable: true }) actualHeadcountMinistry!: number | null;
}

class ReportIndicatorDto extends IndicatorRefDto {
  @ApiProperty({ enum: MEASURE_VALUES, isArray: true }) numeratorMeasures!: MeasureValue[];
  @ApiProperty({ enum: DENOMINATOR_SOURCE_VALUES }) denominatorSource!: DenominatorSourceValue;
  @ApiProperty(fraction('Цель недели')) target!: number | null;
}

class WeeklyReportRevisionResponseDto implements WeeklyReportRevisionDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ enum: SOURCES }) source!: Source;
  @ApiProperty({ type: PersonDto, nullable: true }) author!: PersonDto | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) importId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { staff_wrote: [null, 12] }, description: 'Показатель → [было, стало]' })
  changes!: WeeklyReportRevisionDto['changes'];
}

export class WeeklyReportResponseDto extends WeekDto implements WeeklyReportDto {
  @ApiProperty({ type: OrganizationRefDto }) organization!: OrganizationRefDto;
  @ApiProperty({ type: MeasureValuesResponseDto, description: 'null — не сдано' }) values!: MeasureValuesResponseDto;
  @ApiProperty({ enum: SOURCES, nullable: true }) source!: Source | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) updatedAt!: string | null;
  @ApiProperty({ type: PersonDto, nullable: true }) updatedBy!: PersonDto | null;
  @ApiProperty({ description: 'Передайте в PUT (0 — отчёта ещё нет)' }) version!: number;
  @ApiProperty({ type: WeekHeadcountsResponseDto }) headcounts!: WeekHeadcountsResponseDto;
  @ApiProperty() editable!: boolean;
  @ApiProperty({ type: [ReportIndicatorDto] }) indicators!: ReportIndicatorDto[];
  @ApiProperty({ type: [WeeklyReportRevisionResponseDto], description: 'Новые сверху' }) history!: WeeklyReportRevisionResponseDto[];
}

class ReportingCellDto {
  @ApiProperty({ enum: SOURCES }) source!: Source;
  @ApiProperty({ description: 'Есть все значения, нужные показателям организации' }) complete!: boolean;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

class ReportingRowDto {
  @ApiProperty({ type: OrganizationRefDto }) organization!: OrganizationRefDto;
  @ApiProperty({ type: [ReportingCellDto], description: 'В порядке weeks; null — не сдано', nullable: true }) cells!: (ReportingCellDto | null)[];
}

export class ReportingMatrixResponseDto implements ReportingMatrixDto {
  @ApiProperty({ type: [WeekDto] }) weeks!: WeekDto[];
  @ApiProperty({ type: [ReportingRowDto] }) rows!: ReportingRowDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class SaveWeeklyReportsBatchResponseDto implements SaveWeeklyReportsBatchResponse {
  @ApiProperty({ description: 'Строки, изменившие отчёт' }) applied!: number;
  @ApiProperty({ description: 'Строки без изменений' }) unchanged!: number;
}
