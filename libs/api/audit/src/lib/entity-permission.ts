import type { Permission } from '@karta/domain';

/**
 * Who may read the history of one object: whoever may read the object itself. Types not listed
 * here need the audit permission.
 */
const HISTORY_PERMISSION: Readonly<Record<string, Permission>> = {
  task: 'tasks.read',
  task_evidence: 'tasks.read',
  task_extension_request: 'tasks.read',
  organization: 'organizations.read',
  roadmap: 'roadmaps.read',
  roadmap_action: 'roadmaps.read',
  user: 'users.read',
};

export function historyPermission(entityType: string): Permission {
  return Object.hasOwn(HISTORY_PERMISSION, entityType) ? HISTORY_PERMISSION[entityType] : 'audit.read';
}
