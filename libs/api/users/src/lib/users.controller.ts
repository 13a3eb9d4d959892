import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@karta/api-core';
import { CreateUserDto, UpdateUserDto, UserListQueryDto, UserPageDto, UserSummaryDto, UserWithPasswordDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Users of organizations in the caller’s scope' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiForbiddenResponse()
  list(@CurrentUser() caller: AuthUser, @Query() query: UserListQueryDto): Promise<UserPageDto> {
    return this.users.list(caller, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserSummaryDto })
  @ApiNotFoundResponse({ description: 'Missing or outside the caller’s scope' })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<UserSummaryDto> {
    return this.users.get(caller, id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user; answers a one-time password shown once' })
  @ApiCreatedResponse({ type: UserWithPasswordDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, a role the caller may not assign, an organization out of scope' })
  @ApiConflictResponse({ description: 'The e-mail is taken (fieldErrors: email)' })
  @ApiForbiddenResponse()
  create(@CurrentUser() caller: AuthUser, @Body() body: CreateUserDto): Promise<UserWithPasswordDto> {
    return this.users.create(caller, body);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user; isActive=false deactivates and revokes their sessions' })
  @ApiOkResponse({ type: UserSummaryDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, own role or own deactivation, a role the caller may not assign' })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  update(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserDto): Promise<UserSummaryDto> {
    return this.users.update(caller, id, body);
  }

  @Post(':id/reset-password')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Issue a new one-time password (shown once) and end the user’s sessions' })
  @ApiOkResponse({ type: UserWithPasswordDto })
  @ApiBadRequestResponse()
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  resetPassword(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<UserWithPasswordDto> {
    return this.users.resetPassword(caller, id);
  }
}
