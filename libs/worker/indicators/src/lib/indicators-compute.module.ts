import { Module } from '@nestjs/common';

/** The `indicators` queue: weekly computation of snapshots, rollups and indicator task statuses. */
@Module({
  providers: [],
})
export class IndicatorsComputeModule {}
