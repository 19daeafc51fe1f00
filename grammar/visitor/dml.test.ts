/**
 * grammar/visitor/dml.test.ts — INSERT (REPLACE, ON CONFLICT, RETURNING), UPDATE, DELETE, MERGE and REINDEX ASTs.
 */
import { parseStatement, type Delete, type Insert, type Merge, type Update } from '../index';

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
      returning: null,
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

describe('REPLACE, ON CONFLICT, RETURNING', () => {
  test('REPLACE INTO and INSERT OR REPLACE', () => {
    expect(parseStatement('REPLACE INTO t VALUES (1)')).toMatchObject({ kind: 'Insert', table: 'T', conflict: { kind: 'Replace', position: 0 } });
    expect(parseStatement('insert or replace into t (a) values (1)')).toMatchObject({ columns: ['A'], conflict: { kind: 'Replace' } });
    expect(parseStatement('INSERT INTO t VALUES (1)')).toMatchObject({ conflict: null, returning: null, alias: null });
    // REPLACE stays a name elsewhere: a function, a column
    expect(parseStatement("SELECT replace(a, 'x', 'y') AS replace FROM t")).toMatchObject({ kind: 'Select' });
  });

  test('ON CONFLICT targets, actions, EXCLUDED, WHERE and an alias', () => {
    const s = parseStatement(
      'INSERT INTO t AS o (a, b) SELECT * FROM u ON CONFLICT (a) DO UPDATE SET b = excluded.b, c = o.c + 1 WHERE o.b IS NULL',
    ) as Insert;
    expect(s).toMatchObject({ alias: 'O', source: { kind: 'InsertQuery' } });
    expect(s.conflict).toMatchObject({ kind: 'DoUpdate', target: ['A'], where: { kind: 'IsNull' } });
    expect(s.conflict?.kind === 'DoUpdate' && s.conflict.assignments.map((a) => a.column)).toEqual(['B', 'C']);
    expect(parseStatement('INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING')).toMatchObject({ conflict: { kind: 'DoNothing', target: null } });
    expect(parseStatement('INSERT INTO t VALUES (1) ON CONFLICT (a, b) DO NOTHING')).toMatchObject({ conflict: { target: ['A', 'B'] } });
  });

  test('RETURNING on INSERT, UPDATE and DELETE', () => {
    expect(parseStatement('INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING RETURNING *')).toMatchObject({
      returning: [{ kind: 'SelectStar', table: null }],
    });
    expect(parseStatement('UPDATE t SET a = 1 WHERE b = 2 RETURNING a AS x, t.*')).toMatchObject({
      returning: [{ kind: 'SelectExpr', alias: 'X' }, { kind: 'SelectStar', table: 'T' }],
    });
    // RETURNING is reserved: it ends a FROM item without becoming its alias
    expect(parseStatement('DELETE FROM t WHERE a IN (SELECT a FROM u) RETURNING a')).toMatchObject({ returning: [{ kind: 'SelectExpr' }] });
  });
});

describe('MERGE and REINDEX', () => {
  test('MERGE with a table or a query as source and every kind of clause', () => {
    const s = parseStatement(
      'MERGE INTO t x USING (SELECT 1 AS a) AS y ON x.a = y.a WHEN MATCHED AND x.b > 0 THEN UPDATE SET b = 0, c = 1 ' +
        'WHEN MATCHED THEN DELETE WHEN NOT MATCHED AND y.a > 1 THEN INSERT (a) VALUES (y.a) WHEN NOT MATCHED THEN INSERT DEFAULT VALUES',
    ) as Merge;
    expect(s).toMatchObject({ kind: 'Merge', table: 'T', alias: 'X', sourceAlias: 'Y', source: { kind: 'MergeQuery' } });
    expect(s.clauses.map((c) => [c.kind, c.condition === null])).toEqual([
      ['MatchedUpdate', false],
      ['MatchedDelete', true],
      ['NotMatchedInsert', false],
      ['NotMatchedInsert', true],
    ]);
    expect(s.clauses[2]).toMatchObject({ columns: ['A'], values: [{ kind: 'ColumnRef' }] });
    expect(s.clauses[3]).toMatchObject({ columns: null, values: null });
    expect(parseStatement('MERGE INTO t USING u ON t.a = u.a WHEN MATCHED THEN DELETE')).toMatchObject({
      alias: null,
      source: { kind: 'MergeTable', name: 'U' },
      sourceAlias: null,
    });
  });

  test('REINDEX with and without a name', () => {
    expect(parseStatement('REINDEX')).toMatchObject({ kind: 'Reindex', name: null });
    expect(parseStatement('reindex t1i1')).toMatchObject({ kind: 'Reindex', name: 'T1I1' });
  });
});
