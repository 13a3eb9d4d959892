import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Indicators1795617463978 implements MigrationInterface {
  name = 'Indicators1795617463978';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "indicator" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "roadmap_id" uuid NOT NULL, "code" character varying(64) NOT NULL, "name" text NOT NULL, "description" text, "numerator_measures" jsonb NOT NULL, "denominator_source" character varying(40) NOT NULL, "organization_kinds" jsonb NOT NULL, "sort_order" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_indicator_denominator_source" CHECK (denominator_source IN ('staff_stat', 'students_stat_x2', 'actual_headcount_ministry', 'sferum_users_total')), CONSTRAINT "PK_4693fe4c2cb912a71e05c589e7e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_indicator_roadmap_code" ON "indicator" ("roadmap_id", "code") `);
    await queryRunner.query(`CREATE TABLE "indicator_snapshot" ("indicator_id" uuid NOT NULL, "week_start" date NOT NULL, "organization_id" uuid NOT NULL, "numerator" integer, "denominator" integer, "share" double precision, "target" double precision, "status" character varying(10) NOT NULL, "gap" double precision, "change" double precision, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_indicator_snapshot_status" CHECK (status IN ('met', 'not_met', 'no_data', 'no_target')), CONSTRAINT "PK_2c2456f340ef9fbf20e57eb097b" PRIMARY KEY ("indicator_id", "week_start", "organization_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_indicator_snapshot_organization" ON "indicator_snapshot" ("indicator_id", "organization_id", "week_start") `);
    await queryRunner.query(`CREATE TABLE "indicator_rollup" ("indicator_id" uuid NOT NULL, "week_start" date NOT NULL, "organization_id" uuid NOT NULL, "numerator" bigint, "denominator" bigint, "share" double precision, "target" double precision, "status" character varying(10) NOT NULL, "gap" double precision, "change" double precision, "organizations_total" integer NOT NULL, "organizations_met" integer NOT NULL, "organizations_not_met" integer NOT NULL, "organizations_no_data" integer NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_indicator_rollup_status" CHECK (status IN ('met', 'not_met', 'no_data', 'no_target')), CONSTRAINT "PK_9ef3d9edc508711a4812aecd7e7" PRIMARY KEY ("indicator_id", "week_start", "organization_id"))`);
    await queryRunner.query(`CREATE TABLE "indicator_target" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "indicator_id" uuid NOT NULL, "effective_from" date NOT NULL, "target" numeric(5,4) NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_indicator_target_range" CHECK (target >= 0 AND target <= 1), CONSTRAINT "PK_9b6a07f7470f3a0f56e73b7a282" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_indicator_target_from" ON "indicator_target" ("indicator_id", "effective_from") `);
    await queryRunner.query(`CREATE TABLE "weekly_import" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "roadmap_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "created_by" uuid, "file_name" character varying(255) NOT NULL, "format" character varying(10) NOT NULL, "size_bytes" integer NOT NULL, "sha256" character varying(64) NOT NULL, "storage_key" text NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'queued', "total_rows" integer, "processed_rows" integer NOT NULL DEFAULT '0', "applied_rows" integer NOT NULL DEFAULT '0', "unchanged_rows" integer NOT NULL DEFAULT '0', "rejected_rows" integer NOT NULL DEFAULT '0', "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_weekly_import_format" CHECK (format IN ('csv', 'xlsx')), CONSTRAINT "CHK_weekly_import_status" CHECK (status IN ('queued', 'running', 'done', 'failed')), CONSTRAINT "PK_7b5aad21b49c3c57f71d9f4b656" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_weekly_import_organization_created" ON "weekly_import" ("organization_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "weekly_import_issue" ("id" BIGSERIAL NOT NULL, "import_id" uuid NOT NULL, "row_number" integer NOT NULL, "column" character varying(100), "organization_code" character varying(64), "reason" character varying(40) NOT NULL, "message" text NOT NULL, CONSTRAINT "PK_e99430aab2a0ef2dab85f92e9d6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_weekly_import_issue_import_row" ON "weekly_import_issue" ("import_id", "row_number") `);
    await queryRunner.query(`CREATE TABLE "weekly_report" ("organization_id" uuid NOT NULL, "week_start" date NOT NULL, "staff_wrote" integer, "students_active" integer, "parents_active" integer, "sferum_in_max" integer, "sferum_total" integer, "officials_wrote" integer, "source" character varying(10) NOT NULL, "updated_by" uuid, "import_id" uuid, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_weekly_report_counts" CHECK (coalesce(staff_wrote, 0) >= 0 AND coalesce(students_active, 0) >= 0 AND coalesce(parents_active, 0) >= 0 AND coalesce(sferum_in_max, 0) >= 0 AND coalesce(sferum_total, 0) >= 0 AND coalesce(officials_wrote, 0) >= 0), CONSTRAINT "CHK_weekly_report_monday" CHECK (extract(isodow from week_start) = 1), CONSTRAINT "PK_6719a02cf1e90ef89ac0fca80ea" PRIMARY KEY ("organization_id", "week_start"))`);
    await queryRunner.query(`CREATE INDEX "IDX_weekly_report_week" ON "weekly_report" ("week_start") `);
    await queryRunner.query(`CREATE TABLE "weekly_report_revision" ("id" BIGSERIAL NOT NULL, "organization_id" uuid NOT NULL, "week_start" date NOT NULL, "changes" jsonb NOT NULL, "source" character varying(10) NOT NULL, "author_id" uuid, "import_id" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4a696fd240659b7e97899616795" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_weekly_report_revision_report" ON "weekly_report_revision" ("organization_id", "week_start", "id") `);
    await queryRunner.query(`ALTER TABLE "task" ADD "indicator_status" character varying(10)`);
    await queryRunner.query(`ALTER TABLE "indicator" ADD CONSTRAINT "FK_indicator_roadmap" FOREIGN KEY ("roadmap_id") REFERENCES "roadmap"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "indicator_target" ADD CONSTRAINT "FK_indicator_target_indicator" FOREIGN KEY ("indicator_id") REFERENCES "indicator"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "weekly_import" ADD CONSTRAINT "FK_weekly_import_roadmap" FOREIGN KEY ("roadmap_id") REFERENCES "roadmap"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "weekly_import" ADD CONSTRAINT "FK_weekly_import_organization" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "weekly_import_issue" ADD CONSTRAINT "FK_weekly_import_issue_import" FOREIGN KEY ("import_id") REFERENCES "weekly_import"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "weekly_report" ADD CONSTRAINT "FK_weekly_report_organization" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "weekly_report" DROP CONSTRAINT "FK_weekly_report_organization"`);
    await queryRunner.query(`ALTER TABLE "weekly_import_issue" DROP CONSTRAINT "FK_weekly_import_issue_import"`);
    await queryRunner.query(`ALTER TABLE "weekly_import" DROP CONSTRAINT "FK_weekly_import_organization"`);
    await queryRunner.query(`ALTER TABLE "weekly_import" DROP CONSTRAINT "FK_weekly_import_roadmap"`);
    await queryRunner.query(`ALTER TABLE "indicator_target" DROP CONSTRAINT "FK_indicator_target_indicator"`);
    await queryRunner.query(`ALTER TABLE "indicator" DROP CONSTRAINT "FK_indicator_roadmap"`);
    await queryRunner.query(`ALTER TABLE "task" DROP COLUMN "indicator_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_weekly_report_revision_report"`);
    await queryRunner.query(`DROP TABLE "weekly_report_revision"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_weekly_report_week"`);
    await queryRunner.query(`DROP TABLE "weekly_report"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_weekly_import_issue_import_row"`);
    await queryRunner.query(`DROP TABLE "weekly_import_issue"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_weekly_import_organization_created"`);
    await queryRunner.query(`DROP TABLE "weekly_import"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_indicator_target_from"`);
    await queryRunner.query(`DROP TABLE "indicator_target"`);
    await queryRunner.query(`DROP TABLE "indicator_rollup"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_indicator_snapshot_organization"`);
    await queryRunner.query(`DROP TABLE "indicator_snapshot"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_indicator_roadmap_code"`);
    await queryRunner.query(`DROP TABLE "indicator"`);
  }
}
