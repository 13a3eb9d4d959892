import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskActionPeriodIndex1795615557390 implements MigrationInterface {
  name = 'TaskActionPeriodIndex1795615557390';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_task_action_period_key_status" ON "task" ("action_id", "period_key", "status") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_task_action_period_key_status"`);
  }
}
