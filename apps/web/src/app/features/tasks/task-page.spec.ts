import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { of } from 'rxjs';
import { AuditApi } from '../audit/audit-api';
import { provideKartaIcons } from '../../core/ui/icons';
import { queryRequired } from '../../../testing/fixtures';
import { aTaskDetails } from './task-fixtures';
import { TaskPage } from './task-page';

describe('TaskPage', () => {
  let fixture: ComponentFixture<TaskPage>;
  let page: HTMLElement;
  let backend: HttpTestingController;
  const id = aTaskDetails().id;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [TaskPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideKartaIcons(), { provide: LOCALE_ID, useValue: 'ru-RU' },
        // The audit trail card has its own API; these tests are about the task.
        { provide: AuditApi, useValue: { history: () => of({ items: [], total: 0, page: 1, pageSize: 50 }) } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TaskPage);
    fixture.componentRef.setInput('id', id);
    page = fixture.nativeElement;
    fixture.detectChanges();
  });

  afterEach(() => backend.verify());

  it('shows the header: action, organization, period label, Moscow due date and status', async () => {
    backend.expectOne(`/api/tasks/${id}`).flush(aTaskDetails({ status: 'returned', overdue: true, allowedActions: ['start', 'submit'] }));
    await fixture.whenStable();
    expect(page.querySelector('h1')?.textContent).toBe('Мероприятие №1. Создать официальный канал в MAX');
    expect(page.querySelector('.organization')?.textContent).toBe('МКОУ «Касумкентская СОШ №1»');
    expect(page.querySelector('.period')?.textContent).toBe('август 2025');
    expect(page.querySelector('.due')?.textContent).toContain('31.08.2025, 23:59 (МСК)');
    expect(page.querySelector('.task-status')?.textContent).toBe('Возвращена');
    expect(page.querySelector('.overdue-badge')?.textContent).toBe('Просрочена');
    expect(Array.from(page.querySelectorAll('.actions button'), (b) => b.textContent?.trim())).toEqual(['Взять в работу', 'Отправить на проверку']);
  });

  it('submits with the version it saw and shows the server’s refusal in Russian', async () => {
    backend.expectOne(`/api/tasks/${id}`).flush(aTaskDetails());
    await fixture.whenStable();
    queryRequired<HTMLButtonElement>(page, 'button.action-submit').click();
    const request = backend.expectOne(`/api/tasks/${id}/transitions`);
    expect(request.request.body).toEqual({ action: 'submit', expectedVersion: 3 });
    request.flush(
      { statusCode: 400, error: 'Bad Request', message: 'Приложите хотя бы одно подтверждение', requestId: 'r' },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(page.querySelector('.action-error')?.textContent).toBe('Приложите хотя бы одно подтверждение');
  });

  it('uploads each file separately and shows a rejected file’s message', async () => {
    backend.expectOne(`/api/tasks/${id}`).flush(aTaskDetails());
    await fixture.whenStable();
    const input = queryRequired<HTMLInputElement>(page, 'input[type=file]');
    const files = [new File(['%PDF-1.4'], 'отчёт.pdf'), new File(['MZ'], 'virus.pdf')];
    Object.defineProperty(input, 'files', { value: files });
    input.dispatchEvent(new Event('change'));
    const requests = backend.match(`/api/tasks/${id}/evidence/files`);
    expect(requests).toHaveLength(2);
    expect((requests[0].request.body as FormData).get('files')).toBeInstanceOf(File);
    requests[1].flush(
      { statusCode: 415, error: 'Unsupported Media Type', message: 'Файл «virus.pdf»: такой формат не принимается', requestId: 'r' },
      { status: 415, statusText: 'Unsupported Media Type' },
    );
    requests[0].flush([]);
    backend.expectOne(`/api/tasks/${id}`).flush(aTaskDetails());
    await fixture.whenStable();
    expect(page.querySelector('.upload-error')?.textContent).toBe('Файл «virus.pdf»: такой формат не принимается');
  });

  it('adds a link from the form without leaving the page', async () => {
    backend.expectOne(`/api/tasks/${id}`).flush(aTaskDetails());
    await fixture.whenStable();
    const input = queryRequired<HTMLInputElement>(page, 'input[name=evidence-link]');
    input.value = 'https://max.ru/ss001/post/42';
    input.dispatchEvent(new Event('input'));
    queryRequired<HTMLButtonElement>(page, 'button.add-link').click();
    const request = backend.expectOne(`/api/tasks/${id}/evidence/links`);
    expect(request.request.body).toEqual({ url: 'https://max.ru/ss001/post/42' });
    request.flush({});
    backend.expectOne(`/api/tasks/${id}`).flush(aTaskDetails());
    await fixture.whenStable();
    expect(input.value).toBe('');
  });

  it('says «Не найдено» for a task outside the caller’s scope', async () => {
    backend.expectOne(`/api/tasks/${id}`).flush({ statusCode: 404, message: 'Не найдено' }, { status: 404, statusText: 'Not Found' });
    await fixture.whenStable();
    expect(page.querySelector('h1')?.textContent).toBe('Не найдено');
  });

  it('shows history by round and the reviewer’s decision form', async () => {
    backend.expectOne(`/api/tasks/${id}`).flush(
      aTaskDetails({
        currentRound: 2,
        allowedActions: ['cancel'],
        permissions: { ...aTaskDetails().permissions, isExecutor: false, isReviewer: true, canEditEvidence: false, canDecideExtension: true, canRequestExtension: false },
        evidenceHistory: [
          { id: 'ev1', kind: 'link', round: 1, fileName: null, mimeType: null, sizeBytes: null, sha256: null, url: 'https://max.ru/p/1', text: null, createdAt: '2025-08-20T10:00:00Z', createdBy: null, removedAt: null },
        ],
        pendingExtension: {
          id: 'x1', status: 'pending', reason: 'Болезнь', requestedDueAt: '2025-09-10T20:59:00.000Z', requestedBy: { id: 'u', fullName: 'Координатор' },
          decidedBy: null, decidedAt: null, grantedDueAt: null, decisionComment: null, createdAt: '2025-08-25T10:00:00Z',
        },
      }),
    );
    await fixture.whenStable();
    expect(page.querySelector('.round h4')?.textContent).toBe('Отправка 1');
    expect(page.querySelector('.extension')?.textContent).toContain('10.09.2025');
    expect(page.querySelector('.drop-zone')).toBeNull();
    expect(Array.from(page.querySelectorAll('.extension button'), (b) => b.textContent?.trim())).toEqual(['Продлить', 'Отказать']);
  });
});
