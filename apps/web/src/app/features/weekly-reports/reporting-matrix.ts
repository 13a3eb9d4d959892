import type { ReportingMatrixDto } from '@karta/contracts';
import { formatIsoWeekLabelRu, parseIsoWeek } from '@karta/domain';
import { SOURCE_LABELS } from './weekly-labels';

export type ReportingCell = ReportingMatrixDto['rows'][number]['cells'][number];

export type ReportingState = 'complete' | 'partial' | 'missing';

export function reportingState(cell: ReportingCell): ReportingState {
  return cell === null ? 'missing' : cell.complete ? 'complete' : 'partial';
}

export const REPORTING_STATE_LABELS: Readonly<Record<ReportingState, string>> = {
  complete: 'сданы полностью',
  partial: 'сданы частично',
  missing: 'не сданы',
};

/** Title and aria-label of a matrix cell: organization, week, state and source. */
export function reportingCellDescription(organization: string, weekKey: string, cell: ReportingCell): string {
  const state = REPORTING_STATE_LABELS[reportingState(cell)];
  const source = cell ? `, ${SOURCE_LABELS[cell.source]}` : '';
  return `${organization}, ${formatIsoWeekLabelRu(parseIsoWeek(weekKey))}: ${state}${source}`;
}
