import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { IndicatorRecomputationDto } from '@karta/contracts';
import { of, throwError, type Observable } from 'rxjs';
import { aRecomputation } from './indicator-fixtures';
import { RECOMPUTATION_POLL_MS, recomputationPercent, recomputationText, watchRecomputation } from './recomputation';

describe('recomputation', () => {
  it('says what runs, why and how far, in Russian', () => {
    expect(recomputationText(aRecomputation())).toBe('Идёт пересчёт показателей (изменены цели): 12 из 66 недель');
    expect(recomputationText(aRecomputation({ reason: 'scope', weeksDone: 0, weeksTotal: 21 }))).toBe('Идёт пересчёт показателей (изменён состав организаций): 0 из 21 недели');
    expect(recomputationText(aRecomputation({ reason: 'headcounts', weeksDone: 1, weeksTotal: 1 }))).toBe('Идёт пересчёт показателей (изменена численность): 1 из 1 недели');
    expect(recomputationText(aRecomputation({ status: 'queued', weeksTotal: null, weeksDone: 0 }))).toBe('Пересчёт показателей (изменены цели) ждёт очереди');
    expect(recomputationText(aRecomputation({ status: 'failed', reason: 'rules', error: 'Нет связи с базой данных' }))).toBe(
      'Пересчёт показателей (обновлены правила расчёта) не выполнен: Нет связи с базой данных',
    );
    expect(recomputationText(aRecomputation({ status: 'done', weeksDone: 66 }))).toBeNull();
    expect(recomputationText(null)).toBeNull();
  });

  it('gives the progress bar a percent only when the number of weeks is known', () => {
    expect(recomputationPercent(aRecomputation())).toBe(18);
    expect(recomputationPercent(aRecomputation({ weeksTotal: null }))).toBeNull();
    expect(recomputationPercent(aRecomputation({ weeksTotal: 0, weeksDone: 0 }))).toBeNull();
  });

  describe('watchRecomputation', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] }));
    afterEach(() => jest.useRealTimers());

    /** Answers in turn; counts the questions. */
    function answers(...list: (IndicatorRecomputationDto | null | Error)[]) {
      const asked: string[] = [];
      const fetch = (roadmapId: string): Observable<IndicatorRecomputationDto | null> => {
        asked.push(roadmapId);
        const next = list[Math.min(asked.length, list.length) - 1];
        return next instanceof Error ? throwError(() => next) : of(next);
      };
      return { asked, fetch };
    }

    function watch(fetch: (roadmapId: string) => Observable<IndicatorRecomputationDto | null>, roadmapId = signal<string | null>('rm-1')) {
      const finished = jest.fn();
      const watcher = TestBed.runInInjectionContext(() => watchRecomputation(roadmapId, fetch, finished));
      TestBed.tick();
      return { watcher, finished };
    }

    it('asks at once, every period while it runs, stops when it is done and reports the end once', async () => {
      const { asked, fetch } = answers(aRecomputation({ status: 'queued', weeksTotal: null, weeksDone: 0 }), aRecomputation(), aRecomputation({ status: 'done', weeksDone: 66 }));
      const { watcher, finished } = watch(fetch);
      expect(asked).toEqual(['rm-1']);
      expect(watcher.value()?.status).toBe('queued');
      await jest.advanceTimersByTimeAsync(RECOMPUTATION_POLL_MS);
      expect(watcher.value()?.weeksDone).toBe(12);
      expect(finished).not.toHaveBeenCalled();
      await jest.advanceTimersByTimeAsync(RECOMPUTATION_POLL_MS);
      expect(watcher.value()?.status).toBe('done');
      expect(finished).toHaveBeenCalledTimes(1);
      await jest.advanceTimersByTimeAsync(RECOMPUTATION_POLL_MS * 4);
      expect(asked).toHaveLength(3);
      expect(finished).toHaveBeenCalledTimes(1);
    });

    it('asks once about one that ended before the page opened, and reloads nothing', async () => {
      const { asked, fetch } = answers(aRecomputation({ status: 'done', weeksDone: 66 }));
      const { finished } = watch(fetch);
      await jest.advanceTimersByTimeAsync(RECOMPUTATION_POLL_MS * 3);
      expect(asked).toHaveLength(1);
      expect(finished).not.toHaveBeenCalled();
    });

    it('asks again at once after a target edit, and counts its end even when the first answer is already done', async () => {
      const { asked, fetch } = answers(null, aRecomputation({ id: 'rc-2', status: 'done', weeksDone: 66 }));
      const { watcher, finished } = watch(fetch);
      expect(watcher.value()).toBeNull();
      watcher.restart();
      expect(asked).toHaveLength(2);
      expect(finished).toHaveBeenCalledWith(expect.objectContaining({ id: 'rc-2' }));
    });

    it('stops on an error and when the roadmap changes to none', async () => {
      const failing = answers(aRecomputation(), new Error('offline'));
      const first = watch(failing.fetch);
      await jest.advanceTimersByTimeAsync(RECOMPUTATION_POLL_MS * 3);
      expect(failing.asked).toHaveLength(2);
      expect(first.watcher.value()).toBeNull();

      const running = answers(aRecomputation());
      const roadmapId = signal<string | null>('rm-1');
      watch(running.fetch, roadmapId);
      roadmapId.set(null);
      TestBed.tick();
      await jest.advanceTimersByTimeAsync(RECOMPUTATION_POLL_MS * 3);
      expect(running.asked).toHaveLength(1);
    });
  });
});
