import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { CurrentUser, LoginRequest, LoginResponse } from '@karta/contracts';
import { catchError, finalize, map, Observable, of, shareReplay, tap } from 'rxjs';
import { AccessTokenStore } from './access-token-store';
import { withoutSessionRedirect } from './session-redirect';

/** The signed-in user and the calls that sign them in and out. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly tokens = inject(AccessTokenStore);
  private readonly user = signal<CurrentUser | null>(null);
  private restoring: Observable<boolean> | null = null;

  readonly currentUser = this.user.asReadonly();
  readonly isAuthenticated = computed(() => this.user() !== null);

  accessToken(): string | null {
    return this.tokens.get();
  }

  /** A 401 here means wrong credentials, not an expired session: the login page shows it. */
  login(credentials: LoginRequest): Observable<CurrentUser> {
    return this.http
      .post<LoginResponse>('/api/auth/login', credentials, { context: withoutSessionRedirect() })
      .pipe(
        tap((response) => {
          this.tokens.set(response.accessToken, response.expiresIn);
          this.user.set(response.user);
        }),
        map((response) => response.user),
      );
  }

  /**
   * Whether someone is signed in; after a reload, asks `GET /api/auth/me` who the stored token belongs
   * to. A 401 drops the token; any other failure keeps it (the server may just be restarting).
   */
  ensureSession(): Observable<boolean> {
    if (this.user()) {
      return of(true);
    }
    if (!this.tokens.get()) {
      return of(false);
    }
    this.restoring ??= this.http
      .get<CurrentUser>('/api/auth/me', { context: withoutSessionRedirect() })
      .pipe(
        tap((user) => this.user.set(user)),
        map(() => true),
        catchError((error: unknown) => {
          if (error instanceof HttpErrorResponse && error.status === 401) {
            this.tokens.clear();
          }
          return of(false);
        }),
        finalize(() => (this.restoring = null)),
        shareReplay({ bufferSize: 1, refCount: false }),
      );
    return this.restoring;
  }

  /** Tells the server, then forgets the session even if the server could not be reached. */
  logout(): Observable<void> {
    return this.http
      .post<void>('/api/auth/logout', null, { context: withoutSessionRedirect() })
      .pipe(
        catchError(() => of(null)),
        map(() => this.clearSession()),
      );
  }

  clearSession(): void {
    this.tokens.clear();
    this.user.set(null);
  }
}
