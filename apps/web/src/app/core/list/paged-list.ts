import { DestroyRef, inject, type Signal, signal, type WritableSignal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { Page } from '@karta/contracts';
import { catchError, type Observable, of, switchMap, tap } from 'rxjs';

export interface PagedList<T> {
  /** The last page loaded; kept while the next one loads, so the table does not flicker. */
  readonly page: Signal<Page<T> | null>;
  readonly loading: Signal<boolean>;
  /** The last failure's message, cleared by the next success (pages may also set their own). */
  readonly error: WritableSignal<string | null>;
}

/**
 * The list pages' loop: every value of `filters` (usually the URL's query parameters) loads a page,
 * a newer value cancels the older request, a failure keeps the previous page and shows a message.
 * Call it in an injection context (a field initializer or the constructor).
 */
export function pagedList<F, T>(filters: Observable<F>, load: (filters: F) => Observable<Page<T>>, describeError: (error: unknown) => string): PagedList<T> {
  const page = signal<Page<T> | null>(null);
  const loading = signal(true);
  const error = signal<string | null>(null);
  filters
    .pipe(
      tap(() => loading.set(true)),
      switchMap((value) =>
        load(value).pipe(
          catchError((failure: unknown) => {
            error.set(describeError(failure));
            return of(null);
          }),
        ),
      ),
      takeUntilDestroyed(inject(DestroyRef)),
    )
    .subscribe((loaded) => {
      loading.set(false);
      if (loaded) {
        error.set(null);
        page.set(loaded);
      }
    });
  return { page: page.asReadonly(), loading: loading.asReadonly(), error };
}
