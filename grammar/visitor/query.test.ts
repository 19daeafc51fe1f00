/**
 * grammar/visitor/query.test.ts — query ASTs: select cores, FROM and joins, set operations, ORDER BY, limits, and the
 * grouping sets GROUP BY expands to.
 */
import { parseStatement, type Expr, type FromItem, type QueryBody, type QueryExpression, type SelectCore } from '../index';

function query(text: string): QueryExpression {
  const s = parseStatement(text);
  if (s.kind !== 'Select') throw new Error(`not a query: ${s.kind}`);
  return s.query;
}

function core(text: string): SelectCore {
  const body = query(text).body;
  if (body.kind !== 'SelectCore') throw new Error(`not a select core: ${body.kind}`);
  return body;
}

/** Set-operation trees as text: leaves are the first select item's literal. */
function shape(b: QueryBody): string {
  switch (b.kind) {
    case 'SetOperation':
      return `(${shape(b.left)} ${b.op}${b.all ? ' ALL' : ''} ${shape(b.right)})`;
    case 'NestedQuery':
      return `[${shape(b.query.body)}]`;
    case 'Values':
      return `VALUES${b.rows.length}`;
    case 'SelectCore': {
      const item = b.items[0];
      return item?.kind === 'SelectExpr' && item.expr.kind === 'Literal' && item.expr.value.type === 'integer'
        ? item.expr.value.text
        : '?';
    }
  }
}

/** Join trees as text. */
function from(f: FromItem): string {
  switch (f.kind) {
    case 'TableRef':
      return f.alias === null ? f.name : `${f.name} ${f.alias}`;
    case 'SubqueryRef':
      return `(subquery) ${f.alias ?? ''}${f.columnAliases ? `(${f.columnAliases.join(',')})` : ''}`;
    case 'TableFunctionRef':
      return `TABLE(…) ${f.alias ?? ''}`;
    case 'Join': {
      const cond = f.on ? ' ON' : f.using ? ` USING(${f.using.join(',')})` : '';
      return `(${from(f.left)} ${f.natural ? 'NATURAL ' : ''}${f.joinKind} ${from(f.right)}${cond})`;
    }
  }
}

describe('select core', () => {
  test('items, stars and aliases', () => {
    const c = core('SELECT DISTINCT *, t.*, a AS x, b y, c + 1, "q" FROM t');
    expect(c.distinct).toBe(true);
    expect(c.items.map((i) => (i.kind === 'SelectStar' ? `${i.table ?? ''}*` : `${i.expr.kind}:${i.alias}`))).toEqual([
      '*',
      'T*',
      'ColumnRef:X',
      'ColumnRef:Y',
      'Binary:null',
      'ColumnRef:null',
    ]);
    expect(core('SELECT ALL a FROM t').distinct).toBe(false);
  });

  test('DISTINCT ON lists expressions and is not plain DISTINCT; ON follows DISTINCT only', () => {
    const c = core('SELECT DISTINCT ON (a, b + 1) a, c FROM t ORDER BY a');
    expect(c.distinct).toBe(false);
    expect(c.distinctOn?.map((e) => e.kind)).toEqual(['ColumnRef', 'Binary']);
    expect(core('SELECT DISTINCT a FROM t').distinctOn).toBeUndefined();
    expect(() => core('SELECT ALL ON (a) a FROM t')).toThrow(/syntax error at or near "ON"/);
    expect(() => core('SELECT DISTINCT ON () a FROM t')).toThrow();
  });

  test('a non-reserved keyword may be a bare alias', () => {
    expect(core('SELECT a first, b key FROM t').items.map((i) => (i.kind === 'SelectExpr' ? i.alias : null))).toEqual([
      'FIRST',
      'KEY',
    ]);
  });

  test('no FROM', () => {
    const c = core('SELECT 1');
    expect(c.from).toEqual([]);
    expect([c.where, c.having, c.groupBy]).toEqual([null, null, []]);
  });

  test('WHERE, GROUP BY, HAVING', () => {
    const c = core('SELECT a, count(*) FROM t WHERE b > 1 GROUP BY a, c HAVING count(*) > 2');
    expect(c.where).toMatchObject({ kind: 'Binary', op: '>' });
    expect(c.groupBy.map((g) => g.kind)).toEqual(['ColumnRef', 'ColumnRef']);
    expect(c.having).toMatchObject({ kind: 'Binary', left: { kind: 'FunctionCall', name: 'COUNT', star: true } });
  });
});

describe('FROM', () => {
  test('comma lists, aliases and qualified names', () => {
    expect(core('SELECT 1 FROM t1, t2 AS b, s.t3 c').from.map(from)).toEqual(['T1', 'T2 B', 'S.T3 C']);
  });

  test('every join kind, left-associative', () => {
    const c = core(
      'SELECT 1 FROM a JOIN b ON a.x = b.x INNER JOIN c USING (x, y) LEFT JOIN d ON 1 = 1 LEFT OUTER JOIN e ON TRUE ' +
        'RIGHT JOIN f ON TRUE FULL OUTER JOIN g ON TRUE CROSS JOIN h NATURAL JOIN i NATURAL LEFT JOIN j',
    );
    expect(c.from.map(from)).toEqual([
      '(((((((((A INNER B ON) INNER C USING(X,Y)) LEFT D ON) LEFT E ON) RIGHT F ON) FULL G ON) CROSS H) NATURAL INNER I) NATURAL LEFT J)',
    ]);
  });

  test('derived tables and parenthesised joins', () => {
    expect(core('SELECT 1 FROM (SELECT 1) AS s (a, b), (VALUES (1)) v').from.map(from)).toEqual([
      '(subquery) S(A,B)',
      '(subquery) V',
    ]);
    expect(core('SELECT 1 FROM (SELECT 1) UNION_NOT_A_KEYWORD').from.map(from)).toEqual(['(subquery) UNION_NOT_A_KEYWORD']);
    expect(core('SELECT 1 FROM a JOIN (b JOIN c ON TRUE) ON TRUE').from.map(from)).toEqual(['(A INNER (B INNER C ON) ON)']);
    expect(core('SELECT 1 FROM (t) x').from.map(from)).toEqual(['T X']);
    expect(core('SELECT 1 FROM ((SELECT 1) UNION (SELECT 2)) u').from.map(from)).toEqual(['(subquery) U']);
  });

  test('a parenthesised join cannot take an alias', () => {
    expect(() => parseStatement('SELECT 1 FROM (a JOIN b ON TRUE) j')).toThrow(
      expect.objectContaining({ sqlState: '42601', position: 33 }),
    );
  });
});

describe('set operations', () => {
  test.each([
    ['SELECT 1 UNION SELECT 2', '(1 UNION 2)'],
    ['SELECT 1 UNION ALL SELECT 2 UNION SELECT 3', '((1 UNION ALL 2) UNION 3)'],
    ['SELECT 1 UNION SELECT 2 INTERSECT SELECT 3', '(1 UNION (2 INTERSECT 3))'],
    ['SELECT 1 INTERSECT SELECT 2 UNION SELECT 3', '((1 INTERSECT 2) UNION 3)'],
    ['SELECT 1 EXCEPT SELECT 2 EXCEPT SELECT 3', '((1 EXCEPT 2) EXCEPT 3)'],
    [
      'SELECT 1 EXCEPT SELECT 2 INTERSECT ALL SELECT 3 INTERSECT SELECT 4 UNION SELECT 5',
      '((1 EXCEPT ((2 INTERSECT ALL 3) INTERSECT 4)) UNION 5)',
    ],
    ['SELECT 1 UNION DISTINCT SELECT 2', '(1 UNION 2)'],
    ['(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3', '([(1 UNION 2)] INTERSECT 3)'],
    ['VALUES (1), (2) UNION SELECT 3', '(VALUES2 UNION 3)'],
  ])('%s', (text, expected) => {
    expect(shape(query(text).body)).toBe(expected);
  });

  test('ORDER BY and LIMIT belong to the whole expression; a parenthesised operand may have its own', () => {
    const q = query('(SELECT 1 ORDER BY 1 LIMIT 1) UNION (SELECT 2) ORDER BY 1 DESC LIMIT 5');
    expect(shape(q.body)).toBe('([1] UNION [2])');
    expect(q.orderBy).toHaveLength(1);
    expect(q.limit).toMatchObject({ value: { text: '5' } });
    const body = q.body;
    if (body.kind !== 'SetOperation' || body.left.kind !== 'NestedQuery') throw new Error('shape');
    expect(body.left.query.limit).toMatchObject({ value: { text: '1' } });
  });
});

describe('ORDER BY, LIMIT, OFFSET, FETCH', () => {
  test('order items', () => {
    const q = query('SELECT a, b FROM t ORDER BY 2, a DESC, b ASC NULLS FIRST, c NULLS LAST');
    expect(q.orderBy.map((o) => [o.expr.kind, o.descending, o.nulls])).toEqual([
      ['Literal', false, null],
      ['ColumnRef', true, null],
      ['ColumnRef', false, 'FIRST'],
      ['ColumnRef', false, 'LAST'],
    ]);
  });

  test('LIMIT n [OFFSET m]', () => {
    expect(query('SELECT 1 LIMIT 10')).toMatchObject({ limit: { value: { text: '10' } }, offset: null });
    expect(query('SELECT 1 LIMIT ? OFFSET @o')).toMatchObject({
      limit: { kind: 'Parameter', index: 0 },
      offset: { kind: 'Parameter', name: 'o' },
    });
  });

  test('OFFSET m ROWS FETCH FIRST|NEXT n ROW|ROWS ONLY', () => {
    expect(query('SELECT 1 OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY')).toMatchObject({
      limit: { value: { text: '3' } },
      offset: { value: { text: '2' } },
    });
    expect(query('SELECT 1 OFFSET 2')).toMatchObject({ limit: null, offset: { value: { text: '2' } } });
    expect(query('SELECT 1 FETCH NEXT ? ROWS ONLY')).toMatchObject({ limit: { kind: 'Parameter' }, offset: null });
    const text = 'SELECT 1 FETCH FIRST ROW ONLY';
    const q = query(text);
    expect(q.limit).toMatchObject({ kind: 'Literal', value: { type: 'integer', text: '1' } });
    expect(text.slice(q.limit!.position, q.limit!.end)).toBe('FETCH FIRST ROW ONLY');
  });
});

describe('VALUES as a query', () => {
  test('rows of expressions', () => {
    const body = query("VALUES (1, 'a'), (2 + 3, NULL)").body;
    expect(body).toMatchObject({ kind: 'Values' });
    if (body.kind !== 'Values') throw new Error('shape');
    expect(body.rows.map((row) => row.map((e) => e.kind))).toEqual([
      ['Literal', 'Literal'],
      ['Binary', 'Literal'],
    ]);
  });
});

describe('spans', () => {
  test('query, core, items and FROM items span their text', () => {
    const text = 'SELECT a AS x FROM t1 JOIN t2 ON t1.k = t2.k WHERE a > 1 ORDER BY x';
    const q = query(text);
    expect([q.position, q.end]).toEqual([0, text.length]);
    const c = q.body as SelectCore;
    expect(text.slice(c.position, c.end)).toBe('SELECT a AS x FROM t1 JOIN t2 ON t1.k = t2.k WHERE a > 1');
    expect(text.slice(c.items[0]!.position, c.items[0]!.end)).toBe('a AS x');
    expect(text.slice(c.from[0]!.position, c.from[0]!.end)).toBe('t1 JOIN t2 ON t1.k = t2.k');
    expect(text.slice(q.orderBy[0]!.position, q.orderBy[0]!.end)).toBe('x');
  });
});

describe('TABLE t (explicit table)', () => {
  test('is the select core of SELECT * FROM t', () => {
    const c = core('table "s".t');
    expect(c.items.map((i) => i.kind)).toEqual(['SelectStar']);
    expect(c.from.map(from)).toEqual(['s.T']);
    expect(c.where).toBeNull();
    expect(c.distinct).toBe(false);
  });

  test('takes ORDER BY and limits, and is an operand and a subquery', () => {
    const q = query('TABLE t ORDER BY a LIMIT 2');
    expect(q.orderBy).toHaveLength(1);
    expect(q.limit).not.toBeNull();
    expect(shape(query('TABLE t UNION (TABLE u)').body)).toBe('(? UNION [?])');
    const derived = core('SELECT * FROM (TABLE t) x').from[0]!;
    expect(derived.kind).toBe('SubqueryRef');
  });
});

describe('GROUP BY grouping sets', () => {
  /** The sets as text: `(A,B) (A) ()`; the keys after a bar. */
  const sets = (sql: string): string => {
    const c = core(sql);
    const name = (e: Expr): string => (e.kind === 'ColumnRef' ? e.parts.join('.') : e.kind);
    const s = c.groupingSets === undefined ? 'plain' : c.groupingSets.map((x) => `(${x.map(name).join(',')})`).join(' ');
    return `${s} | ${c.groupBy.map(name).join(',')}`;
  };

  test('ROLLUP, CUBE and GROUPING SETS expand in PostgreSQL\'s order; plain keys cross every set', () => {
    expect(sets('SELECT 1 FROM t GROUP BY ROLLUP(a, b, c)')).toBe('(A,B,C) (A,B) (A) () | A,B,C');
    expect(sets('SELECT 1 FROM t GROUP BY CUBE(a, b)')).toBe('(A,B) (A) (B) () | A,B');
    expect(sets('SELECT 1 FROM t GROUP BY CUBE(a, b, c)')).toBe('(A,B,C) (A,B) (A,C) (A) (B,C) (B) (C) () | A,B,C');
    expect(sets('SELECT 1 FROM t GROUP BY GROUPING SETS ((a, b), c, ()), d')).toBe('(A,B,D) (C,D) (D) | A,B,D,C');
    expect(sets('SELECT 1 FROM t GROUP BY a, ROLLUP((b, c), d)')).toBe('(A,B,C,D) (A,B,C) (A) | A,B,C,D');
    expect(sets('SELECT 1 FROM t GROUP BY GROUPING SETS (ROLLUP(a), CUBE(b))')).toBe('(A) () (B) () | A,B');
    expect(sets('SELECT 1 FROM t GROUP BY ()')).toBe('() | ');
  });

  test('a list without them is plain GROUP BY, a row of keys included; GROUPING and SETS stay names', () => {
    expect(sets('SELECT 1 FROM t GROUP BY a, (b, c)')).toBe('plain | A,RowValue');
    expect(sets('SELECT grouping, sets FROM t GROUP BY grouping, sets')).toBe('plain | GROUPING,SETS');
  });

  test('more than 4096 sets is 54000', () => {
    const cols = Array.from({ length: 13 }, (_, i) => `c${i}`).join(', ');
    expect(() => parseStatement(`SELECT 1 FROM t GROUP BY CUBE(${cols})`)).toThrow(/program limit exceeded/);
    expect(() => parseStatement('SELECT 1 FROM t GROUP BY CUBE(a, b, c, d, e, f), CUBE(g, h, i, j, k, l, m)')).toThrow(/4096 grouping sets/);
  });
});
