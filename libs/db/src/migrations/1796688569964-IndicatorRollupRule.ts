import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rollups over every organization in scope, targets per organization kind, `no_denominator`, and
 * recomputations with progress. Partly by hand: statuses are widened in place (TypeORM would drop and
 * re-add the columns, losing every computed row), and order №76's stored indicators are converted to
 * what the order says — educational organizations only (no kind `other`; Sferum in MAX not for the
 * department), the 75 % stage of staff for general-education schools only. Every roadmap with computed
 * weeks gets a recomputation, which the worker runs at start.
 */
export class IndicatorRollupRule1796688569964 implements MigrationInterface {
  name = 'IndicatorRollupRule1796688569964';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_indicator_target_from"`);
    await queryRunner.query(
      `CREATE TABLE "indicator_recomputation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "roadmap_id" uuid NOT NULL, "reason" character varying(16) NOT NULL, "from_week" date NOT NULL, "to_week" date, "status" character varying(10) NOT NULL DEFAULT 'queued', "weeks_total" integer, "weeks_done" integer NOT NULL DEFAULT '0', "error" text, "requested_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_indicator_recomputation_reason" CHECK (reason IN ('targets', 'scope', 'headcounts', 'rules')), CONSTRAINT "CHK_indicator_recomputation_status" CHECK (status IN ('queued', 'running', 'done', 'failed')), CONSTRAINT "PK_47e92ed2d4ef0a79d1a490506dc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_indicator_recomputation_roadmap_created" ON "indicator_recomputation" ("roadmap_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "indicator_rollup" ADD "reported_denominator" bigint`);
    await queryRunner.query(`ALTER TABLE "indicator_rollup" ADD "organizations_reported" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "indicator_rollup" ADD "organizations_no_denominator" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "indicator_target" ADD "organization_kinds" jsonb`);
    await queryRunner.query(`ALTER TABLE "indicator_snapshot" DROP CONSTRAINT "CHK_indicator_snapshot_status"`);
    await queryRunner.query(`ALTER TABLE "indicator_rollup" DROP CONSTRAINT "CHK_indicator_rollup_status"`);
    // Widening a varchar rewrites nothing (and keeps the primary key that INCLUDEs the status).
    await queryRunner.query(`ALTER TABLE "indicator_snapshot" ALTER COLUMN "status" TYPE character varying(16)`);
    await queryRunner.query(`ALTER TABLE "indicator_rollup" ALTER COLUMN "status" TYPE character varying(16)`);
    await queryRunner.query(`ALTER TABLE "task" ALTER COLUMN "indicator_status" TYPE character varying(16)`);
    await queryRunner.query(`CREATE INDEX "IDX_indicator_target_indicator" ON "indicator_target" ("indicator_id", "effective_from") `);
    await queryRunner.query(`ALTER TABLE "indicator_snapshot" ADD CONSTRAINT "CHK_indicator_snapshot_status" CHECK (status IN ('met', 'not_met', 'no_data', 'no_denominator', 'no_target'))`);
    await queryRunner.query(`ALTER TABLE "indicator_rollup" ADD CONSTRAINT "CHK_indicator_rollup_status" CHECK (status IN ('met', 'not_met', 'no_data', 'no_denominator', 'no_target'))`);
    await queryRunner.query(
      `ALTER TABLE "indicator_recomputation" ADD CONSTRAINT "FK_indicator_recomputation_roadmap" FOREIGN KEY ("roadmap_id") REFERENCES "roadmap"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    // Order №76 as the order words it (its roadmap file says the same from now on).
    await queryRunner.query(
      `UPDATE indicator i SET organization_kinds = i.organization_kinds - 'other' - CASE WHEN i.code = 'sferum_in_max' THEN 'department' ELSE '' END
       FROM roadmap r WHERE r.id = i.roadmap_id AND r.code = 'ss-uo-76-2025'`,
    );
    // «Образовательные организации» are responsible for its actions: the accounting office (kind other) no longer gets their tasks.
    await queryRunner.query(
      `UPDATE roadmap_action a SET responsible = jsonb_set(a.responsible, '{kinds}', (a.responsible -> 'kinds') - 'other')
       FROM roadmap r WHERE r.id = a.roadmap_id AND r.code = 'ss-uo-76-2025' AND a.responsible ->> 'type' = 'organization_kinds'`,
    );
    await queryRunner.query(
      `UPDATE indicator_target t SET organization_kinds = '["school"]'
       FROM indicator i JOIN roadmap r ON r.id = i.roadmap_id
       WHERE i.id = t.indicator_id AND r.code = 'ss-uo-76-2025' AND i.code = 'staff_weekly_writers' AND t.target = 0.75`,
    );
    await queryRunner.query(
      `INSERT INTO indicator_recomputation (roadmap_id, reason, from_week)
       SELECT i.roadmap_id, 'rules', min(s.week_start)
       FROM indicator i JOIN LATERAL (SELECT min(week_start) AS week_start FROM indicator_snapshot x WHERE x.indicator_id = i.id) s ON s.week_start IS NOT NULL
       GROUP BY i.roadmap_id`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "indicator_recomputation" DROP CONSTRAINT "FK_indicator_recomputation_roadmap"`);
    await queryRunner.query(`ALTER TABLE "indicator_rollup" DROP CONSTRAINT "CHK_indicator_rollup_status"`);
    await queryRunner.query(`ALTER TABLE "indicator_snapshot" DROP CONSTRAINT "CHK_indicator_snapshot_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_indicator_target_indicator"`);
    for (const table of ['indicator_snapshot', 'indicator_rollup']) {
      await queryRunner.query(`UPDATE "${table}" SET status = 'no_data' WHERE status = 'no_denominator'`);
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "status" TYPE character varying(10)`);
    }
    await queryRunner.query(`UPDATE "task" SET indicator_status = 'no_data' WHERE indicator_status = 'no_denominator'`);
    await queryRunner.query(`ALTER TABLE "task" ALTER COLUMN "indicator_status" TYPE character varying(10)`);
    await queryRunner.query(`ALTER TABLE "indicator_rollup" ADD CONSTRAINT "CHK_indicator_rollup_status" CHECK (status IN ('met', 'not_met', 'no_data', 'no_target'))`);
    await queryRunner.query(`ALTER TABLE "indicator_snapshot" ADD CONSTRAINT "CHK_indicator_snapshot_status" CHECK (status IN ('met', 'not_met', 'no_data', 'no_target'))`);
    // Stages of one week for different kinds cannot survive the unique (indicator, week): the general one stays.
    await queryRunner.query(
      `DELETE FROM indicator_target t USING indicator_target o
       WHERE o.indicator_id = t.indicator_id AND o.effective_from = t.effective_from AND t.organization_kinds IS NOT NULL AND (o.organization_kinds IS NULL OR o.id < t.id)`,
    );
    await queryRunner.query(`ALTER TABLE "indicator_target" DROP COLUMN "organization_kinds"`);
    await queryRunner.query(`ALTER TABLE "indicator_rollup" DROP COLUMN "organizations_no_denominator"`);
    await queryRunner.query(`ALTER TABLE "indicator_rollup" DROP COLUMN "organizations_reported"`);
    await queryRunner.query(`ALTER TABLE "indicator_rollup" DROP COLUMN "reported_denominator"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_indicator_recomputation_roadmap_created"`);
    await queryRunner.query(`DROP TABLE "indicator_recomputation"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_indicator_target_from" ON "indicator_target" ("indicator_id", "effective_from") `);
  }
}
