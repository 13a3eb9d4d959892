import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatDialogActions, MatDialogClose, MatDialogContent, MatDialogRef, MatDialogTitle } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import type { ImportRoadmapResponse } from '@karta/contracts';
import { fieldLabel, type ImportFailure, importFailure } from './roadmap-format';
import { RoadmapsApi } from './roadmaps-api.service';

/** Uploads a roadmap file (YAML). A file with any error changes nothing; its errors are listed by field. */
@Component({
  selector: 'karta-roadmap-import-dialog',
  imports: [MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatButton, MatIcon, MatProgressBar],
  template: `
    <h2 mat-dialog-title>Загрузка дорожной карты</h2>
    <mat-dialog-content>
      <p class="hint">
        Файл YAML с приказом и мероприятиями (образец — <code>data/roadmaps/order-76.yaml</code>). Карта обновляется по коду, мероприятия — по номеру;
        после загрузки задачи создаются автоматически.
      </p>
      <input #picker type="file" accept=".yaml,.yml,text/yaml,application/yaml" hidden (change)="onFile($event)" data-testid="roadmap-file" />
      <button matButton="outlined" type="button" (click)="picker.click()" [disabled]="busy()">
        <mat-icon svgIcon="upload" />
        {{ fileName() ?? 'Выбрать файл' }}
      </button>
      @if (busy()) {
        <mat-progress-bar mode="indeterminate" />
      }
      @if (result(); as r) {
        <p class="ok" data-testid="roadmap-import-result">
          <mat-icon svgIcon="ok" />
          Карта «{{ r.code }}» {{ r.created ? 'создана' : 'обновлена' }}: новых мероприятий {{ r.actionsCreated }}, изменено {{ r.actionsUpdated }},
          без изменений {{ r.actionsUnchanged }}; показателей новых {{ r.indicatorsCreated }}, изменено {{ r.indicatorsUpdated }}.
        </p>
      }
      @if (failure(); as f) {
        <div class="failure" role="alert" data-testid="roadmap-import-errors">
          <p><mat-icon svgIcon="error" /> {{ f.message }}. Ничего не загружено.</p>
          <ul>
            @for (error of f.fieldErrors; track error.field) {
              <li><strong>{{ label(error.field) }}</strong> (<code>{{ error.field || 'файл' }}</code>): {{ error.messages.join('; ') }}</li>
            }
          </ul>
        </div>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton type="button" [mat-dialog-close]="result()">Закрыть</button>
    </mat-dialog-actions>
  `,
  styles: `
    .hint { color: var(--mat-sys-on-surface-variant); }
    .ok, .failure p { display: flex; gap: 8px; align-items: center; }
    .ok mat-icon { color: var(--mat-sys-primary); }
    .failure { color: var(--mat-sys-error); }
    .failure ul { padding-left: 20px; margin: 0; }
    mat-progress-bar { margin-top: 12px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoadmapImportDialog {
  private readonly api = inject(RoadmapsApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly dialogRef = inject(MatDialogRef<RoadmapImportDialog, ImportRoadmapResponse | null>);
  protected readonly fileName = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly result = signal<ImportRoadmapResponse | null>(null);
  protected readonly failure = signal<ImportFailure | null>(null);
  protected readonly label = fieldLabel;

  protected async onFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.fileName.set(file.name);
    this.result.set(null);
    this.failure.set(null);
    this.busy.set(true);
    const yaml = await file.text();
    this.api
      .import(yaml)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (result) => {
          this.busy.set(false);
          this.result.set(result);
        },
        error: (error: unknown) => {
          this.busy.set(false);
          this.failure.set(importFailure(error));
        },
      });
  }
}
