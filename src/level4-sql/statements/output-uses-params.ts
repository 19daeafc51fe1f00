/**
 * src/level4-sql/statements/output-uses-params.ts — whether a query's result column types can depend on the
 * types of its parameters (then session.ts plans it with the types of the bound values, eval/param-types.ts).
 *
 * 1. Conservative: a parameter anywhere in a select list, a VALUES row or a FROM subquery's output counts
 *    (even where it cannot change a type, as in `SELECT ? IS NULL`); a false "yes" costs a check of the
 *    values' kinds per execution, a false "no" would report wrong types.
 * 2. WHERE, ON, GROUP BY, HAVING, ORDER BY, LIMIT and OFFSET never shape the result's types, so parameters
 *    there (the common `WHERE id = ?`) leave the plan untyped and valid for any values.
 */
import { unreachable } from '../../common/assert';
import type { FromItem, QueryBody, QueryExpression } from '../parse';
import { findExpr } from './ast-walk';

const isParameter = (e: { kind: string }): boolean => e.kind === 'Parameter';

function fromUsesParams(f: FromItem): boolean {
  switch (f.kind) {
    case 'TableRef':
      return false;
    case 'SubqueryRef':
      return outputUsesParams(f.query);
    case 'TableFunctionRef':
      return false;
    case 'Join':
      return fromUsesParams(f.left) || fromUsesParams(f.right);
    default:
      return unreachable(f, 'FROM item kind');
  }
}

function bodyUsesParams(b: QueryBody): boolean {
  switch (b.kind) {
    case 'SelectCore':
      for (const item of b.items) if (item.kind === 'SelectExpr' && findExpr(item.expr, isParameter) !== null) return true;
      return b.from.some(fromUsesParams);
    case 'Values':
      return b.rows.some((row) => row.some((e) => findExpr(e, isParameter) !== null));
    case 'SetOperation':
      return bodyUsesParams(b.left) || bodyUsesParams(b.right);
    case 'NestedQuery':
      return outputUsesParams(b.query);
    default:
      return unreachable(b, 'query body kind');
  }
}

/** True when a parameter may shape the types of `q`'s result columns (see the file header). */
export function outputUsesParams(q: QueryExpression): boolean {
  return bodyUsesParams(q.body);
}
