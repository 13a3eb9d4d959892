import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskDueIndex1795613784787 implements MigrationInterface {
  name = 'TaskDueIndex1795613784787';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_task_due_at_id" ON "task" ("due_at", "id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_task_due_at_id"`);
  }
}
