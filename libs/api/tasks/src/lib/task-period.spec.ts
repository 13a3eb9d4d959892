import { taskPeriod } from './task-period';

describe('taskPeriod', () => {
  it('labels weeks, months and one-off periods in Russian', () => {
    expect(taskPeriod('2025-W36', '2025-09-01', '2025-09-07')).toEqual({
      key: '2025-W36', kind: 'week', start: '2025-09-01', end: '2025-09-07', label: 'неделя 36 (01.09–07.09)',
    });
    expect(taskPeriod('2025-08', '2025-08-01', '2025-08-31').label).toBe('август 2025');
    expect(taskPeriod('2025-12', '2025-12-01', '2025-12-31').kind).toBe('month');
    expect(taskPeriod('once', '2025-08-01', '2025-08-15')).toMatchObject({ kind: 'once', label: 'однократно' });
  });
});
