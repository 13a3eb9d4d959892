import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Max, Min, ValidateBy, ValidateNested } from 'class-validator';
import type { IndicatorStatusValue, TargetStageDto, UpdateIndicatorTargetsRequest } from '@karta/contracts';
import { INDICATOR_STATUSES, isIsoWeekKey, isLocalDate, isoWeekday, ORGANIZATION_KINDS } from '@karta/domain';
import { PageQueryDto } from '@karta/api-core';

export const MAX_MATRIX_PAGE_SIZE = 1000;
export const MAX_TARGET_STAGES = 20;

/** A week key of the query string (`2025-W36`). */
export const IsWeekKey = () => ValidateBy({ name: 'isWeekKey', validator: { validate: (value) => typeof value === 'string' && isIsoWeekKey(value) } }, { message: 'Неделя в формате ГГГГ-Wнн, например 2025-W36' });

const IsMonday = () =>
  ValidateBy(
    { name: 'isMonday', validator: { validate: (value) => isLocalDate(value) && isoWeekday(value) === 1 } },
    { message: 'Понедельник в формате ГГГГ-ММ-ДД' },
  );

const uuid = (field: string) => IsUUID('all', { message: `${field}: некорректный идентификатор` });

export class IndicatorListQueryDto {
  @ApiProperty({ format: 'uuid' })
  @uuid('roadmapId')
  roadmapId!: string;
}

export class WeekSummaryQueryDto {
  @ApiProperty({ format: 'uuid' })
  @uuid('roadmapId')
  roadmapId!: string;

  @ApiProperty({ example: '2025-W36' })
  @IsWeekKey()
  week!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Узел дерева (по умолчанию — организация пользователя)' })
  @IsOptional()
  @uuid('organizationId')
  organizationId?: string;
}

export class IndicatorOrganizationsQueryDto extends PageQueryDto {
  @ApiProperty({ example: '2025-W36' })
  @IsWeekKey()
  week!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Поддерево (по умолчанию — организация пользователя)' })
  @IsOptional()
  @uuid('organizationId')
  organizationId?: string;

  @ApiPropertyOptional({ enum: INDICATOR_STATUSES, description: 'not_met — ниже цели, по убыванию отставания; no_data — не сдали данные; no_denominator — нет знаменателя' })
  @IsOptional()
  @IsIn(INDICATOR_STATUSES, { message: `Статус: ${INDICATOR_STATUSES.join(', ')}` })
  status?: IndicatorStatusValue;
}

export class WeekRangeQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'По умолчанию — организация пользователя' })
  @IsOptional()
  @uuid('organizationId')
  organizationId?: string;

  @ApiPropertyOptional({ example: '2025-W36', description: 'По умолчанию — за год (52 недели) до `to`' })
  @IsOptional()
  @IsWeekKey()
  from?: string;

  @ApiPropertyOptional({ example: '2026-W10', description: 'По умолчанию — текущая неделя' })
  @IsOptional()
  @IsWeekKey()
  to?: string;
}

/** Organizations × weeks (heatmap, reporting matrix): pages of up to 1000 organizations. */
export class MatrixQueryDto extends WeekRangeQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_MATRIX_PAGE_SIZE, default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_MATRIX_PAGE_SIZE, { message: `Не больше ${MAX_MATRIX_PAGE_SIZE} строк на странице` })
  pageSize?: number;
}

export class TargetStageInputDto implements TargetStageDto {
  @ApiProperty({ example: '2025-09-01', description: 'Понедельник первой недели этапа' })
  @IsString({ message: 'Понедельник в формате ГГГГ-ММ-ДД' })
  @IsMonday()
  effectiveFrom!: string;

  @ApiProperty({ example: 0.15, minimum: 0, maximum: 1, description: 'Доля: 0.15 = 15 %' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 }, { message: 'Доля от 0 до 1, не больше 4 знаков после запятой' })
  @Min(0, { message: 'Не меньше 0' })
  @Max(1, { message: 'Не больше 1 (100 %)' })
  target!: number;

  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS, isArray: true, nullable: true, description: 'Виды организаций, к которым относится этап; не указано или null — все виды показателя' })
  @IsOptional()
  @IsArray({ message: 'Список видов организаций' })
  @IsIn(ORGANIZATION_KINDS, { each: true, message: 'Неизвестный вид организации' })
  organizationKinds!: TargetStageDto['organizationKinds'];
}

export class UpdateIndicatorTargetsDto implements UpdateIndicatorTargetsRequest {
  @ApiProperty({ type: [TargetStageInputDto], minItems: 1, maxItems: MAX_TARGET_STAGES, example: [{ effectiveFrom: '2025-09-01', target: 0.15 }] })
  @IsArray({ message: 'Список этапов' })
  @ArrayMinSize(1, { message: 'Хотя бы один этап' })
  @ArrayMaxSize(MAX_TARGET_STAGES, { message: `Не больше ${MAX_TARGET_STAGES} этапов` })
  @ValidateNested({ each: true })
  @Type(() => TargetStageInputDto)
  targets!: TargetStageInputDto[];
}
