import { Body, Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SystemProbeEntity } from '@karta/db';
import { JobName, JobProducer } from '@karta/jobs';
import { type AuthUser, CurrentUser, Roles } from '@karta/api-core';
import { CreateProbeDto, ProbeDto } from './probe.dto';

/** Worker round trip for operators: proves jobs flow API → Redis → worker → PostgreSQL. */
@ApiTags('system')
@ApiBearerAuth()
@Roles('admin')
@Controller('system/probes')
export class ProbesController {
  constructor(
    @InjectRepository(SystemProbeEntity) private readonly probes: Repository<SystemProbeEntity>,
    private readonly jobs: JobProducer,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: ProbeDto })
  async create(@Body() body: CreateProbeDto, @CurrentUser() user: AuthUser): Promise<ProbeDto> {
    const probe = await this.probes.save(this.probes.create({ requestedBy: user.id }));
    await this.jobs.enqueue(JobName.SystemProbe, { probeId: probe.id, holdMs: body.holdMs }, { jobId: `probe-${probe.id}` });
    return probe;
  }

  @Get(':id')
  @ApiOkResponse({ type: ProbeDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<ProbeDto> {
    const probe = await this.probes.findOneBy({ id });
    if (!probe) throw new NotFoundException('Проверка не найдена');
    return probe;
  }
}
