/**
 * src/level4-sql/routines/body-dependencies.ts — what stored code depends on: the tables, views, routines and
 * structured types a routine's or trigger's body (and a trigger's WHEN) names, and the types a view's query
 * constructs. Level 3 keeps them as the object's `uses`, so DROP of any of them is 2BP01 unless CASCADE.
 *
 * 1. Tables and views: every one a query of the body reads (FROM, joins, subqueries, cursor and FOR queries,
 *    SELECT … INTO, RETURN TABLE) and every one its INSERT, UPDATE, DELETE and MERGE statements change. Names in
 *    `skip` are not tables there (a trigger's transition tables). With `strict` an unknown name is 42P01 at its
 *    position (a trigger's body is compiled now anyway); without, it is left to run time (a routine's body may
 *    create the table it then uses).
 * 2. Routines: every stored function and procedure it calls that exists now (by name and argument count).
 * 3. Types: every structured type it constructs (`point(1, 2)`, where no stored function of that name and
 *    argument count exists), declares a variable of, or (for a routine) takes or returns.
 */
import type { DatabaseState } from '../../level3-objects/database-state';
import { SqlError, SqlState } from '../../common/errors';
import type { Expr, FromItem, PsmStatement, QueryExpression, Statement, TypeName } from '../parse';
import { walkExpr, walkQuery } from '../statements/ast-walk';
import { bodyStatements } from '../triggers/simple-body';
import { queryDependencies } from '../views/view-dependencies';
import { calledRoutines, walkPsm } from './psm-walk';

/** How names that are not tables are treated (invariant 1). */
export interface DependencyOptions {
  readonly skip?: ReadonlySet<string>;
  readonly strict: boolean;
}

/** The structured type `e` constructs, when it is a constructor call (invariant 3). */
function constructed(e: Expr, state: DatabaseState): number | undefined {
  if (e.kind !== 'FunctionCall' || state.routineByName(true, e.name, e.args.length) !== undefined) return undefined;
  return state.udTypeByName(e.name)?.defpos;
}

/** The types a query constructs (invariant 3): a view's type dependencies. */
export function queryTypeDependencies(q: QueryExpression, state: DatabaseState): number[] {
  const out = new Set<number>();
  walkQuery(q, (e) => {
    const t = constructed(e, state);
    if (t !== undefined) out.add(t);
  });
  return [...out];
}

/** The structured type a declared type names, if any. */
export function typeNameDependency(t: TypeName | null, state: DatabaseState): number | undefined {
  return t === null ? undefined : state.udTypeByName(t.name)?.defpos;
}

/** The defposes `body` (and `when`) depend on, each once (invariants 1–3). */
export function bodyDependencies(body: PsmStatement, when: Expr | null, state: DatabaseState, opts: DependencyOptions): number[] {
  const out = new Set<number>();
  const skip = opts.skip ?? new Set<string>();
  const name = (n: string, position: number): void => {
    if (skip.has(n)) return;
    const rel = state.tableByName(n) ?? state.viewByName(n);
    if (rel !== undefined) out.add(rel.defpos);
    else if (opts.strict) throw SqlError.of(SqlState.UndefinedTable, [n], { position });
  };
  const query = (q: QueryExpression): void => {
    for (const d of queryDependencies(q, state, skip, !opts.strict)) out.add(d);
  };
  const visit = (x: Expr): boolean | void => {
    if (x.kind === 'InSubquery' || x.kind === 'Exists' || x.kind === 'ScalarSubquery') query(x.query);
    const t = constructed(x, state);
    if (t !== undefined) out.add(t);
  };
  if (when !== null) walkExpr(when, visit);
  walkPsm(body, visit, () => undefined);
  const calls = calledRoutines(body);
  if (when !== null) walkExpr(when, (x) => void (x.kind === 'FunctionCall' && calls.push({ isFunction: true, name: x.name, arity: x.args.length })));
  for (const c of calls) {
    const r = state.routineByName(c.isFunction, c.name, c.arity);
    if (r !== undefined) out.add(r.defpos);
  }
  for (const a of bodyStatements(body)) actionTables(a, name, query);
  eachStatement(body, (s) => {
    if (s.kind === 'PsmDeclareVariable') {
      const t = typeNameDependency(s.type, state);
      if (t !== undefined) out.add(t);
    } else if (s.kind === 'PsmReturn' && s.table !== null) query(s.table);
  });
  return [...out];
}

/** Calls `fn` on `s` and on every statement nested in it. */
function eachStatement(s: PsmStatement, fn: (s: PsmStatement) => void): void {
  fn(s);
  const all = (list: readonly PsmStatement[] | null): void => {
    for (const x of list ?? []) eachStatement(x, fn);
  };
  switch (s.kind) {
    case 'PsmCompound':
    case 'PsmWhile':
    case 'PsmRepeat':
    case 'PsmLoop':
    case 'PsmFor':
      return all(s.body);
    case 'PsmDeclareHandler':
      return eachStatement(s.action, fn);
    case 'PsmIf':
      for (const b of s.branches) all(b.body);
      return all(s.else);
    case 'PsmCase':
      for (const w of s.whens) all(w.body);
      return all(s.else);
    default:
      return;
  }
}

/** The tables and queries a FROM item of UPDATE … FROM or DELETE … USING reads. */
function fromTables(f: FromItem, name: (n: string, p: number) => void, query: (q: QueryExpression) => void): void {
  if (f.kind === 'TableRef') name(f.name, f.position);
  else if (f.kind === 'SubqueryRef') query(f.query);
  else if (f.kind === 'Join') {
    fromTables(f.left, name, query);
    fromTables(f.right, name, query);
  }
}

function actionTables(a: Statement, name: (n: string, p: number) => void, query: (q: QueryExpression) => void): void {
  switch (a.kind) {
    case 'Select':
      return query(a.query);
    case 'Insert':
      name(a.table, a.position);
      if (a.source.kind === 'InsertQuery') query(a.source.query);
      return;
    case 'Update':
    case 'Delete':
      name(a.table, a.position);
      for (const f of (a.kind === 'Update' ? a.from : a.using) ?? []) fromTables(f, name, query);
      return;
    case 'Merge':
      name(a.table, a.position);
      if (a.source.kind === 'MergeTable') name(a.source.name, a.position);
      else query(a.source.query);
      return;
    default:
      return;
  }
}
