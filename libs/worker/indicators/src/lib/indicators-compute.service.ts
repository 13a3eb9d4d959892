import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type LocalDate, parseLocalDate } from '@karta/domain';
import type { JobPayloads, JobName } from '@karta/jobs';
import { computeIndicatorWeeks, type IndicatorWeeksResult, lastEndedWeekStart } from '@karta/server-indicators';
import { Clock } from '@karta/server-setup';

export interface IndicatorsComputeRun extends IndicatorWeeksResult {
  from: LocalDate;
  to: LocalDate;
}

/** Computes weeks of indicators in one transaction, by the injected clock. */
@Injectable()
export class IndicatorsComputeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Weeks of a job: the payload's, or the week that ended before now in Moscow. */
  weeksOf(payload: JobPayloads[JobName.IndicatorsCompute]): { from: LocalDate; to: LocalDate } {
    if (!payload.weekStart) {
      if (payload.toWeekStart) throw new RangeError('toWeekStart needs weekStart');
      const week = lastEndedWeekStart(this.clock.now());
      return { from: week, to: week };
    }
    const from = parseLocalDate(payload.weekStart);
    return { from, to: payload.toWeekStart ? parseLocalDate(payload.toWeekStart) : from };
  }

  async compute(payload: JobPayloads[JobName.IndicatorsCompute]): Promise<IndicatorsComputeRun> {
    const weeks = this.weeksOf(payload);
    const result = await this.dataSource.transaction((manager) => computeIndicatorWeeks(manager, { ...weeks, now: this.clock.now() }));
    return { ...weeks, ...result };
  }
}
