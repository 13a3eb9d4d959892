import { computed, inject, type Signal, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { RoadmapSummary } from '@karta/contracts';
import { RoadmapsApi } from './roadmaps-api.service';

export interface RoadmapChoice {
  /** The roadmaps the caller sees; null while loading, empty when there are none or loading failed. */
  readonly roadmaps: Signal<RoadmapSummary[] | null>;
  /** The chosen roadmap, else the first one (most users work under exactly one). */
  readonly roadmapId: Signal<string | null>;
  readonly failed: Signal<boolean>;
}

/**
 * The roadmap picker's state of the pages that work within one roadmap (indicators, weekly data).
 * Call it in an injection context.
 */
export function roadmapChoice(chosen: () => string | null): RoadmapChoice {
  const roadmaps = signal<RoadmapSummary[] | null>(null);
  const failed = signal(false);
  inject(RoadmapsApi)
    .list()
    .pipe(takeUntilDestroyed())
    .subscribe({
      next: (page) => roadmaps.set(page.items),
      error: () => {
        failed.set(true);
        roadmaps.set([]);
      },
    });
  return { roadmaps: roadmaps.asReadonly(), roadmapId: computed(() => chosen() ?? roadmaps()?.[0]?.id ?? null), failed: failed.asReadonly() };
}
