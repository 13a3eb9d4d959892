import { HttpClient, HttpEvent, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  Page,
  TaskActionCode,
  TaskAssignableUser,
  TaskAssigneesRequest,
  TaskDetails,
  TaskEvidenceItem,
  TaskExtensionCreateRequest,
  TaskExtensionDecisionRequest,
  TaskFilterOptions,
  TaskListItem,
  TaskListQuery,
} from '@karta/contracts';
import { Observable } from 'rxjs';

/** The one client of `/api/tasks`. */
@Injectable({ providedIn: 'root' })
export class TasksApi {
  private readonly http = inject(HttpClient);

  list(query: TaskListQuery, mine = false): Observable<Page<TaskListItem>> {
    return this.http.get<Page<TaskListItem>>(mine ? '/api/tasks/mine' : '/api/tasks', { params: toParams(query) });
  }

  filterOptions(): Observable<TaskFilterOptions> {
    return this.http.get<TaskFilterOptions>('/api/tasks/filter-options');
  }

  get(id: string): Observable<TaskDetails> {
    return this.http.get<TaskDetails>(`/api/tasks/${id}`);
  }

  transition(id: string, action: TaskActionCode, expectedVersion: number, comment?: string): Observable<TaskDetails> {
    return this.http.post<TaskDetails>(`/api/tasks/${id}/transitions`, { action, expectedVersion, ...(comment ? { comment } : {}) });
  }

  assignableUsers(id: string): Observable<TaskAssignableUser[]> {
    return this.http.get<TaskAssignableUser[]>(`/api/tasks/${id}/assignable-users`);
  }

  assign(id: string, body: TaskAssigneesRequest): Observable<TaskDetails> {
    return this.http.put<TaskDetails>(`/api/tasks/${id}/assignees`, body);
  }

  comment(id: string, text: string): Observable<TaskDetails> {
    return this.http.post<TaskDetails>(`/api/tasks/${id}/comments`, { text });
  }

  requestProgress(id: string): Observable<TaskDetails> {
    return this.http.post<TaskDetails>(`/api/tasks/${id}/progress-requests`, {});
  }

  reportProgress(id: string, text: string): Observable<TaskDetails> {
    return this.http.post<TaskDetails>(`/api/tasks/${id}/progress-reports`, { text });
  }

  requestExtension(id: string, body: TaskExtensionCreateRequest): Observable<TaskDetails> {
    return this.http.post<TaskDetails>(`/api/tasks/${id}/extension-requests`, body);
  }

  decideExtension(id: string, requestId: string, body: TaskExtensionDecisionRequest): Observable<TaskDetails> {
    return this.http.post<TaskDetails>(`/api/tasks/${id}/extension-requests/${requestId}/decision`, body);
  }

  /** One file per request so each gets its own progress bar and its own error. */
  uploadFile(id: string, file: File): Observable<HttpEvent<TaskEvidenceItem[]>> {
    const form = new FormData();
    form.append('files', file, file.name);
    return this.http.post<TaskEvidenceItem[]>(`/api/tasks/${id}/evidence/files`, form, { reportProgress: true, observe: 'events' });
  }

  addLink(id: string, url: string): Observable<TaskEvidenceItem> {
    return this.http.post<TaskEvidenceItem>(`/api/tasks/${id}/evidence/links`, { url });
  }

  addText(id: string, text: string): Observable<TaskEvidenceItem> {
    return this.http.post<TaskEvidenceItem>(`/api/tasks/${id}/evidence/texts`, { text });
  }

  removeEvidence(id: string, evidenceId: string): Observable<void> {
    return this.http.delete<void>(`/api/tasks/${id}/evidence/${evidenceId}`);
  }

  download(id: string, evidenceId: string): Observable<Blob> {
    return this.http.get(`/api/tasks/${id}/evidence/${evidenceId}/download`, { responseType: 'blob' });
  }
}

export function toParams(query: TaskListQuery): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      for (const item of value) params = params.append(key, String(item));
    } else {
      params = params.set(key, String(value));
    }
  }
  return params;
}
