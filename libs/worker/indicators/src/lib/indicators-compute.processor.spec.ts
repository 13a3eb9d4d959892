import { type Job, UnrecoverableError } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { JobName } from '@karta/jobs';
import { FixedClock } from '@karta/server-setup';
import { IndicatorsComputeProcessor } from './indicators-compute.processor';
import { IndicatorsComputeService, MAX_COMPUTE_PASSES } from './indicators-compute.service';

const computeIndicatorWeeks = jest.fn();
const indicatorInputsChangedSince = jest.fn();
jest.mock('@karta/server-indicators', () => ({
  ...jest.requireActual('@karta/server-indicators'),
  computeIndicatorWeeks: (...args: unknown[]) => computeIndicatorWeeks(...args),
  indicatorInputsChangedSince: (...args: unknown[]) => indicatorInputsChangedSince(...args),
  databaseNow: () => Promise.resolve(new Date('2025-09-08T03:00:00Z')),
}));

const COUNTS = { weeks: 1, snapshots: 10, removedSnapshots: 0, rollups: 2, removedRollups: 0, tasks: 4 };

describe('indicator computation in the worker', () => {
  const manager = {} as EntityManager;
  const dataSource = { manager, transaction: (work: (m: EntityManager) => unknown) => work(manager) } as unknown as DataSource;
  const processorAt = (instant: string) => new IndicatorsComputeProcessor(new IndicatorsComputeService(dataSource, new FixedClock(new Date(instant))));
  const job = (data: object, name: string = JobName.IndicatorsCompute) => ({ name, data }) as Job;

  beforeEach(() => {
    computeIndicatorWeeks.mockReset().mockResolvedValue(COUNTS);
    indicatorInputsChangedSince.mockReset().mockResolvedValue(false);
  });

  it.each([
    // Monday 8 September 2025 in Moscow, before and at the 06:00 schedule: the week of 1–7 September ended.
    ['2025-09-08T02:59:00Z', '2025-09-01'],
    ['2025-09-08T03:00:00Z', '2025-09-01'],
    // 23:30 UTC on Sunday is already Monday 02:30 in Moscow.
    ['2025-09-07T23:30:00Z', '2025-09-01'],
    // 23:59 Sunday in Moscow: that week has not ended yet.
    ['2025-09-07T20:59:00Z', '2025-08-25'],
    // Week 53 of 2026 ends on Sunday 3 January 2027.
    ['2027-01-04T03:00:00Z', '2026-12-28'],
  ])('without a week, at %s computes the week of %s (the last that ended in Moscow)', async (now, week) => {
    await expect(processorAt(now).process(job({}))).resolves.toMatchObject({ from: week, to: week, passes: 1, stale: false, snapshots: 10 });
    expect(computeIndicatorWeeks).toHaveBeenCalledWith(manager, { from: week, to: week, now: new Date(now) });
  });

  it('computes the requested week or range', async () => {
    const processor = processorAt('2025-10-01T09:00:00Z');
    await processor.process(job({ weekStart: '2025-09-15' }));
    expect(computeIndicatorWeeks).toHaveBeenLastCalledWith(manager, expect.objectContaining({ from: '2025-09-15', to: '2025-09-15' }));
    await processor.process(job({ weekStart: '2025-09-01', toWeekStart: '2025-09-29' }));
    expect(computeIndicatorWeeks).toHaveBeenLastCalledWith(manager, expect.objectContaining({ from: '2025-09-01', to: '2025-09-29' }));
  });

  it('computes again while numbers arrive during the computation, within a bound', async () => {
    indicatorInputsChangedSince.mockResolvedValueOnce(true).mockResolvedValueOnce(false);
    await expect(processorAt('2025-09-08T03:00:00Z').process(job({}))).resolves.toMatchObject({ passes: 2, stale: false });
    expect(computeIndicatorWeeks).toHaveBeenCalledTimes(2);
    expect(indicatorInputsChangedSince).toHaveBeenCalledWith(manager, { from: '2025-09-01', to: '2025-09-01' }, new Date('2025-09-08T03:00:00Z'));

    computeIndicatorWeeks.mockClear();
    indicatorInputsChangedSince.mockResolvedValue(true);
    await expect(processorAt('2025-09-08T03:00:00Z').process(job({}))).resolves.toMatchObject({ passes: MAX_COMPUTE_PASSES, stale: true });
    expect(computeIndicatorWeeks).toHaveBeenCalledTimes(MAX_COMPUTE_PASSES);
  });

  it('fails malformed weeks without retrying and rejects unknown jobs', async () => {
    const processor = processorAt('2025-09-08T03:00:00Z');
    await expect(processor.process(job({ weekStart: '2025-13-01' }))).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(processor.process(job({ toWeekStart: '2025-09-01' }))).rejects.toBeInstanceOf(UnrecoverableError);
    computeIndicatorWeeks.mockRejectedValueOnce(new RangeError('from must be a Monday: 2025-09-02'));
    await expect(processor.process(job({ weekStart: '2025-09-02' }))).rejects.toThrow(new UnrecoverableError('from must be a Monday: 2025-09-02'));
    await expect(processor.process(job({}, 'indicators.unknown'))).rejects.toThrow('Unknown job indicators.unknown');
  });
});
