import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@karta/api-core';
import {
  ORGANIZATION_KIND_VALUES,
  type OrganizationKindValue,
  type OrganizationRef,
  type WeeklyImportDto as WeeklyImport,
  type WeeklyImportIssueDto as WeeklyImportIssue,
  type WeeklyImportStatusValue,
} from '@karta/contracts';

const STATUSES: WeeklyImportStatusValue[] = ['queued', 'running', 'done', 'failed'];
export const TEMPLATE_FORMATS = ['xlsx', 'csv'] as const;

export class WeeklyImportOrganizationDto implements OrganizationRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'RD-SS-UO' }) code!: string;
  @ApiProperty() shortName!: string;
  @ApiProperty({ enum: ORGANIZATION_KIND_VALUES }) kind!: OrganizationKindValue;
}

export class WeeklyImportAuthorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
}

export class WeeklyImportDto implements WeeklyImport {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) roadmapId!: string;
  @ApiProperty({ type: WeeklyImportOrganizationDto, description: 'Организация загрузившего: строки вне её поддерева отклоняются' })
  organization!: WeeklyImportOrganizationDto;
  @ApiProperty() fileName!: string;
  @ApiProperty({ enum: ['csv', 'xlsx'] }) format!: 'csv' | 'xlsx';
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ enum: STATUSES }) status!: WeeklyImportStatusValue;
  @ApiProperty({ type: Number, nullable: true, description: 'Строк с данными в файле (когда файл прочитан)' }) totalRows!: number | null;
  @ApiProperty() processedRows!: number;
  @ApiProperty({ description: 'Строки, изменившие отчёт' }) appliedRows!: number;
  @ApiProperty({ description: 'Верные строки, совпавшие с сохранённым' }) unchangedRows!: number;
  @ApiProperty({ description: 'Отклонённые строки (см. /issues)' }) rejectedRows!: number;
  @ApiProperty({ description: 'Верные строки, пропущенные: отчёт изменён позже загрузки файла (outdated в /issues)' }) skippedRows!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Почему файл не обработан целиком (тогда ничего не записано)' }) error!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'До какого момента можно повторить неудавшийся импорт (файл хранится); null — повторить нельзя',
  })
  retryUntil!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: WeeklyImportAuthorDto, nullable: true }) createdBy!: WeeklyImportAuthorDto | null;
}

export class WeeklyImportPageDto {
  @ApiProperty({ type: [WeeklyImportDto] }) items!: WeeklyImportDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class WeeklyImportIssueDto implements WeeklyImportIssue {
  @ApiProperty({ description: 'Номер строки, как в таблице (заголовок — строка 1)' }) rowNumber!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Заголовок столбца с ошибкой' }) column!: string | null;
  @ApiProperty({ type: String, nullable: true }) organizationCode!: string | null;
  @ApiProperty({
    description:
      'missing_code, unknown_organization, outside_scope, invalid_week, week_outside_roadmap, duplicate_row, not_a_count, exceeds_denominator ' +
      '(the row is rejected); outdated (a valid row skipped: its report changed after the upload)',
  })
  reason!: string;
  @ApiProperty() message!: string;
}

export class WeeklyImportIssuePageDto {
  @ApiProperty({ type: [WeeklyImportIssueDto] }) items!: WeeklyImportIssueDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class WeeklyImportListQueryDto extends PageQueryDto {}

export class WeeklyImportTemplateQueryDto {
  @ApiPropertyOptional({ enum: TEMPLATE_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(TEMPLATE_FORMATS, { message: 'Формат шаблона: xlsx или csv' })
  format?: (typeof TEMPLATE_FORMATS)[number];
}
