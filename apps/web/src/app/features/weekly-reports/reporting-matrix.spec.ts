import { reportingCellDescription, reportingState } from './reporting-matrix';

describe('reporting matrix cells', () => {
  const complete = { source: 'import' as const, complete: true, updatedAt: '2025-09-08T07:00:00Z' };

  it('tells complete, partial and missing weeks apart', () => {
    expect(reportingState(complete)).toBe('complete');
    expect(reportingState({ ...complete, complete: false })).toBe('partial');
    expect(reportingState(null)).toBe('missing');
  });

  it('describes a cell with its week and source', () => {
    expect(reportingCellDescription('СОШ №1', '2025-W36', complete)).toBe('СОШ №1, неделя 36 (01.09–07.09): сданы полностью, импорт файла');
    expect(reportingCellDescription('СОШ №1', '2025-W36', null)).toBe('СОШ №1, неделя 36 (01.09–07.09): не сданы');
  });
});
