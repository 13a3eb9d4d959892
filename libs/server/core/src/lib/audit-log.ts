import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { AuditLogEntity } from '@karta/db';
import { RequestContextService } from './request-context';

export interface AuditEntry {
  action: string;
  /** Defaults to the signed-in user of the current request. */
  actorId?: string | null;
  entityType?: string;
  entityId?: string;
  organizationId?: string | null;
  before?: object | null;
  after?: object | null;
}

/**
 * Writes the append-only audit log. Pass the transaction's manager so the entry commits or rolls
 * back together with the change it describes.
 */
@Injectable()
export class AuditLog {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly context: RequestContextService,
  ) {}

  async record(entries: AuditEntry | AuditEntry[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    const list = Array.isArray(entries) ? entries : [entries];
    if (!list.length) return;
    const request = this.context.current();
    const rows = list.map(
      (entry): Partial<AuditLogEntity> => ({
        action: entry.action,
        actorId: entry.actorId !== undefined ? entry.actorId : (request?.actorId ?? null),
        entityType: entry.entityType ?? null,
        entityId: entry.entityId ?? null,
        organizationId: entry.organizationId ?? null,
        before: (entry.before as Record<string, unknown> | null | undefined) ?? null,
        after: (entry.after as Record<string, unknown> | null | undefined) ?? null,
        ip: request?.ip ?? null,
        requestId: request?.requestId ?? null,
      }),
    );
    // jsonb columns defeat TypeORM's deep-partial typing; the rows are complete entities.
    await manager.insert(AuditLogEntity, rows as QueryDeepPartialEntity<AuditLogEntity>[]);
  }
}
