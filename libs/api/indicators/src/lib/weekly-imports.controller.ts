import '@fastify/multipart';
import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AuthUser, CurrentUser } from '@karta/api-core';
import { weeklySheetTemplateCsv, weeklySheetTemplateXlsx } from '@karta/server-indicators';
import {
  WeeklyImportDto,
  WeeklyImportIssuePageDto,
  WeeklyImportListQueryDto,
  WeeklyImportPageDto,
  WeeklyImportTemplateQueryDto,
} from './dto/weekly-import.dto';
import { WeeklyImportsService } from './weekly-imports.service';

const LAYOUT =
  'Columns (headers trimmed, case-insensitive, any order, unknown ones ignored): «Код организации», «Неделя» ' +
  '(2025-W36 or any date of the week: 01.09.2025, 2025-09-01, an Excel date), and at least one of «Писали работники», ' +
  '«Активные обучающиеся», «Активные родители», «Сферум в МАКС», «Сферум всего», «Писали должностные лица» ' +
  '(or the measure codes). An empty cell keeps the stored value. CSV: UTF-8 (with or without BOM) or Windows-1251, `;` or `,`.';

@ApiTags('weekly-imports')
@ApiBearerAuth()
@Controller('weekly-imports')
export class WeeklyImportsController {
  constructor(private readonly imports: WeeklyImportsService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Upload a district sheet of weekly numbers; processed by the worker (poll GET /:id)', description: LAYOUT })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'roadmapId'],
      properties: { file: { type: 'string', format: 'binary' }, roadmapId: { type: 'string', format: 'uuid' } },
    },
  })
  @ApiAcceptedResponse({ type: WeeklyImportDto })
  @ApiBadRequestResponse({ description: 'No file or roadmap, an empty file, or not a real XLSX / text CSV (fieldErrors: file, roadmapId)' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than UPLOAD_MAX_BYTES' })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse({ description: 'The roadmap is not visible to the caller' })
  create(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest): Promise<WeeklyImportDto> {
    return this.imports.create(user, request);
  }

  @Get()
  @ApiOperation({ summary: 'Imports in the caller’s scope, newest first' })
  @ApiOkResponse({ type: WeeklyImportPageDto })
  @ApiForbiddenResponse()
  list(@CurrentUser() user: AuthUser, @Query() query: WeeklyImportListQueryDto): Promise<WeeklyImportPageDto> {
    return this.imports.list(user, query);
  }

  @Get('template')
  @ApiOperation({ summary: 'The empty sheet to fill in (XLSX with notes, or CSV in UTF-8 with BOM)', description: LAYOUT })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOkResponse({ description: 'The template', schema: { type: 'string', format: 'binary' } })
  async template(@Query() query: WeeklyImportTemplateQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const csv = query.format === 'csv';
    const body = csv ? weeklySheetTemplateCsv() : await weeklySheetTemplateXlsx();
    const name = `Шаблон показателей за неделю.${csv ? 'csv' : 'xlsx'}`;
    await reply
      .header('content-type', csv ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="weekly-template.${csv ? 'csv' : 'xlsx'}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An import with its progress and counters' })
  @ApiOkResponse({ type: WeeklyImportDto })
  @ApiNotFoundResponse({ description: 'Missing or outside the caller’s scope' })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<WeeklyImportDto> {
    return this.imports.get(user, id);
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Queue a failed import again with its kept file («Повторить»); the upload time stays the file’s' })
  @ApiOkResponse({ type: WeeklyImportDto })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse({ description: 'Missing or outside the caller’s scope' })
  @ApiConflictResponse({ description: 'Not failed, or its file is no longer kept' })
  retry(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<WeeklyImportDto> {
    return this.imports.retry(user, id);
  }

  @Get(':id/issues')
  @ApiOperation({ summary: 'The row report: every rejected row with its reason, in row order' })
  @ApiOkResponse({ type: WeeklyImportIssuePageDto })
  @ApiNotFoundResponse({ description: 'Missing or outside the caller’s scope' })
  issues(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: WeeklyImportListQueryDto): Promise<WeeklyImportIssuePageDto> {
    return this.imports.issues(user, id, query);
  }
}
