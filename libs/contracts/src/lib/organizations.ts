// Request/response types of /api/organizations (shared by API and web).

export const ORGANIZATION_KIND_VALUES = ['region', 'department', 'school', 'kindergarten', 'additional_education', 'other'] as const;
export type OrganizationKindValue = (typeof ORGANIZATION_KIND_VALUES)[number];

export const ORGANIZATION_KIND_LABELS: Readonly<Record<OrganizationKindValue, string>> = {
  region: 'Регион',
  department: 'Орган управления образованием',
  school: 'Общеобразовательная организация',
  kindergarten: 'Дошкольная образовательная организация',
  additional_education: 'Организация дополнительного образования',
  other: 'Иная организация',
};

export const HEADCOUNT_KIND_VALUES = ['staff_stat', 'students_stat', 'actual_headcount_ministry'] as const;
export type HeadcountKindValue = (typeof HEADCOUNT_KIND_VALUES)[number];

export const HEADCOUNT_KIND_LABELS: Readonly<Record<HeadcountKindValue, string>> = {
  staff_stat: 'Работники (по формам статнаблюдения)',
  students_stat: 'Обучающиеся (по формам статнаблюдения)',
  actual_headcount_ministry: 'Фактическая численность (данные Минпросвещения)',
};

/** Headcounts in force today (null when none was ever entered). */
export type CurrentHeadcounts = Record<HeadcountKindValue, number | null>;

/** GET /api/organizations, GET /api/organizations/:id */
export interface OrganizationSummary {
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  shortName: string;
  kind: OrganizationKindValue;
  headName: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  maxChannelUrl: string | null;
  isActive: boolean;
  headcounts: CurrentHeadcounts;
}

export interface OrganizationDetails extends OrganizationSummary {
  path: string;
  parentName: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Query of GET /api/organizations */
export interface OrganizationListQuery {
  page?: number;
  pageSize?: number;
  parentId?: string;
  kind?: OrganizationKindValue;
  q?: string;
  includeInactive?: boolean;
}

/** GET /api/organizations/tree — one node of the caller's visible tree. */
export interface OrganizationTreeNode {
  id: string;
  parentId: string | null;
  code: string;
  shortName: string;
  kind: OrganizationKindValue;
  isActive: boolean;
  childCount: number;
}

/** POST /api/organizations */
export interface CreateOrganizationRequest {
  parentId: string;
  code: string;
  name: string;
  shortName: string;
  kind: OrganizationKindValue;
  headName?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  maxChannelUrl?: string | null;
}

/** PATCH /api/organizations/:id (every field optional; `parentId` moves the subtree). */
export interface UpdateOrganizationRequest {
  parentId?: string;
  name?: string;
  shortName?: string;
  kind?: OrganizationKindValue;
  headName?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  maxChannelUrl?: string | null;
  isActive?: boolean;
}

/** GET /api/organizations/:id/headcounts */
export interface HeadcountRecord {
  id: string;
  kind: HeadcountKindValue;
  value: number;
  /** YYYY-MM-DD */
  effectiveFrom: string;
  createdAt: string;
}

/** POST /api/organizations/:id/headcounts (upsert on kind + effectiveFrom). */
export interface UpsertHeadcountRequest {
  kind: HeadcountKindValue;
  value: number;
  effectiveFrom: string;
}

/** One problem in an imported file; `row` is the 1-based line of the sheet (the header is row 1). */
export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

/** POST /api/organizations/import: 200 on success, 400 (`OrganizationImportFailure`) when anything is wrong. */
export interface OrganizationImportReport {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportRowError[];
}

export interface OrganizationImportFailure {
  statusCode: number;
  error: string;
  message: string;
  requestId?: string;
  report: OrganizationImportReport;
}

/** The import columns in order; headers are matched case-insensitively. */
export const ORGANIZATION_IMPORT_COLUMNS = [
  'Код',
  'Код вышестоящей',
  'Полное наименование',
  'Краткое наименование',
  'Тип',
  'Руководитель',
  'Телефон',
  'E-mail',
  'Адрес',
  'Канал MAX',
  'Работники',
  'Обучающиеся',
  'Фактическая численность',
  'Дата численности',
] as const;
