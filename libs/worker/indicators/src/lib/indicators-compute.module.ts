import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '@karta/server-setup';
import { IndicatorsComputeProcessor } from './indicators-compute.processor';
import { IndicatorsComputeService } from './indicators-compute.service';

/** The `indicators` queue: weekly computation of snapshots, rollups and indicator task statuses. */
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }, IndicatorsComputeService, IndicatorsComputeProcessor],
  exports: [IndicatorsComputeService],
})
export class IndicatorsComputeModule {}
