/**
 * src/level4-sql/plan/subquery-plan.ts — the planner's entry for queries nested in expressions and FROM.
 *
 * 1. A subquery is planned one level below the scope it appears in; `outerRef` is the innermost enclosing
 *    level it reads (-1: uncorrelated, so its result can be computed once per execution).
 * 2. An uncorrelated subquery is planned once per statement (`CompileEnv.uncorrelatedPlans`), however often
 *    the expression holding it is compiled: the planner compiles a conjunct once to learn what it reads and
 *    again where it applies it, so nested subqueries were otherwise planned 2^depth times. A correlated plan
 *    depends on the enclosing scope's layout and is planned each time.
 * 3. eval/compile-subquery.ts calls `planSubquery`; this module and the compiler import each other, which is
 *    safe because neither uses the other while its module is loading.
 */
import type { SqlType } from '../../common/values/sql-type';
import type { CompileEnv } from '../eval/compile-env';
import type { Scope } from '../eval/scope';
import type { RowSet } from '../exec/rowset';
import type { QueryExpression } from '../parse';
import { planQueryExpression } from './query-planner';

/** A planned query: its root rowset, output names and types. */
export interface PlannedQuery {
  readonly root: RowSet;
  readonly columns: readonly string[];
  readonly types: readonly SqlType[];
}

/** A planned subquery and how it is correlated. */
export interface SubqueryPlan extends PlannedQuery {
  readonly outerRef: number;
  /** the outer row slots it reads, as [level, slot] pairs (compile-env.ts invariant 2) */
  readonly outerReads: ReadonlyArray<readonly [number, number]>;
}

/** Plans `q` as a subquery of an expression compiled in `outer`. */
export function planSubquery(q: QueryExpression, outer: Scope, env: CompileEnv): SubqueryPlan {
  return planSubqueryAt(q, env, outer, outer.level + 1);
}

/** Plans `q` at `level` with `outer` as its enclosing scope (FROM subqueries pass their query's outer). */
export function planSubqueryAt(q: QueryExpression, env: CompileEnv, outer: Scope | null, level: number): SubqueryPlan {
  const known = env.uncorrelatedPlans.get(q);
  if (known !== undefined && known.level === level) return known.plan;
  env.beginQuery(level);
  const p = planQueryExpression(q, env, outer, level);
  const plan: SubqueryPlan = { ...p, outerRef: env.outerRefOf(level), outerReads: env.outerReadsOf(level) };
  if (plan.outerRef === -1) env.uncorrelatedPlans.set(q, { level, plan });
  return plan;
}
