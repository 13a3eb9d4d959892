import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreateUserRequest,
  OrganizationTreeNode,
  Page,
  UpdateUserRequest,
  UserListQuery,
  UserSummary,
  UserWithPassword,
} from '@karta/contracts';
import { Observable } from 'rxjs';

const BASE = '/api/users';

/** The one client of /api/users (and the organization list its forms pick from). */
@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  list(query: UserListQuery): Observable<Page<UserSummary>> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params = params.set(key, String(value));
    }
    return this.http.get<Page<UserSummary>>(BASE, { params });
  }

  create(request: CreateUserRequest): Observable<UserWithPassword> {
    return this.http.post<UserWithPassword>(BASE, request);
  }

  update(id: string, request: UpdateUserRequest): Observable<UserSummary> {
    return this.http.patch<UserSummary>(`${BASE}/${id}`, request);
  }

  resetPassword(id: string): Observable<UserWithPassword> {
    return this.http.post<UserWithPassword>(`${BASE}/${id}/reset-password`, {});
  }

  organizations(): Observable<OrganizationTreeNode[]> {
    return this.http.get<OrganizationTreeNode[]>('/api/organizations/tree');
  }
}
