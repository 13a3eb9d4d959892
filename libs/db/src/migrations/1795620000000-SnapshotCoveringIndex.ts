import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Written by hand: TypeORM cannot declare INCLUDE columns. The heatmap reads only status and share. */
export class SnapshotCoveringIndex1795620000000 implements MigrationInterface {
  name = 'SnapshotCoveringIndex1795620000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_indicator_snapshot_organization"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_indicator_snapshot_organization" ON "indicator_snapshot" ("indicator_id", "organization_id", "week_start") INCLUDE ("status", "share")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_indicator_snapshot_organization"`);
    await queryRunner.query(`CREATE INDEX "IDX_indicator_snapshot_organization" ON "indicator_snapshot" ("indicator_id", "organization_id", "week_start")`);
  }
}
