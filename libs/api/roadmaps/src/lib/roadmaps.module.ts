import { Module } from '@nestjs/common';
import { AccessControl } from '@karta/api-core';
import { Clock, SystemClock } from '@karta/server-setup';
import { RoadmapsController } from './roadmaps.controller';
import { RoadmapsService } from './roadmaps.service';

@Module({
  controllers: [RoadmapsController],
  providers: [{ provide: Clock, useClass: SystemClock }, AccessControl, RoadmapsService],
  exports: [RoadmapsService],
})
export class RoadmapsModule {}
