export const TASK_STATUSES = ['open', 'in_progress', 'submitted', 'accepted', 'returned', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_ACTIONS = ['start', 'submit', 'accept', 'return', 'cancel', 'reopen'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** Who the acting user is with respect to the task. Both may hold (e.g. an admin executing a department task). */
export interface TaskActor {
  /** Belongs to an organization responsible for the task. */
  readonly isExecutor: boolean;
  /** Controller or admin. */
  readonly isReviewer: boolean;
}

export interface TransitionContext extends TaskActor {
  /** The return comment or the cancel/reopen reason, depending on the action. */
  readonly comment?: string;
}

export type TransitionFailure = 'illegal_transition' | 'forbidden' | 'comment_required' | 'reason_required';

export type TransitionResult =
  | { readonly ok: true; readonly status: TaskStatus }
  | { readonly ok: false; readonly reason: TransitionFailure };

interface TransitionRule {
  readonly from: readonly TaskStatus[];
  readonly to: TaskStatus;
  readonly by: 'executor' | 'reviewer';
  /** Text the actor must give: a comment explains a verdict on the work, a reason explains a change of plan. */
  readonly requires?: 'comment' | 'reason';
}

const TRANSITION_RULES: Readonly<Record<TaskAction, readonly TransitionRule[]>> = {
  start: [{ from: ['open', 'returned'], to: 'in_progress', by: 'executor' }],
  submit: [{ from: ['open', 'in_progress', 'returned'], to: 'submitted', by: 'executor' }],
  accept: [{ from: ['submitted'], to: 'accepted', by: 'reviewer' }],
  return: [{ from: ['submitted'], to: 'returned', by: 'reviewer', requires: 'comment' }],
  cancel: [{ from: ['open', 'in_progress', 'submitted', 'returned'], to: 'cancelled', by: 'reviewer', requires: 'reason' }],
  // Reopening accepted work sends it back to the executor with what is still missing;
  // reopening a cancelled task restarts it from scratch.
  reopen: [
    { from: ['accepted'], to: 'returned', by: 'reviewer', requires: 'comment' },
    { from: ['cancelled'], to: 'open', by: 'reviewer', requires: 'reason' },
  ],
};

function ruleFor(status: TaskStatus, action: TaskAction): TransitionRule | undefined {
  return TRANSITION_RULES[action].find((rule) => rule.from.includes(status));
}

function actorMay(rule: TransitionRule, actor: TaskActor): boolean {
  return rule.by === 'executor' ? actor.isExecutor : actor.isReviewer;
}

/** Checks, in order: the action exists from this status, the actor may take it, the required text is given. */
export function transitionTask(current: TaskStatus, action: TaskAction, ctx: TransitionContext): TransitionResult {
  const rule = ruleFor(current, action);
  if (rule === undefined) return { ok: false, reason: 'illegal_transition' };
  if (!actorMay(rule, ctx)) return { ok: false, reason: 'forbidden' };
  if (rule.requires !== undefined && (ctx.comment ?? '').trim() === '') {
    return { ok: false, reason: rule.requires === 'comment' ? 'comment_required' : 'reason_required' };
  }
  return { ok: true, status: rule.to };
}

/** Actions the UI should offer; the comment or reason is asked for when the action is chosen. */
export function allowedActions(status: TaskStatus, actor: TaskActor): TaskAction[] {
  return TASK_ACTIONS.filter((action) => {
    const rule = ruleFor(status, action);
    return rule !== undefined && actorMay(rule, actor);
  });
}

/** Text `action` requires from `status` (for labelling the UI prompt), or `null` when none. */
export function requiredText(status: TaskStatus, action: TaskAction): 'comment' | 'reason' | null {
  return ruleFor(status, action)?.requires ?? null;
}

/** Statuses in which the executor still owes work; a submitted task awaits the reviewer, not the executor. */
const AWAITING_EXECUTOR: ReadonlySet<TaskStatus> = new Set<TaskStatus>(['open', 'in_progress', 'returned']);

/** Overdue: the executor still owes work and the due instant has passed (due exactly now is not yet overdue). */
export function isOverdue(task: { readonly status: TaskStatus; readonly dueAt: Date }, now: Date): boolean {
  return AWAITING_EXECUTOR.has(task.status) && now.getTime() > task.dueAt.getTime();
}
