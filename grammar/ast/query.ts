/**
 * grammar/ast/query.ts — AST nodes for query expressions: SELECT, VALUES, set operations, FROM items.
 *
 * 1. A QueryExpression is a body (select core, VALUES, or set operation) plus ORDER BY / LIMIT / OFFSET.
 * 2. `FETCH FIRST n ROWS ONLY` is parsed into `limit`, `OFFSET n ROWS` into `offset`.
 * 3. `WITH [RECURSIVE] …` belongs to the query expression it starts (`with`, absent when there is none).
 */
import type { Expr, Span } from './expression';
import type { WindowDefinition } from './window';

export interface SelectStar extends Span {
  kind: 'SelectStar';
  /** `t.*` names the table (folded); `*` has null */
  table: string | null;
}

export interface SelectExpr extends Span {
  kind: 'SelectExpr';
  expr: Expr;
  /** `AS alias` or bare alias, folded */
  alias: string | null;
}

export type SelectItem = SelectStar | SelectExpr;

/** `name [AS] alias`; name parts folded (`schema.table` keeps both parts). */
export interface TableRef extends Span {
  kind: 'TableRef';
  name: string;
  alias: string | null;
}

/** `[LATERAL] (SELECT …) [AS] alias [(c1, c2)]` (a derived table may read earlier FROM items with or without LATERAL) */
export interface SubqueryRef extends Span {
  kind: 'SubqueryRef';
  query: QueryExpression;
  alias: string | null;
  columnAliases: string[] | null;
  /** LATERAL was written */
  lateral?: boolean;
}

export type JoinKind = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS';

/** `left [NATURAL] [INNER|LEFT [OUTER]|…] JOIN right [ON cond | USING (cols)]`; a comma join is CROSS. */
export interface Join extends Span {
  kind: 'Join';
  joinKind: JoinKind;
  natural: boolean;
  left: FromItem;
  right: FromItem;
  on: Expr | null;
  using: string[] | null;
}

/** `TABLE(f(args)) [AS] alias`, or `f(args) [AS] alias [(names)]`: the rows a table-valued function returns */
export interface TableFunctionRef extends Span {
  kind: 'TableFunctionRef';
  call: Expr;
  alias: string | null;
  /** `AS g(n, …)`: names for the function's columns */
  columnAliases?: string[];
  /** `WITH ORDINALITY`: a last column numbering the rows from 1 */
  ordinality?: boolean;
}

export type FromItem = TableRef | SubqueryRef | Join | TableFunctionRef;

/** `SELECT [DISTINCT [ON (e, …)] | ALL] items [FROM …] [WHERE …] [GROUP BY …] [HAVING …] [WINDOW …]` */
export interface SelectCore extends Span {
  kind: 'SelectCore';
  /** plain DISTINCT: rows equal in every output column are one */
  distinct: boolean;
  /** `DISTINCT ON (e, …)` (PostgreSQL's): the first row of each group of rows equal in these expressions, in
   *  ORDER BY's order; absent without ON (`distinct` is false then) */
  distinctOn?: Expr[];
  items: SelectItem[];
  /** comma-separated FROM items, in order; empty when there is no FROM */
  from: FromItem[];
  where: Expr | null;
  /** every expression GROUP BY names (each once, in order): the keys of plain GROUP BY */
  groupBy: Expr[];
  /** with ROLLUP, CUBE, GROUPING SETS or `()`: the grouping sets they expand to, each a list of expressions
   *  from `groupBy`; absent for plain GROUP BY (one set of every key) */
  groupingSets?: Expr[][];
  having: Expr | null;
  /** `WINDOW w AS (…), …`; empty when there is no WINDOW clause */
  windows: WindowDefinition[];
}

/** `VALUES (1, 'a'), (2, 'b')` as a query body. */
export interface ValuesBody extends Span {
  kind: 'Values';
  rows: Expr[][];
}

export interface SetOperation extends Span {
  kind: 'SetOperation';
  op: 'UNION' | 'INTERSECT' | 'EXCEPT';
  all: boolean;
  left: QueryBody;
  right: QueryBody;
}

/** A parenthesised query used as a body: `(SELECT … ORDER BY … LIMIT 1) UNION …` */
export interface NestedQuery extends Span {
  kind: 'NestedQuery';
  query: QueryExpression;
}

export type QueryBody = SelectCore | ValuesBody | SetOperation | NestedQuery;

export interface OrderItem extends Span {
  kind: 'OrderItem';
  /** an expression, or an integer Literal meaning the n-th select item */
  expr: Expr;
  descending: boolean;
  /** NULLS FIRST → 'FIRST', NULLS LAST → 'LAST', unspecified → null */
  nulls: 'FIRST' | 'LAST' | null;
}

/** `name [(c1, c2)] AS (query)` in a WITH clause; names folded. */
export interface CommonTableExpression extends Span {
  kind: 'CommonTableExpression';
  name: string;
  columns: string[] | null;
  query: QueryExpression;
}

/** `WITH [RECURSIVE] cte, …` */
export interface WithClause extends Span {
  kind: 'WithClause';
  recursive: boolean;
  ctes: CommonTableExpression[];
}

export interface QueryExpression extends Span {
  kind: 'QueryExpression';
  /** the WITH clause before the body, if any */
  with?: WithClause;
  body: QueryBody;
  orderBy: OrderItem[];
  limit: Expr | null;
  offset: Expr | null;
  /** `FOR UPDATE | FOR SHARE [OF names] [NOWAIT | SKIP LOCKED]`; absent when not written */
  lock?: LockingClause;
}

/** A query's locking clause: accepted for the compatibility of what it asks (docs/sql-dialect.md). */
export interface LockingClause extends Span {
  kind: 'LockingClause';
  mode: 'UPDATE' | 'SHARE';
  /** the FROM items named after OF (folded); empty for all of them */
  of: string[];
  skipLocked: boolean;
}
