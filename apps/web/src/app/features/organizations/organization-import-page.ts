import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { ORGANIZATION_IMPORT_COLUMNS, type OrganizationImportFailure, type OrganizationImportReport } from '@karta/contracts';
import { errorMessage } from './organization-format';
import { OrganizationsApi } from './organizations-api.service';
import { saveBlob } from '../../core/files/save-blob';

type Stage = 'choose' | 'checked' | 'imported';

/** Upload → dry-run report → «Загрузить». A file with any error changes nothing on the server. */
@Component({
  selector: 'karta-organization-import-page',
  imports: [RouterLink, MatButton, MatIcon, MatCard, MatCardContent, MatProgressBar, MatTableModule],
  templateUrl: './organization-import-page.html',
  styleUrl: './organization-import-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrganizationImportPage {
  private readonly api = inject(OrganizationsApi);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly columns = ORGANIZATION_IMPORT_COLUMNS;
  protected readonly errorColumns = ['row', 'column', 'message'];
  protected readonly file = signal<File | null>(null);
  protected readonly report = signal<OrganizationImportReport | null>(null);
  protected readonly stage = signal<Stage>('choose');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected onFile(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.file.set(input.files?.[0] ?? null);
    this.report.set(null);
    this.error.set(null);
    this.stage.set('choose');
    if (this.file()) this.send(true);
    input.value = '';
  }

  protected upload(): void {
    this.send(false);
  }

  private send(dryRun: boolean): void {
    const file = this.file();
    if (!file) return;
    this.busy.set(true);
    this.error.set(null);
    this.api
      .import(file, dryRun)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (report) => {
          this.busy.set(false);
          this.report.set(report);
          this.stage.set(dryRun ? 'checked' : 'imported');
        },
        error: (error: unknown) => {
          this.busy.set(false);
          const failure = error instanceof HttpErrorResponse ? (error.error as Partial<OrganizationImportFailure> | null) : null;
          if (failure?.report) {
            this.report.set(failure.report);
            this.stage.set('choose');
          } else {
            this.error.set(errorMessage(error));
          }
        },
      });
  }

  protected downloadTemplate(): void {
    this.api
      .template()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (blob) => saveBlob(blob, 'Шаблон импорта организаций.xlsx'),
        error: (error: unknown) => this.error.set(errorMessage(error)),
      });
  }
}
