import { importProgress, isFinished, progressText } from './weekly-import';

describe('weekly import progress', () => {
  it('is indeterminate until the row count is known, then a percentage, and full when finished', () => {
    expect(importProgress({ status: 'queued', totalRows: null, processedRows: 0 })).toBeNull();
    expect(importProgress({ status: 'running', totalRows: 3000, processedRows: 1000 })).toBe(33);
    expect(importProgress({ status: 'failed', totalRows: null, processedRows: 0 })).toBe(100);
    expect(isFinished('done')).toBe(true);
    expect(isFinished('running')).toBe(false);
  });

  it('says how far it got', () => {
    expect(progressText({ status: 'queued', totalRows: null, processedRows: 0 })).toBe('Файл в очереди на обработку');
    expect(progressText({ status: 'running', totalRows: 5000, processedRows: 1200 }).replace(/\s/g, ' ')).toBe('Обработано 1 200 из 5 000 строк');
  });
});
