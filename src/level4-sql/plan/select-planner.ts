/**
 * src/level4-sql/plan/select-planner.ts — plans one SELECT core with its ORDER BY / LIMIT / OFFSET.
 *
 * Pipeline (rowsets from the bottom up):
 *   FROM tree with WHERE pushed down (from-planner.ts)  |  SingleRowSet when there is no FROM
 *   → Group (+ HAVING filter) when the query aggregates or has GROUP BY / HAVING
 *   → Window when the select list or ORDER BY calls window functions (windowing.ts)
 *   → without DISTINCT: Sort / top-N over the pre-projection rows → Limit → Project (no Sort when an index
 *     of the lone table gives the ORDER BY order and there is a LIMIT: the scan stops after LIMIT rows)
 *   → with DISTINCT:    Project → Distinct → Sort over output rows → Limit
 * 1. Output names: the alias; else a column reference's column name; else a function, aggregate or window
 *    function call's name; else `Col<i>` by position. `*` and `t.*` expand in column order.
 * 2. A grouped query compiles its select list, HAVING and ORDER BY through the grouping hook, so columns
 *    that are not grouped are 42803 and aggregates become group-row reads.
 * 3. The select list and ORDER BY also compile through the window hook, so window function calls become
 *    reads of the WindowRowSet's output; a window function in HAVING is 42P20.
 */
import { SqlError, SqlState } from '../../common/errors';
import type { Compiled } from '../eval/compiled';
import { compile } from '../eval/compile';
import type { CompileEnv } from '../eval/compile-env';
import { Scope } from '../eval/scope';
import { checkBoolean } from '../eval/type-rules';
import { FilterRowSet, LimitRowSet, ProjectRowSet, SingleRowSet } from '../exec/basic';
import { GroupRowSet } from '../exec/group';
import type { RowSet } from '../exec/rowset';
import { DistinctOnRowSet, DistinctRowSet } from '../exec/set-ops';
import { SortRowSet, type SortKey } from '../exec/sort';
import type { Expr, OrderItem, QueryExpression, SelectCore, SelectItem } from '../parse';
import { compileIn, conjFromExpr } from './conjunct';
import { hasAggregate, hasWindow, splitAnd } from './expr-utils';
import type { OrderWish } from './access-path';
import { planNode } from './from-planner';
import { buildFromTree, type FromNode } from './from-tree';
import { Grouping } from './grouping';
import { selectOrderKeys, type OrderTarget } from './order-by';
import { compileCount } from './query-planner';
import type { PlannedQuery } from './subquery-plan';
import { Windowing } from './windowing';
import { WindowRowSet } from '../exec/window';

export interface Item {
  readonly expr: Expr;
  readonly name: string;
}

/** Expands `*` and names every select item (invariant 1). */
export function expandItems(items: readonly SelectItem[], scope: Scope): Item[] {
  const out: Item[] = [];
  for (const it of items) {
    if (it.kind === 'SelectStar') {
      if (it.table === null && scope.entries.length === 0) {
        throw SqlError.of(SqlState.SyntaxError, ['SELECT * with no tables specified is not valid'], { position: it.position });
      }
      for (const e of scope.starEntries(it.table, it.position)) {
        const parts = e.table === null ? [e.name] : [e.table, e.name];
        const steps = parts.map((text) => ({ text, quoted: true }));
        out.push({ expr: { kind: 'ColumnRef', parts, steps, position: it.position, end: it.end }, name: e.name });
      }
      continue;
    }
    out.push({ expr: it.expr, name: it.alias ?? defaultName(it.expr, out.length) });
  }
  return out;
}

function defaultName(e: Expr, i: number): string {
  if (e.kind === 'ColumnRef') return e.parts[e.parts.length - 1]!;
  if (e.kind === 'FunctionCall') return e.name;
  if (e.kind === 'WindowCall') return e.call.name;
  return `Col${i}`;
}

/** The FROM rowset and its scope (with WHERE applied); `ordered` when it already has the wished order. */
function planFrom(
  core: SelectCore,
  env: CompileEnv,
  outer: Scope | null,
  level: number,
  wish: (tree: FromNode) => OrderWish | null,
  transient: (ordered: boolean) => boolean,
): { rowset: RowSet; scope: Scope; ordered: boolean } {
  const where = splitAnd(core.where);
  if (core.from.length === 0) {
    const scope = Scope.emptyAt(level, outer);
    let rowset: RowSet = new SingleRowSet();
    if (where.length > 0) rowset = new FilterRowSet(rowset, where.map((e) => compileIn(e, scope, env, 'WHERE')));
    return { rowset, scope, ordered: true };
  }
  const tree = buildFromTree(core.from, { env, level, outer, nextLeaf: 0 });
  const conjs = where.map((e) => {
    const c = conjFromExpr(e, tree.scope, env, 'WHERE');
    checkBoolean(c.compileAt(tree.scope), 'WHERE', e.position);
    return c;
  });
  const w = wish(tree);
  // a lone table is never transient; for a join root the order question is only asked of lone tables
  const planned = planNode(tree, conjs, env, w, tree.kind === 'join' && transient(false));
  return { rowset: planned.rowset, scope: tree.scope, ordered: w !== null && planned.ordered === true };
}

/**
 * For `SELECT … FROM one_table … ORDER BY columns LIMIT n` (no grouping, no DISTINCT): the ORDER BY columns
 * as table slots when they share one direction and the default NULL placement, so an index can supply the
 * order and the LIMIT can stop the scan early.
 */
function orderWish(core: SelectCore, orderBy: readonly OrderItem[], tree: FromNode): OrderWish | null {
  if (tree.kind !== 'leaf' || tree.table === null || orderBy.length === 0 || core.distinct) return null;
  if (core.groupBy.length > 0 || core.having !== null) return null;
  const items = core.items;
  if (items.some((i) => i.kind === 'SelectExpr' && hasAggregate(i.expr)) || orderBy.some((o) => hasAggregate(o.expr))) return null;
  const slots: number[] = [];
  const desc = orderBy[0]!.descending;
  for (const o of orderBy) {
    if (o.descending !== desc || (o.nulls !== null && o.nulls !== (desc ? 'LAST' : 'FIRST'))) return null;
    let e = o.expr;
    if (e.kind === 'Literal' && e.value.type === 'integer') {
      const it = items[Number(e.value.text) - 1];
      if (it === undefined || it.kind !== 'SelectExpr') return null;
      e = it.expr;
    } else if (e.kind === 'ColumnRef' && e.parts.length === 1) {
      const name = e.parts[0];
      const it = items.find((i) => i.kind === 'SelectExpr' && i.alias === name);
      if (it !== undefined && it.kind === 'SelectExpr') e = it.expr;
    }
    if (e.kind !== 'ColumnRef') return null;
    let entry;
    try {
      entry = tree.scope.resolve(e.parts).entry;
    } catch {
      return null;
    }
    if (entry.leaf !== tree.id) return null;
    slots.push(entry.index);
  }
  return { slots, descending: desc };
}

/** Plans a SELECT core (see the file header). */
export function planSelect(
  core: SelectCore,
  orderBy: readonly OrderItem[],
  limitE: QueryExpression['limit'],
  offsetE: QueryExpression['offset'],
  env: CompileEnv,
  outer: Scope | null,
  level: number,
): PlannedQuery {
  // the FROM rows go straight into a projection or a grouping (which keep no row) unless a sort comes first
  const aggregatedEarly =
    core.groupBy.length > 0 ||
    core.groupingSets !== undefined ||
    core.having !== null ||
    core.items.some((i) => i.kind === 'SelectExpr' && hasAggregate(i.expr));
  // window functions keep the rows they read, and a LIMIT must not stop the scan under them
  const windowed = core.items.some((i) => i.kind === 'SelectExpr' && hasWindow(i.expr)) || orderBy.some((o) => hasWindow(o.expr));
  if (core.having !== null && hasWindow(core.having)) {
    throw SqlError.of(SqlState.WindowingError, ['window functions are not allowed in HAVING'], { position: core.having.position });
  }
  const from = planFrom(
    core,
    env,
    outer,
    level,
    (tree) => (limitE === null || windowed ? null : orderWish(core, orderBy, tree)),
    (ordered) => !windowed && (aggregatedEarly || core.distinct || orderBy.length === 0 || ordered),
  );
  const items = expandItems(core.items, from.scope);
  const aggregated =
    core.groupBy.length > 0 ||
    core.groupingSets !== undefined ||
    core.having !== null ||
    items.some((i) => hasAggregate(i.expr)) ||
    orderBy.some((o) => hasAggregate(o.expr));
  const grouping = aggregated ? new Grouping(core.groupBy, core.items, from.scope, env, core.groupingSets ?? null) : null;
  const windowing = windowed || core.windows.length > 0 ? new Windowing(core.windows, level) : null;
  const post = compilePost(core, items, orderBy, grouping, windowing, from.scope, env);
  let src = from.rowset;
  if (grouping !== null) {
    src = new GroupRowSet(src, grouping.keys, grouping.aggs, grouping.sets);
    if (post.having !== null) src = new FilterRowSet(src, [post.having]);
  }
  if (windowing !== null && windowing.used) {
    windowing.base.width = grouping === null ? from.scope.width : grouping.width;
    src = new WindowRowSet(src, windowing.sorts, windowing.functions, windowing.base);
  }
  const limit = compileCount(limitE, env, outer, level, 'LIMIT');
  const offset = compileCount(offsetE, env, outer, level, 'OFFSET');
  const names = items.map((i) => i.name);
  const keys = from.ordered && !core.distinct ? [] : post.keys;
  const root =
    post.on === null
      ? assemble(src, post.values, names, keys, core.distinct, limit, offset)
      : assembleDistinctOn(src, post.values, names, keys, post.on, limit, offset);
  return { root, columns: names, types: post.values.map((v) => v.type) };
}

/** Compiles what comes after FROM (select list, HAVING, ORDER BY), through the grouping hook if grouped. */
function compilePost(
  core: SelectCore,
  items: readonly Item[],
  orderBy: readonly OrderItem[],
  grouping: Grouping | null,
  windowing: Windowing | null,
  fromScope: Scope,
  env: CompileEnv,
): { values: Compiled[]; having: Compiled | null; keys: SortKey[]; on: Compiled[] | null } {
  const post = grouping === null ? fromScope : grouping.groupScope;
  const savedGrouping = env.grouping;
  const savedNo = env.noAggregates;
  const savedWindowing = env.windowing;
  const savedInWindow = env.inWindow;
  env.grouping = grouping;
  env.noAggregates = grouping === null ? 'this context' : null;
  env.windowing = windowing;
  env.inWindow = false;
  try {
    const values = items.map((i) => compile(i.expr, post, env));
    let having: Compiled | null = null;
    if (core.having !== null) {
      having = compile(core.having, post, env);
      checkBoolean(having, 'HAVING', core.having.position);
    }
    const targets: OrderTarget[] = items.map((it, i) => ({ name: it.name, expr: it.expr, value: values[i]! }));
    const keys = selectOrderKeys(orderBy, targets, post, fromScope, env, core.distinct);
    const on = core.distinctOn === undefined ? null : distinctOnValues(core.distinctOn, keys, targets, post, fromScope, env);
    return { values, having, keys, on };
  } finally {
    env.grouping = savedGrouping;
    env.noAggregates = savedNo;
    env.windowing = savedWindowing;
    env.inWindow = savedInWindow;
  }
}

/**
 * DISTINCT ON's expressions, resolved as ORDER BY's are (an output column's name or ordinal, or an expression),
 * which must be ORDER BY's leading keys in some order when there is an ORDER BY (PostgreSQL's rule, 42P10): the
 * first row of each group is then the first in that order.
 */
function distinctOnValues(
  exprs: readonly Expr[],
  keys: readonly SortKey[],
  targets: readonly OrderTarget[],
  post: Scope,
  fromScope: Scope,
  env: CompileEnv,
): Compiled[] {
  const items: OrderItem[] = exprs.map((expr) => ({ kind: 'OrderItem', expr, descending: false, nulls: null, position: expr.position, end: expr.end }));
  const on = selectOrderKeys(items, targets, post, fromScope, env, false).map((k) => k.value);
  if (keys.length === 0) return on;
  const wanted = new Set(on.map((c) => c.text));
  const leading = new Set(keys.slice(0, wanted.size).map((k) => k.value.text));
  if (keys.length < wanted.size || [...wanted].some((t) => !leading.has(t))) {
    throw SqlError.of(SqlState.InvalidColumnReference, ['SELECT DISTINCT ON expressions must match initial ORDER BY expressions'], {
      position: exprs[0]!.position,
    });
  }
  return on;
}

/** DISTINCT ON's rowsets: sorted (all of it: a LIMIT counts the rows left), the first of each group, limited. */
function assembleDistinctOn(
  src: RowSet,
  values: readonly Compiled[],
  names: readonly string[],
  keys: readonly SortKey[],
  on: readonly Compiled[],
  limit: Compiled | null,
  offset: Compiled | null,
): RowSet {
  let root = src;
  if (keys.length > 0) root = new SortRowSet(root, keys, null, null);
  root = new DistinctOnRowSet(root, on);
  if (limit !== null || offset !== null) root = new LimitRowSet(root, limit, offset);
  return new ProjectRowSet(root, values, names);
}

/** The rowsets after FROM / grouping (see the file header's pipeline). */
function assemble(
  src: RowSet,
  values: readonly Compiled[],
  names: readonly string[],
  keys: readonly SortKey[],
  distinct: boolean,
  limit: Compiled | null,
  offset: Compiled | null,
): RowSet {
  let root: RowSet;
  if (distinct) {
    root = new DistinctRowSet(new ProjectRowSet(src, values, names), values.length);
    if (keys.length > 0) root = new SortRowSet(root, keys, limit, offset);
    if (limit !== null || offset !== null) root = new LimitRowSet(root, limit, offset);
    return root;
  }
  root = src;
  if (keys.length > 0) root = new SortRowSet(root, keys, limit, offset);
  if (limit !== null || offset !== null) root = new LimitRowSet(root, limit, offset);
  return new ProjectRowSet(root, values, names);
}
