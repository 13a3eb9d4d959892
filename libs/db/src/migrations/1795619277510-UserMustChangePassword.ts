import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UserMustChangePassword1795619277510 implements MigrationInterface {
  name = 'UserMustChangePassword1795619277510';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_account" ADD "must_change_password" boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_account" DROP COLUMN "must_change_password"`);
  }
}
