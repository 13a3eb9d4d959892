import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandSchedule, parseLocalDate } from '@karta/domain';
import { formatFieldPath, parseRoadmapFile } from './roadmap-file';

const ORDER_76 = readFileSync(join(__dirname, '../../../../../../data/roadmaps/order-76.yaml'), 'utf8');

function parsedOrder76() {
  const result = parseRoadmapFile(ORDER_76);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.file;
}

describe('data/roadmaps/order-76.yaml', () => {
  it('describes order №76 of 01.08.2025 owned by the district department', () => {
    const file = parsedOrder76();
    expect(file).toMatchObject({ code: 'ss-uo-76-2025', ownerOrganizationCode: 'RD-SS-UO', order: { number: '76', date: '2025-08-01' } });
    expect(file.order.controller).toBe('Кахриманов Р.Т., заместитель начальника Отдела образования');
    expect(file.order.grounds).toHaveLength(2);
    expect(file.goals).toHaveLength(4);
  });

  it('has the 9 actions with the deadlines and results as written', () => {
    const actions = parsedOrder76().actions;
    expect(actions.map((a) => a.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(actions.map((a) => a.deadlineText)).toEqual([
      'август 2025 года и далее ежемесячно',
      'еженедельно',
      'еженедельно',
      'еженедельно',
      'еженедельно',
      'еженедельно',
      'еженедельно',
      'сентябрь 2025 года',
      'постоянно',
    ]);
    expect(actions.map((a) => a.resultType)).toEqual(['report', 'indicator', 'indicator', 'indicator', 'indicator', 'indicator', 'indicator', 'report', 'report']);
    expect(actions[0].resultText).toBe('Отчет');
    expect(actions.slice(1, 7).every((a) => a.indicatorCodes.length > 0)).toBe(true);
  });

  it('gives tasks to the department and its educational organizations, action 4 only to schools, 8 and 9 only to the department', () => {
    const actions = parsedOrder76().actions;
    expect(actions[0].responsible).toEqual({ type: 'organization_kinds', kinds: ['school', 'kindergarten', 'additional_education', 'other'], includeOwner: true });
    expect(actions[3].responsible).toEqual({ type: 'organization_kinds', kinds: ['school'], includeOwner: true });
    expect(actions[7].responsible).toEqual({ type: 'owner' });
    expect(actions[8].responsible).toEqual({ type: 'owner' });
  });

  it('schedules: action 1 monthly from August, 2–7 weekly from 1 September due Monday, 8 once by 30 September, 9 monthly reports', () => {
    const actions = parsedOrder76().actions;
    const keys = (index: number, to: string) => expandSchedule(actions[index].schedule, parseLocalDate('2025-08-01'), parseLocalDate(to));
    expect(keys(0, '2025-10-15').map((p) => `${p.key} ${p.dueDate}`)).toEqual(['2025-08 2025-08-31', '2025-09 2025-09-30', '2025-10 2025-10-31']);
    expect(keys(1, '2025-09-10').map((p) => `${p.key} ${p.dueDate}`)).toEqual(['2025-W36 2025-09-08', '2025-W37 2025-09-15']);
    expect(keys(7, '2025-12-31').map((p) => `${p.key} ${p.dueDate}`)).toEqual(['once 2025-09-30']);
    expect(keys(8, '2025-09-30').map((p) => p.key)).toEqual(['2025-08', '2025-09']);
  });
});

describe('parseRoadmapFile', () => {
  it('reports every shape error with its path', () => {
    const broken = ORDER_76.replace('schedule: { kind: weekly, startDate: 2025-09-01, dueWeekday: 1 }\n    resultType: indicator\n    indicatorCodes: [staff_weekly_writers]\n    resultText: Доля достижения - 75%', 'schedule: { kind: weekly, startDate: 2025-09-01, dueWeekday: 9 }\n    resultType: indicator\n    indicatorCodes: [staff_weekly_writers]\n    resultText: Доля достижения - 75%')
      .replace('ownerOrganizationCode: RD-SS-UO', 'ownerOrganizationCode: ""')
      .replace("resultType: report\n    resultText: Отчет\n\n  - number: 2", "resultType: memo\n    resultText: Отчет\n\n  - number: 2");
    const result = parseRoadmapFile(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field).sort()).toEqual(['actions[0].resultType', 'actions[3].schedule.dueWeekday', 'ownerOrganizationCode']);
  });

  it('checks schedules with parseSchedule once the shape is right', () => {
    const broken = ORDER_76.replace(
      'schedule: { kind: weekly, startDate: 2025-09-01, dueWeekday: 1 }\n    resultType: indicator\n    indicatorCodes: [staff_weekly_writers]\n    resultText: Доля достижения - 75%',
      'schedule: { kind: weekly, startDate: 2025-09-01, dueWeekday: 9 }\n    resultType: indicator\n    indicatorCodes: [staff_weekly_writers]\n    resultText: Доля достижения - 75%',
    );
    expect(broken).not.toBe(ORDER_76);
    expect(parseRoadmapFile(broken)).toEqual({
      ok: false,
      errors: [{ field: 'actions[3].schedule.dueWeekday', messages: ['День недели — число от 1 (понедельник) до 7 (воскресенье)'] }],
    });
  });

  it('rejects duplicate action numbers, indicator actions without indicators and unknown fields', () => {
    const yaml = `
version: 1
code: test-roadmap
title: Тест
ownerOrganizationCode: ORG
surprise: true
order: { number: 1, date: 2025-08-01, issuer: Отдел }
actions:
  - { number: 1, title: a, fullText: a, responsibleText: a, responsible: { type: owner }, deadlineText: a, schedule: { kind: once, dueDate: 2025-09-30 }, resultType: report, resultText: a }
  - { number: 1, title: b, fullText: b, responsibleText: b, responsible: { type: owner }, deadlineText: b, schedule: { kind: once, dueDate: 2025-09-30 }, resultType: indicator, resultText: b }
`;
    const unknownField = parseRoadmapFile(yaml);
    expect(unknownField).toEqual({ ok: false, errors: [{ field: '', messages: ['Неизвестные поля: surprise'] }] });
    const result = parseRoadmapFile(yaml.replace('surprise: true\n', ''));
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'actions[1].number', messages: ['Номер мероприятия 1 повторяется'] },
        { field: 'actions[1].indicatorCodes', messages: ['Для результата «показатель» укажите коды показателей'] },
      ],
    });
  });

  it('answers a YAML syntax error with the line', () => {
    expect(parseRoadmapFile('version: 1\ncode: [unclosed\n')).toMatchObject({ ok: false, errors: [{ field: '', messages: [expect.stringContaining('YAML')] }] });
  });

  it('formats paths with indexes in brackets', () => {
    expect(formatFieldPath(['actions', 3, 'schedule', 'dueWeekday'])).toBe('actions[3].schedule.dueWeekday');
    expect(formatFieldPath([])).toBe('');
  });
});
