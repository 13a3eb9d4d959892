export const EXTENSION_REQUEST_STATUSES = ['pending', 'granted', 'refused'] as const;
export type ExtensionRequestStatus = (typeof EXTENSION_REQUEST_STATUSES)[number];

export type ExtensionDecision =
  | { readonly decision: 'grant'; readonly newDueAt: Date }
  | { readonly decision: 'refuse'; readonly comment: string };

export type ExtensionDecisionFailure = 'not_pending' | 'forbidden' | 'due_not_later' | 'comment_required';

export type ExtensionDecisionResult =
  | { readonly ok: true; readonly status: 'granted'; readonly dueAt: Date }
  | { readonly ok: true; readonly status: 'refused' }
  | { readonly ok: false; readonly reason: ExtensionDecisionFailure };

/** A reviewer decides a pending request once; a grant must move the deadline later, a refusal must say why. */
export function decideExtension(
  request: { readonly status: ExtensionRequestStatus; readonly currentDueAt: Date },
  decision: ExtensionDecision,
  actor: { readonly isReviewer: boolean },
): ExtensionDecisionResult {
  if (request.status !== 'pending') return { ok: false, reason: 'not_pending' };
  if (!actor.isReviewer) return { ok: false, reason: 'forbidden' };
  if (decision.decision === 'refuse') {
    return decision.comment.trim() === '' ? { ok: false, reason: 'comment_required' } : { ok: true, status: 'refused' };
  }
  if (!isLaterDueDate(request.currentDueAt, decision.newDueAt)) return { ok: false, reason: 'due_not_later' };
  return { ok: true, status: 'granted', dueAt: decision.newDueAt };
}

/** An extension must move the deadline strictly later. */
export function isLaterDueDate(currentDueAt: Date, newDueAt: Date): boolean {
  return newDueAt.getTime() > currentDueAt.getTime();
}
