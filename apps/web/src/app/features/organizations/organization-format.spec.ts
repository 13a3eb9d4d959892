import { HttpErrorResponse } from '@angular/common/http';
import type { OrganizationTreeNode } from '@karta/contracts';
import { buildTree, errorMessage, flattenTree, formatLocalDate } from './organization-format';

const node = (id: string, parentId: string | null, code = id): OrganizationTreeNode => ({
  id,
  parentId,
  code,
  shortName: code,
  kind: 'school',
  isActive: true,
  childCount: 0,
});

describe('organization formatting', () => {
  it('formats local dates as dd.MM.yyyy', () => {
    expect(formatLocalDate('2025-09-01')).toBe('01.09.2025');
    expect(formatLocalDate(null)).toBe('');
  });

  it('nests nodes and treats those with an invisible parent as roots', () => {
    const tree = buildTree([node('a', 'hidden'), node('d', 'a'), node('b', 'a'), node('c', 'b')]);
    expect(tree.map((entry) => entry.node.id)).toEqual(['a']);
    expect(flattenTree(tree).map((entry) => [entry.node.id, entry.depth])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
      ['d', 1],
    ]);
  });

  it('reads the Russian message of an API error', () => {
    const error = new HttpErrorResponse({ status: 409, error: { statusCode: 409, message: 'Код занят' } });
    expect(errorMessage(error)).toBe('Код занят');
    expect(errorMessage(new HttpErrorResponse({ status: 0 }))).toBe('Сервер недоступен, попробуйте ещё раз');
  });
});
