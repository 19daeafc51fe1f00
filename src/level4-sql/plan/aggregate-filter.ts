/**
 * src/level4-sql/plan/aggregate-filter.ts — an aggregate's `FILTER (WHERE condition)`, for grouped queries
 * (grouping.ts) and aggregates over windows (windowing.ts) alike.
 *
 * 1. The condition compiles against the rows the aggregate reads, as its argument does: aggregates and window
 *    functions inside it are 42803, and it must be BOOLEAN (42804).
 * 2. A filtered aggregate reads its argument only on the rows whose condition is TRUE and NULL on the others;
 *    every aggregate skips NULL (eval/aggregates.ts invariant 2), so it folds exactly the rows the condition
 *    takes. COUNT(*)'s argument is the row itself: it reads TRUE on the rows taken.
 * 3. The argument's type is decided before the wrapping (the caller's `resultType`), so the result type does
 *    not depend on the FILTER. The condition joins the aggregate's text (EXPLAIN, and which calls share a slot).
 */
import type { Value } from '../../common/values/value';
import { compiled, type Compiled } from '../eval/compiled';
import { compile } from '../eval/compile';
import type { CompileEnv } from '../eval/compile-env';
import type { Scope } from '../eval/scope';
import { checkBoolean } from '../eval/type-rules';
import type { FunctionCall } from '../parse';

/** The call's FILTER condition compiled in `scope` (invariant 1), or null when it has none. */
export function compileAggregateFilter(e: FunctionCall, scope: Scope, env: CompileEnv): Compiled | null {
  if (e.filter === undefined) return null;
  const saved = env.inAggregate;
  env.inAggregate = true;
  try {
    const c = compile(e.filter, scope, env);
    checkBoolean(c, 'FILTER', e.filter.position);
    return c;
  } finally {
    env.inAggregate = saved;
  }
}

/** `arg` (COUNT(*)'s TRUE when null) on the rows `condition` takes, NULL on the others (invariant 2). */
export function filteredArgument(arg: Compiled | null, condition: Compiled): Compiled {
  const test = condition.eval;
  const text = ` FILTER (WHERE ${condition.text})`;
  if (arg === null) {
    return compiled({ type: condition.type, text: `*${text}`, refs: condition.refs, eval: (ctx, row) => (test(ctx, row) === true ? true : null) });
  }
  const f = arg.eval;
  return compiled({
    type: arg.type,
    text: arg.text + text,
    refs: Math.max(arg.refs, condition.refs),
    dynamic: arg.dynamic,
    eval: (ctx, row): Value => (test(ctx, row) === true ? f(ctx, row) : null),
  });
}
