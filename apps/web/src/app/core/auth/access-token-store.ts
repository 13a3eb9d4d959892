import { Injectable } from '@angular/core';

interface HeldToken {
  value: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * The access token, in memory only: nothing readable by scripts survives a reload. After a reload
 * the session comes back through the httpOnly refresh cookie (`AuthService.ensureSession`).
 */
@Injectable({ providedIn: 'root' })
export class AccessTokenStore {
  private token: HeldToken | null = null;

  /** The token, or `null` when there is none or it has expired. */
  get(): string | null {
    if (this.token && this.token.expiresAt <= Date.now()) {
      this.token = null;
    }
    return this.token?.value ?? null;
  }

  set(token: string, expiresInSeconds: number): void {
    this.token = { value: token, expiresAt: Date.now() + expiresInSeconds * 1000 };
  }

  clear(): void {
    this.token = null;
  }
}
