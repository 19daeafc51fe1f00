/**
 * src/level4-sql/plan/planner.ts — Contract D's planner entry points: `planQuery` (SELECT, VALUES, set
 * operations) and `planTableRows` (the rows UPDATE and DELETE touch).
 *
 * 1. Plans are built once per prepare and run many times: `rows(ctx)` opens the rowset tree afresh for
 *    each execution, reading rows from `ctx.tx.state`; nothing in a plan holds row data.
 * 2. `explain(ctx?)` gives one line per rowset, indented two spaces per level; with a context, constant
 *    keys are evaluated so an absent key shows as EmptyRowSet. Subqueries used in expressions follow the
 *    main tree, each headed `Subquery N (once)` or `Subquery N (per outer row)`.
 */
import type { SqlType } from '../../common/values/sql-type';
import type { Row } from '../../common/values/value';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import type { ExecContext } from '../context';
import { CompileEnv } from '../eval/compile-env';
import type { ParamTypes } from '../eval/param-types';
import { Scope } from '../eval/scope';
import { checkBoolean } from '../eval/type-rules';
import { drain, type Cursor, type RowSet, type TableRowSet } from '../exec/rowset';
import type { Expr, QueryExpression } from '../parse';
import { chooseAccess } from './access-path';
import { conjFromExpr } from './conjunct';
import { splitAnd } from './expr-utils';
import { planQueryExpression } from './query-planner';

/** A planned query (Contract D). */
export interface QueryPlan {
  readonly columns: readonly string[];
  readonly types: readonly SqlType[];
  /** the rows of one execution */
  rows(ctx: ExecContext): Iterable<Row>;
  /** the plan, a line per rowset */
  explain(ctx?: ExecContext): string[];
  /** the plan's lines appended to `out`, indented `depth` levels (a statement's plan lines below its head) */
  explainInto(out: string[], depth: number, ctx?: ExecContext): void;
  /** a pull cursor over the rows of one execution (cheaper than `rows`) */
  open(ctx: ExecContext): Cursor;
  /** every row of one execution */
  all(ctx: ExecContext): Row[];
  /** the root rowset */
  readonly root: RowSet;
  /** the roots of the subqueries used in expressions, in EXPLAIN order */
  subqueryRoots(): RowSet[];
}

/** Rows of one table matching a WHERE clause, for UPDATE and DELETE (Contract D). */
export interface RowSourcePlan {
  readonly table: Table;
  rows(ctx: ExecContext): Iterable<readonly [rowid: number, row: Row]>;
  explain(ctx?: ExecContext): string[];
  /** the plan's lines appended to `out`, indented `depth` levels below the statement's head */
  explainInto(out: string[], depth: number, ctx?: ExecContext): void;
  /** the access path chosen */
  readonly rowset: TableRowSet;
  /** the rowset trees it runs (the access path, then the WHERE's subqueries), for EXPLAIN ANALYZE's counts */
  roots(): RowSet[];
}

/** Iterates a cursor opened lazily, once per iteration. */
function iterate<T>(open: () => { next(): T | null }): Iterable<T> {
  return {
    [Symbol.iterator](): Iterator<T> {
      const cur = open();
      return {
        next(): IteratorResult<T> {
          const v = cur.next();
          return v === null ? { done: true, value: undefined } : { done: false, value: v };
        },
      };
    },
  };
}

class PlannedQueryPlan implements QueryPlan {
  constructor(
    readonly root: RowSet,
    readonly columns: readonly string[],
    readonly types: readonly SqlType[],
    private readonly env: CompileEnv,
  ) {}

  rows(ctx: ExecContext): Iterable<Row> {
    return iterate(() => this.root.open(ctx));
  }

  open(ctx: ExecContext): Cursor {
    return this.root.open(ctx);
  }

  all(ctx: ExecContext): Row[] {
    return drain(this.root.open(ctx));
  }

  explain(ctx?: ExecContext): string[] {
    const out: string[] = [];
    this.explainInto(out, 0, ctx);
    return out;
  }

  explainInto(out: string[], depth: number, ctx?: ExecContext): void {
    this.root.explain(out, depth, ctx);
    this.env.explainSubqueries(out, ctx, depth);
  }

  subqueryRoots(): RowSet[] {
    return [...this.env.subqueries.values()].map((s) => s.root);
  }
}

/**
 * Plans a query against the schema of `state` (Contract D). With `paramTypes`, parameters are typed by them
 * (one execution's values, eval/param-types.ts) instead of being dynamic.
 */
export function planQuery(q: QueryExpression, state: DatabaseState, paramTypes: ParamTypes | null = null): QueryPlan {
  const env = new CompileEnv(state);
  env.paramTypes = paramTypes;
  env.memoCorrelated = true;
  env.beginQuery(0);
  const p = planQueryExpression(q, env, null, 0);
  return new PlannedQueryPlan(p.root, p.columns, p.types, env);
}

/** Plans the rows of `table` that satisfy `where`, with the constant-key / index-range choice (Contract D). */
export function planTableRows(table: Table, alias: string | null, where: Expr | null, state: DatabaseState): RowSourcePlan {
  const env = new CompileEnv(state);
  env.beginQuery(0);
  const scope = Scope.forTableAt(table, alias, 0, null, 0);
  const conjs = splitAnd(where).map((e) => {
    const c = conjFromExpr(e, scope, env, 'WHERE');
    checkBoolean(c.compileAt(scope), 'WHERE', e.position);
    return c;
  });
  const rowset = chooseAccess(table, alias ?? table.name, scope, 0, conjs).rowset;
  const explainInto = (out: string[], depth: number, ctx?: ExecContext): void => {
    rowset.explain(out, depth, ctx);
    env.explainSubqueries(out, ctx, depth);
  };
  return {
    table,
    rowset,
    rows: (ctx) =>
      iterate(() => {
        const cur = rowset.openTable(ctx);
        return {
          next: (): readonly [number, Row] | null => {
            const r = cur.next();
            return r === null ? null : [cur.rowid, r];
          },
        };
      }),
    explainInto,
    explain: (ctx) => {
      const out: string[] = [];
      explainInto(out, 0, ctx);
      return out;
    },
    roots: () => [rowset, ...[...env.subqueries.values()].map((s) => s.root)],
  };
}
