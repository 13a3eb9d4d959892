import type { IndicatorRecomputationDto } from '@karta/contracts';

/** A recomputation of stored weeks after a target edit, a fifth of the way through; override what a test is about. */
export function aRecomputation(overrides: Partial<IndicatorRecomputationDto> = {}): IndicatorRecomputationDto {
  return {
    id: 'rc-1',
    roadmapId: 'rm-1',
    reason: 'targets',
    fromWeek: '2025-11-10',
    toWeek: null,
    status: 'running',
    weeksTotal: 66,
    weeksDone: 12,
    error: null,
    createdAt: '2025-12-08T09:00:00Z',
    startedAt: '2025-12-08T09:00:01Z',
    finishedAt: null,
    ...overrides,
  };
}
