// Request/response types of /api/roadmaps (shared by API and web).
import type { FieldError } from './errors';

export type RoadmapStatusDto = 'draft' | 'active' | 'archived';
export type ActionResultTypeDto = 'report' | 'indicator';
export type TaskStatusDto = 'open' | 'in_progress' | 'submitted' | 'accepted' | 'returned' | 'cancelled';

/** Who carries out an action (machine form of «Ответственные»). */
export type ActionResponsibleDto =
  | { type: 'owner' }
  | { type: 'organization_kinds'; kinds: string[]; includeOwner: boolean }
  | { type: 'organizations'; codes: string[] };

/** One roadmap in a list. */
export interface RoadmapSummary {
  id: string;
  code: string;
  title: string;
  orderNumber: string;
  /** LocalDate `YYYY-MM-DD`. */
  orderDate: string;
  issuer: string;
  status: RoadmapStatusDto;
  ownerOrganization: { id: string; code: string; shortName: string };
  actionCount: number;
}

/** Task counts of one action by status, within the caller's scope; `overdue` overlaps the open statuses. */
export type TaskCountsByStatus = Record<TaskStatusDto, number> & { total: number; overdue: number };

export interface RoadmapActionView {
  id: string;
  number: number;
  title: string;
  fullText: string;
  responsibleText: string;
  responsible: ActionResponsibleDto;
  deadlineText: string;
  /** The libs/domain `Schedule` as stored. */
  schedule: Record<string, unknown>;
  resultType: ActionResultTypeDto;
  resultText: string;
  indicatorCodes: string[];
  taskCounts: TaskCountsByStatus;
}

export interface RoadmapDetail extends RoadmapSummary {
  controllerName: string | null;
  grounds: string[];
  goals: string[];
  materializeDaysAhead: number;
  actions: RoadmapActionView[];
}

/** `PATCH /api/roadmaps/:id`. */
export interface UpdateRoadmapSettingsRequest {
  materializeDaysAhead?: number;
  status?: RoadmapStatusDto;
}

/** `POST /api/roadmaps/import` with a JSON body; the web reads the file and sends its text. */
export interface ImportRoadmapRequest {
  /** The roadmap file (YAML). */
  yaml: string;
}

export interface ImportRoadmapResponse {
  roadmapId: string;
  code: string;
  /** `true` when the roadmap did not exist before this import. */
  created: boolean;
  actionsCreated: number;
  actionsUpdated: number;
  actionsUnchanged: number;
  indicatorsCreated: number;
  indicatorsUpdated: number;
  /** Id of the `tasks.materialize` job queued after the import; null while Redis is unavailable (it is queued once Redis is back). */
  materializeJobId: string | null;
  /** An indicator's formula or organization kinds changed: the stored weeks are being computed again (GET /api/indicators/recomputation). */
  recomputationId: string | null;
}

/** A rejected roadmap file answers 400 with the common error body; `fieldErrors[].field` is like `actions[3].schedule.dueWeekday`. */
export type RoadmapFileErrors = FieldError[];
