/**
 * src/level4-sql/plan/query-planner.ts — plans a QueryExpression: its body (SELECT, VALUES, set operation,
 * parenthesised query) and, for bodies other than SELECT, ORDER BY / LIMIT / OFFSET over the output columns.
 *
 * 1. A SELECT body handles its own ORDER BY (it may sort by columns it does not output): select-planner.ts.
 * 2. VALUES and set operations take the common type of each column (42804 when there is none) and widen
 *    values to it; both sides of a set operation must have the same number of columns (42000). Output
 *    names come from the first row / left side; VALUES columns are named Col0, Col1, …
 * 3. `FOR UPDATE` / `FOR SHARE` change nothing: a transaction's reads are judged at its commit, so a row it read
 *    that another transaction changes first fails its commit (40001) — what a lock would have prevented by
 *    waiting. Only what the clause names is checked (`checkLocking`).
 */
import { SqlError, SqlState } from '../../common/errors';
import type { SqlType } from '../../common/values/sql-type';
import type { Compiled } from '../eval/compiled';
import { compiled } from '../eval/compiled';
import { widen } from '../eval/compile-calls';
import type { CompileEnv } from '../eval/compile-env';
import { Scope } from '../eval/scope';
import { unifyAll } from '../eval/type-rules';
import { LimitRowSet, ProjectRowSet, ValuesRowSet } from '../exec/basic';
import type { RowSet } from '../exec/rowset';
import { SetOperationRowSet } from '../exec/set-ops';
import { SortRowSet } from '../exec/sort';
import type { LockingClause, OrderItem, QueryBody, QueryExpression, SetOperation, ValuesBody } from '../parse';
import { compileIn } from './conjunct';
import { withCtes } from './cte';
import { fromItemNames } from './expr-utils';
import { outputOrderKeys } from './order-by';
import { planSelect } from './select-planner';
import type { PlannedQuery } from './subquery-plan';

/** Plans a query expression at `level` (see the file header). */
export function planQueryExpression(q: QueryExpression, env: CompileEnv, outer: Scope | null, level: number): PlannedQuery {
  if (q.lock !== undefined) checkLocking(q.lock, q.body);
  const w = q.with;
  if (w !== undefined) return withCtes(w, env, () => planQueryExpression({ ...q, with: undefined }, env, outer, level));
  if (q.body.kind === 'SelectCore') return planSelect(q.body, q.orderBy, q.limit, q.offset, env, outer, level);
  const body = planBody(q.body, env, outer, level);
  return finish(body, q.orderBy, q.limit, q.offset, env, outer, level);
}

/**
 * FOR UPDATE / FOR SHARE (invariant 3): nothing to lock, since a transaction's reads are checked at its commit;
 * what is checked is what the clause names. OF must name FROM items (42P01); SKIP LOCKED, which asks to leave
 * out rows another transaction holds, has no meaning without locks and is refused (0A000).
 */
function checkLocking(lock: LockingClause, body: QueryBody): void {
  if (lock.skipLocked) {
    throw SqlError.of(SqlState.FeatureNotSupported, ['SKIP LOCKED: rows are never locked'], {
      position: lock.position,
      hint: 'Transactions here are optimistic: a commit that meets a concurrent change fails with 40001 and is retried.',
    });
  }
  if (lock.of.length === 0) return;
  const names = body.kind === 'SelectCore' ? fromItemNames(body.from) : new Set<string>();
  for (const n of lock.of) {
    if (!names.has(n)) {
      throw SqlError.of(SqlState.UndefinedTable, [n], { position: lock.position, detail: `FOR ${lock.mode} OF names a table that is not in the query's FROM clause.` });
    }
  }
}

function planBody(b: QueryBody, env: CompileEnv, outer: Scope | null, level: number): PlannedQuery {
  switch (b.kind) {
    case 'SelectCore':
      return planSelect(b, [], null, null, env, outer, level);
    case 'Values':
      return planValues(b, env, outer, level);
    case 'SetOperation':
      return planSetOperation(b, env, outer, level);
    case 'NestedQuery':
      return planQueryExpression(b.query, env, outer, level);
  }
}

/** Compiles LIMIT / OFFSET: they may use parameters and outer values, not the query's own rows. */
export function compileCount(e: QueryExpression['limit'], env: CompileEnv, outer: Scope | null, level: number, what: string): Compiled | null {
  return e === null ? null : compileIn(e, Scope.emptyAt(level, outer), env, what);
}

function finish(
  body: PlannedQuery,
  orderBy: readonly OrderItem[],
  limitE: QueryExpression['limit'],
  offsetE: QueryExpression['offset'],
  env: CompileEnv,
  outer: Scope | null,
  level: number,
): PlannedQuery {
  const limit = compileCount(limitE, env, outer, level, 'LIMIT');
  const offset = compileCount(offsetE, env, outer, level, 'OFFSET');
  let root = body.root;
  if (orderBy.length > 0) {
    const scope = Scope.forColumns(null, body.columns, body.types, level, outer, -1);
    root = new SortRowSet(root, outputOrderKeys(orderBy, body.columns, scope, env), limit, offset);
  }
  if (limit !== null || offset !== null) root = new LimitRowSet(root, limit, offset);
  return { ...body, root };
}

function planValues(b: ValuesBody, env: CompileEnv, outer: Scope | null, level: number): PlannedQuery {
  const scope = Scope.emptyAt(level, outer);
  const rows = b.rows.map((r) => r.map((e) => compileIn(e, scope, env, 'VALUES')));
  const width = rows[0]?.length ?? 0;
  for (const r of rows) {
    if (r.length !== width) throw SqlError.of(SqlState.SyntaxError, ['VALUES lists must all be the same length'], { position: b.position });
  }
  const types: SqlType[] = [];
  for (let i = 0; i < width; i++) types.push(unifyAll(rows.map((r) => r[i]!.type), 'VALUES', b.position));
  const widened = rows.map((r) => r.map((c, i) => widen(c, types[i]!)));
  const columns = types.map((_, i) => `Col${i}`);
  return { root: new ValuesRowSet(widened), columns, types };
}

/** Wraps `q` in a projection that widens columns whose type differs from `types`. */
function widenTo(q: PlannedQuery, types: readonly SqlType[]): RowSet {
  if (q.types.every((t, i) => t.kind === types[i]!.kind || t.kind === 'NULL')) return q.root;
  const items = q.types.map((t, i) =>
    widen(
      compiled({
        type: t,
        text: q.columns[i]!,
        refs: 0,
        eval: (_c, row) => {
          const v = row![i];
          return v === undefined ? null : v;
        },
      }),
      types[i]!,
    ),
  );
  return new ProjectRowSet(q.root, items, q.columns);
}

function planSetOperation(b: SetOperation, env: CompileEnv, outer: Scope | null, level: number): PlannedQuery {
  const l = planBody(b.left, env, outer, level);
  const r = planBody(b.right, env, outer, level);
  if (l.columns.length !== r.columns.length) {
    throw SqlError.of(SqlState.SyntaxError, [`each ${b.op} query must have the same number of columns`], { position: b.position });
  }
  const types = l.types.map((t, i) => unifyAll([t, r.types[i]!], b.op, b.position));
  const root = new SetOperationRowSet(b.op, b.all, widenTo(l, types), widenTo(r, types), types.length);
  return { root, columns: l.columns, types };
}
