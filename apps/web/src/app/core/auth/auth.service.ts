import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { ChangePasswordRequest, CurrentUser, LoginRequest, LoginResponse, RefreshResponse } from '@karta/contracts';
import { catchError, defer, finalize, firstValueFrom, map, Observable, of, shareReplay, switchMap, tap } from 'rxjs';
import { AccessTokenStore } from './access-token-store';
import { withoutSessionRedirect } from './session-redirect';

/** Name of the Web Lock all tabs of the app take to refresh the session. */
export const REFRESH_LOCK = 'karta-session-refresh';

/**
 * The signed-in user and the calls that sign them in and out. The access token lives in memory
 * only; the refresh token is an httpOnly cookie the browser sends to `/api/auth` by itself.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly tokens = inject(AccessTokenStore);
  private readonly user = signal<CurrentUser | null>(null);
  private restoring: Observable<boolean> | null = null;
  private refreshing: Observable<string | null> | null = null;
  /** Set once we know there is no session (refused refresh, sign-out), so guards do not ask again. */
  private knownSignedOut = false;

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
        tap((response) => this.startSession(response)),
        map((response) => response.user),
      );
  }

  /**
   * A new access token from the refresh cookie, or `null` when the session is over (any failure).
   * Concurrent callers share one request: the cookie is single-use, a second call would look like theft.
   */
  refresh(): Observable<string | null> {
    this.refreshing ??= this.refreshRequest().pipe(
        map((response) => {
          this.tokens.set(response.accessToken, response.expiresIn);
          return response.accessToken;
        }),
        catchError(() => {
          this.tokens.clear();
          return of(null);
        }),
        finalize(() => (this.refreshing = null)),
        shareReplay({ bufferSize: 1, refCount: false }),
      );
    return this.refreshing;
  }

  /**
   * Whether someone is signed in; on app start (after a reload) trades the refresh cookie for an
   * access token and asks `GET /api/auth/me` who it belongs to.
   */
  ensureSession(): Observable<boolean> {
    if (this.user()) {
      return of(true);
    }
    if (this.knownSignedOut) {
      return of(false);
    }
    this.restoring ??= (this.tokens.get() ? of(this.tokens.get()) : this.refresh()).pipe(
      switchMap((token) =>
        token
          ? this.http.get<CurrentUser>('/api/auth/me', { context: withoutSessionRedirect() }).pipe(
              tap((user) => this.user.set(user)),
              map(() => true),
            )
          : of(false).pipe(tap(() => (this.knownSignedOut = true))),
      ),
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

  /** Changes the own password; the server ends every other session and hands this one a fresh pair. */
  changePassword(request: ChangePasswordRequest): Observable<void> {
    return this.http.post<LoginResponse>('/api/auth/password', request).pipe(
      tap((response) => this.startSession(response)),
      map(() => undefined),
    );
  }

  /** Tells the server (which revokes the refresh cookie), then forgets the session even if it could not be reached. */
  logout(): Observable<void> {
    return this.http
      .post<void>('/api/auth/logout', null, { context: withoutSessionRedirect() })
      .pipe(
        catchError(() => of(null)),
        map(() => this.clearSession()),
      );
  }

  clearSession(): void {
    this.knownSignedOut = true;
    this.tokens.clear();
    this.user.set(null);
  }

  /**
   * Tabs of one browser share the cookie: two refreshing at once would present the same single-use
   * token twice and the server would end the session. A Web Lock makes them take turns — the second
   * tab's request leaves after the first one's response has replaced the cookie.
   */
  private refreshRequest(): Observable<RefreshResponse> {
    const request = () => this.http.post<RefreshResponse>('/api/auth/refresh', null, { context: withoutSessionRedirect() });
    const locks = globalThis.navigator?.locks;
    return locks ? defer(async () => await locks.request(REFRESH_LOCK, () => firstValueFrom(request()))) : request();
  }

  private startSession(response: LoginResponse): void {
    this.knownSignedOut = false;
    this.tokens.set(response.accessToken, response.expiresIn);
    this.user.set(response.user);
  }
}
