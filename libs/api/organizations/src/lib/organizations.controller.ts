import '@fastify/multipart';
import { BadRequestException, Body, Controller, Get, Header, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AuthUser, CurrentUser } from '@karta/api-core';
import type { OrganizationImportFailure } from '@karta/contracts';
import { buildTemplate } from './organization-import.parser';
import { OrganizationImportService } from './organization-import.service';
import {
  CreateOrganizationDto,
  HeadcountRecordDto,
  ImportQueryDto,
  OrganizationDetailsDto,
  OrganizationImportFailureDto,
  OrganizationImportReportDto,
  OrganizationListQueryDto,
  OrganizationPageDto,
  OrganizationTreeNodeDto,
  UpdateOrganizationDto,
  UpsertHeadcountDto,
} from './organizations.dto';
import { OrganizationsService } from './organizations.service';

/** An import file is a sheet of a few thousand rows; 5 MB is plenty. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly importer: OrganizationImportService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Organizations in the caller’s scope' })
  @ApiOkResponse({ type: OrganizationPageDto })
  @ApiForbiddenResponse()
  list(@CurrentUser() user: AuthUser, @Query() query: OrganizationListQueryDto): Promise<OrganizationPageDto> {
    return this.organizations.list(user, query);
  }

  @Get('tree')
  @ApiOperation({ summary: 'The caller’s visible tree (nodes whose parent is not listed are roots)' })
  @ApiOkResponse({ type: [OrganizationTreeNodeDto] })
  tree(@CurrentUser() user: AuthUser): Promise<OrganizationTreeNodeDto[]> {
    return this.organizations.tree(user);
  }

  @Get('import/template.xlsx')
  @ApiOperation({ summary: 'XLSX template of the import' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The template', schema: { type: 'string', format: 'binary' } })
  @Header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @Header('content-disposition', `attachment; filename="organizations-template.xlsx"; filename*=UTF-8''${encodeURIComponent('Шаблон импорта организаций.xlsx')}`)
  async template(): Promise<StreamableFile> {
    return new StreamableFile(await buildTemplate());
  }

  @Post('import')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Import organizations from XLSX or CSV (upsert by «Код»)',
    description:
      'Columns (Russian headers, any order): «Код», «Код вышестоящей», «Полное наименование», «Краткое наименование», «Тип», ' +
      '«Руководитель», «Телефон», «E-mail», «Адрес», «Канал MAX», «Работники», «Обучающиеся», «Фактическая численность», ' +
      '«Дата численности». CSV: UTF-8 (with or without BOM) or Windows-1251, separated by `;` or `,`. Any error → nothing is written.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: OrganizationImportReportDto })
  @ApiBadRequestResponse({ type: OrganizationImportFailureDto, description: 'The file was refused; nothing was written' })
  @ApiForbiddenResponse()
  async import(
    @CurrentUser() user: AuthUser,
    @Query() query: ImportQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrganizationImportReportDto | OrganizationImportFailure> {
    const buffer = await readUpload(request);
    const result = await this.importer.import(user, buffer, query.dryRun ?? false);
    if (result.ok) return result.report;
    void reply.status(HttpStatus.BAD_REQUEST);
    return {
      statusCode: HttpStatus.BAD_REQUEST,
      error: 'Bad Request',
      message: 'Файл не загружен: исправьте ошибки и загрузите его снова',
      requestId: String(request.id),
      report: result.report,
    };
  }

  @Get(':id')
  @ApiOkResponse({ type: OrganizationDetailsDto })
  @ApiNotFoundResponse({ description: 'Missing or outside the caller’s scope' })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<OrganizationDetailsDto> {
    return this.organizations.get(user, id);
  }

  @Post()
  @ApiCreatedResponse({ type: OrganizationDetailsDto })
  @ApiBadRequestResponse()
  @ApiConflictResponse({ description: 'The code is taken (fieldErrors: code)' })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse({ description: 'The parent is missing or outside the caller’s scope' })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateOrganizationDto): Promise<OrganizationDetailsDto> {
    return this.organizations.create(user, body);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change, move (with the whole subtree) or deactivate an organization' })
  @ApiOkResponse({ type: OrganizationDetailsDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, or a move under its own descendant' })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateOrganizationDto,
  ): Promise<OrganizationDetailsDto> {
    return this.organizations.update(user, id, body);
  }

  @Get(':id/headcounts')
  @ApiOperation({ summary: 'Headcount history, newest first' })
  @ApiOkResponse({ type: [HeadcountRecordDto] })
  @ApiNotFoundResponse()
  headcounts(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<HeadcountRecordDto[]> {
    return this.organizations.headcounts(user, id);
  }

  @Post(':id/headcounts')
  @ApiOperation({ summary: 'Set a headcount in force from a date (replaces the value of the same kind and date)' })
  @ApiCreatedResponse({ type: HeadcountRecordDto })
  @ApiBadRequestResponse()
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  upsertHeadcount(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpsertHeadcountDto,
  ): Promise<HeadcountRecordDto> {
    return this.organizations.upsertHeadcount(user, id, body);
  }
}

async function readUpload(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) throw new BadRequestException('Отправьте файл как multipart/form-data в поле «file»');
  const file = await request.file({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } });
  if (!file) throw new BadRequestException('Выберите файл');
  try {
    return await file.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new BadRequestException(`Файл больше ${IMPORT_MAX_BYTES / 1024 / 1024} МБ`);
    }
    throw error;
  }
}
