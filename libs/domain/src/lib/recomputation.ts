/** Where a recomputation of a roadmap's stored weeks stands. */
export const RECOMPUTATION_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type RecomputationStatus = (typeof RECOMPUTATION_STATUSES)[number];

/**
 * What asked for stored weeks to be computed again: targets edited, the organizations in scope changed
 * (kind, move, closing, an indicator's kinds), a headcount changed, or the computation's rules (a migration).
 */
export const RECOMPUTATION_REASONS = ['targets', 'scope', 'headcounts', 'rules'] as const;
export type RecomputationReason = (typeof RECOMPUTATION_REASONS)[number];
