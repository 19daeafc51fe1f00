/**
 * src/level4-sql/statements/joined-dml.ts — PostgreSQL's UPDATE … FROM and DELETE … USING, planned as standard
 * SQL over the target's rows.
 *
 * 1. The other FROM items become subqueries correlated on the target row: the WHERE becomes `EXISTS (SELECT 1
 *    FROM others WHERE where)`, and each SET value `(SELECT value FROM others WHERE where LIMIT 1)`. A target row
 *    that matches no row of the others is not touched; one that matches several takes the values of the first
 *    the plan finds (PostgreSQL leaves which one unspecified as well); it is updated or deleted once.
 * 2. A name written without a table in SET or WHERE that both the target and a table of FROM (USING) have is
 *    ambiguous (42702), as in PostgreSQL: inside the subqueries it would quietly read the other table's column.
 *    Names inside subqueries of their own are left to those subqueries.
 * 3. The conjuncts of WHERE that read only the target's columns (named with the target's name or alias, or
 *    without a table when no FROM table has the name) and no subquery stay outside, so they choose the target's
 *    rows as any UPDATE's WHERE does (a key fixed to a constant is one lookup); the rest go inside.
 * 4. RETURNING reads the target's columns only (0A000 for a FROM item's); EXPLAIN shows the subqueries that run.
 */
import { SqlError, SqlState } from '../../common/errors';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Delete, Expr, FromItem, QueryExpression, Span, Update } from '../parse';
import { fromItemNames, joinAnd, splitAnd } from '../plan/expr-utils';
import { walkExpr } from './ast-walk';

/** The columns of the plain tables among `from` (views and derived tables are not looked into). */
function fromColumns(from: readonly FromItem[], state: DatabaseState, out: Set<string>): Set<string> {
  for (const f of from) {
    if (f.kind === 'Join') fromColumns([f.left, f.right], state, out);
    else if (f.kind === 'TableRef') for (const c of state.tableByName(f.name)?.columns ?? []) out.add(c.name);
  }
  return out;
}

/** 42702 for an unqualified name both the target and a FROM table have (invariant 2). */
function refuseAmbiguous(exprs: readonly (Expr | null)[], target: string, from: readonly FromItem[], state: DatabaseState): void {
  const mine = new Set((state.tableByName(target)?.columns ?? []).map((c) => c.name));
  const theirs = fromColumns(from, state, new Set());
  const visit = (x: Expr): boolean => {
    if (x.kind === 'Exists' || x.kind === 'ScalarSubquery') return false;
    if (x.kind === 'InSubquery') {
      walkExpr(x.operand, visit); // the operand is ours; the subquery's names are its own
      return false;
    }
    if (x.kind === 'ColumnRef' && x.parts.length === 1 && mine.has(x.parts[0]!) && theirs.has(x.parts[0]!)) {
      throw SqlError.of(SqlState.AmbiguousColumn, [x.parts[0]!], { position: x.position, hint: `Write ${target}.${x.parts[0]!.toLowerCase()} or the other table's name before it.` });
    }
    return true;
  };
  for (const e of exprs) if (e !== null) walkExpr(e, visit);
}

/** `SELECT value FROM from WHERE where [LIMIT 1]` as a query expression spanning `at`. */
function over(value: Expr, from: FromItem[], where: Expr | null, limitOne: boolean, at: Span): QueryExpression {
  const span = { position: at.position, end: at.end };
  return {
    kind: 'QueryExpression',
    body: { kind: 'SelectCore', distinct: false, items: [{ kind: 'SelectExpr', expr: value, alias: null, ...span }], from, where, groupBy: [], having: null, windows: [], ...span },
    orderBy: [],
    limit: limitOne ? { kind: 'Literal', value: { type: 'integer', text: '1' }, ...span } : null,
    offset: null,
    ...span,
  };
}

function existsOver(from: FromItem[], where: Expr | null, at: Span): Expr {
  const one: Expr = { kind: 'Literal', value: { type: 'integer', text: '1' }, position: at.position, end: at.end };
  return { kind: 'Exists', query: over(one, from, where, false, at), position: at.position, end: at.end };
}

/** The names the target answers to, and the columns only it has (invariant 3). */
interface Target {
  readonly names: ReadonlySet<string>;
  readonly own: ReadonlySet<string>;
}

/** True when `e` reads the target's columns only and holds no subquery (invariant 3). */
function readsTargetOnly(e: Expr, target: Target): boolean {
  let only = true;
  walkExpr(e, (x) => {
    if (x.kind === 'Exists' || x.kind === 'ScalarSubquery' || x.kind === 'InSubquery') only = false;
    else if (x.kind === 'ColumnRef') {
      const ok = x.parts.length === 1 ? target.own.has(x.parts[0]!) : x.parts.length === 2 && target.names.has(x.parts[0]!);
      if (!ok) only = false;
    }
    return only;
  });
  return only;
}

/** The outer WHERE: the target's own conjuncts, and EXISTS over the others with the rest (invariants 1 and 3). */
function joinedWhere(from: FromItem[], where: Expr | null, target: Target, at: Span): Expr {
  const outer: Expr[] = [];
  const inner: Expr[] = [];
  for (const c of splitAnd(where)) (readsTargetOnly(c, target) ? outer : inner).push(c);
  return joinAnd([...outer, existsOver(from, joinAnd(inner), at)])!;
}

/** 0A000 for RETURNING that names a FROM item (invariant 4). */
function refuseReturningOthers(returning: Update['returning'], from: readonly FromItem[]): void {
  const names = fromItemNames(from);
  for (const item of returning ?? []) {
    if (item.kind === 'SelectStar') {
      if (item.table !== null && names.has(item.table)) throw returningOthers(item.position);
      continue;
    }
    walkExpr(item.expr, (x) => {
      if (x.kind === 'ColumnRef' && x.parts.length === 2 && names.has(x.parts[0]!)) throw returningOthers(x.position);
      return x.kind !== 'Exists' && x.kind !== 'ScalarSubquery' && x.kind !== 'InSubquery';
    });
  }
}

function returningOthers(position: number): SqlError {
  return SqlError.of(SqlState.FeatureNotSupported, ['RETURNING of the columns of a FROM or USING table'], { position, hint: 'RETURNING reads the target table\'s columns.' });
}

/** The target's names and its own columns (invariant 3). */
function targetOf(table: string, alias: string | null, from: readonly FromItem[], state: DatabaseState): Target {
  const theirs = fromColumns(from, state, new Set());
  const own = new Set((state.tableByName(table)?.columns ?? []).map((c) => c.name).filter((n) => !theirs.has(n)));
  return { names: new Set(alias === null ? [table] : [alias]), own };
}

/** UPDATE … FROM as an UPDATE of the target alone (invariant 1); the statement itself when it has no FROM. */
export function updateWithoutFrom(stmt: Update, state: DatabaseState): Update {
  const from = stmt.from;
  if (from === undefined) return stmt;
  refuseAmbiguous([...stmt.assignments.map((a) => a.value), stmt.where], stmt.table, from, state);
  refuseReturningOthers(stmt.returning, from);
  const { from: _from, ...rest } = stmt;
  const target = targetOf(stmt.table, stmt.alias, from, state);
  return {
    ...rest,
    assignments: stmt.assignments.map((a) =>
      a.value.kind === 'DefaultValue' || readsTargetOnly(a.value, target)
        ? a
        : { ...a, value: { kind: 'ScalarSubquery', query: over(a.value, from, stmt.where, true, a.value), position: a.value.position, end: a.value.end } },
    ),
    where: joinedWhere(from, stmt.where, target, stmt.where ?? stmt),
  };
}

/** DELETE … USING as a DELETE of the target alone (invariant 1); the statement itself when it has no USING. */
export function deleteWithoutUsing(stmt: Delete, state: DatabaseState): Delete {
  const using = stmt.using;
  if (using === undefined) return stmt;
  refuseAmbiguous([stmt.where], stmt.table, using, state);
  refuseReturningOthers(stmt.returning, using);
  const { using: _using, ...rest } = stmt;
  return { ...rest, where: joinedWhere(using, stmt.where, targetOf(stmt.table, stmt.alias, using, state), stmt.where ?? stmt) };
}
