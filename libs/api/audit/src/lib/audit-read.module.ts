import { Module } from '@nestjs/common';
import { AccessControl } from '@karta/api-core';
import { AuditReadController } from './audit-read.controller';
import { AuditReadService } from './audit-read.service';

@Module({
  controllers: [AuditReadController],
  providers: [AuditReadService, AccessControl],
})
export class AuditReadModule {}
