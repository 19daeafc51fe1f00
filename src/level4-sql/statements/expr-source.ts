/**
 * src/level4-sql/statements/expr-source.ts — the SQL text of an expression inside a statement, for the catalog
 * (DEFAULT and CHECK are stored as text).
 *
 * 1. The text returned always re-parses to the same tree as `expr` (positions aside): the node's span is tried
 *    first (and is right when the grammar's spans are), then longer slices, so a span that ends early can never
 *    store a truncated condition in the log.
 * 2. Runs only for DDL, so trying a few parses is acceptable here and nowhere else.
 */
import { InternalError } from '../../common/errors';
import { type Expr, parseExpression } from '../parse';

function shape(e: Expr): string {
  return JSON.stringify(e, (k, v: unknown) => (k === 'position' || k === 'end' ? undefined : v));
}

function shapeOf(text: string): string | null {
  try {
    return shape(parseExpression(text));
  } catch {
    return null;
  }
}

/** The exact source text of `expr` in `sql`. */
export function exprSource(sql: string, expr: Expr): string {
  const want = shape(expr);
  for (let end = Math.max(expr.end, expr.position + 1); end <= sql.length; end++) {
    const last = sql.charCodeAt(end - 1);
    if (last === 32 || last === 9 || last === 10 || last === 13) continue;
    const text = sql.slice(expr.position, end);
    if (shapeOf(text) === want) return text;
  }
  throw new InternalError(`cannot find the source text of the expression at ${expr.position}`);
}
