import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@karta/api-core';
import { AuditPageDto, AuditQueryDto, EntityHistoryQueryDto } from './audit.dto';
import { AuditReadService } from './audit-read.service';

@ApiTags('audit')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Not signed in' })
@Controller('audit')
export class AuditReadController {
  constructor(private readonly audit: AuditReadService) {}

  @Get()
  @ApiOperation({ summary: 'Audit log entries in the caller’s organizations, newest first (permission audit.read)' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiForbiddenResponse({ description: 'The role may not read the audit log' })
  list(@CurrentUser() user: AuthUser, @Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return this.audit.list(user, query);
  }

  @Get('entities/:type/:id')
  @ApiOperation({ summary: 'History of one object (e.g. type `task`), for whoever may read that kind of object' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiForbiddenResponse({ description: 'The role may not read this kind of object' })
  history(
    @CurrentUser() user: AuthUser,
    @Param('type') type: string,
    @Param('id') id: string,
    @Query() query: EntityHistoryQueryDto,
  ): Promise<AuditPageDto> {
    return this.audit.history(user, type, id, query.page, query.pageSize);
  }
}
