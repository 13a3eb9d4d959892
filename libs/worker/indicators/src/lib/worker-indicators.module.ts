import { Module } from '@nestjs/common';
import { IndicatorsComputeModule } from './indicators-compute.module';
import { WeeklyImportsWorkerModule } from './weekly-imports-worker.module';

/** Processors of the `indicators` (weekly computation) and `imports` (weekly-numbers files) queues. */
@Module({
  imports: [IndicatorsComputeModule, WeeklyImportsWorkerModule],
})
export class WorkerIndicatorsModule {}
