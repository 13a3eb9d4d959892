import { Module } from '@nestjs/common';
import { AccessControl } from '@karta/api-core';
import { EvidenceController } from './evidence/evidence.controller';
import { EvidenceService } from './evidence/evidence.service';
import { EvidenceStorage, LocalDiskEvidenceStorage } from './evidence/evidence-storage';
import { TaskAccess } from './task-access';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

// Multipart parsing is registered once for the app (api-core createHttpApp); the evidence upload
// asks `request.parts({ limits })` for its own size and file-count limits.
@Module({
  controllers: [TasksController, EvidenceController],
  providers: [
    AccessControl,
    TaskAccess,
    TasksService,
    EvidenceService,
    { provide: EvidenceStorage, useClass: LocalDiskEvidenceStorage },
  ],
})
export class TasksModule {}
