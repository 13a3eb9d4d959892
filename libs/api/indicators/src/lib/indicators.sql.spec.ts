import { organizationsFilterSql, pathPrefix } from './indicators.sql';

describe('organizations filter SQL', () => {
  const filter = { root: { path: '/r/d_1/' }, owner: { path: '/r/' }, kinds: ['school'] };

  it('numbers its parameters from the given position and turns the scope’s named parameters into positional ones', () => {
    const sql = organizationsFilterSql(filter, { clause: 'o.path LIKE :scopePath', params: { scopePath: '/r/d\\_1/%' } }, 4);
    expect(sql.clause).toBe('o.path LIKE $4 AND o.path LIKE $5 AND o.kind = ANY($6) AND o.is_active AND o.path LIKE $7');
    expect(sql.params).toEqual(['/r/d\\_1/%', '/r/%', ['school'], '/r/d\\_1/%']);
    expect(organizationsFilterSql(filter, { clause: 'TRUE', params: {} }, 1).params).toHaveLength(3);
  });

  it('escapes LIKE wildcards in paths', () => {
    expect(pathPrefix('/a%b_c\\/')).toBe('/a\\%b\\_c\\\\/%');
  });
});
