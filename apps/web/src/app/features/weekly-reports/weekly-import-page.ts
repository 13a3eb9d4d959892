import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatPaginator, PageEvent } from '@angular/material/paginator';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { WeeklyImportDto, WeeklyImportStatusValue } from '@karta/contracts';
import { catchError, distinctUntilChanged, exhaustMap, of, switchMap, takeWhile, timer } from 'rxjs';
import { ZonedDatePipe } from '../../core/time/zoned-date.pipe';
import { latest } from '../indicators/latest';
import { roadmapChoice } from '../roadmaps/roadmap-choice';
import { errorMessage, formatBytes } from '../tasks/task-labels';
import { type TemplateFormat, WeeklyApi } from './weekly-api';
import { IMPORT_STATUS_LABELS, importProgress, isFinished, progressText } from './weekly-import';
import { saveBlob } from '../../core/files/save-blob';

const POLL_MS = 1000;
const ISSUES_PAGE_SIZE = 50;
const HISTORY_PAGE_SIZE = 10;

function pageParam(value: string | null): number {
  const page = Number(value ?? 1);
  return Number.isInteger(page) && page > 0 ? page : 1;
}

/**
 * District import of weekly numbers: the file is queued on the server; the page polls the import
 * until it is done, then shows applied / unchanged / rejected / skipped and the row report. A failed
 * import whose file is kept can be queued again («Повторить»), and is then watched again. The import
 * being watched is in the URL, so a reload keeps watching it.
 */
@Component({
  selector: 'karta-weekly-import-page',
  imports: [RouterLink, MatButton, MatIcon, MatFormField, MatLabel, MatSelect, MatOption, MatProgressBar, MatTableModule, MatPaginator, ZonedDatePipe],
  templateUrl: './weekly-import-page.html',
  styleUrl: './weekly-import-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WeeklyImportPage {
  private readonly api = inject(WeeklyApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly statusLabels = IMPORT_STATUS_LABELS;
  protected readonly progress = importProgress;
  protected readonly progressText = progressText;
  protected readonly formatBytes = formatBytes;
  protected readonly issueColumns = ['row', 'organization', 'column', 'message'];
  protected readonly historyColumns = ['createdAt', 'file', 'status', 'applied', 'unchanged', 'rejected', 'author'];
  protected readonly issuesPageSize = ISSUES_PAGE_SIZE;
  protected readonly historyPageSize = HISTORY_PAGE_SIZE;

  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly importId = computed(() => this.params().get('import'));
  private readonly issuesPage = computed(() => pageParam(this.params().get('issuesPage')));
  private readonly historyPage = computed(() => pageParam(this.params().get('historyPage')));

  protected readonly chosenRoadmap = signal<string | null>(null);
  private readonly roadmapChoice = roadmapChoice(this.chosenRoadmap);
  protected readonly roadmaps = this.roadmapChoice.roadmaps;
  protected readonly roadmapId = this.roadmapChoice.roadmapId;
  protected readonly file = signal<File | null>(null);
  protected readonly uploading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly current = signal<WeeklyImportDto | null>(null);
  protected readonly retrying = signal(false);
  /** Bumped by «Повторить»: the same import is watched again from its new start. */
  private readonly watchRound = signal(0);

  protected readonly issues = latest(
    computed(() => {
      const current = this.current();
      return current && isFinished(current.status) ? { id: current.id, page: this.issuesPage() } : null;
    }),
    (q) => this.api.issues(q.id, q.page, ISSUES_PAGE_SIZE),
  );
  protected readonly history = latest(
    computed(() => ({ page: this.historyPage() })),
    (q) => this.api.imports(q.page, HISTORY_PAGE_SIZE),
  );

  constructor() {
    toObservable(computed(() => ({ id: this.importId(), round: this.watchRound() })))
      .pipe(
        distinctUntilChanged((a, b) => a.id === b.id && a.round === b.round),
        switchMap(({ id }) => (id ? this.watch(id) : of(null))),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((dto) => {
        this.current.set(dto);
        if (dto && isFinished(dto.status)) this.history.reload();
      });
  }

  /** The import every second until it is done or failed (the last answer included). */
  private watch(id: string) {
    return timer(0, POLL_MS).pipe(
      exhaustMap(() => this.api.import(id)),
      takeWhile((dto) => !isFinished(dto.status), true),
      catchError((error: unknown) => {
        this.error.set(errorMessage(error));
        return of(null);
      }),
    );
  }

  protected statusLabel(status: WeeklyImportStatusValue): string {
    return IMPORT_STATUS_LABELS[status];
  }

  protected onFile(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.file.set(input.files?.[0] ?? null);
    this.error.set(null);
  }

  protected upload(): void {
    const file = this.file();
    const roadmapId = this.roadmapId();
    if (!file || !roadmapId) return;
    this.uploading.set(true);
    this.error.set(null);
    this.api
      .startImport(file, roadmapId)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (dto) => {
          this.uploading.set(false);
          this.file.set(null);
          this.current.set(dto);
          this.open(dto.id);
        },
        error: (error: unknown) => {
          this.uploading.set(false);
          this.error.set(errorMessage(error));
        },
      });
  }

  protected retry(job: WeeklyImportDto): void {
    this.retrying.set(true);
    this.error.set(null);
    this.api
      .retryImport(job.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (dto) => {
          this.retrying.set(false);
          this.current.set(dto);
          this.history.reload();
          if (this.importId() === dto.id) this.watchRound.update((round) => round + 1);
          else this.open(dto.id);
        },
        error: (error: unknown) => {
          this.retrying.set(false);
          this.error.set(errorMessage(error));
        },
      });
  }

  protected open(id: string): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { import: id, issuesPage: null }, queryParamsHandling: 'merge' });
  }

  protected onIssuesPage(event: PageEvent): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { issuesPage: event.pageIndex + 1 }, queryParamsHandling: 'merge' });
  }

  protected onHistoryPage(event: PageEvent): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { historyPage: event.pageIndex + 1 }, queryParamsHandling: 'merge' });
  }

  protected downloadTemplate(format: TemplateFormat): void {
    this.api
      .template(format)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (blob) => saveBlob(blob, `Шаблон еженедельных данных.${format}`),
        error: (error: unknown) => this.error.set(errorMessage(error)),
      });
  }
}
