import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '@karta/server-setup';
import { WeeklyImportProcessor } from './weekly-import.processor';

/** The `imports` queue: processing of uploaded weekly-numbers files. */
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }, WeeklyImportProcessor],
})
export class WeeklyImportsWorkerModule {}
