import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { ReportingMatrixDto, SaveWeeklyReportsBatchResponse, WeeklyReportDto } from '@karta/contracts';
import { type AuthUser, CurrentUser } from '@karta/api-core';
import { ReportingStatusQueryDto, SaveWeeklyReportDto, SaveWeeklyReportsBatchDto } from './dto/weekly-reports.dto';
import { ReportingMatrixResponseDto, SaveWeeklyReportsBatchResponseDto, WeeklyReportResponseDto } from './dto/indicators.responses';
import { WeeklyReportsService } from './weekly-reports.service';

@ApiTags('weekly-reports')
@ApiBearerAuth()
@Controller('weekly-reports')
export class WeeklyReportsController {
  constructor(private readonly reports: WeeklyReportsService) {}

  @Get('status')
  @ApiOperation({ summary: 'Кто сдал данные за какие недели: организации поддерева × недели' })
  @ApiOkResponse({ type: ReportingMatrixResponseDto })
  status(@CurrentUser() user: AuthUser, @Query() query: ReportingStatusQueryDto): Promise<ReportingMatrixDto> {
    return this.reports.status(user, query);
  }

  @Post('batch')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Пакетная загрузка данных для интеграций (источник «api»)',
    description:
      'До 1000 строк { organizationId, week, values, version? }; для каждой строки — правила PUT. Всё или ничего: ошибки — 400 с полями reports.<номер>.<поле>, ничего не записано.',
  })
  @ApiOkResponse({ type: SaveWeeklyReportsBatchResponseDto })
  batch(@CurrentUser() user: AuthUser, @Body() body: SaveWeeklyReportsBatchDto): Promise<SaveWeeklyReportsBatchResponse> {
    return this.reports.batch(user, body);
  }

  @Get(':organizationId/:week')
  @ApiOperation({ summary: 'Еженедельные данные организации: значения, численность, показатели с целью недели, история' })
  @ApiParam({ name: 'week', example: '2025-W36' })
  @ApiOkResponse({ type: WeeklyReportResponseDto })
  get(@CurrentUser() user: AuthUser, @Param('organizationId', ParseUUIDPipe) organizationId: string, @Param('week') week: string): Promise<WeeklyReportDto> {
    return this.reports.get(user, organizationId, week);
  }

  @Put(':organizationId/:week')
  @ApiOperation({
    summary: 'Внести данные за неделю',
    description:
      'Ответственный в организации — своя организация, текущая или прошлая неделя (иначе 403); отдел образования, контролёр, администратор — любая неделя с начала дорожной карты. ' +
      'Превышение численности — 400 с ошибками полей values.<показатель>; устаревшая version — 409.',
  })
  @ApiParam({ name: 'week', example: '2025-W36' })
  @ApiOkResponse({ type: WeeklyReportResponseDto })
  save(
    @CurrentUser() user: AuthUser,
    @Param('organizationId', ParseUUIDPipe) organizationId: string,
    @Param('week') week: string,
    @Body() body: SaveWeeklyReportDto,
  ): Promise<WeeklyReportDto> {
    return this.reports.save(user, organizationId, week, body);
  }
}
