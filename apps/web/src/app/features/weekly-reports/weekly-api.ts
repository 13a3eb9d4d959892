import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Page, ReportingMatrixDto, SaveWeeklyReportRequest, WeeklyImportDto, WeeklyImportIssueDto, WeeklyReportDto } from '@karta/contracts';
import type { Observable } from 'rxjs';
import { toParams } from '../indicators/indicators-api';

export type TemplateFormat = 'xlsx' | 'csv';

/** The one client of /api/weekly-reports and /api/weekly-imports. Weeks are ISO week keys (`2025-W36`). */
@Injectable({ providedIn: 'root' })
export class WeeklyApi {
  private readonly http = inject(HttpClient);

  report(organizationId: string, week: string): Observable<WeeklyReportDto> {
    return this.http.get<WeeklyReportDto>(`/api/weekly-reports/${organizationId}/${week}`);
  }

  save(organizationId: string, week: string, request: SaveWeeklyReportRequest): Observable<WeeklyReportDto> {
    return this.http.put<WeeklyReportDto>(`/api/weekly-reports/${organizationId}/${week}`, request);
  }

  status(query: { roadmapId: string; organizationId?: string | null; from: string; to: string; page: number; pageSize: number }): Observable<ReportingMatrixDto> {
    return this.http.get<ReportingMatrixDto>('/api/weekly-reports/status', { params: toParams(query) });
  }

  startImport(file: File, roadmapId: string): Observable<WeeklyImportDto> {
    const body = new FormData();
    // Fields before the file: the server reads the multipart stream in order.
    body.append('roadmapId', roadmapId);
    body.append('file', file, file.name);
    return this.http.post<WeeklyImportDto>('/api/weekly-imports', body);
  }

  import(id: string): Observable<WeeklyImportDto> {
    return this.http.get<WeeklyImportDto>(`/api/weekly-imports/${id}`);
  }

  /** «Повторить»: a failed import queued again with its kept file. */
  retryImport(id: string): Observable<WeeklyImportDto> {
    return this.http.post<WeeklyImportDto>(`/api/weekly-imports/${id}/retry`, {});
  }

  imports(page: number, pageSize: number): Observable<Page<WeeklyImportDto>> {
    return this.http.get<Page<WeeklyImportDto>>('/api/weekly-imports', { params: toParams({ page, pageSize }) });
  }

  issues(id: string, page: number, pageSize: number): Observable<Page<WeeklyImportIssueDto>> {
    return this.http.get<Page<WeeklyImportIssueDto>>(`/api/weekly-imports/${id}/issues`, { params: toParams({ page, pageSize }) });
  }

  template(format: TemplateFormat): Observable<Blob> {
    return this.http.get('/api/weekly-imports/template', { params: { format }, responseType: 'blob' });
  }
}
