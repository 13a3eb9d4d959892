import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Weekly imports that always end (issue 11): runs counted, files of failed imports kept for «Повторить»
 * until retention removes them, rows skipped as outdated counted. Files of finished imports were
 * deleted when they finished — except after the last failed attempt of a job (the only failure that
 * kept its file), so those stay retryable until the retention job removes them.
 */
export class WeeklyImportRetries1796693687046 implements MigrationInterface {
  name = 'WeeklyImportRetries1796693687046';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "weekly_import" ADD "file_removed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "weekly_import" ADD "skipped_rows" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "weekly_import" ADD "attempts" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `UPDATE weekly_import SET file_removed_at = coalesce(finished_at, now())
       WHERE status = 'done' OR (status = 'failed' AND error IS DISTINCT FROM 'Не удалось обработать файл: внутренняя ошибка, загрузите его ещё раз')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "weekly_import" DROP COLUMN "attempts"`);
    await queryRunner.query(`ALTER TABLE "weekly_import" DROP COLUMN "skipped_rows"`);
    await queryRunner.query(`ALTER TABLE "weekly_import" DROP COLUMN "file_removed_at"`);
  }
}
