import { HttpErrorResponse } from '@angular/common/http';
import { convertToParamMap } from '@angular/router';
import { describeEvent, errorMessage, formatBytes, indicatorStatusLabel, textPromptFor } from './task-labels';
import { queryFromParams } from './task-list-page';
import { toParams } from './tasks-api';

describe('task labels', () => {
  it('names the week’s indicator evaluation, «нет данных» as such', () => {
    expect(indicatorStatusLabel('met')).toBe('Показатель: достигнут');
    expect(indicatorStatusLabel('not_met')).toBe('Показатель: ниже цели');
    expect(indicatorStatusLabel('no_data')).toBe('Показатель: нет данных');
    expect(indicatorStatusLabel('no_denominator')).toBe('Показатель: нет знаменателя');
  });

  it('asks for a comment or a reason only where the server requires one', () => {
    expect(textPromptFor('submitted', 'accept')).toBeNull();
    expect(textPromptFor('submitted', 'return')?.label).toBe('Что нужно исправить');
    expect(textPromptFor('open', 'cancel')?.label).toBe('Причина отмены');
    expect(textPromptFor('cancelled', 'reopen')?.label).toBe('Причина');
  });

  it('shows the server’s Russian message, field messages first', () => {
    const withFields = new HttpErrorResponse({
      status: 400,
      error: { statusCode: 400, error: 'Bad Request', message: 'Проверьте правильность заполнения полей', fieldErrors: [{ field: 'comment', messages: ['Укажите комментарий'] }], requestId: 'r' },
    });
    expect(errorMessage(withFields)).toBe('Укажите комментарий');
    const plain = new HttpErrorResponse({ status: 415, error: { statusCode: 415, error: 'Unsupported Media Type', message: 'Файл «a.pdf»: такой формат не принимается', requestId: 'r' } });
    expect(errorMessage(plain)).toBe('Файл «a.pdf»: такой формат не принимается');
    expect(errorMessage(new HttpErrorResponse({ status: 0 }))).toContain('Сервер недоступен');
  });

  it('describes timeline events in Russian', () => {
    const base = { id: 'e', author: null, body: null, createdAt: '2025-09-01T00:00:00Z' };
    expect(describeEvent({ ...base, kind: 'status_changed', data: { from: 'submitted', to: 'returned' } })).toBe('Статус: На проверке → Возвращена');
    expect(describeEvent({ ...base, kind: 'extension_decided', data: { decision: 'refused' } })).toBe('В продлении срока отказано');
    expect(describeEvent({ ...base, kind: 'evidence_added', data: { kind: 'file', fileName: 'отчёт.pdf' } })).toBe('Добавлен файл «отчёт.pdf»');
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 Б');
    expect(formatBytes(1536)).toBe('1,5 КБ');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5,0 МБ');
  });
});

describe('list query in the URL', () => {
  it('reads filters from query params and ignores junk', () => {
    const query = queryFromParams(
      convertToParamMap({ status: ['open', 'returned,bogus'], overdue: 'true', page: '2', pageSize: '999', assignee: 'me', q: 'Касумкент' }),
    );
    expect(query).toMatchObject({ status: ['open', 'returned'], overdue: true, page: 2, pageSize: 50, assignee: 'me', q: 'Касумкент' });
  });

  it('writes repeated statuses and skips empty values', () => {
    expect(toParams({ status: ['open', 'returned'], q: '', overdue: true, page: 1 }).toString()).toBe('status=open&status=returned&overdue=true&page=1');
  });
});
