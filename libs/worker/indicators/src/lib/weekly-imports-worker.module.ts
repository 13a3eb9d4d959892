import { Module } from '@nestjs/common';

/** The `imports` queue: processing of uploaded weekly-numbers files. */
@Module({
  providers: [],
})
export class WeeklyImportsWorkerModule {}
