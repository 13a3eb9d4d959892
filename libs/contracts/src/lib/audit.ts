// Request/response types of /api/audit (shared by API and web).

/** Query of GET /api/audit. Every filter is optional; `action` matches a prefix (`task.` or `auth.login`). */
export interface AuditQuery {
  page?: number;
  pageSize?: number;
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  organizationId?: string;
  /** ISO instant, inclusive. */
  from?: string;
  /** ISO instant, exclusive. */
  to?: string;
}

export interface AuditActor {
  id: string;
  fullName: string;
  email: string;
}

export interface AuditOrganization {
  id: string;
  shortName: string;
}

/** One audit log entry with the actor's and the organization's names joined. */
export interface AuditEntry {
  id: string;
  /** ISO instant. */
  at: string;
  /** Null for anonymous events (failed sign-in of an unknown e-mail) and system jobs. */
  actor: AuditActor | null;
  /** Dotted verb, e.g. `task.accepted`, `auth.login_failed`. */
  action: string;
  entityType: string | null;
  entityId: string | null;
  organization: AuditOrganization | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Only for callers holding `audit.read`; null otherwise. */
  ip: string | null;
  requestId: string | null;
}
