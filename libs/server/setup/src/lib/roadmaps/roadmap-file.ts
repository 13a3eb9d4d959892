import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import type { FieldError } from '@karta/contracts';
import { ACTION_RESULT_TYPES, type ActionResponsible, ORGANIZATION_KINDS, ROADMAP_STATUSES } from '@karta/db';
import {
  DENOMINATOR_SOURCES,
  type DenominatorSource,
  EDUCATIONAL_ORGANIZATION_KINDS,
  isLocalDate,
  isoWeekday,
  type LocalDate,
  type Measure,
  MEASURES,
  parseSchedule,
  type Schedule,
  type ScheduleIssueCode,
  TARGET_STAGE_ISSUE_MESSAGES,
  targetStageIssues,
} from '@karta/domain';

/**
 * The roadmap file (YAML): one order, its roadmap and its numbered actions, plus the machine fields
 * that turn each action into tasks. Any roadmap of this shape can be described, not only order №76;
 * `data/roadmaps/order-76.yaml` is the annotated example.
 */
export const ROADMAP_FILE_VERSION = 1;

const text = (max: number) => z.string().trim().min(1).max(max);
const localDate = z.string().refine(isLocalDate, { message: 'invalid_local_date' });
const organizationKind = z.enum(ORGANIZATION_KINDS.filter((kind) => kind !== 'region' && kind !== 'department') as [string, ...string[]]);

const indicatorCode = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/);

const responsibleSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('owner') }),
  z.strictObject({
    type: z.literal('organization_kinds'),
    kinds: z.array(organizationKind).min(1),
    includeOwner: z.boolean().default(false),
  }),
  z.strictObject({ type: z.literal('organizations'), codes: z.array(text(64)).min(1) }),
]);

const actionSchema = z.strictObject({
  number: z.number().int().min(1).max(999),
  title: text(500),
  fullText: text(10_000),
  responsibleText: text(2_000),
  responsible: responsibleSchema,
  deadlineText: text(500),
  /** Checked by `parseSchedule` of libs/domain after the shape check. */
  schedule: z.record(z.string(), z.unknown()),
  resultType: z.enum(ACTION_RESULT_TYPES),
  resultText: text(2_000),
  indicatorCodes: z.array(indicatorCode).default([]),
});

const monday = localDate.refine((value) => !isLocalDate(value) || isoWeekday(value) === 1, { message: 'not_a_monday' });

const indicatorSchema = z.strictObject({
  code: indicatorCode,
  name: text(500),
  description: text(5_000).optional(),
  /** Measures summed into the numerator. */
  numerator: z.array(z.enum(MEASURES)).min(1),
  denominator: z.enum(DENOMINATOR_SOURCES),
  /** Educational organizations when omitted: the orders speak of them; kind `other` is in only when named. */
  organizationKinds: z
    .array(z.enum(ORGANIZATION_KINDS))
    .min(1)
    .default(() => [...EDUCATIONAL_ORGANIZATION_KINDS]),
  /**
   * Staged targets, each for every kind of the indicator or for the `kinds` named (75 % for schools
   * while kindergartens keep 15 %); used when the indicator is created, afterwards the controller's
   * setting wins.
   */
  targets: z
    .array(z.strictObject({ from: monday, target: z.number().min(0).max(1), kinds: z.array(z.enum(ORGANIZATION_KINDS)).min(1).optional() }))
    .min(1)
    .max(20),
});

const roadmapFileSchema = z.strictObject({
  version: z.literal(ROADMAP_FILE_VERSION),
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,99}$/),
  title: text(5_000),
  ownerOrganizationCode: text(64),
  /** Applied when the roadmap is created; afterwards the controller's setting wins. */
  status: z.enum(ROADMAP_STATUSES).optional(),
  materializeDaysAhead: z.number().int().min(0).max(90).optional(),
  order: z.strictObject({
    number: z.union([z.string(), z.number()]).transform(String).pipe(text(50)),
    date: localDate,
    issuer: text(2_000),
    controller: text(300).optional(),
    grounds: z.array(text(2_000)).default([]),
  }),
  goals: z.array(text(1_000)).default([]),
  indicators: z.array(indicatorSchema).max(50).default([]),
  actions: z.array(actionSchema).min(1).max(200),
});

export interface RoadmapFileAction {
  number: number;
  title: string;
  fullText: string;
  responsibleText: string;
  responsible: ActionResponsible;
  deadlineText: string;
  schedule: Schedule;
  resultType: (typeof ACTION_RESULT_TYPES)[number];
  resultText: string;
  indicatorCodes: string[];
}

export interface RoadmapFileIndicator {
  code: string;
  name: string;
  description?: string;
  numerator: Measure[];
  denominator: DenominatorSource;
  organizationKinds: (typeof ORGANIZATION_KINDS)[number][];
  /** Oldest first; `kinds` omitted = every kind of the indicator. */
  targets: { from: string; target: number; kinds?: (typeof ORGANIZATION_KINDS)[number][] }[];
}

export interface RoadmapFile {
  code: string;
  title: string;
  ownerOrganizationCode: string;
  status?: (typeof ROADMAP_STATUSES)[number];
  materializeDaysAhead?: number;
  order: { number: string; date: string; issuer: string; controller?: string; grounds: string[] };
  goals: string[];
  indicators: RoadmapFileIndicator[];
  actions: RoadmapFileAction[];
}

export type RoadmapFileResult = { ok: true; file: RoadmapFile } | { ok: false; errors: FieldError[] };

/** `['actions', 3, 'schedule', 'dueWeekday']` → `actions[3].schedule.dueWeekday`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

const SCHEDULE_MESSAGES: Record<ScheduleIssueCode, string> = {
  not_an_object: 'График должен быть объектом',
  unknown_kind: 'Вид графика: once, weekly, monthly или continuous',
  required: 'Обязательное поле',
  invalid_date: 'Дата в формате ГГГГ-ММ-ДД',
  invalid_time: 'Время в формате ЧЧ:ММ',
  invalid_weekday: 'День недели — число от 1 (понедельник) до 7 (воскресенье)',
  invalid_day_of_month: 'День месяца — число от 1 до 31 или last',
  invalid_report: 'Периодичность отчёта: weekly или monthly',
  end_before_start: 'Дата окончания раньше даты начала',
  due_before_start: 'Срок раньше даты начала',
};

function zodMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'Обязательное поле' : `Неверный тип значения: ожидается ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'array' ? `Нужно не меньше ${String(issue.minimum)} элементов` : issue.origin === 'string' ? 'Не может быть пустым' : `Не меньше ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string' ? `Не длиннее ${String(issue.maximum)} символов` : `Не больше ${String(issue.maximum)}`;
    case 'invalid_value':
      return `Допустимые значения: ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return 'Неверное значение: проверьте вид (type) и его поля';
    case 'unrecognized_keys':
      return `Неизвестные поля: ${issue.keys.join(', ')}`;
    case 'invalid_format':
      return 'Неверный формат';
    default:
      if (issue.message === 'invalid_local_date') return 'Дата в формате ГГГГ-ММ-ДД';
      return issue.message === 'not_a_monday' ? 'Этап начинается с понедельника недели' : issue.message;
  }
}

function pushError(errors: FieldError[], field: string, message: string): void {
  const existing = errors.find((error) => error.field === field);
  if (existing) existing.messages.push(message);
  else errors.push({ field, messages: [message] });
}

/** Checks one action's schedule with libs/domain `parseSchedule`; records its problems under `<path>.schedule`. */
function scheduleErrors(errors: FieldError[], path: string, value: unknown): Schedule | null {
  const schedule = parseSchedule(value);
  if (schedule.ok) return schedule.schedule;
  for (const issue of schedule.issues) pushError(errors, issue.field ? `${path}.schedule.${issue.field}` : `${path}.schedule`, SCHEDULE_MESSAGES[issue.code]);
  return null;
}

/**
 * Checks what the schema cannot: unique codes, stages in date order, no two stages of a week for a
 * common kind, stage kinds among the indicator's (libs/domain `targetStageIssues`). Answers the defined codes.
 */
function indicatorErrors(errors: FieldError[], indicators: readonly RoadmapFileIndicator[]): Set<string> {
  const codes = new Set<string>();
  indicators.forEach((indicator, index) => {
    if (codes.has(indicator.code)) pushError(errors, `indicators[${index}].code`, `Код показателя ${indicator.code} повторяется`);
    codes.add(indicator.code);
    indicator.targets.forEach((stage, stageIndex) => {
      const previous = indicator.targets[stageIndex - 1];
      if (previous && previous.from > stage.from) pushError(errors, `indicators[${index}].targets[${stageIndex}].from`, 'Этапы — по возрастанию дат');
    });
    const stages = indicator.targets.map((stage) => ({ effectiveFrom: stage.from as LocalDate, organizationKinds: stage.kinds ?? null }));
    for (const issue of targetStageIssues(stages, indicator.organizationKinds)) {
      pushError(errors, `indicators[${index}].targets[${issue.index}].${issue.field === 'effectiveFrom' ? 'from' : 'kinds'}`, TARGET_STAGE_ISSUE_MESSAGES[issue.code]);
    }
  });
  return codes;
}

/** Parses and validates a roadmap file, reporting every problem with its path; nothing is written. */
export function parseRoadmapFile(source: string): RoadmapFileResult {
  let raw: unknown;
  try {
    raw = parseYaml(source, { prettyErrors: false });
  } catch (error) {
    const line = error instanceof YAMLParseError ? error.linePos?.[0]?.line : undefined;
    return { ok: false, errors: [{ field: '', messages: [`Файл не является корректным YAML${line ? ` (строка ${line})` : ''}`] }] };
  }
  const parsed = roadmapFileSchema.safeParse(raw);
  const errors: FieldError[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) pushError(errors, formatFieldPath(issue.path), zodMessage(issue));
    // Schedules are checked too, so one upload reports every problem of the file.
    const rawActions = (raw as { actions?: unknown } | null)?.actions;
    if (Array.isArray(rawActions)) {
      rawActions.forEach((action: unknown, index) => {
        const schedule = (action as { schedule?: unknown } | null)?.schedule;
        if (typeof schedule === 'object' && schedule !== null && !Array.isArray(schedule)) scheduleErrors(errors, `actions[${index}]`, schedule);
      });
    }
    return { ok: false, errors };
  }
  const data = parsed.data;
  const indicators = indicatorErrors(errors, data.indicators);
  const actions: RoadmapFileAction[] = [];
  const seen = new Set<number>();
  data.actions.forEach((action, index) => {
    const path = `actions[${index}]`;
    if (seen.has(action.number)) pushError(errors, `${path}.number`, `Номер мероприятия ${action.number} повторяется`);
    seen.add(action.number);
    if (action.resultType === 'indicator' && action.indicatorCodes.length === 0) {
      pushError(errors, `${path}.indicatorCodes`, 'Для результата «показатель» укажите коды показателей');
    }
    const undefinedCodes = action.indicatorCodes.filter((code) => !indicators.has(code));
    if (undefinedCodes.length) pushError(errors, `${path}.indicatorCodes`, `Показатели не описаны в разделе indicators: ${undefinedCodes.join(', ')}`);
    const schedule = scheduleErrors(errors, path, action.schedule);
    if (schedule) actions.push({ ...action, responsible: action.responsible as ActionResponsible, schedule });
  });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    file: { code: data.code, title: data.title, ownerOrganizationCode: data.ownerOrganizationCode, status: data.status, materializeDaysAhead: data.materializeDaysAhead, order: data.order, goals: data.goals, indicators: data.indicators, actions },
  };
}
