import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogRef, MatDialogTitle } from '@angular/material/dialog';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { ORGANIZATION_KIND_LABELS, type IndicatorDto, type OrganizationKindValue } from '@karta/contracts';
import { fieldErrors } from '../organizations/organization-format';
import { errorMessage } from '../tasks/task-labels';
import { ALL_KINDS_LABEL } from './indicator-labels';
import { IndicatorsApi } from './indicators-api';
import { parseStages, stageFieldErrors, stageInputs, type StageInput } from './target-stages';

/** The «все виды» option of the kinds select: a stage for every kind of the indicator (`organizationKinds: null`). */
const ALL_KINDS = 'all';

/** The kinds select's new value → the stage's kinds: «все виды» and single kinds exclude each other, the latest pick wins. */
export function kindsFromSelection(selected: readonly string[], before: OrganizationKindValue[] | null): OrganizationKindValue[] | null {
  const kinds = selected.filter((value): value is OrganizationKindValue => value !== ALL_KINDS);
  if (!selected.includes(ALL_KINDS)) return kinds;
  return before === null && kinds.length ? kinds : null;
}

/** Edits an indicator's staged targets; closes with the updated indicator, or nothing when cancelled. */
@Component({
  selector: 'karta-indicator-targets-dialog',
  imports: [MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatFormField, MatLabel, MatInput, MatSelect, MatOption, MatButton],
  template: `
    <h2 mat-dialog-title>Цели по этапам</h2>
    <mat-dialog-content>
      <p class="name">{{ indicator.name }}</p>
      <p class="hint">
        Этап действует с понедельника указанной недели до начала следующего этапа для тех же видов организаций. Недели пересчитываются
        автоматически.
      </p>
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
          <mat-form-field appearance="outline" class="kinds">
            <mat-label>Виды организаций</mat-label>
            <mat-select
              multiple
              [attr.data-stage]="i"
              [value]="row.kinds ?? [allKinds]"
              (selectionChange)="edit(i, { kinds: kindsFromSelection($event.value, row.kinds) })"
            >
              <mat-option [value]="allKinds">{{ allKindsLabel }}</mat-option>
              @for (kind of kindOptions(row); track kind) {
                <mat-option [value]="kind">{{ kindLabels[kind] }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <button matButton type="button" (click)="remove(i)" [attr.aria-label]="'Удалить этап ' + (i + 1)">Удалить</button>
          @if (parsed().errors[i] ?? serverErrors()[i]; as message) {
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
    .kinds { flex: 1 1 200px; min-width: 0; }
    .error { color: #b00020; flex-basis: 100%; margin: -12px 0 8px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IndicatorTargetsDialog {
  protected readonly indicator = inject<IndicatorDto>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<IndicatorTargetsDialog, IndicatorDto>>(MatDialogRef);
  private readonly api = inject(IndicatorsApi);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly allKinds = ALL_KINDS;
  protected readonly allKindsLabel = ALL_KINDS_LABEL;
  protected readonly kindLabels = ORGANIZATION_KIND_LABELS;
  protected readonly kindsFromSelection = kindsFromSelection;
  protected readonly rows = signal<StageInput[]>(stageInputs(this.indicator.targets));
  protected readonly parsed = computed(() => parseStages(this.rows(), this.indicator.organizationKinds));
  /** The API's field errors per row, until the row is edited. */
  protected readonly serverErrors = signal<(string | null)[]>([]);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  /** The indicator's kinds, and any other kind a stored stage names (shown, and flagged by the check). */
  protected kindOptions(row: StageInput): OrganizationKindValue[] {
    const extra = (row.kinds ?? []).filter((kind) => !this.indicator.organizationKinds.includes(kind));
    return [...this.indicator.organizationKinds, ...extra];
  }

  protected edit(index: number, patch: Partial<StageInput>): void {
    this.rows.update((rows) => rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
    this.serverErrors.update((errors) => errors.map((message, i) => (i === index ? null : message)));
  }

  protected add(): void {
    this.rows.update((rows) => [...rows, { from: '', percent: '', kinds: null }]);
    this.serverErrors.set([]);
  }

  protected remove(index: number): void {
    this.rows.update((rows) => rows.filter((_, i) => i !== index));
    this.serverErrors.set([]);
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
          const byRow = stageFieldErrors(fieldErrors(error), this.rows().length);
          this.serverErrors.set(byRow.rows);
          const marked = byRow.rows.some((message) => message !== null);
          this.error.set(byRow.other.length ? byRow.other.join('. ') : marked ? 'Исправьте отмеченные этапы.' : errorMessage(error));
        },
      });
  }
}
