import type { EntityManager } from 'typeorm';
import type { FieldError } from '@karta/contracts';
import { IndicatorEntity, IndicatorTargetEntity, OrganizationEntity, RoadmapActionEntity, RoadmapEntity } from '@karta/db';
import { type LocalDate, weekStartOf } from '@karta/domain';
import type { AuditEntry } from '@karta/server-core';
import { requestRecomputation } from '@karta/server-indicators';
import type { RoadmapFile, RoadmapFileAction, RoadmapFileIndicator } from './roadmap-file';

/** Writes audit entries inside the caller's transaction (the API passes `AuditLog.record`). */
export type AuditSink = (entries: AuditEntry[], manager: EntityManager) => Promise<void>;

export interface RoadmapImportSummary {
  roadmapId: string;
  code: string;
  created: boolean;
  actionsCreated: number;
  actionsUpdated: number;
  actionsUnchanged: number;
  indicatorsCreated: number;
  indicatorsUpdated: number;
  /**
   * A recomputation of the stored weeks, recorded when an existing indicator's formula or scope
   * changed: enqueue `indicators.recompute` for it after the commit.
   */
  recomputationId: string | null;
}

export type RoadmapImportResult = { ok: true; summary: RoadmapImportSummary } | { ok: false; errors: FieldError[] };

const ROADMAP_FIELDS = ['title', 'orderNumber', 'orderDate', 'issuer', 'ownerOrganizationId', 'controllerName', 'goals', 'grounds'] as const;
const ACTION_FIELDS = [
  'title',
  'fullText',
  'responsibleText',
  'responsible',
  'deadlineText',
  'schedule',
  'resultType',
  'resultText',
  'indicatorCodes',
] as const;

const INDICATOR_FIELDS = ['name', 'description', 'numeratorMeasures', 'denominatorSource', 'organizationKinds', 'sortOrder'] as const;
/** Fields whose change alters computed figures (the others are labels). */
const COMPUTED_FIELDS: readonly string[] = ['numeratorMeasures', 'denominatorSource', 'organizationKinds'];

function indicatorValues(indicator: RoadmapFileIndicator, sortOrder: number): Partial<IndicatorEntity> {
  return {
    name: indicator.name,
    description: indicator.description ?? null,
    numeratorMeasures: indicator.numerator,
    denominatorSource: indicator.denominator,
    organizationKinds: indicator.organizationKinds,
    sortOrder,
  };
}

/**
 * Upserts the file's indicators by code. Target stages are written only when an indicator is created:
 * afterwards they are the controller's setting (edited with history), like the roadmap status.
 */
async function importIndicators(
  manager: EntityManager,
  roadmapId: string,
  organizationId: string,
  indicators: readonly RoadmapFileIndicator[],
  entries: AuditEntry[],
): Promise<{ indicatorsCreated: number; indicatorsUpdated: number; computationChanged: boolean }> {
  const existing = new Map((await manager.findBy(IndicatorEntity, { roadmapId })).map((indicator) => [indicator.code, indicator]));
  const counts = { indicatorsCreated: 0, indicatorsUpdated: 0, computationChanged: false };
  for (const [index, indicator] of indicators.entries()) {
    const wanted = indicatorValues(indicator, index + 1);
    const current = existing.get(indicator.code);
    if (!current) {
      const saved = await manager.save(manager.create(IndicatorEntity, { ...wanted, roadmapId, code: indicator.code }));
      const targets = indicator.targets.map((stage) => ({ indicatorId: saved.id, effectiveFrom: stage.from, target: stage.target, organizationKinds: stage.kinds ?? null, createdBy: null }));
      await manager.insert(IndicatorTargetEntity, targets);
      counts.indicatorsCreated++;
      entries.push({ action: 'indicator.created', entityType: 'indicator', entityId: saved.id, organizationId, after: { code: indicator.code, ...wanted, targets: indicator.targets } });
      continue;
    }
    const diff = changedFields(current, wanted, INDICATOR_FIELDS);
    if (!Object.keys(diff.after).length) continue;
    await manager.update(IndicatorEntity, { id: current.id }, wanted as never);
    counts.indicatorsUpdated++;
    if (Object.keys(diff.after).some((field) => COMPUTED_FIELDS.includes(field))) counts.computationChanged = true;
    entries.push({ action: 'indicator.updated', entityType: 'indicator', entityId: current.id, organizationId, before: { code: indicator.code, ...diff.before }, after: { code: indicator.code, ...diff.after } });
  }
  return counts;
}

/** JSON with sorted keys: jsonb reorders keys, so a plain stringify would see changes that are not there. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** The fields of `after` that differ from `before`, as a before → after pair (empty objects when nothing changed). */
export function changedFields<T extends object>(before: T, after: Partial<T>, fields: readonly (keyof T)[]): { before: Partial<T>; after: Partial<T> } {
  const diff = { before: {} as Partial<T>, after: {} as Partial<T> };
  for (const field of fields) {
    if (canonical(before[field]) !== canonical(after[field])) {
      diff.before[field] = before[field];
      diff.after[field] = after[field];
    }
  }
  return diff;
}

function actionValues(action: RoadmapFileAction): Partial<RoadmapActionEntity> {
  return {
    title: action.title,
    fullText: action.fullText,
    responsibleText: action.responsibleText,
    responsible: action.responsible,
    deadlineText: action.deadlineText,
    schedule: { ...action.schedule },
    resultType: action.resultType,
    resultText: action.resultText,
    indicatorCodes: action.indicatorCodes,
  };
}

/**
 * Upserts a parsed roadmap file by roadmap code and action number, in the caller's transaction.
 * Re-importing the same file changes nothing; a changed action updates only that action. Actions
 * missing from the file are kept (their tasks are history). Status and materialization horizon are
 * taken from the file only when the roadmap is created: afterwards they are the controller's settings.
 */
export async function importRoadmap(manager: EntityManager, file: RoadmapFile, audit: AuditSink): Promise<RoadmapImportResult> {
  const errors: FieldError[] = [];
  const owner = await manager.findOneBy(OrganizationEntity, { code: file.ownerOrganizationCode });
  if (!owner) errors.push({ field: 'ownerOrganizationCode', messages: [`Организация с кодом «${file.ownerOrganizationCode}» не найдена`] });
  for (const [index, action] of file.actions.entries()) {
    if (action.responsible.type !== 'organizations') continue;
    const found = await manager
      .createQueryBuilder(OrganizationEntity, 'o')
      .select('o.code', 'code')
      .where('o.code IN (:...codes)', { codes: action.responsible.codes })
      .getRawMany<{ code: string }>();
    const missing = action.responsible.codes.filter((code) => !found.some((row) => row.code === code));
    if (missing.length) errors.push({ field: `actions[${index}].responsible.codes`, messages: [`Организации не найдены: ${missing.join(', ')}`] });
  }
  if (!owner || errors.length) return { ok: false, errors };

  // Serializes concurrent imports of the same roadmap.
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`roadmap-import:${file.code}`]);
  const values: Partial<RoadmapEntity> = {
    title: file.title,
    orderNumber: file.order.number,
    orderDate: file.order.date,
    issuer: file.order.issuer,
    ownerOrganizationId: owner.id,
    controllerName: file.order.controller ?? null,
    goals: file.goals,
    grounds: file.order.grounds,
  };
  const entries: AuditEntry[] = [];
  let roadmap = await manager.findOneBy(RoadmapEntity, { code: file.code });
  const created = !roadmap;
  if (!roadmap) {
    roadmap = await manager.save(
      manager.create(RoadmapEntity, { ...values, code: file.code, status: file.status ?? 'active', materializeDaysAhead: file.materializeDaysAhead ?? 14 }),
    );
  } else {
    const diff = changedFields(roadmap, values, ROADMAP_FIELDS);
    if (Object.keys(diff.after).length) {
      await manager.update(RoadmapEntity, { id: roadmap.id }, values);
      roadmap = { ...roadmap, ...values };
      entries.push({ action: 'roadmap.updated', entityType: 'roadmap', entityId: roadmap.id, organizationId: owner.id, ...diff });
    }
  }

  const { computationChanged, ...indicatorCounts } = await importIndicators(manager, roadmap.id, owner.id, file.indicators, entries);
  const recomputationId = computationChanged
    ? await requestRecomputation(manager, { roadmapId: roadmap.id, reason: 'scope', fromWeek: weekStartOf(roadmap.orderDate as LocalDate), requestedBy: null })
    : null;
  const existing = new Map((await manager.findBy(RoadmapActionEntity, { roadmapId: roadmap.id })).map((action) => [action.number, action]));
  const counts = { actionsCreated: 0, actionsUpdated: 0, actionsUnchanged: 0 };
  for (const action of file.actions) {
    const wanted = actionValues(action);
    const current = existing.get(action.number);
    if (!current) {
      const saved = await manager.save(manager.create(RoadmapActionEntity, { ...wanted, roadmapId: roadmap.id, number: action.number }));
      counts.actionsCreated++;
      entries.push({ action: 'roadmap_action.created', entityType: 'roadmap_action', entityId: saved.id, organizationId: owner.id, after: { number: action.number, ...wanted } });
      continue;
    }
    const diff = changedFields(current, wanted, ACTION_FIELDS);
    if (!Object.keys(diff.after).length) {
      counts.actionsUnchanged++;
      continue;
    }
    await manager.update(RoadmapActionEntity, { id: current.id }, wanted as never);
    counts.actionsUpdated++;
    entries.push({
      action: 'roadmap_action.updated',
      entityType: 'roadmap_action',
      entityId: current.id,
      organizationId: owner.id,
      before: { number: action.number, ...diff.before },
      after: { number: action.number, ...diff.after },
    });
  }
  const summary: RoadmapImportSummary = { roadmapId: roadmap.id, code: file.code, created, ...counts, ...indicatorCounts, recomputationId };
  entries.unshift({
    action: 'roadmap.imported',
    entityType: 'roadmap',
    entityId: roadmap.id,
    organizationId: owner.id,
    before: created ? null : { code: file.code },
    after: { code: file.code, created, ...counts, ...indicatorCounts },
  });
  await audit(entries, manager);
  return { ok: true, summary };
}
