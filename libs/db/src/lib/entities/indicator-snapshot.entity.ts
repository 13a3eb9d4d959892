import { INDICATOR_STATUSES, type IndicatorStatus } from '@karta/domain';
import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export { INDICATOR_STATUSES, type IndicatorStatus };
const statusCheck = `status IN (${INDICATOR_STATUSES.map((s) => `'${s}'`).join(', ')})`;

const bigintAsNumber = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** What a snapshot and a rollup share: the key (indicator, ISO week, organization) and the evaluation. */
abstract class IndicatorResultColumns {
  @PrimaryColumn({ type: 'uuid', name: 'indicator_id' })
  indicatorId!: string;

  /** Monday of the ISO week. */
  @PrimaryColumn({ type: 'date', name: 'week_start' })
  weekStart!: string;

  @PrimaryColumn({ type: 'uuid', name: 'organization_id' })
  organizationId!: string;

  @Column({ type: 'double precision', nullable: true })
  share!: number | null;

  @Column({ type: 'double precision', nullable: true })
  target!: number | null;

  @Column({ type: 'varchar', length: 16 })
  status!: IndicatorStatus;

  /** Shortfall to the target (0 when met), null unless evaluated. */
  @Column({ type: 'double precision', nullable: true })
  gap!: number | null;

  /** Change of the share from the previous week, null unless both are known. */
  @Column({ type: 'double precision', nullable: true })
  change!: number | null;

  @Column({ type: 'timestamptz', name: 'computed_at' })
  computedAt!: Date;
}

/**
 * The computed result of one indicator for one organization and ISO week (libs/domain `evaluate`),
 * upserted by the worker's weekly job: a re-run leaves exactly one row per key. Shares and targets are
 * fractions; `null` share means undefined (no data or a zero denominator), never 0 %.
 */
@Entity('indicator_snapshot')
// The primary key is (indicator_id, organization_id, week_start) INCLUDE (status, share), written by hand
// in a migration: series and the organizations × weeks matrix read one indicator per organization over a
// range of weeks, the heatmap from the index alone. The worker reads whole weeks through a BRIN on the week.
@Index('IDX_indicator_snapshot_week', { synchronize: false })
@Check('CHK_indicator_snapshot_status', statusCheck)
export class IndicatorSnapshotEntity extends IndicatorResultColumns {
  @Column({ type: 'integer', nullable: true })
  numerator!: number | null;

  @Column({ type: 'integer', nullable: true })
  denominator!: number | null;
}

/**
 * Rollup of one indicator for one inner node of the tree (district department, region) and week, by
 * libs/domain `rollUp`: the share is the sum of numerators over the sum of denominators of every
 * organization of the subtree in the indicator's scope (the node itself included when evaluated), with
 * the share among those that reported and counts of organizations by status. `organizationId` is the node.
 */
@Entity('indicator_rollup')
@Check('CHK_indicator_rollup_status', statusCheck)
export class IndicatorRollupEntity extends IndicatorResultColumns {
  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  numerator!: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  denominator!: number | null;

  /** Sum of the denominators of the organizations with a share: the share among those that reported is numerator / this. */
  @Column({ type: 'bigint', name: 'reported_denominator', nullable: true, transformer: bigintAsNumber })
  reportedDenominator!: number | null;

  @Column({ type: 'integer', name: 'organizations_total' })
  organizationsTotal!: number;

  /** Organizations that reported their numbers for the week. */
  @Column({ type: 'integer', name: 'organizations_reported', default: 0 })
  organizationsReported!: number;

  @Column({ type: 'integer', name: 'organizations_met' })
  organizationsMet!: number;

  @Column({ type: 'integer', name: 'organizations_not_met' })
  organizationsNotMet!: number;

  @Column({ type: 'integer', name: 'organizations_no_data' })
  organizationsNoData!: number;

  @Column({ type: 'integer', name: 'organizations_no_denominator', default: 0 })
  organizationsNoDenominator!: number;
}
