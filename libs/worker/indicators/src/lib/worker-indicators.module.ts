import { Module } from '@nestjs/common';

/** Processors of the `indicators` (weekly computation) and `imports` (weekly-numbers files) queues. */
@Module({
  providers: [],
})
export class WorkerIndicatorsModule {}
