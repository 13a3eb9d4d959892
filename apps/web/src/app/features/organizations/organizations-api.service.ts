import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreateOrganizationRequest,
  HeadcountRecord,
  OrganizationDetails,
  OrganizationImportReport,
  OrganizationListQuery,
  OrganizationSummary,
  OrganizationTreeNode,
  Page,
  UpdateOrganizationRequest,
  UpsertHeadcountRequest,
} from '@karta/contracts';
import { Observable } from 'rxjs';

const BASE = '/api/organizations';

/** The one client of /api/organizations. */
@Injectable({ providedIn: 'root' })
export class OrganizationsApi {
  private readonly http = inject(HttpClient);

  list(query: OrganizationListQuery): Observable<Page<OrganizationSummary>> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params = params.set(key, String(value));
    }
    return this.http.get<Page<OrganizationSummary>>(BASE, { params });
  }

  tree(): Observable<OrganizationTreeNode[]> {
    return this.http.get<OrganizationTreeNode[]>(`${BASE}/tree`);
  }

  get(id: string): Observable<OrganizationDetails> {
    return this.http.get<OrganizationDetails>(`${BASE}/${id}`);
  }

  create(request: CreateOrganizationRequest): Observable<OrganizationDetails> {
    return this.http.post<OrganizationDetails>(BASE, request);
  }

  update(id: string, request: UpdateOrganizationRequest): Observable<OrganizationDetails> {
    return this.http.patch<OrganizationDetails>(`${BASE}/${id}`, request);
  }

  headcounts(id: string): Observable<HeadcountRecord[]> {
    return this.http.get<HeadcountRecord[]>(`${BASE}/${id}/headcounts`);
  }

  addHeadcount(id: string, request: UpsertHeadcountRequest): Observable<HeadcountRecord> {
    return this.http.post<HeadcountRecord>(`${BASE}/${id}/headcounts`, request);
  }

  /** A 400 answer carries the report too (`error.report`); the caller reads it from there. */
  import(file: File, dryRun: boolean): Observable<OrganizationImportReport> {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.http.post<OrganizationImportReport>(`${BASE}/import`, body, { params: dryRun ? { dryRun: 'true' } : {} });
  }

  template(): Observable<Blob> {
    return this.http.get(`${BASE}/import/template.xlsx`, { responseType: 'blob' });
  }
}
