/**
 * src/level4-sql/plan/expr-utils.ts — AST helpers the planner needs: splitting and joining AND chains, the
 * names FROM items answer to, finding aggregates, and a structural key that says when two expressions are the same expression.
 *
 * 1. `hasAggregate` does not look inside subqueries: an aggregate there belongs to the subquery.
 * 2. `exprKey` ignores positions and identifies column references by the column they resolve to, so
 *    `GROUP BY t.a` matches `SELECT a`.
 */
import { isAggregateCall } from '../eval/compile';
import type { Scope } from '../eval/scope';
import type { Expr, FromItem, WindowSpec } from '../parse';

/** The conjuncts of an AND chain (a single expression is one conjunct). */
export function splitAnd(e: Expr | null, out: Expr[] = []): Expr[] {
  if (e === null) return out;
  if (e.kind === 'Binary' && e.op === 'AND') {
    splitAnd(e.left, out);
    splitAnd(e.right, out);
  } else {
    out.push(e);
  }
  return out;
}

/** The AND of `xs`, left to right; null for none (splitAnd's inverse). */
export function joinAnd(xs: readonly Expr[]): Expr | null {
  let out: Expr | null = null;
  for (const x of xs) out = out === null ? x : { kind: 'Binary', op: 'AND', left: out, right: x, position: out.position, end: x.end };
  return out;
}

/** The names FROM items answer to: a table's alias, else its name; a derived table's or function's alias. */
export function fromItemNames(from: readonly FromItem[], out: Set<string> = new Set()): Set<string> {
  for (const f of from) {
    if (f.kind === 'Join') fromItemNames([f.left, f.right], out);
    else if (f.kind === 'TableRef') out.add(f.alias ?? f.name);
    else if (f.alias !== null) out.add(f.alias);
  }
  return out;
}

/**
 * True when `e` contains an aggregate call outside any subquery. An aggregate used as a window function
 * (`sum(x) OVER (…)`) does not count; aggregates in its arguments or window specification do.
 */
export function hasAggregate(e: Expr | null): boolean {
  if (e === null) return false;
  switch (e.kind) {
    case 'FunctionCall':
      return isAggregateCall(e) || e.args.some(hasAggregate);
    case 'WindowCall':
      return e.call.args.some(hasAggregate) || hasAggregate(e.call.filter ?? null) || (typeof e.over !== 'string' && specHasAggregate(e.over));
    case 'Literal':
    case 'ColumnRef':
    case 'Parameter':
    case 'DefaultValue':
    case 'DocumentLiteral':
    case 'Exists':
    case 'ScalarSubquery':
      return false;
    case 'Unary':
      return hasAggregate(e.operand);
    case 'Binary':
      return hasAggregate(e.left) || hasAggregate(e.right);
    case 'IsNull':
    case 'IsTruth':
    case 'Cast':
      return hasAggregate(e.operand);
    case 'IsDistinct':
      return hasAggregate(e.left) || hasAggregate(e.right);
    case 'Between':
      return hasAggregate(e.operand) || hasAggregate(e.low) || hasAggregate(e.high);
    case 'InList':
      return hasAggregate(e.operand) || e.list.some(hasAggregate);
    case 'QuantifiedArray':
      return hasAggregate(e.operand) || hasAggregate(e.array);
    case 'InSubquery':
      return hasAggregate(e.operand);
    case 'Like':
      return hasAggregate(e.operand) || hasAggregate(e.pattern) || hasAggregate(e.escape);
    case 'Case':
      return hasAggregate(e.operand) || hasAggregate(e.else) || e.whens.some((w) => hasAggregate(w.when) || hasAggregate(w.then));
    case 'RowValue':
      return e.items.some(hasAggregate);
    case 'MethodCall':
      return hasAggregate(e.target) || e.args.some(hasAggregate);
    case 'FieldAccess':
      return hasAggregate(e.target);
  }
}

function specHasAggregate(w: WindowSpec): boolean {
  return w.partitionBy.some(hasAggregate) || w.orderBy.some((o) => hasAggregate(o.expr));
}

/** True when `e` contains a window function call outside any subquery. */
export function hasWindow(e: Expr | null): boolean {
  return e !== null && containsWindow(e);
}

/** Searches any AST value for a WindowCall node, not entering subqueries (QueryExpression nodes). */
function containsWindow(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return v.some(containsWindow);
  const kind = (v as { kind?: unknown }).kind;
  if (kind === 'WindowCall') return true;
  if (kind === 'QueryExpression') return false;
  return Object.values(v).some(containsWindow);
}

/** A string equal for structurally equal expressions (see invariant 2). */
export function exprKey(e: Expr, scope: Scope): string {
  return JSON.stringify(e, (k, v: unknown) => {
    if (k === 'position' || k === 'end' || k === 'keyPosition') return undefined;
    if (isColumnRef(v)) {
      try {
        const r = scope.resolve(v.parts);
        return `#${r.level}:${r.entry.key}`;
      } catch {
        // a selector: its steps as written decide what it reads (unquoted ones forgive case)
        return `?${v.steps.map((st) => (st.quoted ? JSON.stringify(st.text) : st.text)).join('.')}`;
      }
    }
    return v;
  });
}

function isColumnRef(v: unknown): v is { kind: 'ColumnRef'; parts: string[]; steps: Array<{ text: string; quoted: boolean }> } {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'ColumnRef';
}
