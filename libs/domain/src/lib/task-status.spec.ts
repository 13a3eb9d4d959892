import {
  TASK_ACTIONS,
  TASK_STATUSES,
  TaskAction,
  TaskActor,
  TaskStatus,
  TransitionResult,
  allowedActions,
  isOverdue,
  requiredText,
  transitionTask,
} from './task-status';

type Role = 'executor' | 'reviewer';
/** Expected outcome of a legal transition: target status, who may take it, which text it needs. */
type Cell = readonly [to: TaskStatus, by: Role, needs: 'comment' | 'reason' | null] | null;

// Written out by hand, independently of the implementation's rule table.
const MATRIX: Record<TaskStatus, Record<TaskAction, Cell>> = {
  open: {
    start: ['in_progress', 'executor', null],
    submit: ['submitted', 'executor', null],
    accept: null,
    return: null,
    cancel: ['cancelled', 'reviewer', 'reason'],
    reopen: null,
  },
  in_progress: {
    start: null,
    submit: ['submitted', 'executor', null],
    accept: null,
    return: null,
    cancel: ['cancelled', 'reviewer', 'reason'],
    reopen: null,
  },
  submitted: {
    start: null,
    submit: null,
    accept: ['accepted', 'reviewer', null],
    return: ['returned', 'reviewer', 'comment'],
    cancel: ['cancelled', 'reviewer', 'reason'],
    reopen: null,
  },
  accepted: {
    start: null,
    submit: null,
    accept: null,
    return: null,
    cancel: null,
    reopen: ['returned', 'reviewer', 'comment'],
  },
  returned: {
    start: ['in_progress', 'executor', null],
    submit: ['submitted', 'executor', null],
    accept: null,
    return: null,
    cancel: ['cancelled', 'reviewer', 'reason'],
    reopen: null,
  },
  cancelled: {
    start: null,
    submit: null,
    accept: null,
    return: null,
    cancel: null,
    reopen: ['open', 'reviewer', 'reason'],
  },
};

const ACTORS: Record<string, TaskActor> = {
  nobody: { isExecutor: false, isReviewer: false },
  executor: { isExecutor: true, isReviewer: false },
  reviewer: { isExecutor: false, isReviewer: true },
  both: { isExecutor: true, isReviewer: true },
};

const COMMENTS: Record<string, string | undefined> = {
  absent: undefined,
  blank: ' \n\t ',
  given: 'Нет ссылки на канал',
};

function expectedResult(cell: Cell, actor: TaskActor, comment: string | undefined): TransitionResult {
  if (cell === null) return { ok: false, reason: 'illegal_transition' };
  const [to, by, needs] = cell;
  if (!(by === 'executor' ? actor.isExecutor : actor.isReviewer)) return { ok: false, reason: 'forbidden' };
  if (needs !== null && (comment === undefined || comment.trim() === '')) {
    return { ok: false, reason: needs === 'comment' ? 'comment_required' : 'reason_required' };
  }
  return { ok: true, status: to };
}

const cases = TASK_STATUSES.flatMap((status) =>
  TASK_ACTIONS.flatMap((action) =>
    Object.keys(ACTORS).flatMap((actorName) =>
      Object.keys(COMMENTS).map((commentName) => ({ status, action, actorName, commentName })),
    ),
  ),
);

describe('transitionTask — every status × action × actor × comment', () => {
  it('covers 6 statuses × 6 actions × 4 actors × 3 comments', () => {
    expect(cases).toHaveLength(432);
  });

  it.each(cases)('$status —$action→ as $actorName, comment $commentName', ({ status, action, actorName, commentName }) => {
    const actor = ACTORS[actorName];
    const comment = COMMENTS[commentName];
    expect(transitionTask(status, action, { ...actor, comment })).toEqual(
      expectedResult(MATRIX[status][action], actor, comment),
    );
  });
});

describe('transitionTask — spot checks', () => {
  const executor = ACTORS['executor'];
  const reviewer = ACTORS['reviewer'];

  it.each<[TaskStatus, TaskAction, TaskActor, string | undefined, TransitionResult]>([
    ['open', 'start', executor, undefined, { ok: true, status: 'in_progress' }],
    ['submitted', 'accept', reviewer, undefined, { ok: true, status: 'accepted' }],
    ['submitted', 'return', reviewer, 'Приложите скриншот', { ok: true, status: 'returned' }],
    ['submitted', 'return', reviewer, '   ', { ok: false, reason: 'comment_required' }],
    ['in_progress', 'cancel', reviewer, '', { ok: false, reason: 'reason_required' }],
    ['accepted', 'reopen', reviewer, 'Ссылка больше не работает', { ok: true, status: 'returned' }],
    ['cancelled', 'reopen', reviewer, 'Отменено по ошибке', { ok: true, status: 'open' }],
    ['cancelled', 'reopen', reviewer, undefined, { ok: false, reason: 'reason_required' }],
    ['submitted', 'accept', executor, undefined, { ok: false, reason: 'forbidden' }],
    // The status is checked before the role: an action that cannot happen is illegal for everyone.
    ['open', 'accept', executor, undefined, { ok: false, reason: 'illegal_transition' }],
    ['accepted', 'submit', executor, undefined, { ok: false, reason: 'illegal_transition' }],
    ['accepted', 'cancel', reviewer, 'Не нужно', { ok: false, reason: 'illegal_transition' }],
  ])('%s —%s→', (status, action, actor, comment, expected) => {
    expect(transitionTask(status, action, { ...actor, comment })).toEqual(expected);
  });
});

describe('allowedActions', () => {
  it.each<[TaskStatus, string, TaskAction[]]>([
    ['open', 'nobody', []],
    ['open', 'executor', ['start', 'submit']],
    ['open', 'reviewer', ['cancel']],
    ['open', 'both', ['start', 'submit', 'cancel']],
    ['in_progress', 'nobody', []],
    ['in_progress', 'executor', ['submit']],
    ['in_progress', 'reviewer', ['cancel']],
    ['in_progress', 'both', ['submit', 'cancel']],
    ['submitted', 'nobody', []],
    ['submitted', 'executor', []],
    ['submitted', 'reviewer', ['accept', 'return', 'cancel']],
    ['submitted', 'both', ['accept', 'return', 'cancel']],
    ['accepted', 'nobody', []],
    ['accepted', 'executor', []],
    ['accepted', 'reviewer', ['reopen']],
    ['accepted', 'both', ['reopen']],
    ['returned', 'nobody', []],
    ['returned', 'executor', ['start', 'submit']],
    ['returned', 'reviewer', ['cancel']],
    ['returned', 'both', ['start', 'submit', 'cancel']],
    ['cancelled', 'nobody', []],
    ['cancelled', 'executor', []],
    ['cancelled', 'reviewer', ['reopen']],
    ['cancelled', 'both', ['reopen']],
  ])('%s for %s: %j', (status, actorName, expected) => {
    expect(allowedActions(status, ACTORS[actorName])).toEqual(expected);
  });
});

describe('requiredText', () => {
  it.each<[TaskStatus, TaskAction, 'comment' | 'reason' | null]>([
    ['submitted', 'return', 'comment'],
    ['submitted', 'cancel', 'reason'],
    ['submitted', 'accept', null],
    ['accepted', 'reopen', 'comment'],
    ['cancelled', 'reopen', 'reason'],
    ['open', 'reopen', null],
  ])('%s —%s→ needs %p', (status, action, expected) => {
    expect(requiredText(status, action)).toBe(expected);
  });
});

describe('isOverdue', () => {
  const dueAt = new Date('2025-09-08T20:59:00.000Z');
  const before = new Date('2025-09-08T20:58:59.999Z');
  const after = new Date('2025-09-08T20:59:00.001Z');

  it.each<[TaskStatus, Date, boolean]>([
    ['open', before, false],
    ['open', dueAt, false],
    ['open', after, true],
    ['in_progress', before, false],
    ['in_progress', after, true],
    ['returned', before, false],
    ['returned', after, true],
    ['submitted', after, false],
    ['accepted', after, false],
    ['cancelled', after, false],
  ])('%s at %s → %p', (status, now, expected) => {
    expect(isOverdue({ status, dueAt }, now)).toBe(expected);
  });
});
