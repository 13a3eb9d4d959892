import { Module } from '@nestjs/common';
import { AccessControl } from '@karta/api-core';
import { IndicatorsAccess } from './indicators.access';
import { WeeklyImportsController } from './weekly-imports.controller';
import { WeeklyImportsService } from './weekly-imports.service';

/** Upload of district weekly-numbers files, their progress and row reports, the template. */
@Module({
  controllers: [WeeklyImportsController],
  providers: [AccessControl, IndicatorsAccess, WeeklyImportsService],
})
export class WeeklyImportsModule {}
