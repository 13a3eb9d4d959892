import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (TypeORM declares neither INCLUDE columns nor BRIN): the snapshots keep one B-tree
 * instead of two. The primary key becomes (indicator, organization, week) and carries status and share,
 * so it serves the heatmap from the index alone as the covering index did, and every other read of the
 * API looks rows up by organization anyway. The worker's reads of whole weeks use a BRIN on the week:
 * weeks are written in order, so each one lies in a run of pages, and a BRIN costs next to nothing to
 * keep up, where the second B-tree cost a quarter of the weekly computation's writing.
 */
export class SnapshotSingleIndex1795680000000 implements MigrationInterface {
  name = 'SnapshotSingleIndex1795680000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "indicator_snapshot" DROP CONSTRAINT "PK_2c2456f340ef9fbf20e57eb097b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_indicator_snapshot_organization"`);
    await queryRunner.query(
      `ALTER TABLE "indicator_snapshot" ADD CONSTRAINT "PK_2c2456f340ef9fbf20e57eb097b" PRIMARY KEY ("indicator_id", "organization_id", "week_start") INCLUDE ("status", "share")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_indicator_snapshot_week" ON "indicator_snapshot" USING brin ("week_start") WITH (autosummarize = on)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_indicator_snapshot_week"`);
    await queryRunner.query(`ALTER TABLE "indicator_snapshot" DROP CONSTRAINT "PK_2c2456f340ef9fbf20e57eb097b"`);
    await queryRunner.query(`ALTER TABLE "indicator_snapshot" ADD CONSTRAINT "PK_2c2456f340ef9fbf20e57eb097b" PRIMARY KEY ("indicator_id", "week_start", "organization_id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_indicator_snapshot_organization" ON "indicator_snapshot" ("indicator_id", "organization_id", "week_start") INCLUDE ("status", "share")`,
    );
  }
}
