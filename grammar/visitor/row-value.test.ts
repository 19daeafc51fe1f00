/**
 * grammar/visitor/row-value.test.ts — row value ASTs: `(a, b)`, Pyrrho's named fields `(b AS d, c)`, `ROW(…)`,
 * and what stays a plain value or a function call.
 */
import { parseExpression, type Expr } from '../index';

function row(text: string): { items: Expr[]; names: (string | null)[] | null } {
  const e = parseExpression(text);
  if (e.kind !== 'RowValue') throw new Error(`not a row value: ${e.kind}`);
  return e;
}

describe('row values', () => {
  test('(a, b) has no field names', () => {
    const r = row('(a, b + 1)');
    expect(r.items.map((e) => e.kind)).toEqual(['ColumnRef', 'Binary']);
    expect(r.names).toBeNull();
  });

  test('AS names the field it follows, folded; unnamed fields are null', () => {
    expect(row('(b AS d, c)').names).toEqual(['D', null]);
    expect(row('(b, c + 1 AS "Sum", e AS f)').names).toEqual([null, 'Sum', 'F']);
    expect(row('((x, y) AS p, z)').names).toEqual(['P', null]);
  });

  test('one named field is a row of one; one unnamed is the value itself', () => {
    expect(row('(b AS d)').items).toHaveLength(1);
    expect(parseExpression('(b)').kind).toBe('ColumnRef');
  });

  test('ROW(…) is a row value; a quoted "ROW" stays a function call', () => {
    expect(row('ROW(1, 2)').items).toHaveLength(2);
    expect(row('row(x)').items).toHaveLength(1);
    expect(parseExpression('"ROW"(1, 2)').kind).toBe('FunctionCall');
  });
});
