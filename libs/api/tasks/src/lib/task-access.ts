import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TaskEntity } from '@karta/db';
import { can, type Permission } from '@karta/domain';
import { AccessControl, type AuthUser } from '@karta/api-core';

/** A task loaded for a caller who may see it, with what the caller is with respect to it. */
export interface TaskForCaller {
  task: TaskEntity & { organization: NonNullable<TaskEntity['organization']> };
  /** Belongs to the task's organization and holds `tasks.execute`. */
  isExecutor: boolean;
  /** Holds `tasks.review` (and the task is in scope, or it would not have loaded). */
  isReviewer: boolean;
}

/**
 * The one place tasks are loaded for a request: permission first (403), then the task's
 * organization must be in the caller's scope (404, audited) — a neighbour's task does not exist.
 */
@Injectable()
export class TaskAccess {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessControl,
  ) {}

  async load(user: AuthUser, taskId: string, permission: Permission = 'tasks.read'): Promise<TaskForCaller> {
    this.access.requirePermission(user, permission);
    const task = await this.dataSource.getRepository(TaskEntity).findOne({ where: { id: taskId }, relations: { organization: true } });
    await this.access.requireInScope(user, task?.organization, { entityType: 'task', entityId: taskId });
    const loaded = task as TaskForCaller['task'];
    return { task: loaded, ...roleOf(user, loaded.organizationId) };
  }
}

export function roleOf(user: AuthUser, organizationId: string): { isExecutor: boolean; isReviewer: boolean } {
  return {
    isExecutor: user.organizationId === organizationId && can(user.role, 'tasks.execute'),
    isReviewer: can(user.role, 'tasks.review'),
  };
}
