/**
 * src/level4-sql/plan/grouping.ts — Grouping: GROUP BY keys and the aggregates of a grouped query, and the
 * compiler hook that rewrites post-grouping expressions into reads of the group row.
 *
 * 1. The group row is `[...keys, ...aggregates]` (exec/group.ts). Keys compile against the FROM scope;
 *    so do aggregate arguments. Everything after grouping (select list, HAVING, ORDER BY) compiles against
 *    `groupScope`, where a grouping column reads its key slot and every other column is `ungrouped` (42803).
 * 2. An expression equal to a GROUP BY expression (`exprKey`) reads that key; an aggregate call reads its
 *    slot, shared by identical calls (`count(*)` twice is one accumulator); aggregates inside aggregates
 *    are 42803.
 * 3. GROUP BY accepts an output column number (`GROUP BY 1`) or a select-list alias when no FROM column
 *    has that name.
 * 4. A document selector (`doc.city`) is a grouping expression like any other: matched by `exprKey`.
 * 5. An aggregate's FILTER wraps its argument (aggregate-filter.ts): calls that differ only in their FILTER
 *    are different slots.
 * 6. Grouping sets (ROLLUP, CUBE, GROUPING SETS, `()`; the visitor expands them): the keys are every expression
 *    of any set, each once, and each set lists the keys it groups by. The group row is then `[...keys, set
 *    index, ...aggregates]`, a key outside the row's set being NULL (exec/group.ts); GROUPING(k, …) reads the
 *    set index.
 * 7. An ordered-set aggregate (`percentile_cont(0.5) WITHIN GROUP (ORDER BY x)`) is an ordered aggregate of x,
 *    ordered by x, whose direct argument is passed as a separator is: a constant or a parameter (0A000 for one
 *    that reads the rows). Calling one without WITHIN GROUP, or another aggregate with it, is 42809.
 */
import { SqlError, SqlState } from '../../common/errors';
import { INTEGER, type SqlType } from '../../common/values/sql-type';
import type { Value } from '../../common/values/value';
import { lookupAggregate } from '../eval/aggregates';
import { compiled, type Compiled } from '../eval/compiled';
import { compile, isAggregateCall } from '../eval/compile';
import type { CompileEnv, GroupingHook } from '../eval/compile-env';
import { Scope, type ScopeEntry } from '../eval/scope';
import type { AggregateOrder, AggregateSpec } from '../exec/group';
import { exprText } from '../eval/expr-text';
import type { Expr, FunctionCall, OrderItem, SelectItem } from '../parse';
import { compileAggregateFilter, filteredArgument } from './aggregate-filter';
import { compileIn } from './conjunct';
import { exprKey } from './expr-utils';

function read(index: number, type: SqlType, text: string, level: number): Compiled {
  return compiled({
    type,
    text,
    refs: level,
    eval: (_c, row) => {
      const v = row![index];
      return v === undefined ? null : v;
    },
  });
}

/** The grouping of one query level (see the file header). */
export class Grouping implements GroupingHook {
  readonly level: number;
  readonly keys: Compiled[] = [];
  readonly aggs: AggregateSpec[] = [];
  readonly groupScope: Scope;
  private readonly keyIds: string[] = [];
  private readonly aggIds: string[] = [];
  private readonly aggTypes: SqlType[] = [];

  constructor(
    groupBy: readonly Expr[],
    items: readonly SelectItem[],
    readonly fromScope: Scope,
    private readonly env: CompileEnv,
    groupingSets: ReadonlyArray<readonly Expr[]> | null = null,
  ) {
    this.level = fromScope.level;
    for (const g0 of groupBy) {
      const g = this.resolveItem(g0, items);
      const id = exprKey(g, fromScope);
      if (groupingSets !== null && this.keyIds.includes(id)) continue;
      this.keys.push(compileIn(g, fromScope, env, 'GROUP BY'));
      this.keyIds.push(id);
    }
    this.sets = groupingSets === null ? null : groupingSets.map((s) => s.map((g) => this.keyIds.indexOf(exprKey(this.resolveItem(g, items), fromScope))));
    this.groupScope = this.makeGroupScope();
  }

  /** With grouping sets (invariant 6): each set's keys, as indices into `keys`; null for plain GROUP BY. */
  readonly sets: ReadonlyArray<readonly number[]> | null;

  /** Where the aggregates start in the group row: after the keys, and the set's index when there are sets. */
  private get aggBase(): number {
    return this.keys.length + (this.sets === null ? 0 : 1);
  }

  /** The width of the group row. */
  get width(): number {
    return this.aggBase + this.aggs.length;
  }

  /**
   * GROUPING(k1, …, kn): an INTEGER whose bit n-1-i is 1 when key ki is not in the row's grouping set (PostgreSQL's
   * order: the first argument is the most significant bit); 0 without grouping sets. Each argument must be a
   * GROUP BY key (42803).
   */
  private groupingCall(e: FunctionCall): Compiled {
    if (e.star || e.distinct || e.args.length === 0 || e.filter !== undefined || e.orderBy !== undefined) {
      throw SqlError.of(SqlState.UndefinedFunction, [`function GROUPING with ${e.star ? '*' : e.args.length} arguments`], { position: e.position });
    }
    const at = e.args.map((a) => {
      const i = this.keyIds.indexOf(exprKey(a, this.fromScope));
      if (i < 0) throw new SqlError(SqlState.GroupingError, 'arguments to GROUPING must be GROUP BY keys', { position: a.position });
      return i;
    });
    const text = `GROUPING(${at.map((i) => this.keys[i]!.text).join(', ')})`;
    const sets = this.sets;
    if (sets === null) return compiled({ type: INTEGER, text, refs: this.level, eval: () => 0 });
    const masks = sets.map((s) => at.reduce((m, i) => (m << 1) | (s.includes(i) ? 0 : 1), 0));
    const slot = this.keys.length;
    return compiled({ type: INTEGER, text, refs: this.level, eval: (_c, row) => masks[row![slot] as number]! });
  }

  /** `GROUP BY 2` → the second select item; `GROUP BY alias` → that item when no column has the name. */
  private resolveItem(g: Expr, items: readonly SelectItem[]): Expr {
    if (g.kind === 'Literal' && g.value.type === 'integer') {
      const n = Number(g.value.text);
      const item = items[n - 1];
      if (item === undefined || item.kind !== 'SelectExpr') {
        throw SqlError.of(SqlState.InvalidColumnReference, [`GROUP BY position ${g.value.text} is not in the select list`], {
          position: g.position,
        });
      }
      return item.expr;
    }
    if (g.kind === 'ColumnRef' && g.parts.length === 1) {
      const name = g.parts[0]!;
      const isColumn = this.fromScope.entries.some((e) => e.unqualified && e.name === name);
      const item = items.find((i) => i.kind === 'SelectExpr' && i.alias === name);
      if (!isColumn && item !== undefined && item.kind === 'SelectExpr') return item.expr;
    }
    return g;
  }

  private makeGroupScope(): Scope {
    const byKey = new Map<string, number>();
    this.keys.forEach((k, i) => {
      if (k.column !== null && k.column.level === this.level && !byKey.has(k.column.entry.key)) byKey.set(k.column.entry.key, i);
    });
    const entries: ScopeEntry[] = this.fromScope.entries.map((e) => {
      const i = byKey.get(e.key);
      return i === undefined ? { ...e, ungrouped: true } : { ...e, index: i };
    });
    return new Scope(entries, 0, this.level, this.fromScope.outer);
  }

  intercept(expr: Expr, _scope: Scope, env: CompileEnv): Compiled | null {
    if (expr.kind === 'FunctionCall' && isAggregateCall(expr)) return this.aggregate(expr, env);
    if (expr.kind === 'FunctionCall' && expr.name === 'GROUPING') {
      if (env.inAggregate) throw new SqlError(SqlState.GroupingError, 'aggregate function calls cannot contain GROUPING', { position: expr.position });
      return this.groupingCall(expr);
    }
    if (expr.kind === 'Literal' || expr.kind === 'Parameter') return null;
    if (expr.kind === 'ColumnRef' && (expr.parts.length === 1 || this.namesColumn(expr.parts))) return null;
    if (this.keys.length === 0) return null;
    const id = exprKey(expr, this.fromScope);
    const i = this.keyIds.indexOf(id);
    return i < 0 ? null : read(i, this.keys[i]!.type, this.keys[i]!.text, this.level);
  }

  /** True when `parts` name a column (not a document selector, which is matched as an expression). */
  private namesColumn(parts: readonly string[]): boolean {
    try {
      this.fromScope.resolve(parts);
      return true;
    } catch {
      return false;
    }
  }

  private aggregate(e: FunctionCall, env: CompileEnv): Compiled {
    const id = exprKey(e, this.fromScope);
    let i = this.aggIds.indexOf(id);
    if (i < 0) {
      const fn = lookupAggregate(e.name)!;
      let arg: Compiled | null = null;
      let separator: Compiled | null = null;
      let order: AggregateOrder | null = null;
      if (fn.orderedSet !== null || e.withinGroup === true) ({ arg, separator, order } = this.withinGroup(e, fn.orderedSet, env));
      else if (!e.star) {
        if (e.args.length < 1 || e.args.length > fn.maxArgs) {
          throw SqlError.of(SqlState.UndefinedFunction, [`function ${e.name} with ${e.args.length} arguments`], { position: e.position });
        }
        arg = this.argument(e.args[0]!, env);
        if (e.args.length > 1) separator = this.argument(e.args[1]!, env);
        if (e.orderBy !== undefined) {
          if (e.distinct) {
            throw SqlError.of(SqlState.FeatureNotSupported, [`ORDER BY in the arguments of ${e.name}(DISTINCT …)`], { position: e.position });
          }
          const keys = e.orderBy.map((o) => this.argument(o.expr, env));
          order = e.orderBy.map(orderOf);
          arg = orderedArgument(arg, keys);
        }
        if (separator !== null && separator.refs !== -1) {
          throw SqlError.of(SqlState.FeatureNotSupported, [`a separator of ${e.name} that changes from row to row`], {
            position: e.args[1]!.position,
            hint: 'Give a constant or a parameter.',
          });
        }
      }
      let type: SqlType;
      try {
        type = separator === null ? fn.resultType(arg === null ? null : arg.type) : fn.resultType(arg!.type, separator.type);
      } catch (err) {
        if (err instanceof SqlError && err.position === undefined) err.position = e.position;
        throw err;
      }
      const orderText = e.orderBy === undefined ? '' : `ORDER BY ${e.orderBy.map((o) => exprText(o.expr) + (o.descending ? ' DESC' : '')).join(', ')}`;
      const filter = compileAggregateFilter(e, this.fromScope, env);
      const filterText = filter === null ? '' : ` FILTER (WHERE ${filter.text})`;
      const text =
        e.withinGroup === true
          ? `${e.name}(${separator === null ? '' : separator.text}) WITHIN GROUP (${orderText})${filterText}`
          : `${e.name}(${e.distinct ? 'DISTINCT ' : ''}${arg === null ? '*' : arg.text}${separator === null ? '' : `, ${separator.text}`}${orderText === '' ? '' : ` ${orderText}`})${filterText}`;
      if (filter !== null) arg = filteredArgument(arg, filter);
      this.aggs.push({ fn, distinct: e.distinct, arg, separator, order, text });
      this.aggIds.push(id);
      this.aggTypes.push(type);
      i = this.aggs.length - 1;
    }
    return read(this.aggBase + i, this.aggTypes[i]!, this.aggs[i]!.text, this.level);
  }

  /**
   * An ordered-set aggregate's parts (invariant 7): WITHIN GROUP's one expression, ordered by itself, as the
   * argument, and the direct argument (if it takes one) as the separator — fixed for the execution.
   */
  private withinGroup(e: FunctionCall, directArgs: number | null, env: CompileEnv): { arg: Compiled; separator: Compiled | null; order: AggregateOrder } {
    const name = e.name.toLowerCase();
    if (directArgs === null) throw new SqlError(SqlState.WrongObjectType, `${name} is not an ordered-set aggregate, so it cannot have WITHIN GROUP`, { position: e.position });
    if (e.withinGroup !== true) {
      throw new SqlError(SqlState.WrongObjectType, `WITHIN GROUP is required for the ordered-set aggregate ${name}`, { position: e.position, hint: `Write ${name}(${directArgs === 0 ? '' : 'fraction'}) WITHIN GROUP (ORDER BY x).` });
    }
    const items = e.orderBy ?? [];
    if (e.args.length !== directArgs || items.length !== 1) {
      throw SqlError.of(SqlState.UndefinedFunction, [`function ${name} with ${e.args.length} direct argument${e.args.length === 1 ? '' : 's'} and ${items.length} WITHIN GROUP value${items.length === 1 ? '' : 's'}`], {
        position: e.position,
        hint: directArgs === 0 ? `Write ${name}() WITHIN GROUP (ORDER BY x).` : `Write ${name}(fraction) WITHIN GROUP (ORDER BY x).`,
      });
    }
    const item = items[0]!;
    const value = this.argument(item.expr, env);
    const separator = directArgs === 0 ? null : compileIn(e.args[0]!, this.fromScope, env, `the direct argument of ${name}`);
    if (separator !== null && separator.refs !== -1) {
      throw SqlError.of(SqlState.FeatureNotSupported, [`a direct argument of ${name} that changes from row to row`], { position: e.args[0]!.position, hint: 'Give a constant or a parameter.' });
    }
    return { arg: orderedArgument(value, [value]), separator, order: [orderOf(item)] };
  }

  /** `x` compiled as what an aggregate reads: against the FROM scope, where another aggregate is 42803. */
  private argument(x: Expr, env: CompileEnv): Compiled {
    const saved = env.inAggregate;
    env.inAggregate = true;
    try {
      return compile(x, this.fromScope, env);
    } finally {
      env.inAggregate = saved;
    }
  }
}

/** The direction and NULL placement of one ordered aggregate's key (exec/sort.ts's rules). */
function orderOf(o: OrderItem): AggregateOrder[number] {
  return { descending: o.descending, nullsFirst: o.nulls === null ? !o.descending : o.nulls === 'FIRST' };
}

/**
 * An ordered aggregate's argument (`string_agg(x, ',' ORDER BY y)`): the value with its sort keys, as one
 * tuple per row (NULL when the value is, which every aggregate skips); exec/group.ts sorts the tuples.
 */
function orderedArgument(value: Compiled, keys: readonly Compiled[]): Compiled {
  const fs = keys.map((k) => k.eval);
  const f = value.eval;
  return compiled({
    type: value.type,
    text: value.text,
    refs: Math.max(value.refs, ...keys.map((k) => k.refs)),
    dynamic: value.dynamic,
    eval: (ctx, row) => {
      const v = f(ctx, row);
      if (v === null) return null;
      const t: Value[] = [v];
      for (const k of fs) t.push(k(ctx, row));
      return t as unknown as Value;
    },
  });
}
