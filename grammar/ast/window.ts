/**
 * grammar/ast/window.ts — AST nodes for window functions: `f(…) OVER (…)`, window specifications and frames,
 * and the `WINDOW w AS (…)` clause of a SELECT.
 *
 * 1. `OVER w` is a WindowCall whose `over` is the name `w` (folded); `OVER (w ORDER BY x)` is a WindowSpec with
 *    `base` 'W'. Level 4 resolves both against the query's WINDOW clause.
 * 2. A frame written with one bound (`ROWS 2 PRECEDING`) has `to` null: the end is CURRENT ROW.
 * 3. Frame offsets are expressions as written; Level 4 checks that they are constants and not negative.
 */
import type { Expr, FunctionCall, Span } from './expression';
import type { OrderItem } from './query';

export type FrameUnit = 'ROWS' | 'RANGE' | 'GROUPS';

export type FrameBoundKind = 'UNBOUNDED PRECEDING' | 'PRECEDING' | 'CURRENT ROW' | 'FOLLOWING' | 'UNBOUNDED FOLLOWING';

/** `UNBOUNDED PRECEDING`, `n PRECEDING`, `CURRENT ROW`, `n FOLLOWING`, `UNBOUNDED FOLLOWING` */
export interface FrameBound extends Span {
  kind: 'FrameBound';
  bound: FrameBoundKind;
  /** `n` of `n PRECEDING` / `n FOLLOWING`; null otherwise */
  offset: Expr | null;
}

/** `ROWS | RANGE | GROUPS (bound | BETWEEN bound AND bound)` */
export interface WindowFrame extends Span {
  kind: 'WindowFrame';
  unit: FrameUnit;
  /** the frame start */
  from: FrameBound;
  /** the frame end; null when only a start was written (the end is CURRENT ROW) */
  to: FrameBound | null;
}

/** `([base] [PARTITION BY …] [ORDER BY …] [frame])` */
export interface WindowSpec extends Span {
  kind: 'WindowSpec';
  /** an existing window this one refines (folded); null when none is named */
  base: string | null;
  partitionBy: Expr[];
  orderBy: OrderItem[];
  frame: WindowFrame | null;
}

/** `name AS (spec)` in a WINDOW clause. */
export interface WindowDefinition extends Span {
  kind: 'WindowDefinition';
  name: string;
  spec: WindowSpec;
}

/** `f(args) OVER w` or `f(args) OVER (spec)`: a window function or an aggregate used as one. */
export interface WindowCall extends Span {
  kind: 'WindowCall';
  call: FunctionCall;
  /** a window name (folded) or an inline specification */
  over: string | WindowSpec;
}
