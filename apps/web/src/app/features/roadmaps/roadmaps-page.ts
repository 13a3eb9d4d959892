import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import type { RoadmapStatusDto, RoadmapSummary } from '@karta/contracts';
import { can } from '@karta/domain';
import { AuthService } from '../../core/auth/auth.service';
import { orderLabel, ROADMAP_STATUS_LABELS } from './roadmap-format';
import { RoadmapImportDialog } from './roadmap-import-dialog';
import { RoadmapsApi } from './roadmaps-api.service';

@Component({
  selector: 'karta-roadmaps-page',
  imports: [RouterLink, MatButton, MatIcon, MatProgressBar, MatTableModule],
  template: `
    <header class="page-header">
      <h1>Дорожные карты</h1>
      @if (canImport()) {
        <button matButton="filled" type="button" (click)="openImport()" data-testid="roadmap-import">
          <mat-icon svgIcon="upload" /> Загрузить файл карты
        </button>
      }
    </header>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" />
    }
    @if (error()) {
      <p class="error" role="alert">Не удалось загрузить дорожные карты. <button matButton type="button" (click)="load()">Повторить</button></p>
    }
    @if (!loading() && !error() && roadmaps().length === 0) {
      <p class="empty">Дорожных карт пока нет.</p>
    }
    @if (roadmaps().length) {
      <table mat-table [dataSource]="roadmaps()" class="roadmaps" data-testid="roadmap-list">
        <ng-container matColumnDef="order">
          <th mat-header-cell *matHeaderCellDef>Приказ</th>
          <td mat-cell *matCellDef="let r">{{ order(r) }}</td>
        </ng-container>
        <ng-container matColumnDef="title">
          <th mat-header-cell *matHeaderCellDef>Дорожная карта</th>
          <td mat-cell *matCellDef="let r"><a [routerLink]="['/roadmaps', r.id]">{{ r.title }}</a></td>
        </ng-container>
        <ng-container matColumnDef="owner">
          <th mat-header-cell *matHeaderCellDef>Владелец</th>
          <td mat-cell *matCellDef="let r">{{ r.ownerOrganization.shortName }}</td>
        </ng-container>
        <ng-container matColumnDef="actions">
          <th mat-header-cell *matHeaderCellDef>Мероприятий</th>
          <td mat-cell *matCellDef="let r">{{ r.actionCount }}</td>
        </ng-container>
        <ng-container matColumnDef="status">
          <th mat-header-cell *matHeaderCellDef>Статус</th>
          <td mat-cell *matCellDef="let r">{{ statusLabel(r.status) }}</td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns"></tr>
        <tr mat-row *matRowDef="let row; columns: columns"></tr>
      </table>
    }
  `,
  styles: `
    :host { display: block; padding: 24px; }
    .page-header { display: flex; align-items: center; justify-content: space-between; gap: 16px; flex-wrap: wrap; }
    .roadmaps { width: 100%; }
    .roadmaps td { vertical-align: top; padding-top: 8px; padding-bottom: 8px; }
    .error { color: var(--mat-sys-error); }
    .empty { color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoadmapsPage {
  private readonly api = inject(RoadmapsApi);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);
  private readonly user = inject(AuthService).currentUser;

  protected readonly columns = ['order', 'title', 'owner', 'actions', 'status'];
  protected statusLabel(status: RoadmapStatusDto): string {
    return ROADMAP_STATUS_LABELS[status];
  }

  protected readonly order = orderLabel;
  protected readonly roadmaps = signal<RoadmapSummary[]>([]);
  protected readonly loading = signal(false);
  protected readonly error = signal(false);
  protected readonly canImport = computed(() => {
    const role = this.user()?.role;
    return role !== undefined && can(role, 'roadmaps.write');
  });

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    this.error.set(false);
    this.api
      .list()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) => {
          this.roadmaps.set(page.items);
          this.loading.set(false);
        },
        error: () => {
          this.error.set(true);
          this.loading.set(false);
        },
      });
  }

  protected openImport(): void {
    this.dialog
      .open(RoadmapImportDialog, { width: '720px', maxWidth: '95vw' })
      .afterClosed()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        if (result) this.load();
      });
  }
}
