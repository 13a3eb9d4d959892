import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { AccessControl, type AuthUser } from '@karta/api-core';
import type { ImportRowError, OrganizationImportReport } from '@karta/contracts';
import { OrganizationEntity, OrganizationHeadcountEntity } from '@karta/db';
import { JobRequests } from '@karta/jobs';
import { AuditLog } from '@karta/server-core';
import { type ImportRecord, parseRecords, readTable, UnreadableFileError } from './organization-import.parser';
import { diff, OrganizationsService, snapshot, upsertHeadcount } from './organizations.service';

type Plan =
  | { kind: 'create'; record: ImportRecord; organization: OrganizationEntity }
  | { kind: 'update'; record: ImportRecord; organization: OrganizationEntity; changes: Partial<OrganizationEntity>; headcountChanges: number }
  | { kind: 'unchanged'; record: ImportRecord; organization: OrganizationEntity };

/** What an import did (or would do) and why it was refused. */
export class ImportResult {
  constructor(
    readonly report: OrganizationImportReport,
    readonly createdIds: string[],
  ) {}

  get ok(): boolean {
    return this.report.errors.length === 0;
  }
}

/**
 * Upserts organizations by code from a sheet. Everything is checked before anything is written, and
 * the writes share one transaction: a file with any error changes nothing.
 */
@Injectable()
export class OrganizationImportService {
  private readonly logger = new Logger(OrganizationImportService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly audit: AuditLog,
    private readonly organizations: OrganizationsService,
    private readonly jobRequests: JobRequests,
  ) {}

  async import(user: AuthUser, file: Buffer, dryRun: boolean): Promise<ImportResult> {
    this.access.requirePermission(user, 'organizations.write');
    const empty = { dryRun, rows: 0, created: 0, updated: 0, unchanged: 0 };
    let table: string[][];
    try {
      table = await readTable(file);
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      return new ImportResult({ ...empty, errors: [{ row: 0, column: '', message: error.message }] }, []);
    }
    const { records, errors, rows } = parseRecords(table);
    const run = async (manager: EntityManager): Promise<ImportResult> => {
      const { plans, errors: matchErrors } = await this.plan(user, manager, records);
      const allErrors = [...errors, ...matchErrors].sort((a, b) => a.row - b.row);
      const report: OrganizationImportReport = {
        dryRun,
        rows,
        created: plans.filter((plan) => plan.kind === 'create').length,
        updated: plans.filter((plan) => plan.kind === 'update').length,
        unchanged: plans.filter((plan) => plan.kind === 'unchanged').length,
        errors: allErrors,
      };
      if (allErrors.length || dryRun) return new ImportResult(allErrors.length ? { ...report, created: 0, updated: 0, unchanged: 0 } : report, []);
      await this.write(user, manager, plans);
      return new ImportResult(report, plans.filter((plan) => plan.kind === 'create').map((plan) => plan.organization.id));
    };
    if (dryRun || errors.length) return run(this.dataSource.manager);
    const { result, requests } = await this.dataSource.transaction(async (manager) => {
      // One import at a time: two files creating the same code would otherwise race.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('organization-import'))`);
      const imported = await run(manager);
      return { result: imported, requests: imported.createdIds.length ? [await this.organizations.requestMaterialization(manager)] : [] };
    });
    // After the commit, so the worker sees the new organizations.
    await this.jobRequests.relay(requests);
    if (!dryRun && !errors.length) await this.organizations.startRecomputations();
    return result;
  }

  private async plan(user: AuthUser, manager: EntityManager, records: ImportRecord[]): Promise<{ plans: Plan[]; errors: ImportRowError[] }> {
    const errors: ImportRowError[] = [];
    const codes = [...new Set(records.flatMap((record) => [record.code, record.parentCode]))];
    const existing = new Map(
      (codes.length ? await manager.find(OrganizationEntity, { where: { code: In(codes) } }) : []).map((o) => [o.code, o]),
    );
    const headcountRows = existing.size
      ? await manager.find(OrganizationHeadcountEntity, { where: { organizationId: In([...existing.values()].map((o) => o.id)) } })
      : [];
    const headcountKey = (organizationId: string, kind: string, date: string) => `${organizationId}|${kind}|${date}`;
    const headcounts = new Map(headcountRows.map((row) => [headcountKey(row.organizationId, row.kind, row.effectiveFrom), row.value]));

    /** Organizations of this file by code, as they will be after the import (for later rows' parents). */
    const fromFile = new Map<string, OrganizationEntity>();
    const plans: Plan[] = [];
    for (const record of records) {
      const parent = fromFile.get(record.parentCode) ?? existing.get(record.parentCode);
      if (!parent || !this.access.isInScope(user, parent)) {
        errors.push({
          row: record.row,
          column: 'Код вышестоящей',
          message: `Вышестоящая организация «${record.parentCode}» не найдена ни в файле выше, ни среди доступных вам`,
        });
        continue;
      }
      const fields = {
        name: record.name,
        shortName: record.shortName,
        kind: record.kind,
        headName: record.headName,
        phone: record.phone,
        email: record.email,
        address: record.address,
        maxChannelUrl: record.maxChannelUrl,
      };
      const current = existing.get(record.code);
      if (!current) {
        const id = randomUUID();
        const organization = Object.assign(new OrganizationEntity(), {
          id,
          parentId: parent.id,
          path: `${parent.path}${id}/`,
          code: record.code,
          isActive: true,
          ...fields,
        });
        fromFile.set(record.code, organization);
        plans.push({ kind: 'create', record, organization });
        continue;
      }
      if (!this.access.isInScope(user, current)) {
        errors.push({ row: record.row, column: 'Код', message: 'Код уже занят организацией вне вашей области' });
        continue;
      }
      if (current.parentId !== parent.id) {
        errors.push({
          row: record.row,
          column: 'Код вышестоящей',
          message: 'Перенос в другую вышестоящую организацию через импорт не выполняется; измените её в карточке организации',
        });
        continue;
      }
      fromFile.set(record.code, current);
      const changes = diff(current, fields).after as Partial<OrganizationEntity>;
      const date = record.headcountDate;
      const headcountChanges = date
        ? record.headcounts.filter((headcount) => headcounts.get(headcountKey(current.id, headcount.kind, date)) !== headcount.value).length
        : 0;
      plans.push(
        Object.keys(changes).length || headcountChanges
          ? { kind: 'update', record, organization: current, changes, headcountChanges }
          : { kind: 'unchanged', record, organization: current },
      );
    }
    return { plans, errors };
  }

  private async write(user: AuthUser, manager: EntityManager, plans: Plan[]): Promise<void> {
    for (const plan of plans) {
      const { organization, record } = plan;
      if (plan.kind === 'create') {
        await manager.insert(OrganizationEntity, organization);
        await this.audit.record(
          {
            action: 'organization.created',
            entityType: 'organization',
            entityId: organization.id,
            organizationId: organization.id,
            after: { ...snapshot(organization), source: 'import' },
          },
          manager,
        );
      } else if (plan.kind === 'update' && Object.keys(plan.changes).length) {
        const { before, after } = diff(organization, plan.changes);
        await manager.update(OrganizationEntity, { id: organization.id }, plan.changes);
        await this.audit.record(
          {
            action: 'organization.updated',
            entityType: 'organization',
            entityId: organization.id,
            organizationId: organization.id,
            before,
            after: { ...after, source: 'import' },
          },
          manager,
        );
      }
      if (plan.kind !== 'unchanged' && record.headcountDate) {
        for (const headcount of record.headcounts) {
          await upsertHeadcount(manager, this.audit, organization.id, { ...headcount, effectiveFrom: record.headcountDate }, user.id);
        }
      }
    }
    this.logger.log({ created: plans.filter((plan) => plan.kind === 'create').length }, 'Organizations imported');
  }
}
