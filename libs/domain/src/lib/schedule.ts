import { IsoWeekday, LocalDate } from './local-date';
import { LocalTime, parseLocalTime } from './local-time';
import { DueDayOfMonth } from './period';

// The order leaves due days and hours to the controller; these are the defaults until one is set.
export const DEFAULT_DUE_WEEKDAY: IsoWeekday = 1;
export const DEFAULT_DUE_DAY_OF_MONTH: DueDayOfMonth = 'last';
export const DEFAULT_DUE_TIME: LocalTime = parseLocalTime('23:59');
export const DEFAULT_CONTINUOUS_REPORT: ContinuousReport = 'monthly';

/** «сентябрь 2025 года»: a single deadline. */
export interface OnceSchedule {
  readonly kind: 'once';
  /** When work may start; defaults to the due date. */
  readonly startDate?: LocalDate;
  readonly dueDate: LocalDate;
  readonly dueTime?: LocalTime;
}

interface RecurringSchedule {
  /** Periods start with the week or month containing this date. */
  readonly startDate: LocalDate;
  /** Inclusive; the week or month containing it is the last period. Open-ended when omitted. */
  readonly endDate?: LocalDate;
  readonly dueTime?: LocalTime;
}

/** «еженедельно»: one period per ISO week, due on `dueWeekday` of the following week. */
export interface WeeklySchedule extends RecurringSchedule {
  readonly kind: 'weekly';
  readonly dueWeekday?: IsoWeekday;
}

/** «август 2025 года и далее ежемесячно»: one period per calendar month, due within that month. */
export interface MonthlySchedule extends RecurringSchedule {
  readonly kind: 'monthly';
  readonly dueDayOfMonth?: DueDayOfMonth;
}

export type ContinuousReport = 'weekly' | 'monthly';

/** «постоянно»: ongoing work whose progress is reported weekly or monthly. */
export interface ContinuousSchedule extends RecurringSchedule {
  readonly kind: 'continuous';
  readonly report?: ContinuousReport;
  readonly dueWeekday?: IsoWeekday;
  readonly dueDayOfMonth?: DueDayOfMonth;
}

export type Schedule = OnceSchedule | WeeklySchedule | MonthlySchedule | ContinuousSchedule;

export type ScheduleKind = Schedule['kind'];
