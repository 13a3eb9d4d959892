import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Lists of one action by status over a period range: both period bounds are checked in the index. */
export class TaskActionStatusPeriodIndex1795660000000 implements MigrationInterface {
  name = 'TaskActionStatusPeriodIndex1795660000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_task_action_period"`);
    await queryRunner.query(`CREATE INDEX "IDX_task_action_status_period" ON "task" ("action_id", "status", "period_start", "period_end") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_task_action_status_period"`);
    await queryRunner.query(`CREATE INDEX "IDX_task_action_period" ON "task" ("action_id", "period_start") `);
  }
}
