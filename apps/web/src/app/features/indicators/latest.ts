import { DestroyRef, inject, signal, type Signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { catchError, distinctUntilChanged, map, merge, of, Subject, switchMap, tap, type Observable } from 'rxjs';
import { errorMessage } from '../tasks/task-labels';

export interface Latest<T> {
  /** The last answer; kept while the next one loads, so tables do not flicker. */
  readonly value: Signal<T | null>;
  readonly loading: Signal<boolean>;
  readonly error: Signal<string | null>;
  reload(): void;
  /** Puts an answer obtained otherwise (a save returning the new state). */
  replace(value: T): void;
}

/**
 * Loads `fetch(query)` whenever the query signal changes to a different value (a `null` query loads
 * nothing and clears the value); a newer query cancels the answer of an older one. Call in an
 * injection context.
 */
export function latest<Q, T>(query: Signal<Q | null>, fetch: (query: Q) => Observable<T>): Latest<T> {
  const value = signal<T | null>(null);
  const loading = signal(false);
  const error = signal<string | null>(null);
  const reloads = new Subject<void>();
  const queries = toObservable(query).pipe(distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)));
  merge(queries, reloads.pipe(map(() => query())))
    .pipe(
      tap((q) => {
        loading.set(q !== null);
        if (q === null) value.set(null);
      }),
      switchMap((q) =>
        q === null
          ? of(undefined)
          : fetch(q).pipe(
              tap(() => error.set(null)),
              catchError((failure: unknown) => {
                error.set(errorMessage(failure));
                value.set(null);
                return of(undefined);
              }),
            ),
      ),
      takeUntilDestroyed(inject(DestroyRef)),
    )
    .subscribe((answer) => {
      loading.set(false);
      if (answer !== undefined) value.set(answer);
    });
  return { value: value.asReadonly(), loading: loading.asReadonly(), error: error.asReadonly(), reload: () => reloads.next(), replace: (next) => value.set(next) };
}
