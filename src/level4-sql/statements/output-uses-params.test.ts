/**
 * src/level4-sql/statements/output-uses-params.test.ts — which queries have result types that parameters can
 * shape (those are typed by the bound values) and which leave parameters untyped.
 */
import { parseStatement } from '../parse';
import { outputUsesParams } from './output-uses-params';

function uses(sql: string): boolean {
  const s = parseStatement(sql);
  if (s.kind !== 'Select') throw new Error(`not a SELECT: ${sql}`);
  return outputUsesParams(s.query);
}

test.each([
  'SELECT ?',
  'SELECT ? + 1 FROM t',
  'SELECT a, @p FROM t',
  'SELECT CAST(? AS INTEGER)', // conservative: a cast fixes the type, but the parameter is in the list
  'SELECT (SELECT ? FROM u) FROM t',
  'SELECT x FROM (SELECT ? AS x) AS q',
  'SELECT * FROM t JOIN (SELECT ? AS y) AS q ON t.a = q.y',
  'VALUES (1), (?)',
  'SELECT a FROM t UNION SELECT ? FROM u',
  '(SELECT ?)',
])('types may depend on parameters: %s', (sql) => {
  expect(uses(sql)).toBe(true);
});

test.each([
  'SELECT 1',
  'SELECT * FROM t WHERE id = ?',
  'SELECT a FROM t WHERE a IN (SELECT ? FROM u)',
  'SELECT a FROM t JOIN u ON t.a = u.b + ?',
  'SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > ?',
  'SELECT a FROM t ORDER BY a LIMIT ? OFFSET @o',
  'SELECT x FROM (SELECT a AS x FROM t WHERE a > ?) AS q',
])('types cannot depend on parameters: %s', (sql) => {
  expect(uses(sql)).toBe(false);
});
