/**
 * grammar/ast/expression.ts — AST nodes for SQL value expressions.
 *
 * 1. Every node carries `kind` and `position`/`end`: zero-based offsets of its first character and one past
 *    its last in the statement text, so Level 4 can report errors there and store source text (CHECK, DEFAULT).
 * 2. Unquoted identifiers are already folded to upper case; quoted ones keep their case.
 * 3. No name resolution happens here: a ColumnRef is just its dotted parts.
 */
import type { QueryExpression } from './query';

/** Where a node sits in the statement text. */
export interface Span {
  /** offset of the first character */
  position: number;
  /** offset one past the last character */
  end: number;
}

/** The SQL type named in a column definition or CAST: `VARCHAR(20)`, `NUMERIC(7,2)`, `INT`. */
export interface TypeName extends Span {
  kind: 'TypeName';
  /** upper-case type name as written, multi-word names joined by one space: `DOUBLE PRECISION`, `CHARACTER VARYING` */
  name: string;
  /** numeric parameters in parentheses, e.g. [7, 2] */
  params: number[];
}

export type LiteralValue =
  | { type: 'integer'; text: string } // 123 (exact digits, any length)
  | { type: 'numeric'; text: string } // 1.50, .5 (exact decimal text)
  | { type: 'real'; text: string } // 1e10, 1.5E-3
  | { type: 'string'; value: string } // 'it''s' → it's
  | { type: 'boolean'; value: boolean }
  | { type: 'null' }
  | { type: 'date'; text: string } // DATE '2024-01-31'
  | { type: 'time'; text: string } // TIME '12:00:00'
  | { type: 'timestamp'; text: string } // TIMESTAMP '2024-01-31 12:00:00'
  | { type: 'blob'; hex: string }; // X'0aff'

export interface Literal extends Span {
  kind: 'Literal';
  value: LiteralValue;
}

/** `a`, `t.a`, `"Mixed".b` — parts already case-folded. */
export interface ColumnRef extends Span {
  kind: 'ColumnRef';
  parts: string[];
}

/** `?` (index counts `?` marks from 0 in statement order) or `@name` (name without `@`, case kept). */
export interface Parameter extends Span {
  kind: 'Parameter';
  index: number | null;
  name: string | null;
}

export interface Unary extends Span {
  kind: 'Unary';
  op: '-' | '+' | 'NOT';
  operand: Expr;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '||' | '=' | '<>' | '<' | '<=' | '>' | '>=' | 'AND' | 'OR';

export interface Binary extends Span {
  kind: 'Binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
}

/** `e IS [NOT] NULL` */
export interface IsNull extends Span {
  kind: 'IsNull';
  operand: Expr;
  not: boolean;
}

/** `e IS [NOT] TRUE|FALSE|UNKNOWN` */
export interface IsTruth extends Span {
  kind: 'IsTruth';
  operand: Expr;
  not: boolean;
  truth: boolean | null;
}

/** `e IS [NOT] DISTINCT FROM f` */
export interface IsDistinct extends Span {
  kind: 'IsDistinct';
  left: Expr;
  right: Expr;
  not: boolean;
}

/** `e [NOT] BETWEEN lo AND hi` */
export interface Between extends Span {
  kind: 'Between';
  operand: Expr;
  low: Expr;
  high: Expr;
  not: boolean;
}

/** `e [NOT] IN (a, b, c)` */
export interface InList extends Span {
  kind: 'InList';
  operand: Expr;
  list: Expr[];
  not: boolean;
}

/** `e [NOT] IN (SELECT …)` */
export interface InSubquery extends Span {
  kind: 'InSubquery';
  operand: Expr;
  query: QueryExpression;
  not: boolean;
}

/** `[NOT] EXISTS (SELECT …)` — NOT EXISTS is a Unary NOT around this. */
export interface Exists extends Span {
  kind: 'Exists';
  query: QueryExpression;
}

/** `(SELECT …)` used as a value. */
export interface ScalarSubquery extends Span {
  kind: 'ScalarSubquery';
  query: QueryExpression;
}

/** `e [NOT] LIKE pattern [ESCAPE c]` */
export interface Like extends Span {
  kind: 'Like';
  operand: Expr;
  pattern: Expr;
  escape: Expr | null;
  not: boolean;
}

/** `CASE [operand] WHEN … THEN … [ELSE …] END` */
export interface Case extends Span {
  kind: 'Case';
  operand: Expr | null;
  whens: Array<{ when: Expr; then: Expr }>;
  else: Expr | null;
}

/** `CAST(e AS type)` */
export interface Cast extends Span {
  kind: 'Cast';
  operand: Expr;
  type: TypeName;
}

/**
 * `name(args)`, `count(*)`, `sum(DISTINCT x)`, `coalesce(a, b)`, `abs(x)`; name upper-cased.
 * Aggregates and scalar functions share this node; Level 4 tells them apart by name.
 */
export interface FunctionCall extends Span {
  kind: 'FunctionCall';
  name: string;
  args: Expr[];
  distinct: boolean;
  /** `count(*)` */
  star: boolean;
}

/** `(a, b)` row value constructor, e.g. in `(a, b) = (1, 2)` or `IN ((1,2),(3,4))`. */
export interface RowValue extends Span {
  kind: 'RowValue';
  items: Expr[];
}

export type Expr =
  | Literal
  | ColumnRef
  | Parameter
  | Unary
  | Binary
  | IsNull
  | IsTruth
  | IsDistinct
  | Between
  | InList
  | InSubquery
  | Exists
  | ScalarSubquery
  | Like
  | Case
  | Cast
  | FunctionCall
  | RowValue;
