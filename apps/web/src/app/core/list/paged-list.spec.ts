import { TestBed } from '@angular/core/testing';
import type { Page } from '@karta/contracts';
import { Subject, throwError } from 'rxjs';
import { pagedList } from './paged-list';

const pageOf = (items: string[]): Page<string> => ({ items, total: items.length, page: 1, pageSize: 50 });

describe('pagedList', () => {
  it('loads a page per filter value, drops a superseded answer, keeps the last page on failure', () => {
    const filters = new Subject<string>();
    const answers = new Map<string, Subject<Page<string>>>();
    const load = jest.fn((filter: string) => {
      if (filter === 'broken') return throwError(() => new Error('503'));
      const answer = new Subject<Page<string>>();
      answers.set(filter, answer);
      return answer;
    });
    const list = TestBed.runInInjectionContext(() => pagedList(filters, load, (error) => `Ошибка: ${(error as Error).message}`));

    filters.next('a');
    expect(list.loading()).toBe(true);
    filters.next('b'); // 'a' is superseded before it answers
    answers.get('a')?.next(pageOf(['old']));
    expect(list.page()).toBeNull();
    answers.get('b')?.next(pageOf(['x', 'y']));
    expect(list.page()?.items).toEqual(['x', 'y']);
    expect(list.loading()).toBe(false);

    filters.next('broken');
    expect(list.error()).toBe('Ошибка: 503');
    expect(list.page()?.items).toEqual(['x', 'y']);
    expect(list.loading()).toBe(false);

    filters.next('c');
    answers.get('c')?.next(pageOf(['z']));
    expect(list.error()).toBeNull();
    expect(load).toHaveBeenCalledTimes(4);
  });
});
