/**
 * grammar/ast/expression.ts — AST nodes for SQL value expressions.
 *
 * 1. Every node carries `kind` and `position`/`end`: zero-based offsets of its first character and one past
 *    its last in the statement text, so Level 4 can report errors there and store source text (CHECK, DEFAULT).
 * 2. Unquoted identifiers are already folded to upper case; quoted ones keep their case.
 * 3. No name resolution happens here: a ColumnRef is just its dotted parts (and how each was written).
 * 4. A document literal's values are JSON values and parameters, never SQL expressions: `DocNode`s, each with
 *    its own span. Numbers keep their text; Level 4 decides their representation.
 */
import type { OrderItem, QueryExpression } from './query';
import type { WindowCall } from './window';

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
  | { type: 'blob'; hex: string } // X'0aff'
  // INTERVAL '1-2' YEAR TO MONTH: the text, and the qualifier's fields (null: no qualifier; end = start for one field)
  | { type: 'interval'; text: string; start: string | null; end: string | null };

export interface Literal extends Span {
  kind: 'Literal';
  value: LiteralValue;
}

/** One part of a dotted name as written: `text` unfolded (a quoted part without its quotes, `""` → `"`). */
export interface NameStep {
  text: string;
  /** it was a "quoted identifier" */
  quoted: boolean;
}

/**
 * `a`, `t.a`, `"Mixed".b`, `doc.tags.0` — `parts` already case-folded; `steps` (parallel to `parts`) keep each
 * part's spelling, because document paths after the column match field names as written. A numeric part
 * (`.0`, an array position) is `'0'` in both.
 */
export interface ColumnRef extends Span {
  kind: 'ColumnRef';
  parts: string[];
  steps: NameStep[];
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

/** `e [NOT] BETWEEN [SYMMETRIC | ASYMMETRIC] lo AND hi` */
export interface Between extends Span {
  kind: 'Between';
  operand: Expr;
  low: Expr;
  high: Expr;
  not: boolean;
  /** SYMMETRIC: the bounds in either order */
  symmetric: boolean;
}

/** `e [NOT] IN (a, b, c)` */
export interface InList extends Span {
  kind: 'InList';
  operand: Expr;
  list: Expr[];
  not: boolean;
}

/** `e [NOT] IN (SELECT …)`, or a quantified comparison `e op ALL | ANY | SOME (SELECT …)` (IN is `= ANY`) */
export interface InSubquery extends Span {
  kind: 'InSubquery';
  operand: Expr;
  query: QueryExpression;
  /** false with `compare` */
  not: boolean;
  /** a quantified comparison other than `= ANY` (IN) and `<> ALL` (NOT IN): the operator, and ALL (else ANY) */
  compare?: { op: '=' | '<>' | '<' | '<=' | '>' | '>='; all: boolean };
}

/** `e op ANY | SOME | ALL (array)`: PostgreSQL's comparison with every element of an array (a DOCARRAY, such as
 *  a JavaScript array given as a parameter) */
export interface QuantifiedArray extends Span {
  kind: 'QuantifiedArray';
  operand: Expr;
  op: '=' | '<>' | '<' | '<=' | '>' | '>=';
  all: boolean;
  array: Expr;
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

/** `e [NOT] LIKE pattern [ESCAPE c]`, or with `similar` `e [NOT] SIMILAR TO pattern [ESCAPE c]` */
export interface Like extends Span {
  kind: 'Like';
  operand: Expr;
  pattern: Expr;
  escape: Expr | null;
  not: boolean;
  /** SIMILAR TO: the pattern is the standard's regular expression (eval/like.ts invariant 5) */
  similar: boolean;
  /** ILIKE (PostgreSQL's): LIKE with both sides lower-cased; absent for LIKE and SIMILAR TO */
  caseInsensitive?: boolean;
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

/** `DEFAULT` written as a value: the column's default in INSERT's VALUES and UPDATE's SET (42601 elsewhere). */
export interface DefaultValue extends Span {
  kind: 'DefaultValue';
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
  /** `string_agg(x, ',' ORDER BY y)`: the order of an ordered aggregate's values; absent when none is given */
  orderBy?: OrderItem[];
  /** `count(*) FILTER (WHERE c)`: the condition a row must meet for an aggregate to take it; absent when none */
  filter?: Expr;
  /**
   * `percentile_cont(0.5) WITHIN GROUP (ORDER BY x)`: an ordered-set aggregate, whose `orderBy` is the WITHIN GROUP
   * clause (its values and their order) and whose `args` are its direct arguments (the fraction); absent otherwise
   */
  withinGroup?: true;
}

/**
 * A value inside a document literal. Positions are offsets in the statement text; `end` is exclusive.
 * Numbers: `integer` (`-12`), `numeric` (`2.50`, `.5`), `real` (`1e3`), with their text as written.
 * Strings: single-quoted ones as SQL strings (`''` → `'`), double-quoted ones with JSON escapes decoded.
 * `param` holds a `?` (numbered with the statement's other `?`s) or `@name`.
 */
export type DocNode =
  | { type: 'object'; position: number; end: number; fields: DocField[] }
  | { type: 'array'; position: number; end: number; items: DocNode[] }
  | { type: 'integer' | 'numeric' | 'real'; position: number; end: number; text: string }
  | { type: 'string'; position: number; end: number; value: string }
  | { type: 'boolean'; position: number; end: number; value: boolean }
  | { type: 'null'; position: number; end: number }
  | { type: 'regex'; position: number; end: number; pattern: string; flags: string }
  | { type: 'param'; position: number; end: number; param: Parameter };

/** A field of a document literal: its key (decoded; a bare key as written) and where the key token starts. */
export interface DocField {
  key: string;
  keyPosition: number;
  value: DocNode;
}

/** `{'b': {'C': 23}, "d": [1, 2.5, 'x'], e: null, f: /a.*b/i}` — `value.type` is always `'object'`. */
export interface DocumentLiteral extends Span {
  kind: 'DocumentLiteral';
  value: DocNode;
}

/**
 * `(a, b)` or `ROW(a, b)` row value constructor, e.g. in `(a, b) = (1, 2)` or `IN ((1,2),(3,4))`; Pyrrho's
 * `(b AS d, c)` names its fields.
 */
export interface RowValue extends Span {
  kind: 'RowValue';
  items: Expr[];
  /** per item, the field name given with AS (folded), else null; null when no item has one */
  names: (string | null)[] | null;
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
  | QuantifiedArray
  | Exists
  | ScalarSubquery
  | Like
  | Case
  | Cast
  | FunctionCall
  | WindowCall
  | RowValue
  | DocumentLiteral
  | MethodCall
  | FieldAccess
  | DefaultValue;

/**
 * `what.centre()`, `t.what.area(2)`, `point(1, 2).m()`: a method of the structured value `target` (a column
 * reference, or any primary followed by `.name(…)`).
 */
export interface MethodCall extends Span {
  kind: 'MethodCall';
  target: Expr;
  /** case-folded method name */
  name: string;
  args: Expr[];
}

/**
 * `point(1, 2).x`, `(p).x`, `what.centre().x`: a field of the structured value `target`, which is not a column
 * reference (a dotted column name stays a ColumnRef, resolved by Level 4 against the columns' types).
 */
export interface FieldAccess extends Span {
  kind: 'FieldAccess';
  target: Expr;
  /** case-folded field name */
  field: string;
}
