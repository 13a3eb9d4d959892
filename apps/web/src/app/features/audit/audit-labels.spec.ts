import { auditActionLabel, auditDiff, entityTypeLabel } from './audit-labels';

describe('audit labels', () => {
  it('names known actions in Russian and shows unknown ones by their code', () => {
    expect(auditActionLabel('auth.login_succeeded')).toBe('Вход в систему');
    expect(auditActionLabel('task.something_new')).toBe('task.something_new');
    expect(auditActionLabel('constructor')).toBe('constructor');
  });

  it('names object types', () => {
    expect(entityTypeLabel('task')).toBe('Задача');
    expect(entityTypeLabel('system_probe')).toBe('system_probe');
    expect(entityTypeLabel(null)).toBe('—');
  });

  it('lists before → after per field, marking the changed ones', () => {
    expect(auditDiff({ status: 'submitted', title: 'А' }, { status: 'accepted', title: 'А', version: 2 })).toEqual([
      { field: 'status', before: 'submitted', after: 'accepted', changed: true },
      { field: 'title', before: 'А', after: 'А', changed: false },
      { field: 'version', before: '—', after: '2', changed: true },
    ]);
    expect(auditDiff(null, null)).toEqual([]);
    expect(auditDiff(null, { tags: ['a'] })).toEqual([{ field: 'tags', before: '—', after: '["a"]', changed: true }]);
  });
});
