import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  IndicatorDto,
  IndicatorMatrixDto,
  IndicatorRecomputationDto,
  IndicatorSeriesDto,
  IndicatorStatusValue,
  OrganizationIndicatorRow,
  Page,
  TargetStageDto,
  WeekSummaryDto,
} from '@karta/contracts';
import type { Observable } from 'rxjs';

const BASE = '/api/indicators';

export type QueryParams = Record<string, string | number | null | undefined>;

/** Query parameters without the empty ones (an absent filter is not sent as `?x=`). */
export function toParams(query: QueryParams): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params = params.set(key, String(value));
  }
  return params;
}

/** The one client of /api/indicators. Weeks are ISO week keys (`2025-W36`). */
@Injectable({ providedIn: 'root' })
export class IndicatorsApi {
  private readonly http = inject(HttpClient);

  list(roadmapId: string): Observable<IndicatorDto[]> {
    return this.http.get<IndicatorDto[]>(BASE, { params: toParams({ roadmapId }) });
  }

  /** Replaces the staged targets (audited; the affected weeks are recomputed by the worker). */
  updateTargets(indicatorId: string, targets: TargetStageDto[]): Observable<IndicatorDto> {
    return this.http.put<IndicatorDto>(`${BASE}/${indicatorId}/targets`, { targets });
  }

  /** The roadmap's latest recomputation of stored weeks (null: none yet). */
  recomputation(roadmapId: string): Observable<IndicatorRecomputationDto | null> {
    return this.http.get<IndicatorRecomputationDto | null>(`${BASE}/recomputation`, { params: toParams({ roadmapId }) });
  }

  summary(query: { roadmapId: string; week: string; organizationId?: string | null }): Observable<WeekSummaryDto> {
    return this.http.get<WeekSummaryDto>(`${BASE}/summary`, { params: toParams(query) });
  }

  organizations(
    indicatorId: string,
    query: { week: string; organizationId?: string | null; status?: IndicatorStatusValue; page: number; pageSize: number },
  ): Observable<Page<OrganizationIndicatorRow>> {
    return this.http.get<Page<OrganizationIndicatorRow>>(`${BASE}/${indicatorId}/organizations`, { params: toParams(query) });
  }

  series(indicatorId: string, query: { organizationId?: string | null; from: string; to: string }): Observable<IndicatorSeriesDto> {
    return this.http.get<IndicatorSeriesDto>(`${BASE}/${indicatorId}/series`, { params: toParams(query) });
  }

  matrix(
    indicatorId: string,
    query: { organizationId?: string | null; from: string; to: string; page: number; pageSize: number },
  ): Observable<IndicatorMatrixDto> {
    return this.http.get<IndicatorMatrixDto>(`${BASE}/${indicatorId}/matrix`, { params: toParams(query) });
  }
}
