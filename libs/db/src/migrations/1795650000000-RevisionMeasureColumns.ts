import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A revision's changes as a before and an after column per measure instead of one jsonb (an import
 * writes a revision per row, and building and parsing the jsonb was half of their cost). Both sides are
 * null for a measure that did not change; the existing revisions are converted.
 */
export class RevisionMeasureColumns1795650000000 implements MigrationInterface {
  name = 'RevisionMeasureColumns1795650000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "weekly_report_revision" ADD "staff_wrote_before" integer, ADD "staff_wrote_after" integer, ADD "students_active_before" integer, ADD "students_active_after" integer, ADD "parents_active_before" integer, ADD "parents_active_after" integer, ADD "sferum_in_max_before" integer, ADD "sferum_in_max_after" integer, ADD "sferum_total_before" integer, ADD "sferum_total_after" integer, ADD "officials_wrote_before" integer, ADD "officials_wrote_after" integer`);
    await queryRunner.query(
      `UPDATE "weekly_report_revision" SET
        "staff_wrote_before" = (changes->'staff_wrote'->>0)::int, "staff_wrote_after" = (changes->'staff_wrote'->>1)::int,
        "students_active_before" = (changes->'students_active'->>0)::int, "students_active_after" = (changes->'students_active'->>1)::int,
        "parents_active_before" = (changes->'parents_active'->>0)::int, "parents_active_after" = (changes->'parents_active'->>1)::int,
        "sferum_in_max_before" = (changes->'sferum_in_max'->>0)::int, "sferum_in_max_after" = (changes->'sferum_in_max'->>1)::int,
        "sferum_total_before" = (changes->'sferum_total'->>0)::int, "sferum_total_after" = (changes->'sferum_total'->>1)::int,
        "officials_wrote_before" = (changes->'officials_wrote'->>0)::int, "officials_wrote_after" = (changes->'officials_wrote'->>1)::int`,
    );
    await queryRunner.query(`ALTER TABLE "weekly_report_revision" DROP COLUMN "changes"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "weekly_report_revision" ADD "changes" jsonb`);
    // jsonb_strip_nulls drops the unchanged measures' keys and keeps the nulls inside [before, after].
    await queryRunner.query(
      `UPDATE "weekly_report_revision" SET "changes" = jsonb_strip_nulls(jsonb_build_object(
        'staff_wrote', CASE WHEN "staff_wrote_before" IS DISTINCT FROM "staff_wrote_after" THEN jsonb_build_array("staff_wrote_before", "staff_wrote_after") END,
        'students_active', CASE WHEN "students_active_before" IS DISTINCT FROM "students_active_after" THEN jsonb_build_array("students_active_before", "students_active_after") END,
        'parents_active', CASE WHEN "parents_active_before" IS DISTINCT FROM "parents_active_after" THEN jsonb_build_array("parents_active_before", "parents_active_after") END,
        'sferum_in_max', CASE WHEN "sferum_in_max_before" IS DISTINCT FROM "sferum_in_max_after" THEN jsonb_build_array("sferum_in_max_before", "sferum_in_max_after") END,
        'sferum_total', CASE WHEN "sferum_total_before" IS DISTINCT FROM "sferum_total_after" THEN jsonb_build_array("sferum_total_before", "sferum_total_after") END,
        'officials_wrote', CASE WHEN "officials_wrote_before" IS DISTINCT FROM "officials_wrote_after" THEN jsonb_build_array("officials_wrote_before", "officials_wrote_after") END))`,
    );
    await queryRunner.query(`ALTER TABLE "weekly_report_revision" ALTER COLUMN "changes" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "weekly_report_revision" DROP COLUMN "staff_wrote_before", DROP COLUMN "staff_wrote_after", DROP COLUMN "students_active_before", DROP COLUMN "students_active_after", DROP COLUMN "parents_active_before", DROP COLUMN "parents_active_after", DROP COLUMN "sferum_in_max_before", DROP COLUMN "sferum_in_max_after", DROP COLUMN "sferum_total_before", DROP COLUMN "sferum_total_after", DROP COLUMN "officials_wrote_before", DROP COLUMN "officials_wrote_after"`);
  }
}
