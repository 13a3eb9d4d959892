import type { IndicatorDto, OrganizationKindValue, TargetStageDto } from '@karta/contracts';
import { describeStages, parseStages, stageFieldErrors, stageInputs, targetLine, targetsByKind } from './target-stages';

const EDUCATIONAL: OrganizationKindValue[] = ['school', 'kindergarten', 'additional_education'];

/** Order №76, staff who wrote: 15 % for all, 75 % for schools only from 10.11.2025, 100 % for all from 12.01.2026. */
const ORDER_76: TargetStageDto[] = [
  { effectiveFrom: '2025-09-01', target: 0.15, organizationKinds: null },
  { effectiveFrom: '2025-11-10', target: 0.75, organizationKinds: ['school'] },
  { effectiveFrom: '2026-01-12', target: 1, organizationKinds: null },
];
const STAFF: Pick<IndicatorDto, 'targets' | 'organizationKinds'> = { targets: ORDER_76, organizationKinds: EDUCATIONAL };

describe('target stages editor', () => {
  it('round-trips the stored stages through the form exactly, kinds included', () => {
    expect(stageInputs(ORDER_76)).toEqual([
      { from: '2025-09-01', percent: '15', kinds: null },
      { from: '2025-11-10', percent: '75', kinds: ['school'] },
      { from: '2026-01-12', percent: '100', kinds: null },
    ]);
    expect(parseStages(stageInputs(ORDER_76), EDUCATIONAL)).toEqual({ targets: ORDER_76, errors: [null, null, null] });
    expect(parseStages([{ from: '2025-09-01', percent: '12,35', kinds: null }], EDUCATIONAL).targets).toEqual([{ effectiveFrom: '2025-09-01', target: 0.1235, organizationKinds: null }]);
  });

  it('keeps the rows’ order, so the API’s field errors `targets.<i>` name row i (the server sorts)', () => {
    const rows = [
      { from: '2026-03-02', percent: '100', kinds: null },
      { from: '2025-09-01', percent: '5', kinds: null },
    ];
    expect(parseStages(rows, EDUCATIONAL).targets?.map((s) => s.effectiveFrom)).toEqual(['2026-03-02', '2025-09-01']);
  });

  it('names the problem of each row and gives no stages while any remains', () => {
    const parsed = parseStages(
      [
        { from: '2025-09-02', percent: '15', kinds: null }, // a Tuesday
        { from: '', percent: '15', kinds: null },
        { from: '2025-09-01', percent: '101', kinds: null },
        { from: '2025-12-01', percent: '30', kinds: null },
        { from: '2025-12-01', percent: '50', kinds: null },
      ],
      EDUCATIONAL,
    );
    expect(parsed).toEqual({
      targets: null,
      errors: [
        'Этап начинается с понедельника',
        'Укажите дату начала этапа',
        'Цель от 0 до 100 %',
        null,
        'Для одного вида организаций два этапа не могут начинаться в одну неделю',
      ],
    });
    expect(parseStages([], EDUCATIONAL).targets).toBeNull();
  });

  it('checks the kinds with the server’s rule: one week may start stages of different kinds, not two for a common kind', () => {
    const sameWeek = (kinds: OrganizationKindValue[] | null) =>
      parseStages(
        [
          { from: '2025-11-10', percent: '75', kinds: ['school'] },
          { from: '2025-11-10', percent: '30', kinds },
        ],
        EDUCATIONAL,
      ).errors;
    expect(sameWeek(['kindergarten', 'additional_education'])).toEqual([null, null]);
    expect(sameWeek(['school', 'kindergarten'])).toEqual([null, 'Для одного вида организаций два этапа не могут начинаться в одну неделю']);
    expect(sameWeek(null)).toEqual([null, 'Для одного вида организаций два этапа не могут начинаться в одну неделю']);
    expect(sameWeek([])).toEqual([null, 'Укажите хотя бы один вид организаций или «все виды»']);
    expect(parseStages([{ from: '2025-09-01', percent: '15', kinds: ['department'] }], EDUCATIONAL).errors).toEqual(['Показатель не считается для этого вида организаций']);
  });

  it('puts the API’s field errors next to their stage and keeps the rest apart', () => {
    expect(
      stageFieldErrors(
        [
          { field: 'targets.1.effectiveFrom', messages: ['Для одного вида организаций два этапа не могут начинаться в одну неделю'] },
          { field: 'targets.1.organizationKinds', messages: ['Показатель не считается для этого вида организаций'] },
          { field: 'targets', messages: ['Не больше 20 этапов'] },
          { field: 'targets.7.target', messages: ['вне списка'] },
        ],
        2,
      ),
    ).toEqual({
      rows: [null, 'Для одного вида организаций два этапа не могут начинаться в одну неделю. Показатель не считается для этого вида организаций'],
      other: ['Не больше 20 этапов', 'вне списка'],
    });
  });

  it('describes the stages in Russian, with their kinds', () => {
    expect(describeStages(ORDER_76)).toBe('с 01.09.2025 — 15,0%; с 10.11.2025 — 75,0% (школы); с 12.01.2026 — 100,0%');
    expect(describeStages([{ effectiveFrom: '2025-09-01', target: 0.3, organizationKinds: ['kindergarten', 'additional_education'] }])).toBe(
      'с 01.09.2025 — 30,0% (детские сады, организации дополнительного образования)',
    );
    expect(describeStages([])).toBe('цель не задана');
  });
});

describe('targets by kind', () => {
  it('names the targets in force per kind for the week when they differ, the largest group as «остальные»', () => {
    expect(targetsByKind(STAFF, '2025-11-03')).toBeNull(); // 15 % for everyone
    expect(targetsByKind(STAFF, '2025-11-10')).toBe('школы — 75,0%, остальные — 15,0%');
    expect(targetsByKind(STAFF, '2025-12-29')).toBe('школы — 75,0%, остальные — 15,0%');
    expect(targetsByKind(STAFF, '2026-01-12')).toBeNull(); // 100 % for everyone
    expect(targetsByKind(STAFF, '2025-08-25')).toBeNull(); // before the first stage: no target for anyone
  });

  it('names every group when none holds several kinds, and a kind without a target yet', () => {
    const stages: TargetStageDto[] = [
      { effectiveFrom: '2025-09-01', target: 0.3, organizationKinds: ['kindergarten'] },
      { effectiveFrom: '2025-09-01', target: 0.5, organizationKinds: ['school'] },
    ];
    expect(targetsByKind({ targets: stages, organizationKinds: ['school', 'kindergarten'] }, '2025-09-08')).toBe('школы — 50,0%, детские сады — 30,0%');
    expect(targetsByKind({ targets: stages, organizationKinds: EDUCATIONAL }, '2025-09-08')).toBe(
      'школы — 50,0%, детские сады — 30,0%, организации дополнительного образования — не задана',
    );
  });

  it('writes a card’s target: the weighted one with the kinds’ own for a district, the kind’s own for an organization', () => {
    const district = { kind: 'department' as const };
    // 60 % = (75 % × 600 school staff + 15 % × 200 others) / 800, as the rollup weighs it.
    expect(targetLine((0.75 * 600 + 0.15 * 200) / 800, STAFF, '2025-11-10', district)).toBe('цель 60,0% (школы — 75,0%, остальные — 15,0%)');
    expect(targetLine(0.15, STAFF, '2025-11-03', district)).toBe('цель 15,0%');
    expect(targetLine(0.75, STAFF, '2025-11-10', { kind: 'school' })).toBe('цель 75,0%');
    expect(targetLine(null, STAFF, '2025-11-10', district)).toBe('цель не задана');
    expect(targetLine(0.6, null, '2025-11-10', district)).toBe('цель 60,0%'); // definitions not loaded yet
  });
});
