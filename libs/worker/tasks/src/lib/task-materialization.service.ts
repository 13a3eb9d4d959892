import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DEFAULT_TIME_ZONE, toLocalDate } from '@karta/domain';
import { AuditLog } from '@karta/server-core';
import { Clock, materializeTasks, type MaterializeResult } from '@karta/server-setup';

/** Runs task materialization in one transaction, as of today in Moscow by the injected clock. */
@Injectable()
export class TaskMaterializationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  materialize(roadmapId?: string): Promise<MaterializeResult> {
    const today = toLocalDate(this.clock.now(), DEFAULT_TIME_ZONE);
    return this.dataSource.transaction((manager) =>
      materializeTasks(manager, { today, roadmapId }, (entries, transaction) => this.audit.record(entries, transaction)),
    );
  }
}
