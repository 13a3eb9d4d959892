import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogRef, MatDialogTitle } from '@angular/material/dialog';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import type { IndicatorDto } from '@karta/contracts';
import { errorMessage } from '../tasks/task-labels';
import { IndicatorsApi } from './indicators-api';
import { parseStages, stageInputs, type StageInput } from './target-stages';

/** Edits an indicator's staged targets; closes with the updated indicator, or nothing when cancelled. */
@Component({
  selector: 'karta-indicator-targets-dialog',
  imports: [MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatFormField, MatLabel, MatInput, MatButton],
  template: `
    <h2 mat-dialog-title>Цели по этапам</h2>
    <mat-dialog-content>
      <p class="name">{{ indicator.name }}</p>
      <p class="hint">Этап действует с понедельника указанной недели до начала следующего этапа. Недели пересчитываются автоматически.</p>
      @for (row of rows(); track $index; let i = $index) {
        <div class="stage">
          <mat-form-field appearance="outline">
            <mat-label>С понедельника</mat-label>
            <input matInput type="date" [name]="'from-' + i" [value]="row.from" (input)="edit(i, { from: $any($event.target).value })" />
          </mat-form-field>
          <mat-form-field appearance="outline" class="percent">
            <mat-label>Цель, %</mat-label>
            <input matInput inputmode="decimal" [name]="'percent-' + i" [value]="row.percent" (input)="edit(i, { percent: $any($event.target).value })" />
          </mat-form-field>
          <button matButton type="button" (click)="remove(i)" [attr.aria-label]="'Удалить этап ' + (i + 1)">Удалить</button>
          @if (parsed().errors[i]; as message) {
            <p class="error" role="alert">{{ message }}</p>
          }
        </div>
      }
      <button matButton="outlined" type="button" (click)="add()">Добавить этап</button>
      @if (error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton type="button" mat-dialog-close>Отмена</button>
      <button matButton="filled" type="button" (click)="save()" [disabled]="parsed().targets === null || saving()">Сохранить</button>
    </mat-dialog-actions>
  `,
  styles: `
    .name { font-weight: 500; }
    .hint { color: rgba(0, 0, 0, 0.6); font-size: 13px; }
    .stage { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }
    .percent { width: 120px; }
    .error { color: #b00020; flex-basis: 100%; margin: -12px 0 8px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IndicatorTargetsDialog {
  protected readonly indicator = inject<IndicatorDto>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<IndicatorTargetsDialog, IndicatorDto>>(MatDialogRef);
  private readonly api = inject(IndicatorsApi);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly rows = signal<StageInput[]>(stageInputs(this.indicator.targets));
  protected readonly parsed = computed(() => parseStages(this.rows()));
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  protected edit(index: number, patch: Partial<StageInput>): void {
    this.rows.update((rows) => rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  }

  protected add(): void {
    this.rows.update((rows) => [...rows, { from: '', percent: '' }]);
  }

  protected remove(index: number): void {
    this.rows.update((rows) => rows.filter((_, i) => i !== index));
  }

  protected save(): void {
    const targets = this.parsed().targets;
    if (!targets) return;
    this.saving.set(true);
    this.error.set(null);
    this.api
      .updateTargets(this.indicator.id, targets)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (updated) => this.ref.close(updated),
        error: (error: unknown) => {
          this.saving.set(false);
          this.error.set(errorMessage(error));
        },
      });
  }
}
