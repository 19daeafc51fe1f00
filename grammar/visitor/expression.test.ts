/**
 * grammar/visitor/expression.test.ts — expression ASTs: precedence, literals, names, calls, subqueries, spans.
 */
import { parseExpression, type Expr } from '../index';

/** A fully parenthesised rendering that makes the tree's shape visible. */
function render(e: Expr): string {
  switch (e.kind) {
    case 'Literal': {
      const v = e.value;
      if (v.type === 'string') return `'${v.value}'`;
      if (v.type === 'null') return 'NULL';
      if (v.type === 'boolean') return v.value ? 'TRUE' : 'FALSE';
      if (v.type === 'blob') return `X'${v.hex}'`;
      if (v.type === 'date' || v.type === 'time' || v.type === 'timestamp') return `${v.type.toUpperCase()} '${v.text}'`;
      return v.text;
    }
    case 'ColumnRef':
      return e.parts.join('.');
    case 'Parameter':
      return e.name === null ? `?${e.index}` : `@${e.name}`;
    case 'Unary':
      return `(${e.op === 'NOT' ? 'NOT ' : e.op}${render(e.operand)})`;
    case 'Binary':
      return `(${render(e.left)} ${e.op} ${render(e.right)})`;
    case 'IsNull':
      return `(${render(e.operand)} IS ${e.not ? 'NOT ' : ''}NULL)`;
    case 'IsTruth':
      return `(${render(e.operand)} IS ${e.not ? 'NOT ' : ''}${e.truth === null ? 'UNKNOWN' : e.truth ? 'TRUE' : 'FALSE'})`;
    case 'IsDistinct':
      return `(${render(e.left)} IS ${e.not ? 'NOT ' : ''}DISTINCT FROM ${render(e.right)})`;
    case 'Between':
      return `(${render(e.operand)} ${e.not ? 'NOT ' : ''}BETWEEN ${e.symmetric ? 'SYMMETRIC ' : ''}${render(e.low)} AND ${render(e.high)})`;
    case 'InList':
      return `(${render(e.operand)} ${e.not ? 'NOT ' : ''}IN [${e.list.map(render).join(', ')}])`;
    case 'QuantifiedArray':
      return `(${render(e.operand)} ${e.op} ${e.all ? 'ALL' : 'ANY'} ${render(e.array)})`;
    case 'InSubquery':
      return `(${render(e.operand)} ${e.not ? 'NOT ' : ''}IN subquery)`;
    case 'Exists':
      return 'EXISTS subquery';
    case 'ScalarSubquery':
      return 'subquery';
    case 'Like':
      return `(${render(e.operand)} ${e.not ? 'NOT ' : ''}LIKE ${render(e.pattern)}${
        e.escape ? ` ESCAPE ${render(e.escape)}` : ''
      })`;
    case 'Case':
      return [
        'CASE',
        ...(e.operand ? [render(e.operand)] : []),
        ...e.whens.map((w) => `WHEN ${render(w.when)} THEN ${render(w.then)}`),
        ...(e.else ? [`ELSE ${render(e.else)}`] : []),
        'END',
      ].join(' ');
    case 'Cast':
      return `CAST(${render(e.operand)} AS ${e.type.name}${e.type.params.length ? `(${e.type.params.join(',')})` : ''})`;
    case 'FunctionCall':
      return `${e.name}(${e.distinct ? 'DISTINCT ' : ''}${e.star ? '*' : e.args.map(render).join(', ')}${e.orderBy === undefined ? '' : ` ORDER BY ${e.orderBy.map((o) => `${render(o.expr)}${o.descending ? ' DESC' : ''}${o.nulls === null ? '' : ` NULLS ${o.nulls}`}`).join(', ')}`})`;
    case 'WindowCall':
      return `${render(e.call)} OVER ${typeof e.over === 'string' ? e.over : 'WINDOW'}`;
    case 'RowValue':
      return `ROW(${e.items.map(render).join(', ')})`;
    case 'DocumentLiteral':
      return 'DOCUMENT';
    case 'MethodCall':
      return `${render(e.target)}.${e.name}(${e.args.map(render).join(', ')})`;
    case 'FieldAccess':
      return `${render(e.target)}.${e.field}`;
    case 'DefaultValue':
      return 'DEFAULT';
  }
}

const r = (text: string): string => render(parseExpression(text));

/** The value of a literal expression. */
function valueOf(text: string): unknown {
  const e = parseExpression(text);
  if (e.kind !== 'Literal') throw new Error(`not a literal: ${e.kind}`);
  return e.value;
}

describe('precedence', () => {
  test.each([
    ['a OR b AND c', '(A OR (B AND C))'],
    ['a AND b OR c', '((A AND B) OR C)'],
    ['NOT a = b', '(NOT (A = B))'],
    ['NOT a AND b', '((NOT A) AND B)'],
    ['NOT NOT a', '(NOT (NOT A))'],
    ['a = b IS NULL', '((A = B) IS NULL)'],
    ['a < b = c', '((A < B) = C)'],
    ['a = b AND c <> d', '((A = B) AND (C <> D))'],
    ['a != b', '(A <> B)'],
    ['a || b + c', '(A || (B + C))'],
    ['a + b || c', '((A + B) || C)'],
    ['a - b - c', '((A - B) - C)'],
    ['a * b + c * d', '((A * B) + (C * D))'],
    ['a / b % c', '((A / B) % C)'],
    ['-a * b', '((-A) * B)'],
    // PostgreSQL's ^: tighter than *, looser than a sign, left to right; a call of POWER
    ['a * b ^ c', '(A * POWER(B, C))'],
    ['-a ^ b', 'POWER((-A), B)'],
    ['a ^ b ^ c', 'POWER(POWER(A, B), C)'],
    ['a ^ b * c + d', '((POWER(A, B) * C) + D)'],
    ['a ~ b OR c !~* d', "(REGEXP_LIKE(A, B) OR (NOT REGEXP_LIKE(C, D, 'i')))"],
    ['- - a', '(-(-A))'],
    ['1 + -2', '(1 + (-2))'],
    ['a * -b', '(A * (-B))'],
    ['+a', '(+A)'],
    ['(a + b) * c', '((A + B) * C)'],
    ['a + b = c * d OR e', '(((A + B) = (C * D)) OR E)'],
    ['a BETWEEN b + 1 AND c * 2 AND d', '((A BETWEEN (B + 1) AND (C * 2)) AND D)'],
    ['a NOT BETWEEN 1 AND 2', '(A NOT BETWEEN 1 AND 2)'],
    ['a NOT BETWEEN SYMMETRIC 2 AND 1 AND b', '((A NOT BETWEEN SYMMETRIC 2 AND 1) AND B)'],
    ['a BETWEEN ASYMMETRIC 1 AND 2', '(A BETWEEN 1 AND 2)'],
    // SYMMETRIC is non-reserved: before AND or a dot it is a column (or table)
    ['a BETWEEN symmetric AND 2', '(A BETWEEN SYMMETRIC AND 2)'],
    ['a BETWEEN symmetric.x AND 2', '(A BETWEEN SYMMETRIC.X AND 2)'],
    ['a + 1 BETWEEN 0 AND 5', '((A + 1) BETWEEN 0 AND 5)'],
    ['NOT a BETWEEN 1 AND 2', '(NOT (A BETWEEN 1 AND 2))'],
    ['a IN (1, 2) OR b NOT IN (3)', '((A IN [1, 2]) OR (B NOT IN [3]))'],
    ['a IN ()', '(A IN [])'],
    ["a LIKE b || 'x'", "(A LIKE (B || 'x'))"],
    ["a NOT LIKE 'x%' ESCAPE '!'", "(A NOT LIKE 'x%' ESCAPE '!')"],
    ['a IS NOT NULL AND b IS NULL', '((A IS NOT NULL) AND (B IS NULL))'],
    ['a IS TRUE', '(A IS TRUE)'],
    ['a IS NOT FALSE', '(A IS NOT FALSE)'],
    ['a IS UNKNOWN', '(A IS UNKNOWN)'],
    ['x IS NOT DISTINCT FROM y + 1', '(X IS NOT DISTINCT FROM (Y + 1))'],
    ['a * NOT b + c', '((A * (NOT B)) + C)'],
  ])('%s', (text, shape) => {
    expect(r(text)).toBe(shape);
  });
});

describe('literals', () => {
  test('numbers keep their exact text', () => {
    expect(parseExpression('123456789012345678901234567890')).toMatchObject({
      kind: 'Literal',
      value: { type: 'integer', text: '123456789012345678901234567890' },
    });
    expect(valueOf('1.50')).toEqual({ type: 'numeric', text: '1.50' });
    expect(valueOf('.5')).toEqual({ type: 'numeric', text: '.5' });
    expect(valueOf('1e5')).toEqual({ type: 'real', text: '1e5' });
    expect(valueOf('1.5E-3')).toEqual({ type: 'real', text: '1.5E-3' });
  });

  test("strings, with '' for a quote", () => {
    expect(valueOf("'it''s'")).toEqual({ type: 'string', value: "it's" });
    expect(valueOf("''")).toEqual({ type: 'string', value: '' });
  });

  test('booleans, NULL, typed literals and blobs', () => {
    expect(r("TRUE AND FALSE OR NULL")).toBe('((TRUE AND FALSE) OR NULL)');
    expect(valueOf("DATE '2024-01-31'")).toEqual({ type: 'date', text: '2024-01-31' });
    expect(valueOf("time '12:00:00'")).toEqual({ type: 'time', text: '12:00:00' });
    expect(valueOf("TIMESTAMP '2024-01-31 12:00:00'")).toEqual({
      type: 'timestamp',
      text: '2024-01-31 12:00:00',
    });
    expect(valueOf("X'0aFF'")).toEqual({ type: 'blob', hex: '0aff' });
    expect(valueOf("x''")).toEqual({ type: 'blob', hex: '' });
  });

  test('a bad blob or a string after another name is a syntax error at the literal', () => {
    expect(() => parseExpression("X'abc'")).toThrow(expect.objectContaining({ sqlState: '42601', position: 0 }));
    expect(() => parseExpression("1 + X'zz'")).toThrow(expect.objectContaining({ sqlState: '42601', position: 4 }));
    expect(() => parseExpression("foo 'x'")).toThrow(expect.objectContaining({ sqlState: '42601', position: 4 }));
    expect(() => parseExpression("\"DATE\" 'x'")).toThrow(expect.objectContaining({ sqlState: '42601' }));
  });
});

describe('names and parameters', () => {
  test('unquoted names fold to upper case, quoted ones keep their case', () => {
    expect(parseExpression('abc')).toMatchObject({ kind: 'ColumnRef', parts: ['ABC'] });
    expect(parseExpression('t.Abc')).toMatchObject({ parts: ['T', 'ABC'] });
    expect(parseExpression('"Mixed"."Case"')).toMatchObject({ parts: ['Mixed', 'Case'] });
    expect(parseExpression('"a""b"')).toMatchObject({ parts: ['a"b'] });
    expect(parseExpression('s.t.col')).toMatchObject({ parts: ['S', 'T', 'COL'] });
  });

  test('non-reserved keywords are names', () => {
    expect(r('key + text + date + action + no + first + last + rows + value + name')).toBe(
      '(((((((((KEY + TEXT) + DATE) + ACTION) + NO) + FIRST) + LAST) + ROWS) + VALUE) + NAME)',
    );
  });

  test('? is numbered in source order; @name keeps its case', () => {
    expect(r('? + ? * @Rate')).toBe('(?0 + (?1 * @Rate))');
    expect(r('CASE WHEN ? THEN (SELECT 1) ELSE ? END')).toBe('CASE WHEN ?0 THEN subquery ELSE ?1 END');
  });
});

describe('calls, CASE and CAST', () => {
  test('function calls', () => {
    expect(r('count(*)')).toBe('COUNT(*)');
    expect(r('count(DISTINCT x)')).toBe('COUNT(DISTINCT X)');
    expect(r('sum(ALL x)')).toBe('SUM(X)');
    expect(r('coalesce(a, b, 1)')).toBe('COALESCE(A, B, 1)');
    expect(r('now()')).toBe('NOW()');
    expect(r('"myFn"(1)')).toBe('myFn(1)');
    expect(r('abs(-a) + 1')).toBe('(ABS((-A)) + 1)');
    expect(r("string_agg(s, ',' ORDER BY n DESC, m NULLS FIRST)")).toBe("STRING_AGG(S, ',' ORDER BY N DESC, M NULLS FIRST)");
  });

  test('field access and method calls on any primary bind tighter than operators', () => {
    expect(r('point(1, 2).x')).toBe('POINT(1, 2).X');
    expect(r('point(1, 2).m(3) + 1')).toBe('(POINT(1, 2).M(3) + 1)');
    expect(r('-(p).x')).toBe('(-P.X)');
    expect(r('what.centre().x')).toBe('WHAT.CENTRE().X');
    expect(r('f(a).g().h')).toBe('F(A).G().H');
    expect(parseExpression('point(1, 2).x').kind).toBe('FieldAccess');
    expect(() => parseExpression('point(1, 2).m(*)')).toThrow(expect.objectContaining({ sqlState: '42601' }));
  });

  test('both CASE forms', () => {
    expect(r("CASE WHEN a < 1 THEN 'x' WHEN a < 2 THEN 'y' ELSE 'z' END")).toBe(
      "CASE WHEN (A < 1) THEN 'x' WHEN (A < 2) THEN 'y' ELSE 'z' END",
    );
    expect(r('CASE a + 1 WHEN b THEN 111 END')).toBe('CASE (A + 1) WHEN B THEN 111 END');
  });

  test('CAST with each type family', () => {
    expect(r('CAST(a AS VARCHAR(10))')).toBe('CAST(A AS VARCHAR(10))');
    expect(r('CAST(a AS numeric(7, 2))')).toBe('CAST(A AS NUMERIC(7,2))');
    expect(r('CAST(a AS double precision)')).toBe('CAST(A AS DOUBLE PRECISION)');
    expect(r('CAST(a AS character varying(5))')).toBe('CAST(A AS CHARACTER VARYING(5))');
    expect(r('CAST(a AS INT)')).toBe('CAST(A AS INT)');
    expect(r('CAST(a AS DOCUMENT)')).toBe('CAST(A AS DOCUMENT)');
  });
});

describe('subqueries and rows', () => {
  test('scalar, EXISTS, NOT EXISTS, IN', () => {
    expect(r('(SELECT max(b) FROM t) + 1')).toBe('(subquery + 1)');
    expect(r('EXISTS (SELECT 1)')).toBe('EXISTS subquery');
    expect(r('NOT EXISTS (SELECT 1 FROM t)')).toBe('(NOT EXISTS subquery)');
    expect(r('a IN (SELECT b FROM t)')).toBe('(A IN subquery)');
    expect(r('a NOT IN (VALUES (1), (2))')).toBe('(A NOT IN subquery)');
    expect(r('a IN ((SELECT 1) UNION (SELECT 2))')).toBe('(A IN subquery)');
    expect(r('a IN ((SELECT 1), 2)')).toBe('(A IN [subquery, 2])');
    expect(r('((SELECT 1) + 1)')).toBe('(subquery + 1)');
  });

  test('-> and ->> are selectors with exact steps (->> as VARCHAR text); other operands and chains after ->> are 42601', () => {
    expect(parseExpression("doc -> 'a' -> 0")).toMatchObject({
      kind: 'ColumnRef',
      parts: ['DOC', 'a', '0'],
      steps: [{ text: 'doc', quoted: false }, { text: 'a', quoted: true }, { text: '0', quoted: false }],
    });
    expect(parseExpression("t.doc ->> 'n' = '1'")).toMatchObject({
      kind: 'Binary',
      left: { kind: 'Cast', type: { name: 'VARCHAR' }, operand: { kind: 'ColumnRef', parts: ['T', 'DOC', 'n'] } },
    });
    expect(r('5 - -3')).toBe('(5 - (-3))');
    for (const bad of ["1 -> 'a'", "d ->> 'a' -> 'b'", 'd -> x']) {
      expect(() => parseExpression(bad)).toThrow(expect.objectContaining({ sqlState: '42601' }));
    }
  });

  test('quantified comparisons: = ANY is IN, <> ALL is NOT IN, the rest keep their operator', () => {
    expect(r('a = ANY (SELECT b FROM t)')).toBe('(A IN subquery)');
    expect(r('a = SOME (SELECT b FROM t)')).toBe('(A IN subquery)');
    expect(r('a <> ALL (SELECT b FROM t)')).toBe('(A NOT IN subquery)');
    expect(parseExpression('a + 1 > ALL (SELECT b FROM t) AND c')).toMatchObject({
      kind: 'Binary',
      op: 'AND',
      left: { kind: 'InSubquery', not: false, compare: { op: '>', all: true }, operand: { kind: 'Binary', op: '+' } },
    });
    expect(parseExpression('a <= SOME (SELECT b FROM t)')).toMatchObject({ kind: 'InSubquery', compare: { op: '<=', all: false } });
    // over an array: ALL (expr) by the grammar, ANY / SOME (expr) read as a call and taken as the array form
    expect(r('a = ANY (?)')).toBe('(A = ANY ?0)');
    expect(r('a <> ALL (?)')).toBe('(A <> ALL ?0)');
    expect(r('a > SOME (b)')).toBe('(A > ANY B)');
    expect(r('any(a) + 1')).toBe('(ANY(A) + 1)');
    for (const bad of ['ANY (SELECT 1)', 'a AND ALL (SELECT 1)', 'a + SOME (SELECT 1)', 'a > -ALL (SELECT 1)']) {
      expect(() => parseExpression(bad)).toThrow(expect.objectContaining({ sqlState: '42601' }));
    }
  });

  test('row values', () => {
    expect(r('(a, b) = (1, 2)')).toBe('(ROW(A, B) = ROW(1, 2))');
    expect(r('(a, b) IN ((1, 2), (3, 4))')).toBe('(ROW(A, B) IN [ROW(1, 2), ROW(3, 4)])');
  });
});

describe('spans', () => {
  test('every node spans its own text', () => {
    const text = 'a + (b * c) - f(x, y)';
    const e = parseExpression(text);
    expect([e.position, e.end]).toEqual([0, text.length]);
    if (e.kind !== 'Binary' || e.left.kind !== 'Binary') throw new Error('shape');
    expect(text.slice(e.left.right.position, e.left.right.end)).toBe('(b * c)');
    expect(text.slice(e.right.position, e.right.end)).toBe('f(x, y)');
  });

  test('a parenthesised operand keeps its parentheses, so a slice re-parses to the same tree', () => {
    const text = '  (a + b) * c  ';
    const e = parseExpression(text);
    expect(text.slice(e.position, e.end)).toBe('(a + b) * c');
    for (const sample of ['(a + b) * c', 'NOT (a OR b)', "x BETWEEN (1) AND 2 || 'a'", '- (a)']) {
      const parsed = parseExpression(sample);
      expect(r(sample.slice(parsed.position, parsed.end))).toBe(render(parsed));
    }
  });

  test('prefix operators and tails start and end where their text does', () => {
    const text = 'NOT a IS NULL';
    const e = parseExpression(text);
    expect([e.position, e.end]).toEqual([0, 13]);
    if (e.kind !== 'Unary') throw new Error('shape');
    expect(text.slice(e.operand.position, e.operand.end)).toBe('a IS NULL');
  });
});
