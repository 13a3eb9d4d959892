import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent, MatCardHeader, MatCardTitle } from '@angular/material/card';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { AuthService } from '../../core/auth/auth.service';
import { ZonedDatePipe } from '../../core/time/zoned-date.pipe';
import { SystemStatus } from './system-status';
import { SystemStatusService } from './system-status.service';

@Component({
  selector: 'karta-home-page',
  imports: [MatCard, MatCardHeader, MatCardTitle, MatCardContent, MatButton, MatIcon, MatProgressBar, ZonedDatePipe],
  templateUrl: './home-page.html',
  styleUrl: './home-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HomePage {
  private readonly systemStatus = inject(SystemStatusService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly user = inject(AuthService).currentUser;
  /** The last answer; kept on screen while a refresh is in flight. */
  protected readonly status = signal<SystemStatus | null>(null);
  protected readonly loading = signal(false);
  protected readonly unreachable = signal(false);

  constructor() {
    this.refresh();
  }

  protected refresh(): void {
    this.loading.set(true);
    this.systemStatus
      .check()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (status) => {
          this.status.set(status);
          this.unreachable.set(false);
          this.loading.set(false);
        },
        error: () => {
          this.status.set(null);
          this.unreachable.set(true);
          this.loading.set(false);
        },
      });
  }
}
