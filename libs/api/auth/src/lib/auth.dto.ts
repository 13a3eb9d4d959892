import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '@karta/domain';
import type { CurrentUser, LoginRequest, LoginResponse } from '@karta/contracts';

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

export class CurrentUserDto implements CurrentUser {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
}

export class LoginResponseDto implements LoginResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ type: CurrentUserDto }) user!: CurrentUserDto;
}
