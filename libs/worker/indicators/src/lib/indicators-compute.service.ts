import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type LocalDate, parseLocalDate } from '@karta/domain';
import type { JobPayloads, JobName } from '@karta/jobs';
import { computeIndicatorWeeks, databaseNow, indicatorInputsChangedSince, type IndicatorWeeksResult, lastEndedWeekStart } from '@karta/server-indicators';
import { Clock } from '@karta/server-setup';

/** Passes of one job: numbers keep arriving during a busy Monday, but a job must end. */
export const MAX_COMPUTE_PASSES = 3;

export interface IndicatorsComputeRun extends IndicatorWeeksResult {
  from: LocalDate;
  to: LocalDate;
  /** Computations run: more than one when numbers, targets or headcounts arrived during the previous one. */
  passes: number;
  /** Inputs still changed during the last pass (a later job will pick them up). */
  stale: boolean;
}

/** Computes weeks of indicators, each pass in one transaction, by the injected clock. */
@Injectable()
export class IndicatorsComputeService {
  private readonly logger = new Logger(IndicatorsComputeService.name);

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

  /**
   * Computes, then computes again while inputs of these weeks changed after the pass started (entries
   * made while it ran would otherwise wait for the next week's schedule: their own job was
   * de-duplicated into this running one), at most `MAX_COMPUTE_PASSES` times.
   */
  async compute(payload: JobPayloads[JobName.IndicatorsCompute]): Promise<IndicatorsComputeRun> {
    const weeks = this.weeksOf(payload);
    for (let passes = 1; ; passes++) {
      const startedAt = await databaseNow(this.dataSource.manager);
      const result = await this.dataSource.transaction((manager) => computeIndicatorWeeks(manager, { ...weeks, now: this.clock.now() }));
      const stale = await indicatorInputsChangedSince(this.dataSource.manager, weeks, startedAt);
      if (!stale || passes === MAX_COMPUTE_PASSES) return { ...weeks, ...result, passes, stale };
      this.logger.log({ ...weeks, passes }, 'Indicator inputs changed during the computation: computing again');
    }
  }
}
