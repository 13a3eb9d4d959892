import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, linkedSignal, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatOption, MatSelect } from '@angular/material/select';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { INDICATOR_STATUS_LABELS, MEASURE_LABELS, MEASURE_VALUES, type ApiError, type MeasureValue, type MeasureValuesDto } from '@karta/contracts';
import { formatIsoWeek, formatPercentRu } from '@karta/domain';
import { AuthService } from '../../core/auth/auth.service';
import { ZonedDatePipe } from '../../core/time/zoned-date.pipe';
import { currentWeek, lastFinishedWeek, shareText, weekFromParam, weekLabel, weekOption } from '../indicators/indicator-format';
import { latest } from '../indicators/latest';
import { errorMessage } from '../tasks/task-labels';
import { WeeklyApi } from './weekly-api';
import { changedValues, fieldIssues, inputsFromValues, liveShares, measureOfField, parseInputs, type MeasureInputs } from './weekly-entry';
import { describeChanges, SOURCE_LABELS } from './weekly-labels';

const EMPTY_INPUTS = Object.fromEntries(MEASURE_VALUES.map((m) => [m, ''])) as MeasureInputs;

/**
 * «Еженедельные данные»: an organization's six numbers for a week, with the shares against the targets
 * recomputed as they are typed, checks before saving, and the change history.
 */
@Component({
  selector: 'karta-weekly-entry-page',
  imports: [RouterLink, MatFormField, MatLabel, MatHint, MatInput, MatSelect, MatOption, MatButton, MatProgressBar, ZonedDatePipe],
  templateUrl: './weekly-entry-page.html',
  styleUrl: './weekly-entry-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WeeklyEntryPage {
  private readonly api = inject(WeeklyApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly destroyRef = inject(DestroyRef);
  private readonly user = inject(AuthService).currentUser;

  protected readonly measures = MEASURE_VALUES;
  protected readonly measureLabels = MEASURE_LABELS;
  protected readonly statusLabels = INDICATOR_STATUS_LABELS;
  protected readonly sourceLabels = SOURCE_LABELS;
  protected readonly shareText = shareText;
  protected readonly percent = formatPercentRu;
  protected readonly describeChanges = describeChanges;

  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly organizationId = computed(() => this.params().get('organizationId') ?? this.user()?.organizationId ?? null);
  protected readonly week = computed(() => formatIsoWeek(weekFromParam(this.params().get('week'), lastFinishedWeek())));
  /** The coordinator enters the current or the last week; a controller may arrive at any week from the matrix. */
  protected readonly weekOptions = computed(() => {
    const options = [weekOption(currentWeek()), weekOption(lastFinishedWeek())];
    return options.some((o) => o.key === this.week()) ? options : [...options, { key: this.week(), label: weekLabel(this.week()) }];
  });

  protected readonly report = latest(
    computed(() => {
      const organizationId = this.organizationId();
      return organizationId ? { organizationId, week: this.week() } : null;
    }),
    (q) => this.api.report(q.organizationId, q.week),
  );

  protected readonly inputs = linkedSignal<MeasureInputs>(() => {
    const report = this.report.value();
    return report ? inputsFromValues(report.values) : EMPTY_INPUTS;
  });
  protected readonly values = computed<MeasureValuesDto>(() => parseInputs(this.inputs()));
  protected readonly issues = computed(() => {
    const report = this.report.value();
    return report ? fieldIssues(this.values(), report.headcounts) : {};
  });
  protected readonly serverErrors = signal<Partial<Record<MeasureValue, string>>>({});
  protected readonly shares = computed(() => {
    const report = this.report.value();
    return report ? liveShares(report, this.values()) : [];
  });
  protected readonly changes = computed(() => {
    const report = this.report.value();
    return report ? changedValues(report.values, this.values()) : {};
  });
  protected readonly dirty = computed(() => Object.keys(this.changes()).length > 0);
  protected readonly valid = computed(() => Object.keys(this.issues()).length === 0);

  protected readonly saving = signal(false);
  protected readonly saveError = signal<string | null>(null);
  protected readonly saved = signal(false);

  protected selectWeek(week: string): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { week }, queryParamsHandling: 'merge' });
  }

  protected setInput(measure: MeasureValue, event: Event): void {
    const text = (event.target as HTMLInputElement).value;
    this.inputs.update((inputs) => ({ ...inputs, [measure]: text }));
    this.serverErrors.update((errors) => {
      const next = { ...errors };
      delete next[measure];
      return next;
    });
    this.saved.set(false);
  }

  protected fieldError(measure: MeasureValue): string | null {
    return this.issues()[measure] ?? this.serverErrors()[measure] ?? null;
  }

  protected save(): void {
    const report = this.report.value();
    const organizationId = this.organizationId();
    if (!report || !organizationId || !this.valid() || !this.dirty()) return;
    this.saving.set(true);
    this.saveError.set(null);
    this.api
      .save(organizationId, this.week(), { values: this.changes(), version: report.version })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (next) => {
          this.saving.set(false);
          this.saved.set(true);
          this.report.replace(next);
        },
        error: (error: unknown) => {
          this.saving.set(false);
          this.onSaveError(error);
        },
      });
  }

  private onSaveError(error: unknown): void {
    if (error instanceof HttpErrorResponse && error.status === 409) {
      this.saveError.set('Данные за эту неделю уже изменил кто-то другой. Загружены актуальные значения — проверьте их и сохраните снова.');
      this.report.reload();
      return;
    }
    const body = error instanceof HttpErrorResponse ? (error.error as Partial<ApiError> | null) : null;
    const byMeasure: Partial<Record<MeasureValue, string>> = {};
    for (const field of body?.fieldErrors ?? []) {
      const measure = measureOfField(field.field);
      if (measure) byMeasure[measure] = field.messages.join('. ');
    }
    this.serverErrors.set(byMeasure);
    this.saveError.set(Object.keys(byMeasure).length ? 'Исправьте отмеченные поля.' : errorMessage(error));
  }
}
