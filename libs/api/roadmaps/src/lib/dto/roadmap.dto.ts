import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto, PageDtoOf } from '@karta/api-core';
import type {
  ActionResponsibleDto,
  ActionResultTypeDto,
  ImportRoadmapRequest,
  ImportRoadmapResponse,
  RoadmapActionView,
  RoadmapDetail,
  RoadmapStatusDto,
  RoadmapSummary,
  TaskCountsByStatus,
  UpdateRoadmapSettingsRequest,
} from '@karta/contracts';

const STATUSES: RoadmapStatusDto[] = ['draft', 'active', 'archived'];

export class RoadmapOwnerDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'RD-SS-UO' }) code!: string;
  @ApiProperty() shortName!: string;
}

export class RoadmapSummaryDto implements RoadmapSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'ss-uo-76-2025' }) code!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: '76' }) orderNumber!: string;
  @ApiProperty({ example: '2025-08-01', format: 'date' }) orderDate!: string;
  @ApiProperty() issuer!: string;
  @ApiProperty({ enum: STATUSES }) status!: RoadmapStatusDto;
  @ApiProperty({ type: RoadmapOwnerDto }) ownerOrganization!: RoadmapOwnerDto;
  @ApiProperty() actionCount!: number;
}

export class TaskCountsDto implements TaskCountsByStatus {
  @ApiProperty() open!: number;
  @ApiProperty() in_progress!: number;
  @ApiProperty() submitted!: number;
  @ApiProperty() accepted!: number;
  @ApiProperty() returned!: number;
  @ApiProperty() cancelled!: number;
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'Просроченные (открытые, в работе, возвращённые с истёкшим сроком)' }) overdue!: number;
}

export class RoadmapActionDto implements RoadmapActionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: number;
  @ApiProperty() title!: string;
  @ApiProperty() fullText!: string;
  @ApiProperty({ description: 'Ответственные, как в приказе' }) responsibleText!: string;
  @ApiProperty({ description: '{type: owner} | {type: organization_kinds, kinds, includeOwner} | {type: organizations, codes}' })
  responsible!: ActionResponsibleDto;
  @ApiProperty({ description: 'Срок, как в приказе' }) deadlineText!: string;
  @ApiProperty({ description: 'График (Schedule из libs/domain)', type: 'object', additionalProperties: true })
  schedule!: Record<string, unknown>;
  @ApiProperty({ enum: ['report', 'indicator'] }) resultType!: ActionResultTypeDto;
  @ApiProperty() resultText!: string;
  @ApiProperty({ type: [String] }) indicatorCodes!: string[];
  @ApiProperty({ type: TaskCountsDto, description: 'Задачи по статусам в пределах области видимости пользователя' })
  taskCounts!: TaskCountsDto;
}

export class RoadmapDetailDto extends RoadmapSummaryDto implements RoadmapDetail {
  @ApiProperty({ nullable: true, type: String }) controllerName!: string | null;
  @ApiProperty({ type: [String] }) grounds!: string[];
  @ApiProperty({ type: [String] }) goals!: string[];
  @ApiProperty() materializeDaysAhead!: number;
  @ApiProperty({ type: [RoadmapActionDto] }) actions!: RoadmapActionDto[];
}

export class UpdateRoadmapSettingsDto implements UpdateRoadmapSettingsRequest {
  @ApiPropertyOptional({ minimum: 0, maximum: 90, description: 'На сколько дней вперёд создавать задачи' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Целое число дней' })
  @Min(0, { message: 'Не меньше 0' })
  @Max(90, { message: 'Не больше 90' })
  materializeDaysAhead?: number;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES, { message: 'Статус: draft, active или archived' })
  status?: RoadmapStatusDto;
}

export class ImportRoadmapDto implements ImportRoadmapRequest {
  @ApiProperty({ description: 'Текст файла дорожной карты (YAML), см. data/roadmaps/order-76.yaml' })
  @IsString({ message: 'Передайте текст файла' })
  @MinLength(1, { message: 'Файл пуст' })
  @MaxLength(900_000, { message: 'Файл слишком большой' })
  yaml!: string;
}

export class ImportRoadmapResponseDto implements ImportRoadmapResponse {
  @ApiProperty({ format: 'uuid' }) roadmapId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() created!: boolean;
  @ApiProperty() actionsCreated!: number;
  @ApiProperty() actionsUpdated!: number;
  @ApiProperty() actionsUnchanged!: number;
  @ApiProperty() indicatorsCreated!: number;
  @ApiProperty() indicatorsUpdated!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Задание материализации задач; null — Redis недоступен, задание будет поставлено, когда он вернётся' })
  materializeJobId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Пересчёт сохранённых недель: изменилась формула или виды организаций показателя' })
  recomputationId!: string | null;
}

export class RoadmapPageDto extends PageDtoOf(RoadmapSummaryDto) {}

export class ApiErrorDto {
  @ApiProperty() statusCode!: number;
  @ApiProperty() error!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ description: 'Ошибки полей: field — путь, например actions[3].schedule.dueWeekday', type: 'array', items: { type: 'object' } })
  fieldErrors?: { field: string; messages: string[] }[];
  @ApiPropertyOptional() requestId?: string;
}

export class RoadmapListQueryDto extends PageQueryDto {
}
