import { Module } from '@nestjs/common';
import { AccessControl } from '@karta/api-core';
import { PasswordHasher } from '@karta/server-core';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, AccessControl, PasswordHasher],
})
export class UsersModule {}
