import { Module } from '@nestjs/common';
import { AccessControl } from '@karta/api-core';
import { Clock, SystemClock } from '@karta/server-setup';
import { IndicatorsAccess } from './indicators.access';
import { IndicatorsController } from './indicators.controller';
import { IndicatorsService } from './indicators.service';
import { WeeklyImportsModule } from './weekly-imports.module';
import { WeeklyReportsController } from './weekly-reports.controller';
import { WeeklyReportsService } from './weekly-reports.service';

/**
 * Weekly indicators over HTTP: definitions and targets, week summaries, series, matrices (indicators.*),
 * weekly numbers entry and the reporting matrix (weekly-reports.*), district file imports (weekly-imports.*).
 */
@Module({
  imports: [WeeklyImportsModule],
  controllers: [IndicatorsController, WeeklyReportsController],
  providers: [{ provide: Clock, useClass: SystemClock }, AccessControl, IndicatorsAccess, IndicatorsService, WeeklyReportsService],
})
export class IndicatorsModule {}
