import { PageDtoOf, PageQueryDto } from '@karta/api-core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import type { AuditActor, AuditEntry, AuditOrganization, AuditQuery } from '@karta/contracts';

export class AuditQueryDto extends PageQueryDto implements AuditQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Некорректный идентификатор пользователя' })
  actorId?: string;

  @ApiPropertyOptional({ description: 'Prefix of the action, e.g. `task.` or `auth.login`', example: 'auth.' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  @Matches(/^[a-z0-9_.]+$/, { message: 'Действие: только латинские буквы, цифры, «_» и «.»' })
  action?: string;

  @ApiPropertyOptional({ example: 'task' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Некорректный идентификатор организации' })
  organizationId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Укажите дату и время в формате ISO 8601' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Exclusive' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Укажите дату и время в формате ISO 8601' })
  to?: string;
}

export class EntityHistoryQueryDto extends PageQueryDto {}

export class AuditActorDto implements AuditActor {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty() email!: string;
}

export class AuditOrganizationDto implements AuditOrganization {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() shortName!: string;
}

export class AuditEntryDto implements AuditEntry {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: AuditActorDto, nullable: true }) actor!: AuditActorDto | null;
  @ApiProperty({ example: 'task.accepted' }) action!: string;
  @ApiProperty({ type: String, nullable: true }) entityType!: string | null;
  @ApiProperty({ type: String, nullable: true }) entityId!: string | null;
  @ApiProperty({ type: AuditOrganizationDto, nullable: true }) organization!: AuditOrganizationDto | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) before!: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) after!: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true, description: 'Only for holders of audit.read' }) ip!: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
}

export class AuditPageDto extends PageDtoOf(AuditEntryDto) {}
