import { LOCALE_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { AuditEntry, Page } from '@karta/contracts';
import { of } from 'rxjs';
import { AuditApi } from './audit-api';
import { AuditHistory } from './audit-history';

const entry: AuditEntry = {
  id: 'a1',
  at: '2025-09-10T09:30:00.000Z',
  actor: { id: 'u1', fullName: 'Кахриманов Р. Т.', email: 'controller@karta.test' },
  action: 'task.accepted',
  entityType: 'task',
  entityId: 't1',
  organization: null,
  before: { status: 'submitted' },
  after: { status: 'accepted' },
  ip: null,
  requestId: null,
};

describe('AuditHistory', () => {
  it('lists the object’s trail with Moscow times and shows before → after on demand; a new revision fetches again', async () => {
    const history = jest.fn((): ReturnType<AuditApi['history']> => of<Page<AuditEntry>>({ items: [entry], total: 1, page: 1, pageSize: 50 }));
    TestBed.configureTestingModule({ imports: [AuditHistory], providers: [{ provide: AuditApi, useValue: { history } }, { provide: LOCALE_ID, useValue: 'ru-RU' }] });
    const fixture = TestBed.createComponent(AuditHistory);
    fixture.componentRef.setInput('entityType', 'task');
    fixture.componentRef.setInput('entityId', 't1');
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    expect(history).toHaveBeenCalledWith('task', 't1');
    expect(element.querySelector('.history-entry')?.textContent).toContain('Задача принята');
    expect(element.querySelector('.when')?.textContent).toContain('12:30');
    expect(element.querySelector('karta-audit-diff')).toBeNull();

    element.querySelector<HTMLButtonElement>('button')?.click();
    await fixture.whenStable();
    expect(element.querySelector('.changed .before')?.textContent).toBe('submitted');
    expect(element.querySelector('.changed .after')?.textContent).toBe('accepted');

    fixture.componentRef.setInput('revision', 2);
    await fixture.whenStable();
    expect(history).toHaveBeenCalledTimes(2);
  });
});
