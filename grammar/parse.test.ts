/**
 * grammar/parse.test.ts — the three entry points: scripts, single statements, standalone expressions.
 */
import * as grammar from './index';
import { parseExpression, parseStatement, parseStatements } from './index';

describe('the public surface', () => {
  test('index.ts exports the three parse functions and namesIn and nothing else at run time', () => {
    expect(Object.keys(grammar).sort()).toEqual(['namesIn', 'parseExpression', 'parseStatement', 'parseStatements']);
  });
});

describe('parseStatements', () => {
  test('statements separated by ";", with empty statements and a trailing ";"', () => {
    const text = 'SELECT 1; ; INSERT INTO t VALUES (1);;DELETE FROM t;';
    const statements = parseStatements(text);
    expect(statements.map((s) => s.kind)).toEqual(['Select', 'Insert', 'Delete']);
    expect(statements.map((s) => text.slice(s.position, s.end))).toEqual([
      'SELECT 1',
      'INSERT INTO t VALUES (1)',
      'DELETE FROM t',
    ]);
  });

  test.each(['', '   ', ';', ' ; ;', '-- just a comment', '/* block */ -- and line\n'])('%j has no statements', (text) => {
    expect(parseStatements(text)).toEqual([]);
  });

  test('statements must be separated', () => {
    expect(() => parseStatements('SELECT 1 SELECT 2')).toThrow(
      expect.objectContaining({ sqlState: '42601', position: 9, detail: 'expected ";" or end of input' }),
    );
  });

  test('? parameters are numbered per statement', () => {
    const [a, b] = parseStatements('SELECT ? + ?; SELECT ?');
    expect(a).toMatchObject({ query: { body: { items: [{ expr: { left: { index: 0 }, right: { index: 1 } } }] } } });
    expect(b).toMatchObject({ query: { body: { items: [{ expr: { index: 0 } }] } } });
  });

  test('? parameters are numbered in source order, through subqueries and clauses', () => {
    const s = parseStatement('SELECT ? FROM t WHERE a IN (SELECT b FROM u WHERE c = ?) AND d = ? ORDER BY 1 LIMIT ?');
    const found: Array<[position: number, index: number | null]> = [];
    JSON.stringify(s, (_key, value: unknown) => {
      const node = value as { kind?: string; position: number; index: number | null } | null;
      if (node !== null && typeof node === 'object' && node.kind === 'Parameter') found.push([node.position, node.index]);
      return value;
    });
    expect(found.sort((x, y) => x[0] - y[0]).map(([, index]) => index)).toEqual([0, 1, 2, 3]);
  });

  test('one parse does not leak into the next', () => {
    expect(() => parseStatements('SELECT FROM')).toThrow();
    expect(parseStatements('SELECT 1')).toHaveLength(1);
    expect(() => parseStatements("SELECT 'x")).toThrow();
    expect(parseStatements("SELECT 'x'")).toHaveLength(1);
  });
});

describe('parseStatement', () => {
  test('exactly one statement, a trailing ";" allowed', () => {
    expect(parseStatement('COMMIT;')).toEqual({ kind: 'Commit', position: 0, end: 6 });
  });

  test('none is a syntax error at the end', () => {
    expect(() => parseStatement(' -- nothing')).toThrow(
      expect.objectContaining({ sqlState: '42601', position: 11, message: 'syntax error at or near end of input' }),
    );
  });

  test('two is a syntax error at the second', () => {
    expect(() => parseStatement('BEGIN; COMMIT')).toThrow(
      expect.objectContaining({ sqlState: '42601', position: 7, message: 'syntax error at or near "COMMIT"' }),
    );
  });
});

describe('parseExpression', () => {
  test('re-parses stored DEFAULT / CHECK text', () => {
    expect(parseExpression("  'abc' ")).toMatchObject({ kind: 'Literal', position: 2, end: 7 });
    expect(parseExpression('price * qty > 0')).toMatchObject({ kind: 'Binary', op: '>' });
  });

  test('rejects anything after the expression, and empty text', () => {
    expect(() => parseExpression('1; 2')).toThrow(expect.objectContaining({ sqlState: '42601', position: 1 }));
    expect(() => parseExpression('a b')).toThrow(expect.objectContaining({ sqlState: '42601', position: 2 }));
    expect(() => parseExpression('')).toThrow(expect.objectContaining({ sqlState: '42601', position: 0 }));
  });

  test('numbers its own ? parameters from 0', () => {
    parseStatement('SELECT ?, ?, ?');
    expect(parseExpression('? + ?')).toMatchObject({ left: { index: 0 }, right: { index: 1 } });
  });
});
