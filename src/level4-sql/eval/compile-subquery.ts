/**
 * src/level4-sql/eval/compile-subquery.ts — scalar subqueries, EXISTS and IN (subquery).
 *
 * 1. The subquery is planned once (plan/planner.ts `planSubquery`) with the current scope as its outer
 *    scope, one level deeper. At run time the current row is put in `ctx.frames[level]` while the
 *    subquery runs (context.ts invariant 3), then the old frame is restored.
 * 2. An uncorrelated subquery (it reads no outer row) runs once per execution: its result (value, boolean,
 *    or for IN a hash set of its values or rows, semi-join.ts `InGroup`) is cached on the ExecContext under
 *    the compiled node. So is IN's set when the subquery reads only rows of levels further out than the IN's
 *    own (invariant 5 keeps it per their values). An IN whose subquery reads the IN's own row scans the
 *    subquery's rows and stops at the first match; in a query its answer is kept per the outer values the
 *    subquery reads and the operand's values. A row-value operand holding a NULL cannot be looked up: it
 *    is compared with each row, and is FALSE when every row differs from it in a non-NULL item.
 * 3. A scalar subquery giving more than one row is 21000; no row gives NULL. It must have one column — unless it
 *    is compared with a row value, then it is a row subquery with as many columns as the row has items.
 * 4. `x IN (subquery)` whose types cannot be compared is FALSE while the subquery gives no row and 42804 at the
 *    first comparison (the comparison, not the statement, is in error).
 * 5. In a query (`env.memoCorrelated`), a correlated subquery's result is kept per distinct values of the outer
 *    slots it reads (subquery-cache.ts).
 * 6. EXISTS and IN correlated by equalities whose plan would scan per outer row run as hash semi-joins
 *    (semi-join.ts); what EXPLAIN lists is then the rewritten subquery, without the correlation.
 * 7. A quantified comparison `x op ALL | ANY (subquery)` (an InSubquery with `compare`; `= ANY` and `<> ALL`
 *    arrive as IN and NOT IN) reads its subquery's one column into a summary — the least and greatest non-NULL
 *    values, whether a NULL was among them — kept as IN's set is (invariants 2 and 5), and decides from it
 *    by the standard's three-valued rule: ANY is true when some comparison is, ALL false when some is, and
 *    otherwise either is NULL if a NULL took part (the operand or a value) and FALSE (ANY) or TRUE (ALL) if not;
 *    an empty subquery makes ANY false and ALL true, whatever the operand.
 */
import { InternalError, SqlError, SqlState } from '../../common/errors';
import { sqlCompare } from '../../common/values/compare';
import { BOOLEAN, isNumericKind, type SqlType } from '../../common/values/sql-type';
import type { Row, Value } from '../../common/values/value';
import type { ExecContext } from '../context';
import type { Exists, InSubquery, QueryExpression, ScalarSubquery } from '../parse';
import { planSubquery, type SubqueryPlan } from '../plan/subquery-plan';
import { compiled, type Compiled, type EvalFn, maxRefs } from './compiled';
import type { CompileEnv } from './compile-env';
import type { Recurse } from './compile-operators';
import { compositeKey, hashKey, type HashKey } from './hash-key';
import { memo, memoWith } from './subquery-cache';
import type { Scope } from './scope';
import { checkComparable } from './type-rules';
import { type InGroup, scansPerRow, semiJoinExists, semiJoinIn } from './semi-join';

/** Runs `f` as a subquery's planning runs: no grouping hook, aggregates allowed again (they are the subquery's). */
function asSubquery<T>(env: CompileEnv, f: () => T): T {
  const saved = env.grouping;
  const savedAgg = env.inAggregate;
  const savedNo = env.noAggregates;
  env.inAggregate = false;
  env.noAggregates = null;
  try {
    return f();
  } finally {
    env.grouping = saved;
    env.inAggregate = savedAgg;
    env.noAggregates = savedNo;
  }
}

function plan(q: QueryExpression, scope: Scope, env: CompileEnv): SubqueryPlan {
  return asSubquery(env, () => {
    const p = planSubquery(q, scope, env);
    env.noteSubquery(q, p.root, p.outerRef !== -1);
    return p;
  });
}

/** `(SELECT x …)` used as a value. */
export function compileScalarSubquery(e: ScalarSubquery, scope: Scope, env: CompileEnv): Compiled {
  const sub = plan(e.query, scope, env);
  if (sub.columns.length !== 1) {
    throw SqlError.of(SqlState.SyntaxError, ['subquery must return only one column'], { position: e.position });
  }
  const root = sub.root;
  const key = {};
  const box = { v: null as Value };
  const get = memo(key, sub, scope.level, env, (c) => {
    const cur = root.open(c);
    const first = cur.next();
    if (first === null) return box;
    if (cur.next() !== null) throw SqlError.of(SqlState.CardinalityViolation, [], { position: e.position });
    return { v: first[0] ?? null };
  });
  return compiled({
    type: sub.types[0]!,
    text: '(subquery)',
    refs: sub.outerRef,
    eval: (c, r) => (get(c, r) as { v: Value }).v,
  });
}

/**
 * `(SELECT a, b …)` compared with a row of `width` items: its only row (all NULL when there is none, 21000 when
 * there are more), as a function of the outer row; the columns' types; the innermost outer level it reads.
 */
export function compileRowSubquery(
  e: ScalarSubquery,
  width: number,
  scope: Scope,
  env: CompileEnv,
): { types: readonly SqlType[]; refs: number; get: (c: ExecContext, row: Row | null) => readonly Value[] } {
  const sub = plan(e.query, scope, env);
  if (sub.columns.length !== width) {
    throw SqlError.of(SqlState.SyntaxError, ['unequal number of entries in row expressions'], { position: e.position });
  }
  const root = sub.root;
  const none: readonly Value[] = new Array<Value>(width).fill(null);
  const get = memo({}, sub, scope.level, env, (c) => {
    const cur = root.open(c);
    const first = cur.next();
    if (first === null) return none;
    // copied: a rowset may reuse its row array
    const row = Array.from({ length: width }, (_, i) => first[i] ?? null);
    if (cur.next() !== null) throw SqlError.of(SqlState.CardinalityViolation, [], { position: e.position });
    return row;
  });
  return { types: sub.types, refs: sub.outerRef, get: get as (c: ExecContext, row: Row | null) => readonly Value[] };
}

/** `EXISTS (SELECT …)`. */
export function compileExists(e: Exists, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  const sub = asSubquery(env, () => planSubquery(e.query, scope, env));
  if (env.memoCorrelated && sub.outerRef === scope.level && scansPerRow(sub.root)) {
    // invariant 6: a correlation by equalities that would scan per outer row becomes a hash semi-join
    const semi = asSubquery(env, () => semiJoinExists(e, scope, env, rec, (q) => plan(q, scope, env)));
    if (semi !== null) return semi;
  }
  env.noteSubquery(e.query, sub.root, sub.outerRef !== -1);
  const root = sub.root;
  const get = memo({}, sub, scope.level, env, (c) => root.open(c).next() !== null);
  return compiled({ type: BOOLEAN, text: 'EXISTS (subquery)', refs: sub.outerRef, eval: get as EvalFn });
}

/** `x [NOT] IN (SELECT …)`, also for row values `(a, b) IN (SELECT x, y …)`. */
export function compileInSubquery(e: InSubquery, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  if (e.compare !== undefined) return compileQuantified(e, e.compare, scope, env, rec);
  const xs = e.operand.kind === 'RowValue' ? e.operand.items.map((i) => rec(i, scope, env)) : [rec(e.operand, scope, env)];
  const sub = asSubquery(env, () => planSubquery(e.query, scope, env));
  if (sub.columns.length !== xs.length) {
    throw SqlError.of(SqlState.SyntaxError, ['subquery has the wrong number of columns for IN'], { position: e.position });
  }
  const mismatch = typeMismatch(xs, sub.types, e.position);
  if (mismatch === null && env.memoCorrelated && sub.outerRef === scope.level && scansPerRow(sub.root)) {
    // invariant 6: correlated by equalities and scanning per outer row: a hash semi-join
    const group = asSubquery(env, () => semiJoinIn(e, xs, scope, env, rec, (q) => plan(q, scope, env)));
    if (group !== null) return inGroups(e, xs, group);
  }
  env.noteSubquery(e.query, sub.root, sub.outerRef !== -1);
  if (mismatch !== null) return emptyOrMismatch(e, sub, xs, scope.level, env, mismatch);
  // a subquery that reads no row of this level gives one set for all of them (kept per outer values by memo)
  const once = sub.outerRef === -1 || (env.memoCorrelated && sub.outerRef < scope.level);
  const hashable = once && xs.every((x, i) => hashableTypes(x, sub.types[i]!));
  const root = sub.root;
  const n = xs.length;
  const xfs = xs.map((x) => x.eval);
  const neg = e.not;
  const level = scope.level;
  const collect = (c: ExecContext): InGroup => {
    const keys = new Set<HashKey>();
    const nullRows: Row[] = [];
    const rows: Row[] | null = n === 1 ? null : [];
    const cur = root.open(c);
    let any = false;
    for (let r = cur.next(); r !== null; r = cur.next()) {
      any = true;
      if (hasNullIn(r, n)) nullRows.push(r.slice(0, n));
      else if (rows === null) keys.add(hashKey(r[0]!));
      else {
        keys.add(compositeKey(r, n));
        rows.push(r.slice(0, n));
      }
    }
    return { keys, nullRows, rows, any };
  };
  const getSet = memo({}, sub, level, env, collect) as (c: ExecContext, row: Row | null) => InGroup;
  const vals: Value[] = new Array<Value>(n).fill(null);
  // reading this row: a scan per row, its answer kept per outer values and operand (subquery-cache.ts)
  let operand: readonly Value[] = vals;
  const scan = memoWith({}, sub, level, env, (c) => inRows(root.open(c), operand, n)) as (c: ExecContext, row: Row | null, extra: readonly Value[]) => boolean | null;
  const ev: EvalFn = (c, row) => {
    for (let i = 0; i < n; i++) vals[i] = xfs[i]!(c, row);
    if (hashable) {
      const r = inHashed(getSet(c, row), vals, n);
      return r === null ? null : r !== neg;
    }
    operand = vals.slice(); // the scan may evaluate other rows' operands into `vals`
    const r = scan(c, row, operand);
    return r === null ? null : r !== neg;
  };
  return compiled({ type: BOOLEAN, text: `IN (subquery)`, refs: Math.max(maxRefs(xs), sub.outerRef), eval: ev });
}

/** What a quantified comparison needs of its subquery's values (invariant 7). */
interface Extent {
  /** the least and greatest non-NULL values; null when there is none */
  readonly least: Value;
  readonly greatest: Value;
  readonly sawNull: boolean;
  readonly empty: boolean;
}

/** `x op ALL | ANY (subquery)` (invariant 7). */
function compileQuantified(e: InSubquery, q: NonNullable<InSubquery['compare']>, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  if (e.operand.kind === 'RowValue') {
    throw SqlError.of(SqlState.FeatureNotSupported, [`a row value compared with ${q.all ? 'ALL' : 'ANY'} (subquery)`], { position: e.position });
  }
  const x = rec(e.operand, scope, env);
  const sub = plan(e.query, scope, env);
  if (sub.columns.length !== 1) {
    throw SqlError.of(SqlState.SyntaxError, [`a subquery compared with ${q.all ? 'ALL' : 'ANY'} must have one column, not ${sub.columns.length}`], { position: e.position });
  }
  checkComparable(x, { ...x, type: sub.types[0]!, dynamic: false }, e.position);
  const root = sub.root;
  const extentOf = (c: ExecContext): Extent => {
    let least: Value = null;
    let greatest: Value = null;
    let sawNull = false;
    let empty = true;
    const cur = root.open(c);
    for (let r = cur.next(); r !== null; r = cur.next()) {
      empty = false;
      const v = r[0] ?? null;
      if (v === null) sawNull = true;
      else if (least === null) least = greatest = v;
      else {
        if (sqlCompare(v, least)! < 0) least = v;
        if (sqlCompare(v, greatest)! > 0) greatest = v;
      }
    }
    return { least, greatest, sawNull, empty };
  };
  const getExtent = memo({}, sub, scope.level, env, extentOf) as (c: ExecContext, row: Row | null) => Extent;
  const decide = quantifiedTest(q.op, q.all);
  const xf = x.eval;
  const text = `${x.text} ${q.op} ${q.all ? 'ALL' : 'ANY'} (subquery)`;
  return compiled({ type: BOOLEAN, text, refs: Math.max(x.refs, sub.outerRef), eval: (c, row) => decide(xf(c, row), getExtent(c, row)) });
}

/**
 * The three-valued outcome of `v op ALL | ANY` over values summarised by `x` (invariant 7). Whether the comparison
 * holds for some (ANY) or every (ALL) non-NULL value is one comparison with an end: `v < ANY` when `v < greatest`,
 * `v < ALL` when `v < least`, `v = ALL` when both ends are `v`, `v <> ANY` when they are not. (`= ANY` and
 * `<> ALL` need the values themselves: they are IN and NOT IN.)
 */
function quantifiedTest(op: NonNullable<InSubquery['compare']>['op'], all: boolean): (v: Value, x: Extent) => boolean | null {
  const cmp = (a: Value, b: Value): number => sqlCompare(a, b)!;
  const allAre = (v: Value, x: Extent): boolean => cmp(v, x.least) === 0 && cmp(v, x.greatest) === 0;
  let holds: (v: Value, x: Extent) => boolean;
  switch (op) {
    case '<':
      holds = all ? (v, x) => cmp(v, x.least) < 0 : (v, x) => cmp(v, x.greatest) < 0;
      break;
    case '<=':
      holds = all ? (v, x) => cmp(v, x.least) <= 0 : (v, x) => cmp(v, x.greatest) <= 0;
      break;
    case '>':
      holds = all ? (v, x) => cmp(v, x.greatest) > 0 : (v, x) => cmp(v, x.least) > 0;
      break;
    case '>=':
      holds = all ? (v, x) => cmp(v, x.greatest) >= 0 : (v, x) => cmp(v, x.least) >= 0;
      break;
    case '=':
      if (!all) throw new InternalError('= ANY (subquery) is IN');
      holds = allAre;
      break;
    case '<>':
      if (all) throw new InternalError('<> ALL (subquery) is NOT IN');
      holds = (v, x) => !allAre(v, x);
      break;
  }
  // ANY: true if it holds for some value, else NULL if a NULL took part, else false; ALL: the mirror image
  return (v, x) => {
    if (x.empty) return all;
    if (v === null || x.least === null) return null;
    if (holds(v, x) !== all) return !all;
    return x.sawNull ? null : all;
  };
}

/** `x [NOT] IN` answered from the semi-join's group of the outer row (semi-join.ts invariant 4). */
function inGroups(e: InSubquery, xs: readonly Compiled[], group: (c: ExecContext, row: Row | null) => InGroup | null): Compiled {
  const n = xs.length;
  const xfs = xs.map((x) => x.eval);
  const neg = e.not;
  const vals: Value[] = new Array<Value>(n).fill(null);
  return compiled({
    type: BOOLEAN,
    text: 'IN (subquery)',
    refs: maxRefs(xs),
    eval: (c, row) => {
      const g = group(c, row);
      if (g === null) return neg; // the subquery is empty for this row
      for (let i = 0; i < n; i++) vals[i] = xfs[i]!(c, row);
      const r = inHashed(g, vals, n);
      return r === null ? null : r !== neg;
    },
  });
}

/** The 42804 error comparing the operand with the subquery's columns would raise, or null. */
function typeMismatch(xs: readonly Compiled[], types: readonly SqlType[], position: number): SqlError | null {
  try {
    xs.forEach((x, i) => checkComparable(x, { ...x, type: types[i]!, dynamic: false }, position));
    return null;
  } catch (err) {
    if (err instanceof SqlError) return err;
    throw err;
  }
}

/**
 * `x [NOT] IN (subquery)` whose types cannot be compared (invariant 4): FALSE (TRUE) when the subquery gives no
 * row, since nothing is compared; the type error as soon as it gives one.
 */
function emptyOrMismatch(e: InSubquery, sub: SubqueryPlan, xs: readonly Compiled[], level: number, env: CompileEnv, err: SqlError): Compiled {
  const root = sub.root;
  const get = memo({}, sub, level, env, (c) => root.open(c).next() !== null) as (c: ExecContext, row: Row | null) => boolean;
  return compiled({
    type: BOOLEAN,
    text: 'IN (subquery)',
    refs: Math.max(maxRefs(xs), sub.outerRef),
    eval: (c, row) => {
      if (get(c, row)) throw err;
      return e.not;
    },
  });
}

function hashableTypes(x: Compiled, t: SqlType): boolean {
  if (x.dynamic) return false;
  const a = x.type.kind;
  const b = t.kind;
  return a === b || a === 'NULL' || b === 'NULL' || (isNumericKind(a) && isNumericKind(b));
}

function hasNullIn(r: Row, n: number): boolean {
  for (let i = 0; i < n; i++) if ((r[i] ?? null) === null) return true;
  return false;
}

function inHashed(set: InGroup, vals: readonly Value[], n: number): boolean | null {
  if (!set.any) return false;
  if (hasNullIn(vals, n)) return set.rows === null ? null : nullOrFalse(set.rows, set.nullRows, vals, n);
  if (set.keys.has(n === 1 ? hashKey(vals[0]!) : compositeKey(vals, n))) return true;
  return nullOrFalse([], set.nullRows, vals, n);
}

/**
 * The answer when no row equals `vals` for certain: NULL if one might (a NULL on either side where the rest
 * agree), FALSE if every row differs from it somewhere.
 */
function nullOrFalse(rows: readonly Row[], nullRows: readonly Row[], vals: readonly Value[], n: number): null | false {
  for (const r of rows) if (rowEquals(vals, r, n) !== false) return null;
  for (const r of nullRows) if (rowEquals(vals, r, n) !== false) return null;
  return false;
}

function rowEquals(a: readonly Value[], b: Row, n: number): boolean | null {
  let sawNull = false;
  for (let i = 0; i < n; i++) {
    const k = sqlCompare(a[i]!, b[i] ?? null);
    if (k === null) sawNull = true;
    else if (k !== 0) return false;
  }
  return sawNull ? null : true;
}

/** `x IN` the rows of `cur` (its first `n` columns), by the three-valued comparison of each. */
function inRows(cur: { next(): Row | null }, vals: readonly Value[], n: number): boolean | null {
  let sawNull = false;
  for (let r = cur.next(); r !== null; r = cur.next()) {
    const k = rowEquals(vals, r, n);
    if (k === true) return true;
    if (k === null) sawNull = true;
  }
  return sawNull ? null : false;
}
