/**
 * grammar/visitor/dml.test.ts — INSERT, UPDATE and DELETE ASTs.
 */
import { parseStatement, type Delete, type Insert, type Update } from '../index';

function insert(text: string): Insert {
  const s = parseStatement(text);
  if (s.kind !== 'Insert') throw new Error(`not an insert: ${s.kind}`);
  return s;
}

describe('INSERT', () => {
  test('VALUES with several rows', () => {
    const text = "INSERT INTO t VALUES (1, 2, 'x', 1.5), (3, NULL, 'y', -2)";
    const s = insert(text);
    expect(s).toMatchObject({ table: 'T', columns: null, position: 0, end: text.length });
    expect(s.source.kind).toBe('InsertValues');
    if (s.source.kind !== 'InsertValues') throw new Error('shape');
    expect(s.source.rows.map((r) => r.length)).toEqual([4, 4]);
    expect(s.source.rows[1]![3]).toMatchObject({ kind: 'Unary', op: '-' });
    expect(s.source.position).toBe(text.indexOf('VALUES'));
  });

  test('a column list, folded', () => {
    expect(insert('insert into t1(e,"C",b) values(103,102,100)')).toMatchObject({ table: 'T1', columns: ['E', 'C', 'B'] });
  });

  test('SELECT, parenthesised SELECT and DEFAULT VALUES', () => {
    expect(insert('INSERT INTO t5 SELECT * FROM t4').source).toMatchObject({
      kind: 'InsertQuery',
      query: { body: { kind: 'SelectCore' } },
    });
    expect(insert('INSERT INTO t (a) (SELECT 1)').source).toMatchObject({
      kind: 'InsertQuery',
      query: { body: { kind: 'NestedQuery' } },
    });
    expect(insert('INSERT INTO t ((SELECT 1) UNION (SELECT 2))').source).toMatchObject({
      kind: 'InsertQuery',
      query: { body: { kind: 'NestedQuery', query: { body: { kind: 'SetOperation' } } } },
    });
    const text = 'INSERT INTO t DEFAULT VALUES';
    expect(insert(text).source).toEqual({ kind: 'InsertDefaultValues', position: text.indexOf('DEFAULT') });
  });

  test('VALUES with ORDER BY or LIMIT is a query source', () => {
    expect(insert('INSERT INTO t VALUES (2), (1) ORDER BY 1').source.kind).toBe('InsertQuery');
    expect(insert('INSERT INTO t VALUES (1) UNION VALUES (2)').source.kind).toBe('InsertQuery');
  });

  test('parameters are numbered across the rows', () => {
    const s = insert('INSERT INTO t VALUES (?, ?), (?, @x)');
    if (s.source.kind !== 'InsertValues') throw new Error('shape');
    expect(s.source.rows.flat().map((e) => (e.kind === 'Parameter' ? (e.name ?? e.index) : null))).toEqual([0, 1, 2, 'x']);
  });
});

describe('UPDATE', () => {
  test('assignments, alias and WHERE', () => {
    const text = 'UPDATE t1 AS x SET a = a + 2, "B" = DEFAULT_VALUE WHERE x.a > 0';
    const s = parseStatement(text) as Update;
    expect(s).toMatchObject({ kind: 'Update', table: 'T1', alias: 'X', where: { kind: 'Binary', op: '>' } });
    expect(s.assignments.map((a) => [a.column, a.value.kind, a.position])).toEqual([
      ['A', 'Binary', text.indexOf('a = a')],
      ['B', 'ColumnRef', text.indexOf('"B"')],
    ]);
    expect(s.end).toBe(text.length);
  });

  test('bare alias, no WHERE, repeated column', () => {
    expect(parseStatement('UPDATE t x SET y = 1')).toMatchObject({ alias: 'X', where: null });
    const s = parseStatement('UPDATE t1 SET x=3, x=4, x=5') as Update;
    expect(s.alias).toBeNull();
    expect(s.assignments.map((a) => a.column)).toEqual(['X', 'X', 'X']);
  });
});

describe('DELETE', () => {
  test('with and without alias and WHERE', () => {
    expect(parseStatement('DELETE FROM t')).toEqual({
      kind: 'Delete',
      table: 'T',
      alias: null,
      where: null,
      position: 0,
      end: 13,
    } satisfies Delete);
    expect(parseStatement('DELETE FROM s.t AS d WHERE d.x IN (SELECT y FROM u)')).toMatchObject({
      table: 'S.T',
      alias: 'D',
      where: { kind: 'InSubquery' },
    });
    expect(parseStatement('delete from t v where v.a is null')).toMatchObject({ alias: 'V', where: { kind: 'IsNull' } });
  });
});
