import type { MigrationInterface, QueryRunner } from 'typeorm';

export class JobRequests1796691242807 implements MigrationInterface {
  name = 'JobRequests1796691242807';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "job_request" ("id" BIGSERIAL NOT NULL, "name" character varying(64) NOT NULL, "payload" jsonb NOT NULL, "deduplication_id" character varying(200), "delay_ms" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_be981b8f8d402409a3434ca5d4b" PRIMARY KEY ("id"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "job_request"`);
  }
}
