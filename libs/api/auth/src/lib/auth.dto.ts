import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '@karta/domain';
import { type ChangePasswordRequest, type CurrentUser, type LoginRequest, type LoginResponse, PASSWORD_MIN_LENGTH, type RefreshResponse } from '@karta/contracts';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'controller@karta.test' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'Введите корректный адрес электронной почты' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString({ message: 'Введите пароль' })
  @MinLength(1, { message: 'Введите пароль' })
  @MaxLength(256)
  password!: string;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty({ format: 'password' })
  @IsString({ message: 'Введите текущий пароль' })
  @MinLength(1, { message: 'Введите текущий пароль' })
  @MaxLength(256)
  currentPassword!: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH, description: 'Not the e-mail and not the current password' })
  @IsString({ message: 'Введите новый пароль' })
  @MinLength(PASSWORD_MIN_LENGTH, { message: `Пароль должен содержать не менее ${PASSWORD_MIN_LENGTH} символов` })
  @MaxLength(256, { message: 'Пароль должен быть не длиннее 256 символов' })
  newPassword!: string;
}

export class CurrentUserDto implements CurrentUser {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ description: 'Signed in with a one-time password: every route but me, password and logout answers 403 until it is changed' }) mustChangePassword!: boolean;
}

export class RefreshResponseDto implements RefreshResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn!: number;
}

export class LoginResponseDto extends RefreshResponseDto implements LoginResponse {
  @ApiProperty({ type: CurrentUserDto }) user!: CurrentUserDto;
}
