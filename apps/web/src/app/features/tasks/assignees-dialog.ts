import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogRef, MatDialogTitle } from '@angular/material/dialog';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatOption, MatSelect } from '@angular/material/select';
import type { TaskAssignableUser, TaskAssigneesRequest, TaskDetails } from '@karta/contracts';
import { ROLE_LABELS } from '../../core/auth/role-labels';
import { errorMessage } from './task-labels';
import { TasksApi } from './tasks-api';

/** Picks the executor and co-executors among the active users of the task's organization; closes with the saved task. */
@Component({
  selector: 'karta-assignees-dialog',
  imports: [ReactiveFormsModule, MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatFormField, MatLabel, MatSelect, MatOption, MatButton],
  template: `
    <h2 mat-dialog-title>Исполнители</h2>
    <mat-dialog-content>
      @if (users(); as list) {
        @if (list.length === 0) {
          <p>В организации нет активных пользователей: сначала заведите их в разделе «Пользователи».</p>
        }
        <mat-form-field appearance="outline" class="full">
          <mat-label>Ответственный исполнитель</mat-label>
          <mat-select [formControl]="executor" name="executor">
            <mat-option [value]="null">не назначен</mat-option>
            @for (user of list; track user.id) {
              <mat-option [value]="user.id">{{ user.fullName }} — {{ roleLabels[user.role] ?? user.role }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" class="full">
          <mat-label>Соисполнители</mat-label>
          <mat-select [formControl]="coExecutors" multiple name="coExecutors">
            @for (user of list; track user.id) {
              <mat-option [value]="user.id" [disabled]="user.id === executor.value">{{ user.fullName }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      } @else {
        <p>Загрузка…</p>
      }
      @if (error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>Отмена</button>
      <button mat-flat-button type="button" class="confirm" [disabled]="busy() || !users()" (click)="save()">Сохранить</button>
    </mat-dialog-actions>
  `,
  styles: `.full { width: 100%; min-width: 380px; } .error { color: var(--mat-sys-error); }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AssigneesDialog {
  private readonly task = inject<TaskDetails>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<AssigneesDialog, TaskDetails>>(MatDialogRef);
  private readonly api = inject(TasksApi);

  protected readonly roleLabels: Readonly<Record<string, string>> = ROLE_LABELS;
  protected readonly users = signal<TaskAssignableUser[] | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly executor = new FormControl<string | null>(this.task.executor?.id ?? null);
  protected readonly coExecutors = new FormControl<string[]>(this.task.coExecutors.map((user) => user.id), { nonNullable: true });

  constructor() {
    this.api
      .assignableUsers(this.task.id)
      .pipe(takeUntilDestroyed())
      .subscribe({ next: (users) => this.users.set(users), error: (error: unknown) => this.error.set(errorMessage(error)) });
  }

  protected save(): void {
    const body: TaskAssigneesRequest = {
      executorId: this.executor.value,
      coExecutorIds: this.coExecutors.value.filter((id) => id !== this.executor.value),
    };
    this.busy.set(true);
    this.error.set(null);
    this.api.assign(this.task.id, body).subscribe({
      next: (task) => this.ref.close(task),
      error: (error: unknown) => {
        this.busy.set(false);
        this.error.set(errorMessage(error));
      },
    });
  }
}
