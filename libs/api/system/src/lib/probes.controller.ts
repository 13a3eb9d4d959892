import { Body, Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiServiceUnavailableResponse({ description: 'Redis is unavailable (`code`: `redis_unavailable`): the probe is not kept' })
  async create(@Body() body: CreateProbeDto, @CurrentUser() user: AuthUser): Promise<ProbeDto> {
    const probe = await this.probes.save(this.probes.create({ requestedBy: user.id }));
    try {
      await this.jobs.enqueue(JobName.SystemProbe, { probeId: probe.id, holdMs: body.holdMs }, { jobId: `probe-${probe.id}` });
    } catch (error) {
      // The probe exists to prove the queue works: with Redis away it answers 503 at once, leaving no row behind.
      await this.probes.delete({ id: probe.id });
      throw error;
    }
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
