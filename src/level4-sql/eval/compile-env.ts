/**
 * src/level4-sql/eval/compile-env.ts — CompileEnv: what the compiler shares across one statement's plan.
 *
 * 1. One env per planned statement: the schema snapshot, the per-level record of correlated references,
 *    the grouping hook while post-GROUP BY expressions compile, and the leaf recorder the planner uses to
 *    learn which FROM items a predicate reads; and, when the statement is typed by its parameters' values
 *    (param-types.ts), those types.
 * 2. `windowing` is the window-function hook of the query level whose select list and ORDER BY are compiling
 *    (plan/windowing.ts); `inWindow` is set while a window function's arguments and window compile.
 * 3. `noteRef(from, to)`: a name used at query level `from` resolved at level `to`; every query level in
 *    between is correlated with level `to` (`outerRefs[k]` is the innermost outer level query k reads).
 * 4. Inside a routine body, `variables` answers names that no scope level has (routines/body-scope.ts); a
 *    variable is a constant of the execution (refs -1), as a parameter is.
 * 5. `withOuterCtes(scope, fn)`: every env made while `fn` runs starts with `scope` as its CTEs, so the
 *    statements of a trigger body see its transition tables (triggers/transition-tables.ts) as FROM names.
 *    Planning is synchronous, so the setting is only ever seen by the plans `fn` makes.
 */
import type { RowSet } from '../exec/rowset';
import type { Expr, QueryExpression, WindowCall } from '../parse';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Compiled } from './compiled';
import type { ParamTypes } from './param-types';
import type { SubqueryPlan } from '../plan/subquery-plan';
import type { Scope } from './scope';
import type { CteScope } from '../plan/cte';

/** Compiles post-GROUP BY expressions: group keys and aggregates become reads of the group row. */
export interface GroupingHook {
  /** the query level whose expressions are grouped */
  readonly level: number;
  /** a compiled group-row read when `expr` is a grouping expression or an aggregate; null otherwise */
  intercept(expr: Expr, scope: Scope, env: CompileEnv): Compiled | null;
}

/** Compiles window function calls into reads of the window rowset's output (plan/windowing.ts). */
export interface WindowHook {
  /** the query level whose window functions these are */
  readonly level: number;
  intercept(expr: WindowCall, scope: Scope, env: CompileEnv): Compiled;
}

let outerCtes: CteScope | null = null;

/** Runs `fn` with `scope` as the CTEs every env it makes starts with (invariant 5). */
export function withOuterCtes<T>(scope: CteScope | null, fn: () => T): T {
  const saved = outerCtes;
  outerCtes = scope;
  try {
    return fn();
  } finally {
    outerCtes = saved;
  }
}

/**
 * The variables of a routine body that embedded SQL may name (routines/body-scope.ts): consulted for a name no
 * FROM item has (invariant 4).
 */
export interface VariableResolver {
  /** a read of the variable `parts` names, or null when there is none */
  resolveVariable(parts: readonly string[]): import('./compiled').Compiled | null;
  /** `SPECIFICTYPE()` with no argument in a method body: the most specific type of SELF; null elsewhere */
  specificTypeOfSelf?(): import('./compiled').Compiled | null;
}

/** Compile-time state shared by one statement (see the file header). */
export class CompileEnv {
  /**
   * The variables visible to the statement being planned: set by routines/ while it plans a body's statement
   * (`withVariables`), read by every env made meanwhile, so every planner path sees them (invariant 4).
   */
  static ambientVariables: VariableResolver | null = null;
  /** the routine variables names may resolve to; null outside routine bodies */
  readonly variables: VariableResolver | null = CompileEnv.ambientVariables;
  readonly state: DatabaseState;
  /** set: parameters are typed by these (one execution's values); null: parameters are dynamic */
  paramTypes: ParamTypes | null = null;
  grouping: GroupingHook | null = null;
  windowing: WindowHook | null = null;
  /** set while a window function's arguments and window compile (nested window functions are 42P20) */
  inWindow = false;
  /** while set, references at `recorderLevel` add their entry's leaf here */
  recorder: Set<number> | null = null;
  recorderLevel = -1;
  /** set while compiling an aggregate's argument (nested aggregates are 42803) */
  inAggregate = false;
  /** where aggregates are not allowed, the clause name for the message (WHERE, ON, GROUP BY …) */
  noAggregates: string | null = null;
  /** the common table expressions a FROM name may refer to here (plan/cte.ts) */
  ctes: CteScope | null = outerCtes;
  private readonly outerRefs: number[] = [];
  /** per query level, the outer `level:slot` pairs it reads (invariant 2) */
  private readonly outerReads: Array<Set<string> | undefined> = [];
  /** invariant 3 */
  memoCorrelated = false;
  /** subqueries used in expressions, for EXPLAIN (by AST node: a conjunct may be compiled more than once) */
  readonly subqueries = new Map<QueryExpression, { readonly root: RowSet; readonly correlated: boolean }>();
  /** uncorrelated subqueries already planned, by AST node, with the level they were planned at (subquery-plan.ts) */
  readonly uncorrelatedPlans = new Map<QueryExpression, { readonly level: number; readonly plan: SubqueryPlan }>();

  constructor(state: DatabaseState) {
    this.state = state;
  }

  /** Records that a name used at level `from` resolved at level `to` (and which leaf and row slot it read). */
  noteRef(from: number, to: number, leaf: number, index: number): void {
    for (let k = to + 1; k <= from; k++) {
      const cur = this.outerRefs[k];
      if (cur === undefined || cur < to) this.outerRefs[k] = to;
      (this.outerReads[k] ??= new Set()).add(`${to}:${index}`);
    }
    if (this.recorder !== null && to === this.recorderLevel) this.recorder.add(leaf);
  }

  /** Records a planned expression subquery for EXPLAIN. */
  noteSubquery(q: QueryExpression, root: RowSet, correlated: boolean): void {
    this.subqueries.set(q, { root, correlated });
  }

  /** EXPLAIN lines of the subqueries noted, after the main tree. */
  explainSubqueries(out: string[], ctx?: Parameters<RowSet['explain']>[2], depth = 0): void {
    let n = 0;
    for (const s of this.subqueries.values()) {
      out.push(`${'  '.repeat(depth)}Subquery ${++n} (${s.correlated ? 'per outer row' : 'once'})`);
      s.root.explain(out, depth + 1, ctx);
    }
  }

  /** Starts a query at `level`: clears its correlation record. */
  beginQuery(level: number): void {
    this.outerRefs[level] = -1;
    this.outerReads[level] = undefined;
  }

  /** The outer row slots the query at `level` read, as [level, slot] pairs (invariant 2). */
  outerReadsOf(level: number): Array<readonly [number, number]> {
    return [...(this.outerReads[level] ?? [])].map((k) => {
      const [l, i] = k.split(':');
      return [Number(l), Number(i)] as const;
    });
  }

  /** The innermost outer level that the query at `level` read (-1: uncorrelated). */
  outerRefOf(level: number): number {
    const r = this.outerRefs[level];
    return r === undefined ? -1 : r;
  }

  /** Runs `f` with the leaf recorder on, returning the leaves referenced at `level`. */
  recordLeaves<T>(level: number, f: () => T): { result: T; leaves: Set<number> } {
    const savedRec = this.recorder;
    const savedLevel = this.recorderLevel;
    const leaves = new Set<number>();
    this.recorder = leaves;
    this.recorderLevel = level;
    try {
      return { result: f(), leaves };
    } finally {
      this.recorder = savedRec;
      this.recorderLevel = savedLevel;
    }
  }
}
