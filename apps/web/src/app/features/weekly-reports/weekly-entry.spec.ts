import type { MeasureValuesDto, WeeklyReportDto } from '@karta/contracts';
import { shareText } from '../indicators/indicator-format';
import { changedValues, fieldIssues, inputsFromValues, liveShares, measureOfField, parseInputs } from './weekly-entry';

const NOTHING: MeasureValuesDto = { staff_wrote: null, students_active: null, parents_active: null, sferum_in_max: null, sferum_total: null, officials_wrote: null };

const REPORT: Pick<WeeklyReportDto, 'indicators' | 'headcounts'> = {
  headcounts: { staffStat: 40, studentsStat: 300, actualHeadcountMinistry: null },
  indicators: [
    { id: 'staff', code: 'staff', name: 'Работники', numeratorMeasures: ['staff_wrote'], denominatorSource: 'staff_stat', target: 0.15 },
    { id: 'families', code: 'families', name: 'Обучающиеся и родители', numeratorMeasures: ['students_active', 'parents_active'], denominatorSource: 'students_stat_x2', target: 0.05 },
    { id: 'sferum', code: 'sferum', name: '«Сферум» в МАКС', numeratorMeasures: ['sferum_in_max'], denominatorSource: 'sferum_users_total', target: 1 },
    { id: 'officials', code: 'officials', name: 'Должностные лица', numeratorMeasures: ['officials_wrote'], denominatorSource: 'actual_headcount_ministry', target: null },
  ],
};

describe('weekly entry', () => {
  it('reads empty fields as not reported and keeps what is not a number visible to the checks', () => {
    const values = parseInputs({ ...inputsFromValues(NOTHING), staff_wrote: ' 12 ', students_active: '1,5', parents_active: 'много' });
    expect(values.staff_wrote).toBe(12);
    expect(values.students_active).toBe(1.5);
    expect(values.parents_active).toBeNaN();
    expect(values.sferum_total).toBeNull();
  });

  it('computes the shares live: students and parents over students × 2, Sferum over the form’s own total', () => {
    const shares = liveShares(REPORT, { ...NOTHING, staff_wrote: 6, students_active: 200, parents_active: 100, sferum_in_max: 30, sferum_total: 40, officials_wrote: 3 });
    expect(shares.map((s) => [s.id, s.numerator, s.denominator, s.share, s.status])).toEqual([
      ['staff', 6, 40, 0.15, 'met'], // exactly at the target counts as met
      ['families', 300, 600, 0.5, 'met'],
      ['sferum', 30, 40, 0.75, 'not_met'],
      ['officials', 3, null, null, 'no_target'],
    ]);
  });

  it('shows no share, never 0 %, while a measure or the denominator is missing or zero: «нет знаменателя» apart from «нет данных»', () => {
    const shares = liveShares({ ...REPORT, headcounts: { ...REPORT.headcounts, staffStat: 0 } }, { ...NOTHING, staff_wrote: 0, students_active: 10, sferum_in_max: 0, sferum_total: 0 });
    expect(shares.map((s) => [s.id, s.share, s.status])).toEqual([
      ['staff', null, 'no_denominator'], // a headcount of 0 to fix
      ['families', null, 'no_data'], // parents not entered yet
      ['sferum', null, 'no_denominator'], // numbers entered, the Sferum total 0
      ['officials', null, 'no_target'],
    ]);
    // The Sferum total comes from the form itself: nothing entered yet is «нет данных», not a headcount to fix.
    expect(liveShares(REPORT, NOTHING).find((s) => s.id === 'sferum')?.status).toBe('no_data');
  });

  it('reads 1999 of 2000 as 99,9 % below a 100 % target, never 100 %', () => {
    const sferum = liveShares(REPORT, { ...NOTHING, sferum_in_max: 1999, sferum_total: 2000 }).find((s) => s.id === 'sferum');
    expect(sferum).toMatchObject({ numerator: 1999, denominator: 2000, status: 'not_met' });
    expect(shareText(sferum?.share ?? null)).toBe('99,9%');
  });

  it('flags fields before saving: not a count, above the headcount, parents above students, inside MAX above the total', () => {
    const issues = fieldIssues(
      { ...NOTHING, staff_wrote: 41, students_active: 2.5, parents_active: 301, sferum_in_max: 50, sferum_total: 40, officials_wrote: 1000 },
      REPORT.headcounts,
    );
    expect(issues).toEqual({
      staff_wrote: 'Больше, чем работников по статистической отчётности (40)',
      students_active: 'Введите целое неотрицательное число',
      parents_active: 'Больше, чем обучающихся по статистической отчётности (300)',
      sferum_in_max: 'Больше, чем всех пользователей «Сферума» (40)',
    });
    expect(fieldIssues({ ...NOTHING, parents_active: Number.NaN }, REPORT.headcounts)).toEqual({ parents_active: 'Введите целое неотрицательное число' });
  });

  it('sends only the changed measures, a cleared one as null', () => {
    const stored = { ...NOTHING, staff_wrote: 5, students_active: 7 };
    expect(changedValues(stored, { ...stored, staff_wrote: 6, students_active: null, sferum_total: 9 })).toEqual({ staff_wrote: 6, students_active: null, sferum_total: 9 });
    expect(changedValues(stored, stored)).toEqual({});
  });

  it('maps the API’s field names to measures', () => {
    expect(measureOfField('values.staff_wrote')).toBe('staff_wrote');
    expect(measureOfField('version')).toBeNull();
  });
});
