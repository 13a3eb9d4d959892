import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { PageQueryDto, queryBoolean, trimToNull, PageDtoOf } from '@karta/api-core';
import {
  IsBoolean,
  IsDateString,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import {
  type CreateOrganizationRequest,
  type CurrentHeadcounts,
  HEADCOUNT_KIND_VALUES,
  type HeadcountKindValue,
  type HeadcountRecord,
  type ImportRowError,
  ORGANIZATION_KIND_VALUES,
  type OrganizationDetails,
  type OrganizationImportReport,
  type OrganizationKindValue,
  type OrganizationListQuery,
  type OrganizationSummary,
  type OrganizationTreeNode,
  type UpdateOrganizationRequest,
  type UpsertHeadcountRequest,
} from '@karta/contracts';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const MAX_CHANNEL_URL_OPTIONS: { protocols: string[]; require_protocol: boolean; require_tld: boolean } = { protocols: ['https', 'http'], require_protocol: true, require_tld: true };

export class OrganizationListQueryDto extends PageQueryDto implements OrganizationListQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only direct children of this organization' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ enum: ORGANIZATION_KIND_VALUES })
  @IsOptional()
  @IsIn(ORGANIZATION_KIND_VALUES)
  kind?: OrganizationKindValue;

  @ApiPropertyOptional({ description: 'Part of the name, short name or code' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  includeInactive?: boolean;
}

export class CurrentHeadcountsDto implements CurrentHeadcounts {
  @ApiProperty({ type: Number, nullable: true }) staff_stat!: number | null;
  @ApiProperty({ type: Number, nullable: true }) students_stat!: number | null;
  @ApiProperty({ type: Number, nullable: true }) actual_headcount_ministry!: number | null;
}

export class OrganizationSummaryDto implements OrganizationSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId!: string | null;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() shortName!: string;
  @ApiProperty({ enum: ORGANIZATION_KIND_VALUES }) kind!: OrganizationKindValue;
  @ApiProperty({ type: String, nullable: true }) headName!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
  @ApiProperty({ type: String, nullable: true }) maxChannelUrl!: string | null;
  @ApiProperty() isActive!: boolean;
  @ApiProperty({ type: CurrentHeadcountsDto, description: 'Values in force today' }) headcounts!: CurrentHeadcountsDto;
}

export class OrganizationDetailsDto extends OrganizationSummaryDto implements OrganizationDetails {
  @ApiProperty({ description: 'Materialized path `/<root>/…/<id>/`' }) path!: string;
  @ApiProperty({ type: String, nullable: true }) parentName!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class OrganizationPageDto extends PageDtoOf(OrganizationSummaryDto) {}

export class OrganizationTreeNodeDto implements OrganizationTreeNode {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId!: string | null;
  @ApiProperty() code!: string;
  @ApiProperty() shortName!: string;
  @ApiProperty({ enum: ORGANIZATION_KIND_VALUES }) kind!: OrganizationKindValue;
  @ApiProperty() isActive!: boolean;
  @ApiProperty({ description: 'Visible children' }) childCount!: number;
}

class OrganizationFieldsDto {
  @ApiProperty({ maxLength: 500 })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'Укажите полное наименование' })
  @MaxLength(500, { message: 'Не длиннее 500 символов' })
  name!: string;

  @ApiProperty({ maxLength: 200 })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'Укажите краткое наименование' })
  @MaxLength(200, { message: 'Не длиннее 200 символов' })
  shortName!: string;

  @ApiProperty({ enum: ORGANIZATION_KIND_VALUES })
  @IsIn(ORGANIZATION_KIND_VALUES, { message: 'Выберите тип организации' })
  kind!: OrganizationKindValue;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 300 })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(300, { message: 'Не длиннее 300 символов' })
  headName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64 })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(64, { message: 'Не длиннее 64 символов' })
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 320 })
  @IsOptional()
  @Transform(trimToNull)
  @ValidateIf((_, value) => value !== null)
  @IsEmail({}, { message: 'Введите корректный адрес электронной почты' })
  @MaxLength(320)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(500, { message: 'Не длиннее 500 символов' })
  address?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'https://max.ru/channel_name' })
  @IsOptional()
  @Transform(trimToNull)
  @ValidateIf((_, value) => value !== null)
  @IsUrl(MAX_CHANNEL_URL_OPTIONS, { message: 'Введите ссылку вида https://…' })
  @MaxLength(500, { message: 'Не длиннее 500 символов' })
  maxChannelUrl?: string | null;
}

export class CreateOrganizationDto extends OrganizationFieldsDto implements CreateOrganizationRequest {
  @ApiProperty({ format: 'uuid', description: 'The parent; must be in the caller’s scope' })
  @IsUUID('all', { message: 'Выберите вышестоящую организацию' })
  parentId!: string;

  @ApiProperty({ maxLength: 64, example: 'SS-031' })
  @Transform(trim)
  @IsString()
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N}._\-/]*$/u, { message: 'Код: буквы, цифры, точка, дефис, подчёркивание, косая черта' })
  @MaxLength(64, { message: 'Не длиннее 64 символов' })
  code!: string;
}

/** Every field optional (PartialType keeps the validation and trimming of the create form). */
export class UpdateOrganizationDto extends PartialType(OrganizationFieldsDto) implements UpdateOrganizationRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'Moves the organization with its whole subtree' })
  @IsOptional()
  @IsUUID('all', { message: 'Выберите вышестоящую организацию' })
  parentId?: string;

  @ApiPropertyOptional({ description: 'false deactivates (there is no hard delete)' })
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

export class HeadcountRecordDto implements HeadcountRecord {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: HEADCOUNT_KIND_VALUES }) kind!: HeadcountKindValue;
  @ApiProperty() value!: number;
  @ApiProperty({ format: 'date', example: '2025-09-01' }) effectiveFrom!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class UpsertHeadcountDto implements UpsertHeadcountRequest {
  @ApiProperty({ enum: HEADCOUNT_KIND_VALUES })
  @IsIn(HEADCOUNT_KIND_VALUES, { message: 'Выберите вид численности' })
  kind!: HeadcountKindValue;

  @ApiProperty({ minimum: 0 })
  @IsInt({ message: 'Целое число' })
  @Min(0, { message: 'Не меньше 0' })
  @Max(10_000_000, { message: 'Слишком большое значение' })
  value!: number;

  @ApiProperty({ format: 'date', example: '2025-09-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'Дата в формате ГГГГ-ММ-ДД' })
  @IsDateString({ strict: true }, { message: 'Несуществующая дата' })
  effectiveFrom!: string;
}

export class ImportRowErrorDto implements ImportRowError {
  @ApiProperty({ description: 'Line of the sheet, the header being 1' }) row!: number;
  @ApiProperty({ description: 'Column header, or empty for the whole row/file' }) column!: string;
  @ApiProperty() message!: string;
}

export class OrganizationImportReportDto implements OrganizationImportReport {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty() rows!: number;
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ type: [ImportRowErrorDto] }) errors!: ImportRowErrorDto[];
}

export class OrganizationImportFailureDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty() error!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional() requestId?: string;
  @ApiProperty({ type: OrganizationImportReportDto }) report!: OrganizationImportReportDto;
}

export class ImportQueryDto {
  @ApiPropertyOptional({ default: false, description: 'Validate only; nothing is written' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  dryRun?: boolean;
}
