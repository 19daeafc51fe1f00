/**
 * src/level4-sql/eval/semi-join.ts — `[NOT] EXISTS (SELECT … FROM u WHERE u.g = t.g AND …)` as a hash
 * semi-join (anti-join): the subquery without its correlation is run once per execution into a hash set of
 * its join keys, and each outer row is a set lookup.
 *
 * 1. Applies when the subquery is one SELECT without WITH, GROUP BY, HAVING, aggregates, window functions,
 *    LIMIT or OFFSET, and every conjunct of its WHERE that reads the outer row is `inner = outer`, one side
 *    reading only the subquery's own FROM items and the other only the enclosing query's row (found by
 *    planning each side as a probe query); what is left must not read the outer row. It may read a query
 *    further out (in a query, `env.memoCorrelated`): the hash set is then kept per that query's values
 *    (subquery-cache.ts), as it is once per execution when nothing outer is read. Otherwise null: the caller
 *    runs the subquery per outer row.
 * 2. Two-valued, as EXISTS is: an outer key holding NULL has no match (EXISTS false); inner
 *    rows with a NULL key are left out of the set. Keys are hashed as IN (subquery) hashes them, so only
 *    pairs of one type class (or numbers with numbers) are rewritten.
 * 3. The rewritten subquery is what EXPLAIN shows, as `Subquery N (once)`; `plan` (compile-subquery.ts) notes it.
 * 4. `x [NOT] IN (SELECT y … correlated by equalities)` is rewritten the same way, keeping IN's three values: the
 *    subquery selects its correlation keys and then `y`, read once into a map from key to the group of `y`
 *    values; an outer row whose key is NULL or has no group sees an empty subquery (IN is FALSE, NOT IN TRUE),
 *    else the group answers as an uncorrelated IN's set does (NULL when only a NULL could match).
 */
import type { SqlType } from '../../common/values/sql-type';
import { isNumericKind } from '../../common/values/sql-type';
import type { Row, Value } from '../../common/values/value';
import type { ExecContext } from '../context';
import { reachableRowSets, type RowSet } from '../exec/rowset';
import type { Exists, Expr, InSubquery, QueryExpression, SelectCore } from '../parse';
import { hasAggregate, hasWindow, joinAnd, splitAnd } from '../plan/expr-utils';
import { planSubquery, type SubqueryPlan } from '../plan/subquery-plan';
import { BOOLEAN } from '../../common/values/sql-type';
import { compiled, type Compiled, maxRefs } from './compiled';
import type { CompileEnv } from './compile-env';
import { compositeKey, hashKey, type HashKey } from './hash-key';
import type { Recurse } from './compile-operators';
import type { Scope } from './scope';
import { memo } from './subquery-cache';

/**
 * The rewritten subquery of each EXISTS, kept so that compiling the conjunct again (the planner compiles a
 * conjunct more than once) finds the same node: planned once, listed once by EXPLAIN (invariant 3).
 */
const REWRITTEN = new WeakMap<Exists, QueryExpression>();

/** True when a table scan is reachable in the rowset tree `rs` (through its fields: sources, join sides). */
export function scansPerRow(rs: RowSet): boolean {
  return reachableRowSets([rs]).some((r) => r.kind === 'TableScanRowSet');
}

/** How a side of `a = b` reads: only the subquery's FROM, only the outer row, or neither/both. */
type Reads = 'inner' | 'outer' | 'mixed';

function readsOf(e: Expr, core: SelectCore, scope: Scope, env: CompileEnv): Reads {
  const probe: QueryExpression = {
    kind: 'QueryExpression',
    body: { ...core, items: [{ kind: 'SelectExpr', expr: e, alias: null, position: e.position, end: e.end }], where: null, distinct: false },
    orderBy: [],
    limit: null,
    offset: null,
    position: e.position,
    end: e.end,
  };
  try {
    const { result, leaves } = env.recordLeaves(scope.level + 1, () => planSubquery(probe, scope, env));
    if (result.outerRef === -1 && leaves.size > 0) return 'inner';
    if (result.outerRef === scope.level && leaves.size === 0 && result.outerReads.every(([l]) => l === scope.level)) return 'outer';
  } catch {
    // a side that does not plan as a probe is not rewritten; the query plans it as it is
  }
  return 'mixed';
}

function hashable(a: SqlType, b: SqlType): boolean {
  return (a.kind === b.kind && a.kind !== 'NULL') || (isNumericKind(a.kind) && isNumericKind(b.kind));
}

/** A subquery's WHERE split into its correlation by equalities and the rest (invariant 1). */
interface Correlation {
  readonly core: SelectCore;
  /** the inner side of each correlating equality, and the outer side of it */
  readonly inner: readonly Expr[];
  readonly outer: readonly Expr[];
  readonly rest: readonly Expr[];
}

/** The correlation of `q` by equalities (invariant 1), or null when the rewrite does not apply. */
function correlation(q: QueryExpression, scope: Scope, env: CompileEnv): Correlation | null {
  const core = q.body;
  if (q.with !== undefined || q.limit !== null || q.offset !== null || core.kind !== 'SelectCore') return null;
  if (core.groupBy.length > 0 || core.having !== null || core.windows.length > 0 || core.from.length === 0) return null;
  // DISTINCT ON chooses which rows' values the subquery gives
  if (core.distinctOn !== undefined) return null;
  if (core.items.some((i) => i.kind === 'SelectExpr' && (hasAggregate(i.expr) || hasWindow(i.expr)))) return null;
  const inner: Expr[] = [];
  const outer: Expr[] = [];
  const rest: Expr[] = [];
  for (const c of splitAnd(core.where)) {
    if (c.kind === 'Binary' && c.op === '=' && c.left.kind !== 'RowValue' && c.right.kind !== 'RowValue') {
      const l = readsOf(c.left, core, scope, env);
      const r = l === 'mixed' ? 'mixed' : readsOf(c.right, core, scope, env);
      if (l === 'inner' && r === 'outer') {
        inner.push(c.left);
        outer.push(c.right);
        continue;
      }
      if (l === 'outer' && r === 'inner') {
        inner.push(c.right);
        outer.push(c.left);
        continue;
      }
    }
    rest.push(c);
  }
  return inner.length === 0 ? null : { core, inner, outer, rest };
}

/** `q` without its correlation, selecting the correlation's inner sides and then `extra`. */
function uncorrelated(q: QueryExpression, k: Correlation, extra: readonly Expr[]): QueryExpression {
  return {
    kind: 'QueryExpression',
    body: {
      ...k.core,
      distinct: false,
      items: [...k.inner, ...extra].map((x) => ({ kind: 'SelectExpr' as const, expr: x, alias: null, position: x.position, end: x.end })),
      where: joinAnd(k.rest),
    },
    orderBy: [],
    limit: null,
    offset: null,
    position: q.position,
    end: q.end,
  };
}

/**
 * The compiled outer sides of `k`, when the rewritten subquery `rewritten` reads no outer row (only, in a
 * query, rows further out: invariant 1) and each pair hashes alike (invariant 2); else null.
 */
function outerKeys(rewritten: QueryExpression, k: Correlation, scope: Scope, env: CompileEnv, rec: Recurse): Compiled[] | null {
  // the rest must not read the outer row: checked by planning it without the correlation
  const probe = planSubquery(rewritten, scope, env);
  if (probe.outerRef !== -1 && !(env.memoCorrelated && probe.outerRef < scope.level)) return null;
  const outs: Compiled[] = k.outer.map((x) => rec(x, scope, env));
  return outs.some((o, i) => o.dynamic || !hashable(o.type, probe.types[i]!)) ? null : outs;
}

/**
 * The semi-join form of `e` (file header), or null when it does not apply. `note` plans (and notes for EXPLAIN)
 * the rewritten subquery.
 */
export function semiJoinExists(
  e: Exists,
  scope: Scope,
  env: CompileEnv,
  rec: Recurse,
  note: (q: QueryExpression) => SubqueryPlan,
): Compiled | null {
  const k = correlation(e.query, scope, env);
  if (k === null) return null;
  const rewritten = REWRITTEN.get(e) ?? uncorrelated(e.query, k, []);
  REWRITTEN.set(e, rewritten);
  const outs = outerKeys(rewritten, k, scope, env, rec);
  if (outs === null) return null;
  const sub = note(rewritten);
  return compiled({
    type: BOOLEAN,
    text: 'EXISTS (subquery)',
    refs: maxRefs(outs),
    eval: semiJoinEval(sub, outs, scope.level, env),
  });
}

/**
 * The rows of an IN's subquery, hashed: all of them (compile-subquery.ts), or those of one value of a
 * correlated IN's correlation key (invariant 4).
 */
export interface InGroup {
  readonly keys: Set<HashKey>;
  /** rows (or values) holding a NULL: they can only make the answer NULL */
  readonly nullRows: Row[];
  /**
   * For a row value (more than one column), the rows without a NULL as well: an operand that holds a NULL
   * is compared with each, since `(1, NULL) IN ((2, 3))` is FALSE, not NULL. Null for one column.
   */
  readonly rows: Row[] | null;
  readonly any: boolean;
}

/**
 * `x [NOT] IN (SELECT y FROM u WHERE u.g = t.g AND …)` as a hash semi-join (invariant 4): per execution the
 * subquery without its correlation is read once into a map from correlation key to the group of its `y` rows;
 * per outer row, `test` answers from the group of the row's key (FALSE when there is none: the subquery is empty
 * for that row). Null when the rewrite does not apply or the IN columns do not hash alike with `xs`.
 */
export function semiJoinIn(
  e: InSubquery,
  xs: readonly Compiled[],
  scope: Scope,
  env: CompileEnv,
  rec: Recurse,
  note: (q: QueryExpression) => SubqueryPlan,
): ((c: ExecContext, row: Row | null) => InGroup | null) | null {
  const q = e.query;
  const k = correlation(q, scope, env);
  if (k === null || q.body.kind !== 'SelectCore') return null;
  const items = q.body.items;
  if (items.length !== xs.length || items.some((i) => i.kind !== 'SelectExpr')) return null;
  const extra = items.map((i) => (i as { expr: Expr }).expr);
  const rewritten = REWRITTEN_IN.get(e) ?? uncorrelated(q, k, extra);
  REWRITTEN_IN.set(e, rewritten);
  const outs = outerKeys(rewritten, k, scope, env, rec);
  if (outs === null) return null;
  const sub = note(rewritten);
  const m = outs.length;
  if (xs.some((x, i) => x.dynamic || !hashable(x.type, sub.types[m + i]!))) return null;
  return groupLookup(sub, outs, xs.length, scope.level, env);
}

const REWRITTEN_IN = new WeakMap<InSubquery, QueryExpression>();

/**
 * Per execution (or per values of a query further out: invariant 1), the map from correlation key to group;
 * per row, a lookup (invariant 4).
 */
function groupLookup(sub: SubqueryPlan, outs: readonly Compiled[], n: number, level: number, env: CompileEnv): (c: ExecContext, row: Row | null) => InGroup | null {
  const m = outs.length;
  const fs = outs.map((o) => o.eval);
  const vals: Value[] = new Array<Value>(m).fill(null);
  const ys: Value[] = new Array<Value>(n).fill(null);
  const build = (c: ExecContext): Map<HashKey, InGroup> => {
    const groups = new Map<HashKey, InGroup>();
    const cur = sub.root.open(c);
    for (let r = cur.next(); r !== null; r = cur.next()) {
      let nulls = false;
      for (let i = 0; i < m; i++) if ((r[i] ?? null) === null) nulls = true;
      if (nulls) continue; // `u.g = NULL` is never true: the row is in no group
      const g = compositeKey(r, m);
      let group = groups.get(g);
      if (group === undefined) groups.set(g, (group = { keys: new Set(), nullRows: [], rows: n === 1 ? null : [], any: true }));
      let yNull = false;
      for (let i = 0; i < n; i++) {
        const y = r[m + i] ?? null;
        ys[i] = y;
        if (y === null) yNull = true;
      }
      if (yNull) group.nullRows.push(ys.slice());
      else if (n === 1) group.keys.add(hashKey(ys[0]!));
      else {
        group.keys.add(compositeKey(ys, n));
        group.rows!.push(ys.slice());
      }
    }
    return groups;
  };
  const groupsFor = memo({}, sub, level, env, build) as (c: ExecContext, row: Row | null) => Map<HashKey, InGroup>;
  return (c, row) => {
    const groups = groupsFor(c, row);
    for (let i = 0; i < m; i++) {
      const v = fs[i]!(c, row);
      if (v === null) return null;
      vals[i] = v;
    }
    return groups.get(compositeKey(vals, m)) ?? null;
  };
}

/**
 * Per execution (or per values of a query further out: invariant 1), the set of the rewritten subquery's
 * keys; per row, a lookup (invariant 2).
 */
function semiJoinEval(sub: SubqueryPlan, outs: readonly Compiled[], level: number, env: CompileEnv): (c: ExecContext, row: Row | null) => Value {
  const n = outs.length;
  const fs = outs.map((o) => o.eval);
  const vals: Value[] = new Array<Value>(n).fill(null);
  const build = (c: ExecContext): Set<HashKey> => {
    const set = new Set<HashKey>();
    const cur = sub.root.open(c);
    for (let r = cur.next(); r !== null; r = cur.next()) {
      let nulls = false;
      for (let i = 0; i < n; i++) if ((r[i] ?? null) === null) nulls = true;
      if (!nulls) set.add(compositeKey(r, n));
    }
    return set;
  };
  const setFor = memo({}, sub, level, env, build) as (c: ExecContext, row: Row | null) => Set<HashKey>;
  return (c, row) => {
    const set = setFor(c, row);
    for (let i = 0; i < n; i++) {
      const v = fs[i]!(c, row);
      if (v === null) return false;
      vals[i] = v;
    }
    return set.has(compositeKey(vals, n));
  };
}
