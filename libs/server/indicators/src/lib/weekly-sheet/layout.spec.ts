import { WeeklySheetError } from './errors';
import { mapHeader, WEEKLY_SHEET_HEADERS } from './layout';

describe('mapHeader', () => {
  it('maps the template header in its documented order', () => {
    expect(mapHeader([...WEEKLY_SHEET_HEADERS])).toEqual({
      code: 0,
      week: 1,
      measures: [
        { measure: 'staff_wrote', index: 2 },
        { measure: 'students_active', index: 3 },
        { measure: 'parents_active', index: 4 },
        { measure: 'sferum_in_max', index: 5 },
        { measure: 'sferum_total', index: 6 },
        { measure: 'officials_wrote', index: 7 },
      ],
    });
  });

  it('trims, ignores case and ё/е, accepts machine codes and full labels, any order, ignores unknown columns', () => {
    expect(mapHeader(['Примечание', ' sferum_total ', 'НЕДЕЛЯ', '  код  организации ', 'Пользователи «Сферума» внутри МАКС'])).toEqual({
      code: 3,
      week: 2,
      measures: [
        { measure: 'sferum_in_max', index: 4 },
        { measure: 'sferum_total', index: 1 },
      ],
    });
  });

  it('fails the file naming every missing required column', () => {
    expect(() => mapHeader(['Неделя', 'Писали работники'])).toThrow(new WeeklySheetError('В первой строке файла нет столбцов «Код организации». Скачайте шаблон и сверьте заголовки.'));
    expect(() => mapHeader(['Код организации', 'Неделя'])).toThrow(/хотя бы одного показателя/);
    expect(() => mapHeader(['a', 'b'])).toThrow(/«Код организации», «Неделя», хотя бы одного показателя/);
  });
});
