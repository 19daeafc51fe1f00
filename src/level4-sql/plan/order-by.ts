/**
 * src/level4-sql/plan/order-by.ts — resolves ORDER BY items to sort keys.
 *
 * 1. An integer literal is an output column number (1-based; out of range → 42P10).
 * 2. A bare name that is an output column name (an alias, or the name of a selected column) means that
 *    output column; two different output columns with that name → 42702. Anything else is an expression
 *    over the query's input rows (so a query may sort by a column it does not output).
 * 3. With SELECT DISTINCT (and over set operations) the sort runs on output rows, so every key must be an
 *    output column (42P10 otherwise).
 * 4. NULLs sort first ascending, last descending, unless NULLS FIRST / LAST says otherwise.
 */
import { SqlError, SqlState } from '../../common/errors';
import { compiled, type Compiled } from '../eval/compiled';
import { compile } from '../eval/compile';
import type { CompileEnv } from '../eval/compile-env';
import type { Scope } from '../eval/scope';
import type { SortKey } from '../exec/sort';
import type { Expr, OrderItem } from '../parse';
import { compileIn } from './conjunct';
import { exprKey } from './expr-utils';

/** A select-list item as ORDER BY sees it. */
export interface OrderTarget {
  readonly name: string;
  readonly expr: Expr;
  readonly value: Compiled;
}

function key(o: OrderItem, value: Compiled): SortKey {
  return { value, descending: o.descending, nullsFirst: o.nulls === null ? !o.descending : o.nulls === 'FIRST' };
}

function ordinal(o: OrderItem, n: number): number | null {
  const e = o.expr;
  if (e.kind !== 'Literal' || e.value.type !== 'integer') return null;
  const i = Number(e.value.text);
  if (!(i >= 1 && i <= n)) {
    throw SqlError.of(SqlState.InvalidColumnReference, [`ORDER BY position ${e.value.text} is not in the select list`], {
      position: e.position,
    });
  }
  return i - 1;
}

/** A read of output column `i`. */
export function outputRead(i: number, t: Compiled['type'], text: string, level: number): Compiled {
  return compiled({
    type: t,
    text,
    refs: level,
    eval: (_c, row) => {
      const v = row![i];
      return v === undefined ? null : v;
    },
  });
}

/** Sort keys over output rows of a body other than SELECT (`scope` holds the output columns). */
export function outputOrderKeys(orderBy: readonly OrderItem[], columns: readonly string[], scope: Scope, env: CompileEnv): SortKey[] {
  return orderBy.map((o) => {
    const i = ordinal(o, columns.length);
    if (i !== null) return key(o, outputRead(i, scope.entries[i]!.type, columns[i]!, scope.level));
    return key(o, compileIn(o.expr, scope, env, 'ORDER BY'));
  });
}

/** The output column a bare name means, or null (invariant 2). */
function byName(o: OrderItem, targets: readonly OrderTarget[], fromScope: Scope): number | null {
  const e = o.expr;
  if (e.kind !== 'ColumnRef' || e.parts.length !== 1) return null;
  const name = e.parts[0]!;
  let found: number | null = null;
  for (let i = 0; i < targets.length; i++) {
    if (targets[i]!.name !== name) continue;
    if (found !== null && exprKey(targets[found]!.expr, fromScope) !== exprKey(targets[i]!.expr, fromScope)) {
      throw SqlError.of(SqlState.AmbiguousColumn, [name], { position: e.position });
    }
    found ??= i;
  }
  return found;
}

/**
 * Sort keys of a SELECT. Without DISTINCT they are closures over the rows before projection (`post` is the
 * scope of those rows, compiled while any grouping hook is active); with DISTINCT they read output rows.
 */
export function selectOrderKeys(
  orderBy: readonly OrderItem[],
  targets: readonly OrderTarget[],
  post: Scope,
  fromScope: Scope,
  env: CompileEnv,
  distinct: boolean,
): SortKey[] {
  return orderBy.map((o) => {
    let i = ordinal(o, targets.length) ?? byName(o, targets, fromScope);
    if (i === null && distinct) {
      const k = exprKey(o.expr, fromScope);
      const j = targets.findIndex((t) => exprKey(t.expr, fromScope) === k);
      if (j < 0) {
        throw SqlError.of(SqlState.InvalidColumnReference, ['for SELECT DISTINCT, ORDER BY expressions must appear in the select list'], {
          position: o.expr.position,
        });
      }
      i = j;
    }
    if (i !== null) {
      const t = targets[i]!;
      return key(o, distinct ? outputRead(i, t.value.type, t.name, post.level) : t.value);
    }
    const saved = env.noAggregates;
    env.noAggregates = 'ORDER BY';
    try {
      return key(o, compile(o.expr, post, env));
    } finally {
      env.noAggregates = saved;
    }
  });
}
