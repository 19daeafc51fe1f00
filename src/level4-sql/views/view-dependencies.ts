/**
 * src/level4-sql/views/view-dependencies.ts — the tables and views a query reads, for a new view's `uses`.
 *
 * 1. Every table name in FROM, in joins, in derived tables and in subqueries of expressions counts, except a
 *    name that a WITH clause in scope defines (a common table expression is part of the query, not a
 *    dependency); the CTEs' own queries are walked too.
 * 2. Names resolve as the planner resolves them: a table, else a view; `schema.name` falls back to `name`.
 *    An unknown name is 42P01 at its position (skipped when the caller is lenient).
 */
import { SqlError, SqlState } from '../../common/errors';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Expr, FromItem, QueryBody, QueryExpression } from '../parse';
import { walkExpr } from '../statements/ast-walk';

interface NameUse {
  readonly name: string;
  readonly position: number;
}

function fromNames(f: FromItem, ctes: ReadonlySet<string>, out: NameUse[]): void {
  switch (f.kind) {
    case 'TableRef':
      if (!ctes.has(f.name)) out.push({ name: f.name, position: f.position });
      return;
    case 'SubqueryRef':
      return queryNames(f.query, ctes, out);
    case 'TableFunctionRef':
      return exprNames(f.call, ctes, out);
    case 'Join':
      fromNames(f.left, ctes, out);
      fromNames(f.right, ctes, out);
      if (f.on !== null) exprNames(f.on, ctes, out);
      return;
  }
}

function exprNames(e: Expr, ctes: ReadonlySet<string>, out: NameUse[]): void {
  walkExpr(e, (x) => {
    if (x.kind === 'InSubquery' || x.kind === 'Exists' || x.kind === 'ScalarSubquery') {
      if (x.kind === 'InSubquery') exprNames(x.operand, ctes, out);
      queryNames(x.query, ctes, out);
      return false;
    }
    return true;
  });
}

function bodyNames(b: QueryBody, ctes: ReadonlySet<string>, out: NameUse[]): void {
  switch (b.kind) {
    case 'SelectCore':
      for (const f of b.from) fromNames(f, ctes, out);
      for (const item of b.items) if (item.kind === 'SelectExpr') exprNames(item.expr, ctes, out);
      for (const e of [b.where, b.having, ...b.groupBy, ...(b.distinctOn ?? [])]) if (e !== null) exprNames(e, ctes, out);
      return;
    case 'Values':
      for (const row of b.rows) for (const e of row) exprNames(e, ctes, out);
      return;
    case 'SetOperation':
      bodyNames(b.left, ctes, out);
      return bodyNames(b.right, ctes, out);
    case 'NestedQuery':
      return queryNames(b.query, ctes, out);
  }
}

function queryNames(q: QueryExpression, outer: ReadonlySet<string>, out: NameUse[]): void {
  let ctes = outer;
  if (q.with !== undefined) {
    const all = new Set([...outer, ...q.with.ctes.map((c) => c.name)]);
    const visible = new Set(outer);
    for (const c of q.with.ctes) {
      queryNames(c.query, q.with.recursive ? all : visible, out);
      visible.add(c.name);
    }
    ctes = all;
  }
  bodyNames(q.body, ctes, out);
  for (const o of q.orderBy) exprNames(o.expr, ctes, out);
}

/** The defposes of the tables and views `q` reads, each once, in order of first mention (file header); `outerCtes`
 *  are names that are not tables there (a trigger's transition tables); `lenient` skips unknown names instead of
 *  refusing them (a routine body may create the table it reads). */
export function queryDependencies(q: QueryExpression, state: DatabaseState, outerCtes: ReadonlySet<string> = new Set(), lenient = false): number[] {
  const names: NameUse[] = [];
  queryNames(q, outerCtes, names);
  const out: number[] = [];
  for (const { name, position } of names) {
    const short = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
    const rel = state.tableByName(name) ?? state.viewByName(name) ?? state.tableByName(short) ?? state.viewByName(short);
    if (rel === undefined) {
      if (lenient) continue;
      throw SqlError.of(SqlState.UndefinedTable, [name], { position });
    }
    if (!out.includes(rel.defpos)) out.push(rel.defpos);
  }
  return out;
}
