import { inject, Injectable } from '@angular/core';

/**
 * Where the access token lives between requests. The whole app goes through this class, so replacing
 * `sessionStorage` with a refresh cookie later is a change to this file only.
 */
@Injectable({ providedIn: 'root', useFactory: () => inject(SessionAccessTokenStore) })
export abstract class AccessTokenStore {
  /** The token, or `null` when there is none or it has expired. */
  abstract get(): string | null;
  abstract set(token: string, expiresInSeconds: number): void;
  abstract clear(): void;
}

interface StoredToken {
  value: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

const STORAGE_KEY = 'karta.accessToken';

/** Keeps the token in memory and mirrors it to `sessionStorage` so a reload of the tab keeps the session. */
@Injectable({ providedIn: 'root' })
export class SessionAccessTokenStore implements AccessTokenStore {
  private token: StoredToken | null | undefined;

  get(): string | null {
    if (this.token === undefined) {
      this.token = readStorage();
    }
    if (this.token && this.token.expiresAt <= Date.now()) {
      this.clear();
    }
    return this.token?.value ?? null;
  }

  set(token: string, expiresInSeconds: number): void {
    this.token = { value: token, expiresAt: Date.now() + expiresInSeconds * 1000 };
    writeStorage(this.token);
  }

  clear(): void {
    this.token = null;
    writeStorage(null);
  }
}

function readStorage(): StoredToken | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) {
      return null;
    }
    const parsed: unknown = JSON.parse(raw);
    return isStoredToken(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function writeStorage(token: StoredToken | null): void {
  try {
    if (token) {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(token));
    } else {
      sessionStorage.removeItem(STORAGE_KEY);
    }
  } catch {
    // Storage unavailable (private mode, quota): the in-memory copy still works for this page.
  }
}

function isStoredToken(value: unknown): value is StoredToken {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const candidate = value as Record<string, unknown>;
  return typeof candidate['value'] === 'string' && typeof candidate['expiresAt'] === 'number';
}
