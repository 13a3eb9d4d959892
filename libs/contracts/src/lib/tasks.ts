// Request/response types of /api/tasks (shared by API and web).
import type { IndicatorStatusValue } from './indicators';

export type TaskStatusCode = 'open' | 'in_progress' | 'submitted' | 'accepted' | 'returned' | 'cancelled';
export type TaskActionCode = 'start' | 'submit' | 'accept' | 'return' | 'cancel' | 'reopen';
export type TaskSortKey = 'dueAt' | '-dueAt' | 'organization' | 'status' | 'updatedAt';
export type EvidenceKindCode = 'file' | 'link' | 'text';
export type ExtensionStatusCode = 'pending' | 'granted' | 'refused';
export type TaskEventKindCode =
  | 'comment'
  | 'status_changed'
  | 'progress_requested'
  | 'progress_reported'
  | 'extension_requested'
  | 'extension_decided'
  | 'evidence_added'
  | 'evidence_removed'
  | 'assigned';

/** Query of `GET /api/tasks` (all optional; `status` may repeat). */
export interface TaskListQuery {
  page?: number;
  pageSize?: number;
  organizationId?: string;
  includeSubtree?: boolean;
  roadmapId?: string;
  actionId?: string;
  status?: TaskStatusCode[];
  overdue?: boolean;
  periodKey?: string;
  /** YYYY-MM-DD: tasks whose period ends on or after it. */
  periodFrom?: string;
  /** YYYY-MM-DD: tasks whose period starts on or before it. */
  periodTo?: string;
  /** `me` or a user id. */
  assignee?: string;
  /** Part of the organization's name or short name. */
  q?: string;
  sort?: TaskSortKey;
}

export interface TaskPeriodInfo {
  key: string;
  kind: 'once' | 'week' | 'month';
  /** YYYY-MM-DD */
  start: string;
  /** YYYY-MM-DD */
  end: string;
  /** «неделя 36 (01.09–07.09)», «август 2025», «однократно». */
  label: string;
}

export interface TaskListItem {
  id: string;
  organizationId: string;
  organizationShortName: string;
  roadmapId: string;
  actionId: string;
  actionNumber: number;
  actionTitle: string;
  period: TaskPeriodInfo;
  /** ISO instant. */
  dueAt: string;
  status: TaskStatusCode;
  overdue: boolean;
  /** For a weekly task of an `indicator` action: the week's evaluation of its indicators (null until computed or for report actions). */
  indicatorStatus: IndicatorStatusValue | null;
  executorId: string | null;
  executorName: string | null;
  updatedAt: string;
}

export interface TaskUserRef {
  id: string;
  fullName: string;
}

export interface TaskEvidenceItem {
  id: string;
  kind: EvidenceKindCode;
  round: number;
  fileName: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  url: string | null;
  text: string | null;
  createdAt: string;
  createdBy: TaskUserRef | null;
  removedAt: string | null;
}

export interface TaskEventItem {
  id: string;
  kind: TaskEventKindCode;
  author: TaskUserRef | null;
  body: string | null;
  data: Record<string, unknown> | null;
  createdAt: string;
}

export interface TaskExtensionRequestItem {
  id: string;
  status: ExtensionStatusCode;
  reason: string;
  requestedDueAt: string;
  requestedBy: TaskUserRef | null;
  decidedBy: TaskUserRef | null;
  decidedAt: string | null;
  grantedDueAt: string | null;
  decisionComment: string | null;
  createdAt: string;
}

export interface TaskDetails {
  id: string;
  version: number;
  status: TaskStatusCode;
  overdue: boolean;
  /** See `TaskListItem.indicatorStatus`. */
  indicatorStatus: IndicatorStatusValue | null;
  organization: { id: string; shortName: string; name: string; code: string };
  roadmap: { id: string; title: string };
  action: {
    id: string;
    number: number;
    title: string;
    fullText: string;
    resultText: string;
    deadlineText: string;
    responsibleText: string;
  };
  period: TaskPeriodInfo;
  dueAt: string;
  originalDueAt: string;
  submittedAt: string | null;
  acceptedAt: string | null;
  cancelReason: string | null;
  progressRequestedAt: string | null;
  executor: TaskUserRef | null;
  coExecutors: TaskUserRef[];
  /** The submission round new evidence goes to. */
  currentRound: number;
  /** What the caller may do now. */
  allowedActions: TaskActionCode[];
  permissions: {
    isExecutor: boolean;
    isReviewer: boolean;
    canEditEvidence: boolean;
    canAssign: boolean;
    canComment: boolean;
    canRequestExtension: boolean;
    canDecideExtension: boolean;
    canRequestProgress: boolean;
    canReportProgress: boolean;
  };
  /** Evidence of the current round, not removed. */
  evidence: TaskEvidenceItem[];
  /** Every evidence item ever added, newest round first. */
  evidenceHistory: TaskEvidenceItem[];
  timeline: TaskEventItem[];
  pendingExtension: TaskExtensionRequestItem | null;
  extensions: TaskExtensionRequestItem[];
}

export interface TaskTransitionRequest {
  action: TaskActionCode;
  comment?: string;
  expectedVersion: number;
}

export interface TaskAssigneesRequest {
  executorId: string | null;
  coExecutorIds: string[];
}

export interface TaskCommentRequest {
  text: string;
}

export interface TaskProgressReportRequest {
  text: string;
}

export interface TaskExtensionCreateRequest {
  reason: string;
  /** YYYY-MM-DD (the new deadline is the end of that day, Moscow time). */
  requestedDueDate: string;
}

export interface TaskExtensionDecisionRequest {
  decision: 'grant' | 'refuse';
  /** YYYY-MM-DD; defaults to the requested date when granting. */
  newDueDate?: string;
  comment: string;
}

export interface TaskEvidenceLinkRequest {
  url: string;
}

export interface TaskEvidenceTextRequest {
  text: string;
}

/** Users of the task's organization, for the assignment form. */
export interface TaskAssignableUser extends TaskUserRef {
  role: string;
}

/** Roadmaps and their actions, for the list's filters. */
export interface TaskFilterOptions {
  roadmaps: { id: string; title: string; actions: { id: string; number: number; title: string }[] }[];
}
