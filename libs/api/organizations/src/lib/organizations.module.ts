import { Module } from '@nestjs/common';
import { AccessControl } from '@karta/api-core';
import { OrganizationImportService } from './organization-import.service';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';

@Module({
  controllers: [OrganizationsController],
  providers: [OrganizationsService, OrganizationImportService, AccessControl],
  exports: [OrganizationsService],
})
export class OrganizationsModule {}
