import { HttpErrorResponse } from '@angular/common/http';
import type { ApiError, FieldError, OrganizationTreeNode } from '@karta/contracts';

/** `2025-09-01` → `01.09.2025`. */
export function formatLocalDate(value: string | null | undefined): string {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  return match ? `${match[3]}.${match[2]}.${match[1]}` : '';
}

/** The Russian message of an API error, or a generic one when the server could not be reached. */
export function errorMessage(error: unknown): string {
  if (error instanceof HttpErrorResponse) {
    const body = error.error as Partial<ApiError> | null;
    if (body && typeof body.message === 'string') return body.message;
    if (error.status === 0) return 'Сервер недоступен, попробуйте ещё раз';
  }
  return 'Не удалось выполнить действие';
}

export function fieldErrors(error: unknown): FieldError[] {
  if (error instanceof HttpErrorResponse) {
    const body = error.error as Partial<ApiError> | null;
    return body?.fieldErrors ?? [];
  }
  return [];
}

export interface TreeEntry {
  node: OrganizationTreeNode;
  depth: number;
  children: TreeEntry[];
}

/** Builds the nested tree (siblings by code); nodes whose parent is not visible become roots. Input comes in path order. */
export function buildTree(nodes: readonly OrganizationTreeNode[]): TreeEntry[] {
  const entries = new Map<string, TreeEntry>();
  const roots: TreeEntry[] = [];
  for (const node of nodes) {
    const parent = node.parentId ? entries.get(node.parentId) : undefined;
    const entry: TreeEntry = { node, depth: parent ? parent.depth + 1 : 0, children: [] };
    entries.set(node.id, entry);
    (parent ? parent.children : roots).push(entry);
  }
  sortByCode(roots);
  return roots;
}

function sortByCode(entries: TreeEntry[]): void {
  entries.sort((a, b) => a.node.code.localeCompare(b.node.code, 'ru', { numeric: true }));
  for (const entry of entries) sortByCode(entry.children);
}

/** The tree flattened depth-first, for selects that show the hierarchy by indentation. */
export function flattenTree(entries: readonly TreeEntry[]): TreeEntry[] {
  return entries.flatMap((entry) => [entry, ...flattenTree(entry.children)]);
}
