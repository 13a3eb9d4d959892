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
    // «Образовательные организации»: not the accounting office (kind other).
    expect(actions[0].responsible).toEqual({ type: 'organization_kinds', kinds: ['school', 'kindergarten', 'additional_education'], includeOwner: true });
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

  it('defines the four monitoring indicators of actions 2–7 with staged targets', () => {
    const file = parsedOrder76();
    const byCode = new Map(file.indicators.map((indicator) => [indicator.code, indicator]));
    expect([...byCode.keys()]).toEqual(['staff_weekly_writers', 'students_parents_weekly_active', 'sferum_in_max', 'officials_weekly_writers']);
    expect(byCode.get('staff_weekly_writers')).toMatchObject({ numerator: ['staff_wrote'], denominator: 'staff_stat' });
    // 15 % of every educational organization (action 2), 75 % of every general-education school (action 4), then 100 %.
    expect(byCode.get('staff_weekly_writers')?.targets).toEqual([
      { from: '2025-09-01', target: 0.15 },
      { from: '2025-11-10', target: 0.75, kinds: ['school'] },
      { from: '2026-01-12', target: 1 },
    ]);
    // Educational organizations only; officials with the department (action 7).
    for (const code of ['staff_weekly_writers', 'students_parents_weekly_active', 'sferum_in_max']) {
      expect(byCode.get(code)?.organizationKinds).toEqual(['school', 'kindergarten', 'additional_education']);
    }
    // Students and parents together, over students × 2: one parent per student.
    expect(byCode.get('students_parents_weekly_active')).toMatchObject({ numerator: ['students_active', 'parents_active'], denominator: 'students_stat_x2' });
    expect(byCode.get('students_parents_weekly_active')?.targets.map((stage) => stage.target)).toEqual([0.05, 0.3, 1]);
    expect(byCode.get('sferum_in_max')?.targets).toEqual([{ from: '2025-09-01', target: 1 }]);
    expect(byCode.get('officials_weekly_writers')?.organizationKinds).toContain('department');
    expect(file.actions.slice(1, 7).map((action) => action.indicatorCodes)).toEqual([
      ['staff_weekly_writers'],
      ['students_parents_weekly_active'],
      ['staff_weekly_writers'],
      ['students_parents_weekly_active'],
      ['sferum_in_max'],
      ['officials_weekly_writers'],
    ]);
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

  it('checks indicators: known measures, Monday stages in order, unique codes, codes the actions use', () => {
    const yaml = `
version: 1
code: test-roadmap
title: Тест
ownerOrganizationCode: ORG
order: { number: 1, date: 2025-08-01, issuer: Отдел }
indicators:
  - { code: staff, name: a, numerator: [staff_wrote, nonsense], denominator: staff_stat, organizationKinds: [school], targets: [{ from: 2025-09-02, target: 0.15 }] }
actions:
  - { number: 1, title: a, fullText: a, responsibleText: a, responsible: { type: owner }, deadlineText: a, schedule: { kind: once, dueDate: 2025-09-30 }, resultType: indicator, indicatorCodes: [staff], resultText: a }
`;
    const shape = parseRoadmapFile(yaml);
    expect(shape.ok ? [] : shape.errors.map((error) => error.field)).toEqual(['indicators[0].numerator[1]', 'indicators[0].targets[0].from']);
    const fixed = yaml.replace('staff_wrote, nonsense', 'staff_wrote').replace('2025-09-02', '2025-09-01');
    expect(parseRoadmapFile(fixed).ok).toBe(true);
    const twice = fixed.replace(
      'indicators:\n',
      'indicators:\n  - { code: staff, name: b, numerator: [staff_wrote], denominator: staff_stat, organizationKinds: [school], targets: [{ from: 2025-10-06, target: 0.5 }, { from: 2025-09-01, target: 0.2 }] }\n',
    );
    expect(parseRoadmapFile(twice)).toEqual({
      ok: false,
      errors: [
        { field: 'indicators[0].targets[1].from', messages: ['Этапы — по возрастанию дат'] },
        { field: 'indicators[1].code', messages: ['Код показателя staff повторяется'] },
      ],
    });
    // Stages of one week for different kinds are fine; for a common kind, or for a kind the indicator lacks, not.
    const perKind = (stages: string) => fixed.replace('organizationKinds: [school], targets: [{ from: 2025-09-01, target: 0.15 }]', `organizationKinds: [school, kindergarten], targets: [${stages}]`);
    expect(parseRoadmapFile(perKind('{ from: 2025-09-01, target: 0.15 }, { from: 2025-11-10, target: 0.75, kinds: [school] }, { from: 2025-11-10, target: 0.2, kinds: [kindergarten] }')).ok).toBe(true);
    expect(parseRoadmapFile(perKind('{ from: 2025-09-01, target: 0.15 }, { from: 2025-09-01, target: 0.75, kinds: [school] }, { from: 2025-11-10, target: 1, kinds: [other] }'))).toEqual({
      ok: false,
      errors: [
        { field: 'indicators[0].targets[1].from', messages: ['Для одного вида организаций два этапа не могут начинаться в одну неделю'] },
        { field: 'indicators[0].targets[2].kinds', messages: ['Показатель не считается для этого вида организаций'] },
      ],
    });
    expect(parseRoadmapFile(fixed.replace('indicatorCodes: [staff]', 'indicatorCodes: [stranger]'))).toEqual({
      ok: false,
      errors: [{ field: 'actions[0].indicatorCodes', messages: ['Показатели не описаны в разделе indicators: stranger'] }],
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
