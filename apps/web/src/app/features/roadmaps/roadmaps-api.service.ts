import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { ImportRoadmapResponse, Page, RoadmapDetail, RoadmapSummary, UpdateRoadmapSettingsRequest } from '@karta/contracts';
import type { Observable } from 'rxjs';

/** The one client of /api/roadmaps. */
@Injectable({ providedIn: 'root' })
export class RoadmapsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<Page<RoadmapSummary>> {
    return this.http.get<Page<RoadmapSummary>>('/api/roadmaps', { params: { pageSize: 100 } });
  }

  get(id: string): Observable<RoadmapDetail> {
    return this.http.get<RoadmapDetail>(`/api/roadmaps/${encodeURIComponent(id)}`);
  }

  update(id: string, settings: UpdateRoadmapSettingsRequest): Observable<RoadmapDetail> {
    return this.http.patch<RoadmapDetail>(`/api/roadmaps/${encodeURIComponent(id)}`, settings);
  }

  import(yaml: string): Observable<ImportRoadmapResponse> {
    return this.http.post<ImportRoadmapResponse>('/api/roadmaps/import', { yaml });
  }
}
