import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { MultipartFile } from '@fastify/multipart';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  NotFoundException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { TaskEvidenceEntity, UserEntity } from '@karta/db';
import { type AuthUser, inspectZipFile } from '@karta/api-core';
import { AuditLog } from '@karta/server-core';
import { AppConfig } from '@karta/server-config';
import { TaskAccess, type TaskForCaller } from '../task-access';
import { requireEditable } from '../task-errors';
import { TasksService } from '../tasks.service';
import type { TaskEvidenceDto } from '../tasks.dto';
import { ALLOWED_FORMATS_RU, detectAllowedType } from './content-type';
import { EvidenceStorage } from './evidence-storage';
import { sanitizeFileName } from './file-name';

/** Files per upload request. */
export const MAX_FILES_PER_UPLOAD = 10;

interface ReceivedFile {
  key: string;
  scratchPath: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
}

export interface EvidenceDownload {
  stream: Readable;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
}

@Injectable()
export class EvidenceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TaskAccess,
    private readonly taskService: TasksService,
    private readonly storage: EvidenceStorage,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
  ) {}

  private async loadForEditing(user: AuthUser, taskId: string): Promise<TaskForCaller> {
    const loaded = await this.tasks.load(user, taskId, 'tasks.execute');
    if (!loaded.isExecutor) throw new ForbiddenException('Добавлять подтверждения может только исполнитель задачи');
    requireEditable(loaded.task.status);
    return loaded;
  }

  /**
   * Receives every file of a multipart request into scratch storage, judging each by its content;
   * one bad file rejects the whole request and nothing is kept.
   */
  async uploadFiles(user: AuthUser, taskId: string, request: FastifyRequest): Promise<TaskEvidenceDto[]> {
    const { task } = await this.loadForEditing(user, taskId);
    if (!request.isMultipart()) throw new BadRequestException('Ожидается загрузка файлов (multipart/form-data)');
    const limit = this.config.storage.uploadMaxBytes;
    const received: ReceivedFile[] = [];
    try {
      const parts = request.parts({
        limits: { fileSize: limit, files: MAX_FILES_PER_UPLOAD, fields: 10, fieldSize: 1000, parts: MAX_FILES_PER_UPLOAD + 10 },
        // Supported per call by @fastify/multipart but missing from its types: we check `truncated` ourselves.
        ...({ throwFileSizeLimit: false } as object),
      });
      for await (const part of parts) {
        if (part.type === 'file') received.push(await this.receive(part, limit));
      }
      if (received.length === 0) throw new BadRequestException('Выберите хотя бы один файл');
      const rows = await this.dataSource.transaction(async (m) => {
        const round = await this.taskService.currentRound(m, task.id);
        const saved: TaskEvidenceEntity[] = [];
        for (const file of received) {
          const row = await m.getRepository(TaskEvidenceEntity).save({
            taskId: task.id,
            kind: 'file',
            storageKey: file.key,
            fileName: file.fileName,
            mimeType: file.mimeType,
            sizeBytes: String(file.sizeBytes),
            sha256: file.sha256,
            round,
            createdBy: user.id,
          });
          saved.push(row);
          await this.taskService.addEvent(m, task.id, user.id, 'evidence_added', null, { evidenceId: row.id, kind: 'file', fileName: file.fileName });
        }
        await this.audit.record(
          saved.map((row) => ({
            action: 'task.evidence_added',
            entityType: 'task',
            entityId: task.id,
            organizationId: task.organizationId,
            after: { evidenceId: row.id, kind: 'file', fileName: row.fileName, mimeType: row.mimeType, sizeBytes: row.sizeBytes, sha256: row.sha256, round },
          })),
          m,
        );
        // Files become permanent only together with their rows.
        for (const file of received) await this.storage.adopt(file.key, file.scratchPath);
        return saved;
      });
      return this.withAuthors(rows);
    } catch (error) {
      await Promise.all(received.map((file) => Promise.all([rm(file.scratchPath, { force: true }), this.storage.remove(file.key)])));
      if (error instanceof HttpException) throw error;
      const status = (error as { statusCode?: number }).statusCode;
      if (status === HttpStatus.PAYLOAD_TOO_LARGE) throw new PayloadTooLargeException(`За один раз можно загрузить не больше ${MAX_FILES_PER_UPLOAD} файлов`);
      if (typeof status === 'number' && status >= 400 && status < 500) throw new BadRequestException('Не удалось прочитать загружаемые файлы');
      throw error;
    }
  }

  /** Streams one part to scratch, counting and hashing as it goes; busboy stops at the limit. */
  private async receive(part: MultipartFile, limit: number): Promise<ReceivedFile> {
    const key = randomUUID();
    const scratchPath = join(await this.storage.scratchDir(), key);
    const fileName = sanitizeFileName(part.filename);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sizeBytes += chunk.length;
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    const reject = async (error: HttpException): Promise<never> => {
      await rm(scratchPath, { force: true });
      throw error;
    };
    try {
      await pipeline(part.file, meter, createWriteStream(scratchPath, { mode: 0o600 }));
    } catch {
      return reject(new BadRequestException(`Не удалось принять файл «${fileName}»`));
    }
    if (part.file.truncated || sizeBytes > limit) {
      return reject(new PayloadTooLargeException(`Файл «${fileName}» больше допустимого размера (${formatMegabytes(limit)})`));
    }
    if (sizeBytes === 0) return reject(new BadRequestException(`Файл «${fileName}» пустой`));
    const type = await detectAllowedType(scratchPath);
    if (!type) {
      return reject(new UnsupportedMediaTypeException(`Файл «${fileName}»: такой формат не принимается. Допустимы ${ALLOWED_FORMATS_RU}`));
    }
    if (type.isZip) {
      const verdict = await inspectZipFile(scratchPath);
      if (!verdict.ok) {
        return reject(new UnsupportedMediaTypeException(`Файл «${fileName}» повреждён или содержит недопустимо сжатые данные`));
      }
    }
    return { key, scratchPath, fileName, mimeType: type.mime, sizeBytes, sha256: hash.digest('hex') };
  }

  async addLink(user: AuthUser, taskId: string, url: string): Promise<TaskEvidenceDto> {
    const { task } = await this.loadForEditing(user, taskId);
    return this.addSimple(user, task, { kind: 'link', url: url.trim() });
  }

  async addText(user: AuthUser, taskId: string, text: string): Promise<TaskEvidenceDto> {
    const { task } = await this.loadForEditing(user, taskId);
    return this.addSimple(user, task, { kind: 'text', text: text.trim() });
  }

  private async addSimple(user: AuthUser, task: TaskForCaller['task'], payload: { kind: 'link'; url: string } | { kind: 'text'; text: string }): Promise<TaskEvidenceDto> {
    const row = await this.dataSource.transaction(async (m) => {
      const round = await this.taskService.currentRound(m, task.id);
      const saved = await m.getRepository(TaskEvidenceEntity).save({ taskId: task.id, ...payload, round, createdBy: user.id });
      await this.taskService.addEvent(m, task.id, user.id, 'evidence_added', null, { evidenceId: saved.id, kind: payload.kind });
      await this.audit.record(
        { action: 'task.evidence_added', entityType: 'task', entityId: task.id, organizationId: task.organizationId, after: { evidenceId: saved.id, ...payload, round } },
        m,
      );
      return saved;
    });
    return (await this.withAuthors([row]))[0];
  }

  async remove(user: AuthUser, taskId: string, evidenceId: string): Promise<void> {
    const { task } = await this.loadForEditing(user, taskId);
    const evidence = await this.dataSource.getRepository(TaskEvidenceEntity).findOneBy({ id: evidenceId, taskId: task.id });
    if (!evidence || evidence.removedAt) throw new NotFoundException('Подтверждение не найдено');
    await this.dataSource.transaction(async (m) => {
      const round = await this.taskService.currentRound(m, task.id);
      if (evidence.round !== round) throw new ConflictException('Подтверждения прошлых отправок хранятся в истории и не удаляются');
      const now = new Date();
      await m.getRepository(TaskEvidenceEntity).update({ id: evidence.id }, { removedAt: now, removedBy: user.id });
      await this.taskService.addEvent(m, task.id, user.id, 'evidence_removed', null, { evidenceId: evidence.id, kind: evidence.kind, fileName: evidence.fileName });
      await this.audit.record(
        {
          action: 'task.evidence_removed',
          entityType: 'task',
          entityId: task.id,
          organizationId: task.organizationId,
          before: { evidenceId: evidence.id, removedAt: null },
          after: { evidenceId: evidence.id, removedAt: now.toISOString() },
        },
        m,
      );
    });
  }

  async download(user: AuthUser, taskId: string, evidenceId: string): Promise<EvidenceDownload> {
    const { task } = await this.tasks.load(user, taskId);
    const evidence = await this.dataSource.getRepository(TaskEvidenceEntity).findOneBy({ id: evidenceId, taskId: task.id, kind: 'file' });
    if (!evidence?.storageKey) throw new NotFoundException('Файл не найден');
    let stream: Readable;
    try {
      stream = await this.storage.open(evidence.storageKey);
    } catch {
      throw new NotFoundException('Файл не найден в хранилище');
    }
    return {
      stream,
      fileName: evidence.fileName ?? 'файл',
      mimeType: evidence.mimeType ?? 'application/octet-stream',
      sizeBytes: Number(evidence.sizeBytes ?? 0),
    };
  }

  private async withAuthors(rows: TaskEvidenceEntity[]): Promise<TaskEvidenceDto[]> {
    const users = await this.dataSource.getRepository(UserEntity).findBy(rows.map((r) => ({ id: r.createdBy })));
    const byId = new Map(users.map((u) => [u.id, { id: u.id, fullName: u.fullName }]));
    return rows.map((row) => this.taskService.evidenceDto(row, byId.get(row.createdBy) ?? null));
  }
}

function formatMegabytes(bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  return megabytes >= 1 ? `${Math.round(megabytes * 10) / 10} МБ` : `${bytes} байт`;
}
