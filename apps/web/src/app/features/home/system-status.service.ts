import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { catchError, map, Observable, of, throwError } from 'rxjs';
import { HealthCheckResponse, isHealthCheckResponse, SystemStatus, toSystemStatus } from './system-status';

@Injectable({ providedIn: 'root' })
export class SystemStatusService {
  private readonly http = inject(HttpClient);

  /** Errors only when the API itself cannot be reached; a 503 with a health body is a normal answer. */
  check(): Observable<SystemStatus> {
    return this.http.get<HealthCheckResponse>('/api/health').pipe(
      map((response) => toSystemStatus(response, new Date())),
      catchError((error: unknown) =>
        error instanceof HttpErrorResponse && error.status === 503 && isHealthCheckResponse(error.error)
          ? of(toSystemStatus(error.error, new Date()))
          : throwError(() => error),
      ),
    );
  }
}
