import { Module } from '@nestjs/common';
import { AccessControl } from '@karta/api-core';
import { WeeklyImportsModule } from './weekly-imports.module';

/**
 * Weekly indicators over HTTP: definitions and targets, week summaries, series, matrices (indicators.*),
 * weekly numbers entry and the reporting matrix (weekly-reports.*), district file imports (weekly-imports.*).
 */
@Module({
  imports: [WeeklyImportsModule],
  controllers: [],
  providers: [AccessControl],
})
export class IndicatorsModule {}
