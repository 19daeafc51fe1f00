/**
 * src/level4-sql/eval/compiled.ts — the result of compiling an expression: a static type plus a closure.
 *
 * 1. `eval(ctx, row)` reads the row produced by the rowset the expression was compiled for (the scope's
 *    row layout); it never walks the AST.
 * 2. `refs` is the innermost query level whose row the expression reads (-1: none, so its value is fixed
 *    for the whole execution). A key expression for a table at level L must have refs < L; refs === -1 makes
 *    it "constant for the whole query" (a TrivialRowSet), 0 <= refs < L makes it a per-outer-row lookup.
 * 3. `dynamic` marks a type only known at run time (parameters): operators over it dispatch on the value.
 * 4. `folded` expressions were evaluated at compile time; `value` holds the result.
 */
import type { SqlType } from '../../common/values/sql-type';
import type { Row, Value } from '../../common/values/value';
import type { ExecContext } from '../context';
import type { CompileEnv } from './compile-env';
import type { Resolved, Scope, ScopeEntry } from './scope';

/** An expression evaluator: context and current row in, value out. */
export type EvalFn = (ctx: ExecContext, row: Row | null) => Value;

/** A compiled expression (Contract D: `type` and `eval`; the rest is for the planner). */
export interface Compiled {
  readonly type: SqlType;
  readonly eval: EvalFn;
  /** innermost query level read; -1 when none (see invariant 2) */
  readonly refs: number;
  /** the static type is unknown until execution (parameters) */
  readonly dynamic: boolean;
  /** the value was computed at compile time */
  readonly folded: boolean;
  readonly value: Value;
  /** SQL-like text for EXPLAIN */
  readonly text: string;
  /** set when the expression is a plain column reference */
  readonly column: { readonly entry: ScopeEntry; readonly level: number } | null;
  /** set when `eval` is exactly "row[slot], NULL when absent" (operators specialise on it) */
  readonly slot: number | null;
}

/** Options of `compiled`: everything but type, eval and text defaults sensibly. */
export interface CompiledParts {
  type: SqlType;
  eval: EvalFn;
  text: string;
  refs?: number;
  dynamic?: boolean;
  column?: { entry: ScopeEntry; level: number } | null;
  slot?: number | null;
}

/** Builds a Compiled from its parts. */
export function compiled(p: CompiledParts): Compiled {
  return {
    type: p.type,
    eval: p.eval,
    refs: p.refs ?? -1,
    dynamic: p.dynamic ?? false,
    folded: false,
    value: null,
    text: p.text,
    column: p.column ?? null,
    slot: p.slot ?? null,
  };
}

/** A read of `row[slot]` (NULL when the row is shorter). */
export function slotRead(slot: number, type: SqlType, text: string, refs: number, column: CompiledParts['column'] = null): Compiled {
  return compiled({
    type,
    text,
    refs,
    column,
    slot,
    eval: (_c, row) => {
      const v = row![slot];
      return v === undefined ? null : v;
    },
  });
}

/**
 * The read of a resolved column, noted as a reference of the scope: its slot in the current row, or its value
 * in an enclosing query's frame (`ctx.frames[level]`, context.ts invariant 3).
 */
export function columnRead(res: Resolved, scope: Scope, env: CompileEnv, text: string): Compiled {
  const { entry, level } = res;
  env.noteRef(scope.level, level, entry.leaf, entry.index);
  const idx = entry.index;
  if (level === scope.level) return slotRead(idx, entry.type, text, level, { entry, level });
  const ev: EvalFn = (c) => {
    const v = c.frames[level]![idx];
    return v === undefined ? null : v;
  };
  return compiled({ type: entry.type, eval: ev, text, refs: level, column: { entry, level } });
}

/** A compile-time constant. */
export function constant(value: Value, type: SqlType, text: string, dynamic = false): Compiled {
  const ev: EvalFn = () => value;
  return { type, eval: ev, refs: -1, dynamic, folded: true, value, text, column: null, slot: null };
}

/** The largest `refs` of some compiled expressions. */
export function maxRefs(items: readonly Compiled[]): number {
  let r = -1;
  for (const c of items) if (c.refs > r) r = c.refs;
  return r;
}

/** True when any of the expressions is dynamic. */
export function anyDynamic(items: readonly Compiled[]): boolean {
  for (const c of items) if (c.dynamic) return true;
  return false;
}

/** True when all are folded constants. */
export function allFolded(items: readonly Compiled[]): boolean {
  for (const c of items) if (!c.folded) return false;
  return true;
}

/**
 * Folds `c` when its operands were all folded: evaluates once, and keeps the closure when that throws (the
 * error must surface only if the expression is evaluated at run time, e.g. in an untaken CASE branch).
 */
export function tryFold(c: Compiled, operands: readonly Compiled[]): Compiled {
  if (!allFolded(operands) || c.refs !== -1) return c;
  let value: Value;
  try {
    value = c.eval(null as unknown as ExecContext, null);
  } catch {
    return c;
  }
  return constant(value, c.type, c.text, c.dynamic);
}
