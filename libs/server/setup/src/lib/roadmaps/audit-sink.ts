import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { AuditLogEntity } from '@karta/db';
import type { AuditSink } from './roadmap-import';

/** Audit sink for command-line runs (CLI, demo seed): no request, so the actor is the entry's or none. */
export const commandLineAuditSink: AuditSink = async (entries, manager: EntityManager) => {
  if (!entries.length) return;
  const rows = entries.map((entry) => ({
    action: entry.action,
    actorId: entry.actorId ?? null,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId ?? null,
    organizationId: entry.organizationId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  }));
  await manager.insert(AuditLogEntity, rows as QueryDeepPartialEntity<AuditLogEntity>[]);
};
