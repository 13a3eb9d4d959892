import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import type { CreateUserRequest, UpdateUserRequest, UserListQuery, UserSummary, UserWithPassword } from '@karta/contracts';
import { ROLES, type Role } from '@karta/domain';
import { PageQueryDto, queryBoolean, trimToNull, PageDtoOf } from '@karta/api-core';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class UserListQueryDto extends PageQueryDto implements UserListQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ description: 'Part of the name or e-mail' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'true: active only, false: deactivated only; omitted: all' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  active?: boolean;
}

export class UserSummaryDto implements UserSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() organizationCode!: string;
  @ApiProperty() organizationShortName!: string;
  @ApiProperty() isActive!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLoginAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class UserPageDto extends PageDtoOf(UserSummaryDto) {}

export class UserWithPasswordDto implements UserWithPassword {
  @ApiProperty({ type: UserSummaryDto }) user!: UserSummaryDto;
  @ApiProperty({ description: 'Shown once; only its hash is stored' }) oneTimePassword!: string;
}

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ example: 'ivanova@school.ru' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'Введите корректный адрес электронной почты' })
  @MaxLength(320, { message: 'Не длиннее 320 символов' })
  email!: string;

  @ApiProperty({ maxLength: 300 })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'Укажите ФИО' })
  @MaxLength(300, { message: 'Не длиннее 300 символов' })
  fullName!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64 })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(64, { message: 'Не длиннее 64 символов' })
  phone?: string | null;

  @ApiProperty({ enum: ROLES, description: 'One of the roles the caller may assign' })
  @IsIn(ROLES, { message: 'Выберите роль' })
  role!: Role;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'Выберите организацию' })
  organizationId!: string;
}

export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'Укажите ФИО' })
  @MaxLength(300, { message: 'Не длиннее 300 символов' })
  fullName?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64 })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(64, { message: 'Не длиннее 64 символов' })
  phone?: string | null;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: 'Выберите роль' })
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Выберите организацию' })
  organizationId?: string;

  @ApiPropertyOptional({ description: 'false deactivates the account and revokes its sessions' })
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}
