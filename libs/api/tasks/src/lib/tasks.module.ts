import multipart from '@fastify/multipart';
import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AccessControl } from '@karta/api-core';
import { AppConfig } from '@karta/server-config';
import { EvidenceController } from './evidence/evidence.controller';
import { EvidenceService, MAX_FILES_PER_UPLOAD } from './evidence/evidence.service';
import { EvidenceStorage, LocalDiskEvidenceStorage } from './evidence/evidence-storage';
import { TaskAccess } from './task-access';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

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
export class TasksModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  /**
   * Multipart parsing for evidence uploads. The plugin only marks multipart requests; nothing is read
   * until a handler iterates `request.parts()`, which only the evidence upload does, so other routes
   * keep their JSON bodies (a multipart body there fails validation as an empty body).
   */
  async onModuleInit(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.();
    if (!fastify || fastify.hasRequestDecorator?.('parts')) return;
    await fastify.register(multipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: this.config.storage.uploadMaxBytes, files: MAX_FILES_PER_UPLOAD },
    });
  }
}
