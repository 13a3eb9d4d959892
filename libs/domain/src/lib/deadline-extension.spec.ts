import { ExtensionDecision, ExtensionDecisionResult, ExtensionRequestStatus, decideExtension, isLaterDueDate } from './deadline-extension';

const currentDueAt = new Date('2025-09-08T20:59:00.000Z');
const later = new Date('2025-09-15T20:59:00.000Z');
const earlier = new Date('2025-09-01T20:59:00.000Z');

describe('decideExtension', () => {
  it.each<[string, ExtensionRequestStatus, ExtensionDecision, boolean, ExtensionDecisionResult]>([
    ['grants a later date', 'pending', { decision: 'grant', newDueAt: later }, true, { ok: true, status: 'granted', dueAt: later }],
    ['refuses with a comment', 'pending', { decision: 'refuse', comment: 'Срок установлен приказом' }, true, { ok: true, status: 'refused' }],
    ['rejects the same date', 'pending', { decision: 'grant', newDueAt: new Date(currentDueAt) }, true, { ok: false, reason: 'due_not_later' }],
    ['rejects an earlier date', 'pending', { decision: 'grant', newDueAt: earlier }, true, { ok: false, reason: 'due_not_later' }],
    ['rejects an invalid date', 'pending', { decision: 'grant', newDueAt: new Date(NaN) }, true, { ok: false, reason: 'due_not_later' }],
    ['requires a refusal comment', 'pending', { decision: 'refuse', comment: '  ' }, true, { ok: false, reason: 'comment_required' }],
    ['forbids a non-reviewer', 'pending', { decision: 'grant', newDueAt: later }, false, { ok: false, reason: 'forbidden' }],
    ['decides only once (granted)', 'granted', { decision: 'grant', newDueAt: later }, true, { ok: false, reason: 'not_pending' }],
    ['decides only once (refused)', 'refused', { decision: 'refuse', comment: 'Нет' }, true, { ok: false, reason: 'not_pending' }],
  ])('%s', (_name, status, decision, isReviewer, expected) => {
    expect(decideExtension({ status, currentDueAt }, decision, { isReviewer })).toEqual(expected);
  });

  it.each([
    [later, true],
    [currentDueAt, false],
    [earlier, false],
  ])('isLaterDueDate(current, %s) = %p', (newDueAt, expected) => {
    expect(isLaterDueDate(currentDueAt, newDueAt)).toBe(expected);
  });

});
