import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Page } from '@karta/contracts';
import { type AuthUser, CurrentUser } from '@karta/api-core';
import {
  ApiErrorDto,
  ImportRoadmapDto,
  ImportRoadmapResponseDto,
  RoadmapDetailDto,
  RoadmapListQueryDto,
  RoadmapPageDto,
  type RoadmapSummaryDto,
  UpdateRoadmapSettingsDto,
} from './dto/roadmap.dto';
import { RoadmapsService } from './roadmaps.service';

@ApiTags('roadmaps')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto, description: 'Не выполнен вход' })
@Controller('roadmaps')
export class RoadmapsController {
  constructor(private readonly roadmaps: RoadmapsService) {}

  @Get()
  @ApiOperation({ summary: 'Дорожные карты, доступные пользователю' })
  @ApiOkResponse({ type: RoadmapPageDto })
  @ApiForbiddenResponse({ type: ApiErrorDto })
  list(@CurrentUser() user: AuthUser, @Query() query: RoadmapListQueryDto): Promise<Page<RoadmapSummaryDto>> {
    return this.roadmaps.list(user, query);
  }

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Импорт файла дорожной карты (YAML)',
    description: 'Создаёт или обновляет карту по коду и мероприятия по номеру; затем ставит в очередь создание задач. Ошибки файла — 400 с путями полей.',
  })
  @ApiOkResponse({ type: ImportRoadmapResponseDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'Файл некорректен; ничего не записано' })
  @ApiForbiddenResponse({ type: ApiErrorDto })
  import(@CurrentUser() user: AuthUser, @Body() body: ImportRoadmapDto): Promise<ImportRoadmapResponseDto> {
    return this.roadmaps.import(user, body.yaml);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Дорожная карта с мероприятиями и числом задач по статусам' })
  @ApiOkResponse({ type: RoadmapDetailDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<RoadmapDetailDto> {
    return this.roadmaps.get(user, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Настройки дорожной карты: горизонт создания задач, статус' })
  @ApiOkResponse({ type: RoadmapDetailDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiForbiddenResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateRoadmapSettingsDto): Promise<RoadmapDetailDto> {
    return this.roadmaps.update(user, id, body);
  }
}
