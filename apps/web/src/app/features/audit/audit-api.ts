import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { AuditEntry, AuditQuery, Page } from '@karta/contracts';
import { Observable } from 'rxjs';

/** `/api/audit`: the log (audit.read) and one object's history. */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  list(query: AuditQuery): Observable<Page<AuditEntry>> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params = params.set(key, String(value));
    }
    return this.http.get<Page<AuditEntry>>('/api/audit', { params });
  }

  history(entityType: string, entityId: string, page = 1, pageSize = 50): Observable<Page<AuditEntry>> {
    return this.http.get<Page<AuditEntry>>(`/api/audit/entities/${encodeURIComponent(entityType)}/${encodeURIComponent(entityId)}`, {
      params: { page, pageSize },
    });
  }
}
