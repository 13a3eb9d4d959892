import { access, open } from 'node:fs/promises';
import type { MultipartFile } from '@fastify/multipart';
import { BadRequestException, ConflictException, HttpException, HttpStatus, Injectable, Logger, PayloadTooLargeException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import FileType from 'file-type';
import type { DataSource } from 'typeorm';
import { WeeklyImportEntity, WeeklyImportIssueEntity } from '@karta/db';
import { AccessControl, type AuthUser, DEFAULT_PAGE_SIZE, inspectZipFile, RequestValidationException } from '@karta/api-core';
import { JobName, JobProducer, withinEnqueueTimeout } from '@karta/jobs';
import { AppConfig } from '@karta/server-config';
import { AuditLog } from '@karta/server-core';
import { enqueueWeeklyImport, WEEKLY_IMPORT_RETRY_DAYS, type WeeklySheetFormat, WeeklySheetStore } from '@karta/server-indicators';
import { IndicatorsAccess } from './indicators.access';
import type { WeeklyImportDto, WeeklyImportIssuePageDto, WeeklyImportListQueryDto, WeeklyImportPageDto } from './dto/weekly-import.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Bytes looked at to tell text from binary. */
const SNIFF_BYTES = 64 * 1024;

interface ImportRow {
  id: string;
  roadmap_id: string;
  organization_id: string;
  organization_code: string;
  organization_short_name: string;
  organization_kind: WeeklyImportDto['organization']['kind'];
  organization_path: string;
  file_name: string;
  format: 'csv' | 'xlsx';
  size_bytes: number;
  status: WeeklyImportDto['status'];
  total_rows: number | null;
  processed_rows: number;
  applied_rows: number;
  unchanged_rows: number;
  rejected_rows: number;
  skipped_rows: number;
  error: string | null;
  storage_key: string;
  file_removed_at: Date | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  created_by: string | null;
  created_by_name: string | null;
  total: string;
}

const SELECT_IMPORTS = `SELECT wi.*, o.code AS organization_code, o.short_name AS organization_short_name, o.kind AS organization_kind,
    o.path AS organization_path, u.full_name AS created_by_name, count(*) OVER () AS total
  FROM weekly_import wi
  JOIN organization o ON o.id = wi.organization_id
  LEFT JOIN user_account u ON u.id = wi.created_by`;

/** The file's name for display: the last path segment, no control characters, bounded. */
function displayName(raw: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const name = (raw ?? '').replace(/[\u0000-\u001f\u007f]/g, '').split(/[/\\]/).pop()?.trim() ?? '';
  return name.slice(0, 255) || 'файл';
}

function fileError(message: string): RequestValidationException {
  return new RequestValidationException([{ field: 'file', messages: [message] }]);
}

@Injectable()
export class WeeklyImportsService {
  private readonly logger = new Logger(WeeklyImportsService.name);
  private readonly store: WeeklySheetStore;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly indicators: IndicatorsAccess,
    private readonly audit: AuditLog,
    private readonly jobs: JobProducer,
    private readonly config: AppConfig,
  ) {
    this.store = new WeeklySheetStore(config.storage.dir);
  }

  /**
   * Receives a district sheet (multipart `file` + `roadmapId`), checks it is a real XLSX or a text
   * CSV by content, stores it and queues its processing. The rows are judged by the worker.
   */
  async create(user: AuthUser, request: FastifyRequest): Promise<WeeklyImportDto> {
    this.access.requirePermission(user, 'indicators.import');
    if (!request.isMultipart()) throw fileError('Загрузите файл (multipart/form-data, поле file)');
    const limit = this.config.storage.uploadMaxBytes;
    let roadmapId: string | null = null;
    let upload: { key: string; fileName: string; sizeBytes: number; sha256: string; truncated: boolean } | null = null;
    try {
      const parts = request.parts({
        limits: { fileSize: limit, files: 1, fields: 5, fieldSize: 1000, parts: 6 },
        // Supported per call by @fastify/multipart but missing from its types: we check `truncated` ourselves.
        ...({ throwFileSizeLimit: false } as object),
      });
      for await (const part of parts) {
        if (part.type === 'field') {
          if (part.fieldname === 'roadmapId') roadmapId = String(part.value).trim();
        } else if (part.fieldname === 'file' && !upload) {
          upload = { ...(await this.store.save((part as MultipartFile).file, limit)), fileName: displayName(part.filename) };
        } else {
          part.file.resume();
        }
      }
      const fieldErrors = [];
      if (!roadmapId || !UUID.test(roadmapId)) fieldErrors.push({ field: 'roadmapId', messages: ['Выберите дорожную карту'] });
      if (!upload) fieldErrors.push({ field: 'file', messages: ['Выберите файл XLSX или CSV'] });
      if (fieldErrors.length) throw new RequestValidationException(fieldErrors);
      const file = upload as NonNullable<typeof upload>;
      if (file.truncated) throw new PayloadTooLargeException(`Файл больше допустимого размера (${Math.round((limit / 1024 / 1024) * 10) / 10} МБ)`);
      if (file.sizeBytes === 0) throw fileError('Файл пустой');
      const format = await this.formatOf(file.key, file.fileName);
      const roadmap = await this.indicators.roadmap(user, roadmapId as string);

      const saved = await this.dataSource.transaction(async (manager) => {
        const row = await manager.getRepository(WeeklyImportEntity).save({
          roadmapId: roadmap.id,
          organizationId: user.organizationId,
          createdBy: user.id,
          fileName: file.fileName,
          format,
          sizeBytes: file.sizeBytes,
          sha256: file.sha256,
          storageKey: file.key,
          status: 'queued',
        });
        await this.audit.record(
          {
            action: 'weekly_import.created',
            entityType: 'weekly_import',
            entityId: row.id,
            organizationId: user.organizationId,
            after: { roadmapId: roadmap.id, fileName: row.fileName, format, sizeBytes: row.sizeBytes, sha256: row.sha256 },
          },
          manager,
        );
        return row;
      });
      upload = null;
      // jobId = import id: a repeated enqueue of the same import is absorbed. The upload is saved: if the
      // enqueue fails, the worker's requeue job (every 5 minutes) enqueues it, so it is still accepted.
      await this.jobs
        .enqueue(JobName.IndicatorsImport, { importId: saved.id }, { jobId: saved.id })
        .catch((error: unknown) => this.logger.warn({ importId: saved.id, err: error }, 'Enqueueing a weekly import failed; the requeue job will retry'));
      return this.get(user, saved.id);
    } catch (error) {
      if (upload) await this.store.remove(upload.key);
      if (error instanceof HttpException) throw error;
      const status = (error as { statusCode?: number }).statusCode;
      if (status === HttpStatus.PAYLOAD_TOO_LARGE) throw new PayloadTooLargeException('Загрузите один файл');
      if (typeof status === 'number' && status >= 400 && status < 500) throw new BadRequestException('Не удалось прочитать загружаемый файл');
      throw error;
    }
  }

  /** XLSX only when the content is one; CSV only when the content is text. */
  private async formatOf(key: string, fileName: string): Promise<WeeklySheetFormat> {
    const path = this.store.pathOf(key);
    const detected = await FileType.fromFile(path);
    if (detected?.ext === 'xlsx') {
      // The worker inflates the sheet: a decompression bomb is refused here, by its central directory.
      if (!(await inspectZipFile(path)).ok) throw fileError('Книга Excel повреждена или слишком велика в распакованном виде: сохраните её заново или загрузите CSV');
      return 'xlsx';
    }
    if (detected?.ext === 'cfb') throw fileError('Старый формат Excel (.xls) не принимается: сохраните файл как XLSX или CSV');
    if (detected) throw fileError(`Это не таблица (${detected.ext}): загрузите XLSX или CSV`);
    if (/\.xlsx$/i.test(fileName)) throw fileError('Файл назван .xlsx, но не является книгой Excel: сохраните его заново как XLSX или CSV');
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
      if (buffer.subarray(0, bytesRead).includes(0)) throw fileError('Файл не похож на текстовую таблицу CSV: загрузите XLSX или CSV');
    } finally {
      await handle.close();
    }
    return 'csv';
  }

  async list(user: AuthUser, query: WeeklyImportListQueryDto): Promise<WeeklyImportPageDto> {
    this.access.requirePermission(user, 'indicators.read');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const scope = this.scope(user);
    const rows: ImportRow[] = await this.dataSource.query(
      `${SELECT_IMPORTS} WHERE ${scope.clause} ORDER BY wi.created_at DESC, wi.id LIMIT $${scope.params.length + 1} OFFSET $${scope.params.length + 2}`,
      [...scope.params, pageSize, (page - 1) * pageSize],
    );
    const total = rows.length ? Number(rows[0].total) : await this.count(scope);
    return { items: rows.map(toDto), total, page, pageSize };
  }

  async get(user: AuthUser, id: string): Promise<WeeklyImportDto> {
    this.access.requirePermission(user, 'indicators.read');
    return toDto(await this.load(user, id));
  }

  /**
   * «Повторить»: a failed import whose file is still kept goes back to the queue as it was uploaded (its
   * upload time stays the file's, so it still never overwrites newer data). Audited.
   */
  async retry(user: AuthUser, id: string): Promise<WeeklyImportDto> {
    this.access.requirePermission(user, 'indicators.import');
    const found = await this.load(user, id);
    if (found.status !== 'failed') throw new ConflictException('Повторить можно только импорт, завершившийся ошибкой');
    const fileGone = new ConflictException('Файл этой загрузки уже не хранится: загрузите его ещё раз');
    if (found.file_removed_at) throw fileGone;
    if (!(await access(this.store.pathOf(found.storage_key)).then(() => true, () => false))) throw fileGone;
    await this.dataSource.transaction(async (manager) => {
      const [, count]: [unknown, number] = await manager.query(
        `UPDATE weekly_import SET status = 'queued', error = NULL, attempts = 0, total_rows = NULL, processed_rows = 0, applied_rows = 0,
           unchanged_rows = 0, rejected_rows = 0, skipped_rows = 0, started_at = NULL, finished_at = NULL
         WHERE id = $1 AND status = 'failed' AND file_removed_at IS NULL`,
        [id],
      );
      // Retried by someone else, or its file removed, since it was read.
      if (!count) throw new ConflictException('Импорт уже перезапущен или его файл удалён: обновите страницу');
      await this.audit.record(
        {
          action: 'weekly_import.retried',
          entityType: 'weekly_import',
          entityId: id,
          organizationId: found.organization_id,
          before: { status: 'failed', error: found.error },
          after: { status: 'queued' },
        },
        manager,
      );
    });
    // As at upload: if the enqueue fails, or Redis does not answer within a second (a request never
    // waits for it), the worker's requeue job enqueues it.
    await withinEnqueueTimeout(enqueueWeeklyImport(this.jobs, id)).catch((error: unknown) =>
      this.logger.warn({ importId: id, err: error }, 'Enqueueing a retried weekly import failed; the requeue job will retry'),
    );
    return this.get(user, id);
  }

  /** The row report in row order. */
  async issues(user: AuthUser, id: string, query: WeeklyImportListQueryDto): Promise<WeeklyImportIssuePageDto> {
    this.access.requirePermission(user, 'indicators.read');
    const found = await this.load(user, id);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const [issues, total] = await this.dataSource.getRepository(WeeklyImportIssueEntity).findAndCount({
      where: { importId: found.id },
      order: { rowNumber: 'ASC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return {
      items: issues.map((issue) => ({ rowNumber: issue.rowNumber, column: issue.column, organizationCode: issue.organizationCode, reason: issue.reason, message: issue.message })),
      total,
      page,
      pageSize,
    };
  }

  /** An import of the caller's scope (by the importer's organization); otherwise 404, audited. */
  private async load(user: AuthUser, id: string): Promise<ImportRow> {
    const rows: ImportRow[] = UUID.test(id) ? await this.dataSource.query(`${SELECT_IMPORTS} WHERE wi.id = $1`, [id]) : [];
    const row = rows[0];
    await this.access.requireInScope(user, row ? { id: row.organization_id, path: row.organization_path } : null, { entityType: 'weekly_import', entityId: id });
    return row;
  }

  /** `AccessControl.scopeCondition` with positional parameters, over the importer's organization `o`. */
  private scope(user: AuthUser): { clause: string; params: string[] } {
    const condition = this.access.scopeCondition(user, 'o');
    const params: string[] = [];
    const clause = condition.clause.replace(/:(\w+)/g, (_, name: string) => {
      params.push(condition.params[name]);
      return `$${params.length}`;
    });
    return { clause, params };
  }

  private async count(scope: { clause: string; params: string[] }): Promise<number> {
    const [row]: { count: string }[] = await this.dataSource.query(
      `SELECT count(*) FROM weekly_import wi JOIN organization o ON o.id = wi.organization_id WHERE ${scope.clause}`,
      scope.params,
    );
    return Number(row.count);
  }
}

function toDto(row: ImportRow): WeeklyImportDto {
  return {
    id: row.id,
    roadmapId: row.roadmap_id,
    organization: { id: row.organization_id, code: row.organization_code, shortName: row.organization_short_name, kind: row.organization_kind },
    fileName: row.file_name,
    format: row.format,
    sizeBytes: row.size_bytes,
    status: row.status,
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    appliedRows: row.applied_rows,
    unchangedRows: row.unchanged_rows,
    rejectedRows: row.rejected_rows,
    skippedRows: row.skipped_rows,
    error: row.error,
    retryUntil: retryUntil(row),
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    createdBy: row.created_by ? { id: row.created_by, fullName: row.created_by_name ?? '' } : null,
  };
}

/** A failed import keeps its file for «Повторить» this long after it failed (then retention removes it). */
function retryUntil(row: ImportRow): string | null {
  if (row.status !== 'failed' || row.file_removed_at) return null;
  const failedAt = row.finished_at ?? row.created_at;
  return new Date(failedAt.getTime() + WEEKLY_IMPORT_RETRY_DAYS * 24 * 3600 * 1000).toISOString();
}
