import type { TaskDetails, TaskListItem } from '@karta/contracts';

/** Complete test data for the tasks screens; override only what a test is about. */
export function aTaskDetails(overrides: Partial<TaskDetails> = {}): TaskDetails {
  return {
    id: '7f0c1d2e-3a4b-4c5d-8e6f-708192a3b4c5',
    version: 3,
    status: 'open',
    overdue: false,
    indicatorStatus: null,
    organization: { id: 'org-1', shortName: 'МКОУ «Касумкентская СОШ №1»', name: 'МКОУ «Касумкентская СОШ №1»', code: 'SS-001' },
    roadmap: { id: 'rm-1', title: 'Дорожная карта по внедрению MAX' },
    action: {
      id: 'act-1',
      number: 1,
      title: 'Создать официальный канал в MAX',
      fullText: 'Создать и вести официальный канал организации в мессенджере MAX.',
      resultText: 'Отчет',
      deadlineText: 'ежемесячно',
      responsibleText: 'Руководители ОО',
    },
    period: { key: '2025-08', kind: 'month', start: '2025-08-01', end: '2025-08-31', label: 'август 2025' },
    dueAt: '2025-08-31T20:59:00.000Z',
    originalDueAt: '2025-08-31T20:59:00.000Z',
    submittedAt: null,
    acceptedAt: null,
    cancelReason: null,
    progressRequestedAt: null,
    executor: null,
    coExecutors: [],
    currentRound: 1,
    allowedActions: ['start', 'submit'],
    permissions: {
      isExecutor: true,
      isReviewer: false,
      canEditEvidence: true,
      canAssign: true,
      canComment: true,
      canRequestExtension: true,
      canDecideExtension: false,
      canRequestProgress: false,
      canReportProgress: true,
    },
    evidence: [],
    evidenceHistory: [],
    timeline: [],
    pendingExtension: null,
    extensions: [],
    ...overrides,
  };
}

export function aTaskListItem(overrides: Partial<TaskListItem> = {}): TaskListItem {
  return {
    id: '7f0c1d2e-3a4b-4c5d-8e6f-708192a3b4c5',
    organizationId: 'org-1',
    organizationShortName: 'МКОУ «Касумкентская СОШ №1»',
    roadmapId: 'rm-1',
    actionId: 'act-1',
    actionNumber: 1,
    actionTitle: 'Создать официальный канал в MAX',
    period: { key: '2025-W36', kind: 'week', start: '2025-09-01', end: '2025-09-07', label: 'неделя 36 (01.09–07.09)' },
    dueAt: '2025-09-08T20:59:00.000Z',
    status: 'returned',
    overdue: true,
    indicatorStatus: null,
    executorId: null,
    executorName: null,
    updatedAt: '2025-09-01T10:00:00.000Z',
    ...overrides,
  };
}
