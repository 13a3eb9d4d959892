import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IndicatorDto, IndicatorMatrixDto, IndicatorRecomputationDto, IndicatorSeriesDto, OrganizationIndicatorRow, Page, WeekSummaryDto } from '@karta/contracts';
import { type AuthUser, CurrentUser } from '@karta/api-core';
import {
  IndicatorListQueryDto,
  IndicatorOrganizationsQueryDto,
  MatrixQueryDto,
  UpdateIndicatorTargetsDto,
  WeekRangeQueryDto,
  WeekSummaryQueryDto,
} from './dto/indicators.dto';
import {
  IndicatorMatrixResponseDto,
  IndicatorRecomputationResponseDto,
  IndicatorResponseDto,
  IndicatorSeriesResponseDto,
  OrganizationIndicatorPageDto,
  WeekSummaryResponseDto,
} from './dto/indicators.responses';
import { IndicatorsService } from './indicators.service';

@ApiTags('indicators')
@ApiBearerAuth()
@Controller('indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  @Get()
  @ApiOperation({ summary: 'Показатели дорожной карты: формулы, этапы целей (от ранних к поздним), номера мероприятий' })
  @ApiOkResponse({ type: [IndicatorResponseDto] })
  list(@CurrentUser() user: AuthUser, @Query() query: IndicatorListQueryDto): Promise<IndicatorDto[]> {
    return this.indicators.list(user, query.roadmapId);
  }

  @Get('summary')
  @ApiOperation({ summary: 'Сводка недели по узлу дерева: свод по каждому показателю и по дочерним районам' })
  @ApiOkResponse({ type: WeekSummaryResponseDto, description: 'computedAt null — неделя ещё не рассчитана' })
  summary(@CurrentUser() user: AuthUser, @Query() query: WeekSummaryQueryDto): Promise<WeekSummaryDto> {
    return this.indicators.summary(user, query);
  }

  @Get('recomputation')
  @ApiOperation({ summary: 'Последний пересчёт сохранённых недель дорожной карты (после изменения целей или состава): ход и итог' })
  @ApiOkResponse({ type: IndicatorRecomputationResponseDto, description: 'null — пересчётов ещё не было' })
  recomputation(@CurrentUser() user: AuthUser, @Query() query: IndicatorListQueryDto): Promise<IndicatorRecomputationDto | null> {
    return this.indicators.recomputation(user, query.roadmapId);
  }

  @Put(':id/targets')
  @ApiOperation({ summary: 'Заменить этапы цели показателя (в журнале аудита — было → стало; пересчёт затронутых недель)' })
  @ApiOkResponse({ type: IndicatorResponseDto })
  updateTargets(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateIndicatorTargetsDto): Promise<IndicatorDto> {
    return this.indicators.updateTargets(user, id, body);
  }

  @Get(':id/organizations')
  @ApiOperation({ summary: 'Организации поддерева со значением показателя за неделю; status=not_met — ниже цели, по убыванию отставания' })
  @ApiOkResponse({ type: OrganizationIndicatorPageDto })
  organizations(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: IndicatorOrganizationsQueryDto): Promise<Page<OrganizationIndicatorRow>> {
    return this.indicators.organizations(user, id, query);
  }

  @Get(':id/series')
  @ApiOperation({ summary: 'Динамика по неделям: организация (снимки) или район/регион (свод); каждая неделя диапазона — точка' })
  @ApiOkResponse({ type: IndicatorSeriesResponseDto })
  series(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: WeekRangeQueryDto): Promise<IndicatorSeriesDto> {
    return this.indicators.series(user, id, query);
  }

  @Get(':id/matrix')
  @ApiOperation({ summary: 'Тепловая карта: организации × недели (до 53 недель, до 1000 строк на странице)' })
  @ApiOkResponse({ type: IndicatorMatrixResponseDto })
  matrix(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: MatrixQueryDto): Promise<IndicatorMatrixDto> {
    return this.indicators.matrix(user, id, query);
  }
}
