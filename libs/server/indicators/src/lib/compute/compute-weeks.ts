import type { EntityManager } from 'typeorm';
import { addDays, DEFAULT_TIME_ZONE, type LocalDate, toLocalDate, weekStartOf } from '@karta/domain';

/**
 * Monday of the ISO week that ended last before `now` in Europe/Moscow: from Monday 00:00 Moscow on,
 * the week that ended on Sunday (the Monday 06:00 schedule computes it).
 */
export function lastEndedWeekStart(now: Date): LocalDate {
  const today = toLocalDate(now, DEFAULT_TIME_ZONE);
  return addDays(weekStartOf(today), -7);
}

/** The database's clock, the one `updated_at`/`created_at` are stamped with. */
export async function databaseNow(manager: EntityManager): Promise<Date> {
  const [{ now }] = await manager.query(`SELECT clock_timestamp() AS now`);
  return now;
}

/**
 * Whether anything the weeks `from`…`to` are computed from changed after `since`: a weekly report of
 * those weeks or of the week before (the change), a target stage or a headcount in force by then.
 */
export async function indicatorInputsChangedSince(manager: EntityManager, weeks: { from: LocalDate; to: LocalDate }, since: Date): Promise<boolean> {
  const [{ changed }] = await manager.query(
    `SELECT EXISTS (SELECT 1 FROM weekly_report WHERE week_start BETWEEN $1::date - 7 AND $2::date AND updated_at > $3)
         OR EXISTS (SELECT 1 FROM indicator_target WHERE effective_from <= $2::date AND created_at > $3)
         OR EXISTS (SELECT 1 FROM organization_headcount WHERE effective_from <= $2::date AND created_at > $3) AS changed`,
    [weeks.from, weeks.to, since],
  );
  return changed;
}
