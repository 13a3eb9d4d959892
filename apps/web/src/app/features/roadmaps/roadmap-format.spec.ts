import { HttpErrorResponse } from '@angular/common/http';
import { fieldLabel, formatLocalDate, importFailure, orderLabel } from './roadmap-format';

describe('roadmap formatting', () => {
  it('formats the order as in the document', () => {
    expect(formatLocalDate('2025-08-01')).toBe('01.08.2025');
    expect(orderLabel({ orderNumber: '76', orderDate: '2025-08-01' })).toBe('Приказ №76 от 01.08.2025');
  });

  it('names fields of a rejected file in Russian with the position of the action', () => {
    expect(fieldLabel('actions[3].schedule.dueWeekday')).toBe('Мероприятие в позиции 4: schedule.dueWeekday');
    expect(fieldLabel('actions[0]')).toBe('Мероприятие в позиции 1');
    expect(fieldLabel('ownerOrganizationCode')).toBe('ownerOrganizationCode');
    expect(fieldLabel('')).toBe('Файл');
  });

  it('reads field errors from the common error body', () => {
    const error = new HttpErrorResponse({
      status: 400,
      error: { statusCode: 400, error: 'Bad Request', message: 'Проверьте', fieldErrors: [{ field: 'code', messages: ['Неверный формат'] }] },
    });
    expect(importFailure(error)).toEqual({ message: 'Проверьте', fieldErrors: [{ field: 'code', messages: ['Неверный формат'] }] });
    expect(importFailure(new HttpErrorResponse({ status: 0 })).message).toBe('Сервер недоступен, попробуйте ещё раз');
  });
});
