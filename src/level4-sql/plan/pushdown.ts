/**
 * src/level4-sql/plan/pushdown.ts — moves WHERE conjuncts on a view or common table expression into its query,
 * so they reach its tables' access paths (a key lookup instead of a scan under a filter).
 *
 * 1. Only simple queries take conjuncts: one SELECT (no set operation, DISTINCT, GROUP BY, HAVING, LIMIT or
 *    OFFSET) whose every select item is a plain column reference, or a lone `*` over one FROM item. Anything
 *    else (aggregates, window functions, computed columns) could change meaning under a new WHERE, so it is
 *    left alone and the conjuncts filter its output as before.
 * 2. A conjunct moves when it is built only of literals, parameters, operators, CASE, CAST and function calls
 *    over columns of this FROM item (no subqueries, nothing from an outer query): each column reference is
 *    replaced by the query's expression for that output column, and the conjunct is AND-ed to its WHERE.
 * 3. Conjuncts that cannot move stay above the re-planned query as a filter, so the rows are the same either way.
 */
import { SqlError } from '../../common/errors';
import { Scope } from '../eval/scope';
import type { Expr, QueryExpression, SelectCore } from '../parse';
import type { Conj } from './conjunct';

/** The query with the conjuncts that could move in its WHERE, and those that could not. */
export interface Pushed {
  readonly query: QueryExpression;
  readonly rest: readonly Conj[];
}

/** The expression behind each output column of `q`, or null when `q` is not simple (invariant 1). */
function outputExprs(q: QueryExpression, columns: readonly string[]): Expr[] | null {
  const b = q.body;
  if (b.kind !== 'SelectCore' || q.limit !== null || q.offset !== null) return null;
  if (b.distinct || b.distinctOn !== undefined || b.groupBy.length > 0 || b.having !== null) return null;
  if (b.items.length === 1 && b.items[0]!.kind === 'SelectStar' && b.items[0]!.table === null) return starExprs(b, columns);
  const out: Expr[] = [];
  for (const item of b.items) {
    if (item.kind !== 'SelectExpr' || item.expr.kind !== 'ColumnRef') return null;
    out.push(item.expr);
  }
  return out.length === columns.length ? out : null;
}

function starExprs(b: SelectCore, columns: readonly string[]): Expr[] | null {
  if (b.from.length !== 1) return null;
  const f = b.from[0]!;
  if (f.kind === 'Join') return null;
  const name = f.alias ?? (f.kind === 'TableRef' ? f.name.slice(f.name.lastIndexOf('.') + 1) : null);
  if (name === null) return null;
  return columns.map((c) => ({ kind: 'ColumnRef', parts: [name, c], steps: [name, c].map((t) => ({ text: t, quoted: true })), position: f.position, end: f.end }));
}

/** `e` with every column reference replaced by its output expression, or null when it may not move (2).
 *  views/view-dml.ts uses it to translate DML through a view into DML on its table. */
export function substitute(e: Expr, scope: Scope, exprs: readonly Expr[]): Expr | null {
  const sub = (x: Expr): Expr | null => substitute(x, scope, exprs);
  const all = (xs: readonly Expr[]): Expr[] | null => {
    const out: Expr[] = [];
    for (const x of xs) {
      const s = sub(x);
      if (s === null) return null;
      out.push(s);
    }
    return out;
  };
  switch (e.kind) {
    case 'Literal':
    case 'Parameter':
    case 'DocumentLiteral':
      return e;
    case 'RowValue': {
      const items = all(e.items);
      return items === null ? null : { ...e, items };
    }
    case 'ColumnRef': {
      if (e.parts.length > 2) return null;
      try {
        return exprs[scope.resolve(e.parts).entry.index] ?? null;
      } catch (err) {
        if (err instanceof SqlError) return null;
        throw err;
      }
    }
    case 'Unary': {
      const operand = sub(e.operand);
      return operand === null ? null : { ...e, operand };
    }
    case 'Binary':
    case 'IsDistinct': {
      const left = sub(e.left);
      const right = left === null ? null : sub(e.right);
      return right === null ? null : { ...e, left: left!, right };
    }
    case 'IsNull':
    case 'IsTruth':
    case 'Cast': {
      const operand = sub(e.operand);
      return operand === null ? null : { ...e, operand };
    }
    case 'Between': {
      const xs = all([e.operand, e.low, e.high]);
      return xs === null ? null : { ...e, operand: xs[0]!, low: xs[1]!, high: xs[2]! };
    }
    case 'InList': {
      const xs = all([e.operand, ...e.list]);
      return xs === null ? null : { ...e, operand: xs[0]!, list: xs.slice(1) };
    }
    case 'QuantifiedArray': {
      const xs = all([e.operand, e.array]);
      return xs === null ? null : { ...e, operand: xs[0]!, array: xs[1]! };
    }
    case 'Like': {
      const xs = all(e.escape === null ? [e.operand, e.pattern] : [e.operand, e.pattern, e.escape]);
      return xs === null ? null : { ...e, operand: xs[0]!, pattern: xs[1]!, escape: xs[2] ?? null };
    }
    case 'FunctionCall': {
      if (e.filter !== undefined || e.orderBy !== undefined) return null; // an aggregate's tails: never in a WHERE
      const args = all(e.args);
      return args === null ? null : { ...e, args };
    }
    case 'Case': {
      const operand = e.operand === null ? null : sub(e.operand);
      if (e.operand !== null && operand === null) return null;
      const whens: typeof e.whens = [];
      for (const w of e.whens) {
        const xs = all([w.when, w.then]);
        if (xs === null) return null;
        whens.push({ ...w, when: xs[0]!, then: xs[1]! });
      }
      const els = e.else === null ? null : sub(e.else);
      if (e.else !== null && els === null) return null;
      return { ...e, operand, whens, else: els };
    }
    default:
      return null;
  }
}

/**
 * Moves what it can of `conjs` (WHERE conjuncts on the FROM item whose scope is `scope`, with output columns
 * `columns`) into `q`; null when nothing moves (see the file header).
 */
export function pushIntoQuery(q: QueryExpression, columns: readonly string[], scope: Scope, conjs: readonly Conj[]): Pushed | null {
  const exprs = outputExprs(q, columns);
  if (exprs === null) return null;
  const local = new Scope(scope.entries, scope.width, scope.level, null);
  const moved: Expr[] = [];
  const rest: Conj[] = [];
  for (const c of conjs) {
    const e = c.expr === undefined || c.leaves.size === 0 ? null : substitute(c.expr, local, exprs);
    if (e === null) rest.push(c);
    else moved.push(e);
  }
  if (moved.length === 0) return null;
  const body = q.body as SelectCore;
  let where = body.where;
  for (const e of moved) {
    where = where === null ? e : { kind: 'Binary', op: 'AND', left: where, right: e, position: e.position, end: e.end };
  }
  return { query: { ...q, body: { ...body, where } }, rest };
}
