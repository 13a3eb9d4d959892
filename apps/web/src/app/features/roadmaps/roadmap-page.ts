import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, input, type OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type { RoadmapDetail, RoadmapStatusDto } from '@karta/contracts';
import { can } from '@karta/domain';
import { AuthService } from '../../core/auth/auth.service';
import { COUNT_COLUMNS, importFailure, orderLabel, ROADMAP_STATUS_LABELS } from './roadmap-format';
import { RoadmapsApi } from './roadmaps-api.service';

/** «Дорожная карта»: the order, its goals, and the actions with live task counts by status. */
@Component({
  selector: 'karta-roadmap-page',
  imports: [RouterLink, FormsModule, MatButton, MatFormField, MatLabel, MatHint, MatInput, MatSelect, MatOption, MatProgressBar],
  template: `
    <a routerLink="/roadmaps" class="back">← Все дорожные карты</a>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" />
    }
    @if (error(); as message) {
      <p class="error" role="alert">{{ message }}</p>
    }
    @if (roadmap(); as r) {
      <p class="kicker">Дорожная карта · {{ order(r) }}</p>
      <h1 data-testid="roadmap-title">{{ r.title }}</h1>
      <dl class="facts">
        <dt>Издал</dt>
        <dd>{{ r.issuer }}</dd>
        @if (r.controllerName) {
          <dt>Контроль исполнения</dt>
          <dd>{{ r.controllerName }}</dd>
        }
        @if (r.grounds.length) {
          <dt>Основания</dt>
          <dd>
            <ul>
              @for (ground of r.grounds; track $index) {
                <li>{{ ground }}</li>
              }
            </ul>
          </dd>
        }
        @if (r.goals.length) {
          <dt>Цели</dt>
          <dd>
            <ul>
              @for (goal of r.goals; track $index) {
                <li>{{ goal }}</li>
              }
            </ul>
          </dd>
        }
        <dt>Статус</dt>
        <dd>{{ statusLabels[r.status] }} · задачи создаются на {{ r.materializeDaysAhead }} дн. вперёд</dd>
      </dl>

      <h2>Мероприятия</h2>
      <div class="table-wrap">
        <table class="actions" data-testid="roadmap-actions">
          <thead>
            <tr>
              <th>№</th>
              <th>Мероприятие</th>
              <th>Ответственные</th>
              <th>Срок</th>
              <th>Результат</th>
              <th>Задачи</th>
            </tr>
          </thead>
          <tbody>
            @for (action of r.actions; track action.id) {
              <tr data-testid="roadmap-action">
                <td class="number">{{ action.number }}</td>
                <td class="title">
                  <details>
                    <summary>{{ action.title }}</summary>
                    <p>{{ action.fullText }}</p>
                  </details>
                </td>
                <td>{{ action.responsibleText }}</td>
                <td>{{ action.deadlineText }}</td>
                <td>{{ action.resultText }}</td>
                <td class="counts">
                  <a [routerLink]="['/tasks']" [queryParams]="{ actionId: action.id }" class="total">всего {{ action.taskCounts.total }}</a>
                  @for (column of countColumns; track column.status) {
                    @if (action.taskCounts[column.status]) {
                      <a [routerLink]="['/tasks']" [queryParams]="{ actionId: action.id, status: column.status }" [class]="'chip ' + column.status">
                        {{ column.label }}: {{ action.taskCounts[column.status] }}
                      </a>
                    }
                  }
                  @if (action.taskCounts.overdue) {
                    <a [routerLink]="['/tasks']" [queryParams]="{ actionId: action.id, overdue: true }" class="chip overdue">
                      Просрочено: {{ action.taskCounts.overdue }}
                    </a>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>

      @if (canEdit()) {
        <h2>Настройки</h2>
        <form class="settings" (ngSubmit)="save()">
          <mat-form-field>
            <mat-label>Создавать задачи вперёд, дней</mat-label>
            <input matInput type="number" min="0" max="90" name="daysAhead" [(ngModel)]="daysAhead" />
            <mat-hint>от 0 до 90</mat-hint>
          </mat-form-field>
          <mat-form-field>
            <mat-label>Статус</mat-label>
            <mat-select name="status" [(ngModel)]="status">
              @for (option of statusOptions; track option) {
                <mat-option [value]="option">{{ statusLabels[option] }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <button matButton="filled" type="submit" [disabled]="saving()">Сохранить</button>
          @if (saved()) {
            <span class="saved">Сохранено</span>
          }
        </form>
      }
    }
  `,
  styles: `
    :host { display: block; padding: 24px; max-width: 1400px; }
    .back { display: inline-block; margin-bottom: 12px; }
    .kicker { margin: 0; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-title-small); }
    h1 { font: var(--mat-sys-headline-small); margin: 4px 0 16px; }
    .facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 0 0 24px; }
    .facts dt { color: var(--mat-sys-on-surface-variant); }
    .facts dd { margin: 0; }
    .facts ul { margin: 0; padding-left: 18px; }
    .table-wrap { overflow-x: auto; }
    .actions { border-collapse: collapse; width: 100%; }
    .actions th, .actions td { border-bottom: 1px solid var(--mat-sys-outline-variant); padding: 8px; text-align: left; vertical-align: top; }
    .actions th { font: var(--mat-sys-title-small); }
    .number { width: 32px; }
    .title { min-width: 260px; }
    .title summary { cursor: pointer; }
    .counts { min-width: 180px; }
    .counts a { display: block; margin-bottom: 4px; }
    .chip { text-decoration: none; padding: 1px 8px; border-radius: 12px; background: var(--mat-sys-surface-container-high); color: inherit; width: fit-content; }
    .chip.accepted { background: #d7f0dc; }
    .chip.submitted { background: #dde7fb; }
    .chip.returned { background: #fde8c8; }
    .chip.overdue { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .settings { display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
    .saved { color: var(--mat-sys-primary); }
    .error { color: var(--mat-sys-error); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoadmapPage implements OnInit {
  private readonly api = inject(RoadmapsApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly user = inject(AuthService).currentUser;

  /** Route parameter `:id` (component input binding). */
  readonly id = input.required<string>();

  protected readonly order = orderLabel;
  protected readonly statusLabels = ROADMAP_STATUS_LABELS;
  protected readonly statusOptions: RoadmapStatusDto[] = ['draft', 'active', 'archived'];
  protected readonly countColumns = COUNT_COLUMNS;
  protected readonly roadmap = signal<RoadmapDetail | null>(null);
  protected readonly loading = signal(false);
  protected readonly saving = signal(false);
  protected readonly saved = signal(false);
  protected readonly error = signal<string | null>(null);
  protected daysAhead = 14;
  protected status: RoadmapStatusDto = 'active';
  protected readonly canEdit = computed(() => {
    const role = this.user()?.role;
    return role !== undefined && can(role, 'roadmaps.write');
  });

  ngOnInit(): void {
    this.loading.set(true);
    this.api
      .get(this.id())
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (roadmap) => this.show(roadmap),
        error: (error: unknown) => {
          this.loading.set(false);
          this.error.set(importFailure(error).message === 'Не найдено' ? 'Дорожная карта не найдена' : 'Не удалось загрузить дорожную карту');
        },
      });
  }

  protected save(): void {
    const roadmap = this.roadmap();
    if (!roadmap) return;
    this.saving.set(true);
    this.saved.set(false);
    this.api
      .update(roadmap.id, { materializeDaysAhead: Number(this.daysAhead), status: this.status })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (updated) => {
          this.saving.set(false);
          this.saved.set(true);
          this.show(updated);
        },
        error: (error: unknown) => {
          this.saving.set(false);
          const failure = importFailure(error);
          this.error.set(failure.fieldErrors.length ? failure.fieldErrors.flatMap((e) => e.messages).join('; ') : failure.message);
        },
      });
  }

  private show(roadmap: RoadmapDetail): void {
    this.loading.set(false);
    this.error.set(null);
    this.roadmap.set(roadmap);
    this.daysAhead = roadmap.materializeDaysAhead;
    this.status = roadmap.status;
  }
}
