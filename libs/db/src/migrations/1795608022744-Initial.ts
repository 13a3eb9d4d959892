import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795608022744 implements MigrationInterface {
  name = 'Initial1795608022744';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "organization" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "parent_id" uuid, "code" character varying(64) NOT NULL, "name" character varying(500) NOT NULL, "short_name" character varying(200) NOT NULL, "kind" character varying(32) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_organization_kind" CHECK (kind IN ('region', 'department', 'school', 'kindergarten', 'additional_education', 'other')), CONSTRAINT "PK_472c1f99a32def1b0abb219cd67" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_organization_parent_id" ON "organization" ("parent_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_organization_code" ON "organization" ("code") `);
    await queryRunner.query(`CREATE TABLE "system_probe" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "requested_by" uuid, "processed_at" TIMESTAMP WITH TIME ZONE, "processed_by" character varying(200), "attempts" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_7360b4d7ac4ecacc4065f84fcab" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_system_probe_requested_at" ON "system_probe" ("requested_at") `);
    await queryRunner.query(`CREATE TABLE "user_account" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "email" character varying(320) NOT NULL, "full_name" character varying(300) NOT NULL, "role" character varying(32) NOT NULL, "password_hash" character varying(255) NOT NULL, "is_active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_user_account_email_lowercase" CHECK (email = lower(email)), CONSTRAINT "CHK_user_account_role" CHECK (role IN ('admin', 'controller', 'department_staff', 'org_head', 'org_coordinator', 'observer')), CONSTRAINT "PK_6acfec7285fdf9f463462de3e9f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_user_account_organization_id" ON "user_account" ("organization_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_user_account_email" ON "user_account" ("email") `);
    await queryRunner.query(`ALTER TABLE "organization" ADD CONSTRAINT "FK_organization_parent" FOREIGN KEY ("parent_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "user_account" ADD CONSTRAINT "FK_user_account_organization" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_account" DROP CONSTRAINT "FK_user_account_organization"`);
    await queryRunner.query(`ALTER TABLE "organization" DROP CONSTRAINT "FK_organization_parent"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_user_account_email"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_user_account_organization_id"`);
    await queryRunner.query(`DROP TABLE "user_account"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_system_probe_requested_at"`);
    await queryRunner.query(`DROP TABLE "system_probe"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_organization_code"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_organization_parent_id"`);
    await queryRunner.query(`DROP TABLE "organization"`);
  }
}
