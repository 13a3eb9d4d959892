import { describeStages, parseStages, stageInputs } from './target-stages';

describe('target stages editor', () => {
  const stages = [
    { effectiveFrom: '2025-09-01', target: 0.15 },
    { effectiveFrom: '2025-12-01', target: 0.75 },
    { effectiveFrom: '2026-03-02', target: 1 },
  ];

  it('round-trips the stored stages through the form exactly', () => {
    expect(stageInputs(stages)).toEqual([
      { from: '2025-09-01', percent: '15' },
      { from: '2025-12-01', percent: '75' },
      { from: '2026-03-02', percent: '100' },
    ]);
    expect(parseStages(stageInputs(stages))).toEqual({ targets: stages, errors: [null, null, null] });
    expect(parseStages([{ from: '2025-09-01', percent: '12,35' }]).targets).toEqual([{ effectiveFrom: '2025-09-01', target: 0.1235 }]);
  });

  it('sorts the stages oldest first', () => {
    expect(parseStages([{ from: '2026-03-02', percent: '100' }, { from: '2025-09-01', percent: '5' }]).targets?.map((s) => s.effectiveFrom)).toEqual(['2025-09-01', '2026-03-02']);
  });

  it('names the problem of each row and gives no stages while any remains', () => {
    const parsed = parseStages([
      { from: '2025-09-02', percent: '15' }, // a Tuesday
      { from: '', percent: '15' },
      { from: '2025-09-01', percent: '101' },
      { from: '2025-12-01', percent: '30' },
      { from: '2025-12-01', percent: '50' },
    ]);
    expect(parsed).toEqual({
      targets: null,
      errors: ['Этап начинается с понедельника', 'Укажите дату начала этапа', 'Цель от 0 до 100 %', null, 'Два этапа с одной даты'],
    });
    expect(parseStages([]).targets).toBeNull();
  });

  it('describes the stages in Russian', () => {
    expect(describeStages(stages)).toBe('с 01.09.2025 — 15,0%; с 01.12.2025 — 75,0%; с 02.03.2026 — 100,0%');
    expect(describeStages([])).toBe('цель не задана');
  });
});
