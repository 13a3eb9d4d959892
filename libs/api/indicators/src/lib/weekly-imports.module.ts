import { Module } from '@nestjs/common';
import { AccessControl } from '@karta/api-core';

/** Upload of district weekly-numbers files, their progress and row reports, the template. */
@Module({
  controllers: [],
  providers: [AccessControl],
})
export class WeeklyImportsModule {}
