import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsInt, IsObject, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import type { MeasureValuesDto, SaveWeeklyReportRequest, SaveWeeklyReportsBatchRequest } from '@karta/contracts';
import { IsWeekKey, MatrixQueryDto } from './indicators.dto';

/** Far above any school or district; keeps an int4 column and sums of a region well in range. */
const MAX_COUNT = 10_000_000;

/** A reported count: omitted = unchanged, null = clear, otherwise a whole number of people. */
const Count = (): PropertyDecorator => (target, key) => {
  ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: MAX_COUNT })(target, key);
  IsOptional()(target, key);
  IsInt({ message: 'Целое неотрицательное число' })(target, key);
  Min(0, { message: 'Целое неотрицательное число' })(target, key);
  Max(MAX_COUNT, { message: `Не больше ${MAX_COUNT}` })(target, key);
};

/** The measures a report may carry; anything else is rejected by the whitelist (400 on `values.<key>`). */
export class MeasureValuesInputDto implements Partial<MeasureValuesDto> {
  @Count() staff_wrote?: number | null;
  @Count() students_active?: number | null;
  @Count() parents_active?: number | null;
  @Count() sferum_in_max?: number | null;
  @Count() sferum_total?: number | null;
  @Count() officials_wrote?: number | null;
}

/** The `values` of a save: null clears a value, an omitted one stays as stored. */
function MeasureValuesField(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: MeasureValuesInputDto, description: 'null — очистить значение; не переданное — без изменений' }),
    IsDefined({ message: 'Передайте значения' }),
    IsObject({ message: 'Передайте значения' }),
    ValidateNested(),
    Type(() => MeasureValuesInputDto),
  );
}

export class SaveWeeklyReportDto implements SaveWeeklyReportRequest {
  @MeasureValuesField()
  values!: MeasureValuesInputDto;

  @ApiProperty({ minimum: 0, description: 'Версия отчёта из GET (0 — отчёта ещё нет); иначе 409' })
  @IsInt({ message: 'Версия — целое число' })
  @Min(0, { message: 'Версия — целое число' })
  version!: number;
}

export class ReportingStatusQueryDto extends MatrixQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'roadmapId: некорректный идентификатор' })
  roadmapId!: string;
}

export const MAX_BATCH_ROWS = 1000;

export class WeeklyReportRowDto {
  @ApiProperty({ format: 'uuid', example: '00000000-0000-4000-8000-000000000001' })
  @IsUUID('all', { message: 'organizationId: некорректный идентификатор' })
  organizationId!: string;

  @ApiProperty({ example: '2025-W36' })
  @IsWeekKey()
  week!: string;

  @MeasureValuesField()
  values!: MeasureValuesInputDto;

  @ApiPropertyOptional({ minimum: 0, description: 'Если передана — должна совпадать с сохранённой (0 — отчёта ещё нет)' })
  @IsOptional()
  @IsInt({ message: 'Версия — целое число' })
  @Min(0, { message: 'Версия — целое число' })
  version?: number;
}

export class SaveWeeklyReportsBatchDto implements SaveWeeklyReportsBatchRequest {
  @ApiProperty({
    type: [WeeklyReportRowDto],
    minItems: 1,
    maxItems: MAX_BATCH_ROWS,
    example: [{ organizationId: '00000000-0000-4000-8000-000000000001', week: '2025-W36', values: { staff_wrote: 12 } }],
  })
  @IsArray({ message: 'Список отчётов' })
  @ArrayMinSize(1, { message: 'Хотя бы один отчёт' })
  @ArrayMaxSize(MAX_BATCH_ROWS, { message: `Не больше ${MAX_BATCH_ROWS} отчётов за запрос` })
  @ValidateNested({ each: true })
  @Type(() => WeeklyReportRowDto)
  reports!: WeeklyReportRowDto[];
}
