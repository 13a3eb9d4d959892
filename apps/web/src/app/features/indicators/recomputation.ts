import { DestroyRef, inject, signal, type Signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { RECOMPUTATION_REASON_LABELS, type IndicatorRecomputationDto } from '@karta/contracts';
import { catchError, defer, map, merge, of, repeat, Subject, switchMap, takeWhile, type Observable } from 'rxjs';

/** How often a running recomputation is asked about. */
export const RECOMPUTATION_POLL_MS = 2500;

export function isRecomputing(recomputation: IndicatorRecomputationDto | null): boolean {
  return recomputation !== null && (recomputation.status === 'queued' || recomputation.status === 'running');
}

/** «недели» after 1, 21, 31…, «недель» otherwise: «12 из 66 недель», «1 из 21 недели». */
function weeksWord(count: number): string {
  return count % 10 === 1 && count % 100 !== 11 ? 'недели' : 'недель';
}

/** What the banner says, or null when there is nothing to say (none yet, or the last one is done). */
export function recomputationText(recomputation: IndicatorRecomputationDto | null): string | null {
  if (recomputation === null || recomputation.status === 'done') return null;
  const reason = RECOMPUTATION_REASON_LABELS[recomputation.reason];
  if (recomputation.status === 'failed') return `Пересчёт показателей (${reason}) не выполнен: ${recomputation.error ?? 'причина не указана'}`;
  if (recomputation.weeksTotal === null) return `Пересчёт показателей (${reason}) ждёт очереди`;
  return `Идёт пересчёт показателей (${reason}): ${recomputation.weeksDone} из ${recomputation.weeksTotal} ${weeksWord(recomputation.weeksTotal)}`;
}

/** Percent done for a determinate progress bar, or null while the number of weeks is not known. */
export function recomputationPercent(recomputation: IndicatorRecomputationDto | null): number | null {
  if (!recomputation?.weeksTotal) return null;
  return Math.min(100, Math.round((recomputation.weeksDone / recomputation.weeksTotal) * 100));
}

export interface RecomputationWatch {
  readonly value: Signal<IndicatorRecomputationDto | null>;
  /** Asks again at once (after a target edit queued a new one). */
  restart(): void;
}

/**
 * Follows the roadmap's latest recomputation: asks when the roadmap is chosen, then every
 * `RECOMPUTATION_POLL_MS` while it is queued or running; stops when it is done or failed, on an error,
 * and when the page is left. `finished` runs once when one that was seen running (or asked about by
 * `restart`) ends. Call in an
 * injection context.
 */
export function watchRecomputation(
  roadmapId: Signal<string | null>,
  fetch: (roadmapId: string) => Observable<IndicatorRecomputationDto | null>,
  finished: (recomputation: IndicatorRecomputationDto) => void,
): RecomputationWatch {
  const value = signal<IndicatorRecomputationDto | null>(null);
  const restarts = new Subject<void>();
  // After a restart the new one may be done before the first answer: its end counts as seen.
  const poll = (id: string, restarted: boolean) => {
    let sawRunning = restarted;
    // The first question at once (no timer: the page's first requests go out together), then one every period.
    return defer(() => fetch(id)).pipe(
      repeat({ delay: RECOMPUTATION_POLL_MS }),
      takeWhile(isRecomputing, true),
      map((recomputation) => {
        if (isRecomputing(recomputation)) sawRunning = true;
        else if (sawRunning && recomputation) finished(recomputation);
        return recomputation;
      }),
      catchError(() => of(null)),
    );
  };
  merge(
    toObservable(roadmapId).pipe(map((id) => ({ id, restarted: false }))),
    restarts.pipe(map(() => ({ id: roadmapId(), restarted: true }))),
  )
    .pipe(
      switchMap(({ id, restarted }) => (id ? poll(id, restarted) : of(null))),
      takeUntilDestroyed(inject(DestroyRef)),
    )
    .subscribe((recomputation) => value.set(recomputation));
  return { value: value.asReadonly(), restart: () => restarts.next() };
}
