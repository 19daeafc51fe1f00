/**
 * src/level4-sql/views/view-dml.ts — INSERT, UPDATE and DELETE through a view, translated into the same
 * statements on its base tables (then planned by statements/insert.ts, update.ts, delete.ts as usual).
 *
 * 1. Updatable: a view whose query is one SELECT without WITH, DISTINCT, GROUP BY, HAVING, aggregates, LIMIT
 *    or OFFSET, over one base table or updatable view, or (Pyrrho's join views) over base tables joined by
 *    commas, CROSS or INNER JOIN … ON. Anything else is WrongObjectType (42809) with the reason in the detail.
 * 2. A view column that is a plain column of a base table is a target; a computed one can be read (in WHERE
 *    and SET values) but not written: naming it as a target is 42809.
 * 3. The view's WHERE (and its joins' ON) is AND-ed to the statement's WHERE; view column names in the
 *    statement are replaced by the base expressions (plan/pushdown.ts `substitute`), so keys and indexes of
 *    the base table serve the statement. An expression that cannot be translated (a subquery) is 0A000.
 *    A row inserted or updated through a view need not satisfy its WHERE, unless invariant 5 says so.
 * 4. INSERT into a join view inserts one row into each base table that has a target column among the
 *    columns given (in FROM order, except that a table referenced by another's foreign key goes first), the values split by table; a join column
 *    left out takes the value given for the column the view's conditions equate it with (`e.dno = d.dno`);
 *    rowsAffected counts the view rows. UPDATE of a join view may set columns of one base table only, from that table's
 *    columns, and changes the rows of it that appear in the view's rows matching the WHERE; DELETE through a
 *    join view is 42809 (it would have to choose a table).
 * 5. WITH CHECK OPTION (the standard's): a row an INSERT or UPDATE through the view writes must satisfy the view's
 *    own conditions (LOCAL), or those and the conditions of every view below it (CASCADED, the default); a view
 *    below with an option of its own adds its conditions either way, and a view without one above a view with one
 *    does not lift it. The conditions, translated to the base table like the WHERE, are tested on the new row
 *    after defaults, generated columns and CHECKs (statements/table-rules.ts invariant 6): 44000 unless TRUE. A
 *    DELETE, and changes a foreign key cascades, are not checked. Only a view over one base table may have one.
 */
import { SqlError, SqlState } from '../../common/errors';
import { NULL_TYPE } from '../../common/values/sql-type';
import { IndexKind, ViewCheckCode } from '../../level2-physical/physical';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import type { View } from '../../level3-objects/view';
import { Scope } from '../eval/scope';
import type { Delete, Expr, FromItem, Insert, QueryExpression, SelectCore, Update } from '../parse';
import { hasAggregate, hasWindow } from '../plan/expr-utils';
import { substitute } from '../plan/pushdown';
import { walkExpr } from '../statements/ast-walk';
import { planDelete } from '../statements/delete';
import { planInsert } from '../statements/insert';
import { affectedResult } from '../statements/result';
import type { StatementPlan } from '../statements/statement-plan';
import type { ViewCheck } from '../statements/table-rules';
import { planUpdate } from '../statements/update';
import { viewQuery } from './view-query';

interface BaseTable {
  readonly table: Table;
  /** the name its columns are qualified by in the translated statements */
  readonly alias: string;
}

/** What a view is in terms of its base tables (invariant 1). */
interface ViewShape {
  readonly tables: readonly BaseTable[];
  readonly columns: readonly string[];
  /** each view column as an expression over the base tables (qualified column references) */
  readonly exprs: readonly Expr[];
  /** each view column's base column (table index and column name), null when computed */
  readonly targets: ReadonlyArray<{ readonly t: number; readonly column: string } | null>;
  readonly where: Expr | null;
  /** each view on the way down to the base tables, this one first, with its own conditions (invariant 5) */
  readonly levels: ReadonlyArray<{ readonly view: View; readonly cond: Expr | null }>;
}

function notUpdatable(view: View, why: string, position: number): SqlError {
  return SqlError.of(SqlState.WrongObjectType, [view.name, 'table or updatable view'], {
    position,
    detail: `View ${view.name} cannot be updated: ${why}.`,
  });
}

function and(a: Expr | null, b: Expr | null): Expr | null {
  if (a === null) return b;
  if (b === null) return a;
  return { kind: 'Binary', op: 'AND', left: a, right: b, position: b.position, end: b.end };
}

function ref(alias: string, column: string, at: number): Expr {
  return { kind: 'ColumnRef', parts: [alias, column], steps: [alias, column].map((text) => ({ text, quoted: true })), position: at, end: at };
}

/** The leaves and ON conditions of an inner-join FROM list, or the reason it is not updatable. */
function flatten(items: readonly FromItem[], leaves: FromItem[], ons: Expr[]): string | null {
  for (const f of items) {
    if (f.kind !== 'Join') {
      leaves.push(f);
      continue;
    }
    if ((f.joinKind !== 'INNER' && f.joinKind !== 'CROSS') || f.natural || f.using !== null) return `it has an outer, NATURAL or USING join`;
    const why = flatten([f.left, f.right], leaves, ons);
    if (why !== null) return why;
    if (f.on !== null) ons.push(f.on);
  }
  return null;
}

/** The shape of `view` (invariant 1), or throws 42809. */
function shapeOf(view: View, state: DatabaseState, position: number): ViewShape {
  const q: QueryExpression = viewQuery(view);
  const fail = (why: string): never => {
    throw notUpdatable(view, why, position);
  };
  if (q.with !== undefined) fail('its query has a WITH clause');
  if (q.body.kind !== 'SelectCore') fail('its query is not a single SELECT');
  const core = q.body as SelectCore;
  if (q.limit !== null || q.offset !== null) fail('its query has LIMIT or OFFSET');
  if (core.distinct || core.distinctOn !== undefined) fail('its query has DISTINCT');
  if (core.groupBy.length > 0 || core.having !== null) fail('its query has GROUP BY or HAVING');
  if (core.items.some((i) => i.kind === 'SelectExpr' && hasAggregate(i.expr))) fail('its query has aggregates');
  if (core.windows.length > 0 || core.items.some((i) => i.kind === 'SelectExpr' && hasWindow(i.expr))) fail('its query has window functions');
  const leaves: FromItem[] = [];
  const ons: Expr[] = [];
  const why = flatten(core.from, leaves, ons);
  if (why !== null) fail(why);
  if (leaves.length === 0) fail('its query reads no table');
  // the scope of the view's FROM, and each of its columns as an expression over the base tables
  let scope: Scope;
  let inner: ViewShape;
  const first = leaves[0]!;
  if (leaves.length === 1 && first.kind === 'TableRef' && state.tableByName(first.name) === undefined) {
    const leaf = first;
    const under = state.viewByName(leaf.name);
    if (under === undefined) fail(`${leaf.name} is not a table or view`);
    inner = shapeOf(under!, state, position);
    scope = Scope.forColumns(leaf.alias ?? under!.name, inner.columns, inner.columns.map(() => NULL_TYPE), 0, null, 0);
  } else {
    const tables: BaseTable[] = [];
    const entries = [];
    const exprs: Expr[] = [];
    const targets: Array<{ t: number; column: string } | null> = [];
    let width = 0;
    for (const leaf of leaves) {
      if (leaf.kind !== 'TableRef') return fail('it reads a derived table');
      const table = state.tableByName(leaf.name);
      if (table === undefined) return fail(`${leaf.name} in a join is not a base table`);
      const alias = leaf.alias ?? table.name;
      tables.push({ table, alias });
      for (const e of Scope.forTableAt(table, alias, 0, null, tables.length - 1).entries) {
        entries.push({ ...e, index: exprs.length });
        exprs.push(ref(alias, e.name, leaf.position));
        targets.push({ t: tables.length - 1, column: e.name });
      }
      width = exprs.length;
    }
    scope = new Scope(entries, width, 0, null);
    inner = { tables, columns: exprs.map((_, i) => String(i)), exprs, targets, where: null, levels: [] };
  }
  const translate = (e: Expr | null): Expr | null => {
    if (e === null) return null;
    const out = substitute(e, scope, inner.exprs);
    if (out === null) fail('a condition or column of it cannot be translated (a subquery)');
    return out;
  };
  const columns: string[] = [];
  const exprs: Expr[] = [];
  const targets: Array<{ t: number; column: string } | null> = [];
  for (const item of core.items) {
    if (item.kind === 'SelectStar') {
      const entries = scope.starEntries(item.table);
      for (const e of entries) {
        columns.push(e.name);
        exprs.push(inner.exprs[e.index]!);
        targets.push(inner.targets[e.index] ?? null);
      }
      continue;
    }
    const e = item.expr;
    columns.push(item.alias ?? (e.kind === 'ColumnRef' ? e.parts[e.parts.length - 1]! : `Col${columns.length}`));
    exprs.push(translate(e)!);
    targets.push(e.kind === 'ColumnRef' && e.parts.length <= 2 ? inner.targets[scope.resolve(e.parts).entry.index] ?? null : null);
  }
  const named = view.columns.length > 0 ? view.columns : columns;
  let own: Expr | null = null;
  for (const c of [...ons, core.where]) own = and(own, translate(c));
  return { tables: inner.tables, columns: named, exprs, targets, where: and(inner.where, own), levels: [{ view, cond: own }, ...inner.levels] };
}

/**
 * The conditions a row written through the view of `shape` must meet (invariant 5): walking down from the view,
 * those of each view WITH CHECK OPTION, and below a CASCADED one those of every view.
 */
function checksOf(shape: ViewShape): ViewCheck[] {
  const out: ViewCheck[] = [];
  let cascade = false;
  for (const { view, cond } of shape.levels) {
    if (cond !== null && (cascade || view.check !== ViewCheckCode.None)) out.push({ view: view.name, cond });
    if (view.check === ViewCheckCode.Cascaded) cascade = true;
  }
  return out;
}

/**
 * Refuses WITH CHECK OPTION on a view that INSERT and UPDATE cannot go through to one base table (0A000): the
 * options are enforced on the rows of that table (invariant 5). `view` is the new definition, not yet recorded.
 */
export function checkOptionAllowed(view: View, state: DatabaseState, position: number): void {
  let shape: ViewShape;
  try {
    shape = shapeOf(view, state, position);
  } catch (e) {
    if (!(e instanceof SqlError) || e.sqlState !== SqlState.WrongObjectType) throw e;
    throw SqlError.of(SqlState.FeatureNotSupported, ['WITH CHECK OPTION on a view that is not updatable'], { position, detail: e.detail });
  }
  if (shape.tables.length !== 1) throw SqlError.of(SqlState.FeatureNotSupported, ['WITH CHECK OPTION on a view over a join'], { position });
}

/** The view a DML statement names, when it names one (a table of the name wins). */
function targetView(name: string, state: DatabaseState): View | undefined {
  return state.tableByName(name) === undefined ? state.viewByName(name) : undefined;
}

/** Translates an expression of the statement (over the view's columns) into base-table terms (invariant 3). */
function translator(shape: ViewShape, view: View, alias: string | null) {
  const scope = Scope.forColumns(alias ?? view.name, shape.columns, shape.columns.map(() => NULL_TYPE), 0, null, 0);
  return (e: Expr | null): Expr | null => {
    if (e === null) return null;
    const out = substitute(e, scope, shape.exprs);
    if (out !== null) return out;
    // say what is wrong: an unknown name, or something that cannot be translated
    walkExpr(e, (x) => {
      if (x.kind === 'ColumnRef') scope.resolve(x.parts, x.position);
      return x.kind !== 'InSubquery' && x.kind !== 'Exists' && x.kind !== 'ScalarSubquery';
    });
    throw SqlError.of(SqlState.FeatureNotSupported, [`subqueries in INSERT, UPDATE or DELETE through view ${view.name}`], { position: e.position });
  };
}

/** The base target of view column `name` (invariant 2). */
function targetOf(shape: ViewShape, view: View, name: string, position: number): { t: number; column: string } {
  const i = shape.columns.indexOf(name);
  if (i < 0) throw SqlError.of(SqlState.UndefinedColumn, [name], { position });
  const t = shape.targets[i];
  if (t === null || t === undefined) {
    throw SqlError.of(SqlState.WrongObjectType, [`column ${name} of view ${view.name}`, 'column of a base table'], {
      position,
      detail: `It is computed, so it cannot be written through the view.`,
    });
  }
  return t;
}

/** A plan that runs base-table plans in order and says it went through the view in EXPLAIN. */
function throughView(view: View, plans: readonly StatementPlan[], state: DatabaseState): StatementPlan {
  if (plans.length === 1) {
    const p = plans[0]!;
    return { ...p, schemaVersion: state.schemaVersion, execute: (ctx) => p.execute(ctx), explain: (ctx) => [`Through view ${view.name}`, ...p.explain(ctx).map((l) => `  ${l}`)] };
  }
  return {
    schemaVersion: state.schemaVersion,
    ddl: false,
    execute(ctx) {
      let first = -1;
      for (const p of plans) {
        const n = p.execute(ctx).rowsAffected;
        if (first < 0) first = n;
      }
      return affectedResult(first);
    },
    explain: (ctx) => [`Through view ${view.name}`, ...plans.flatMap((p) => p.explain(ctx).map((l) => `  ${l}`))],
  };
}

/** Plans DELETE through a view, or null when the statement names no view (invariants 1, 3, 4). */
export function planViewDelete(stmt: Delete, state: DatabaseState): StatementPlan | null {
  const view = targetView(stmt.table, state);
  if (view === undefined) return null;
  const shape = shapeOf(view, state, stmt.position);
  if (shape.tables.length !== 1) throw notUpdatable(view, 'DELETE through a view over a join would have to choose a table', stmt.position);
  const base = shape.tables[0]!;
  const where = and(shape.where, translator(shape, view, stmt.alias)(stmt.where));
  const plan = planDelete({ ...stmt, table: base.table.name, alias: base.alias, where }, state);
  return throughView(view, [plan], state);
}

/** Plans UPDATE through a view, or null when the statement names no view (invariants 1–4). */
export function planViewUpdate(stmt: Update, state: DatabaseState): StatementPlan | null {
  const view = targetView(stmt.table, state);
  if (view === undefined) return null;
  const shape = shapeOf(view, state, stmt.position);
  const tr = translator(shape, view, stmt.alias);
  const targets = stmt.assignments.map((a) => targetOf(shape, view, a.column, a.position));
  const t = targets[0]?.t ?? 0;
  if (targets.some((x) => x.t !== t)) throw notUpdatable(view, 'one UPDATE may set columns of one of its base tables only', stmt.position);
  const base = shape.tables[t]!;
  const assignments = stmt.assignments.map((a, i) => {
    const value = tr(a.value)!;
    walkExpr(value, (x) => {
      if (x.kind === 'ColumnRef' && x.parts.length === 2 && x.parts[0] !== base.alias && shape.tables.some((b) => b.alias === x.parts[0])) {
        throw SqlError.of(SqlState.FeatureNotSupported, [`a SET value through view ${view.name} that reads another base table than ${base.table.name}`], { position: a.value.position });
      }
      return true;
    });
    return { ...a, column: targets[i]!.column, value };
  });
  let where = and(shape.where, tr(stmt.where));
  if (shape.tables.length > 1) {
    // the rows of the updated table that appear in a matching row of the view (invariant 4)
    const others = shape.tables.filter((_, i) => i !== t);
    const from: FromItem[] = others.map((b) => ({ kind: 'TableRef', name: b.table.name, alias: b.alias, position: stmt.position, end: stmt.end }));
    const one: Expr = { kind: 'Literal', value: { type: 'integer', text: '1' }, position: stmt.position, end: stmt.position };
    const core: SelectCore = { kind: 'SelectCore', distinct: false, items: [{ kind: 'SelectExpr', expr: one, alias: null, position: stmt.position, end: stmt.position }], from, where, groupBy: [], having: null, windows: [], position: stmt.position, end: stmt.end };
    const query: QueryExpression = { kind: 'QueryExpression', body: core, orderBy: [], limit: null, offset: null, position: stmt.position, end: stmt.end };
    where = { kind: 'Exists', query, position: stmt.position, end: stmt.end };
  }
  const plan = planUpdate({ ...stmt, table: base.table.name, alias: base.alias, assignments, where }, state, checksOf(shape));
  return throughView(view, [plan], state);
}

/** The base tables' indexes in FROM order, except that a table another one references comes before it. */
function parentsFirst(shape: ViewShape, state: DatabaseState): number[] {
  const order: number[] = [];
  const visit = (t: number, path: ReadonlySet<number>): void => {
    if (order.includes(t) || path.has(t)) return;
    for (const ix of shape.tables[t]!.table.indexes) {
      if (ix.kind !== IndexKind.ForeignKey) continue;
      const parent = shape.tables.findIndex((b) => b.table.defpos === state.index(ix.refIndex)?.table);
      if (parent >= 0 && parent !== t) visit(parent, new Set([...path, t]));
    }
    order.push(t);
  };
  shape.tables.forEach((_, t) => visit(t, new Set()));
  return order;
}

/** The pairs of base columns the view's WHERE and ON conditions equate (`e.dno = d.dno`). */
function joinEqualities(shape: ViewShape): Array<[{ t: number; column: string }, { t: number; column: string }]> {
  const out: Array<[{ t: number; column: string }, { t: number; column: string }]> = [];
  const side = (e: Expr): { t: number; column: string } | null => {
    if (e.kind !== 'ColumnRef' || e.parts.length !== 2) return null;
    const t = shape.tables.findIndex((b) => b.alias === e.parts[0]);
    const col = t < 0 ? undefined : shape.tables[t]!.table.columns.find((c) => c.name === e.parts[1]);
    return col === undefined ? null : { t, column: col.name };
  };
  const visit = (e: Expr | null): void => {
    if (e === null || e.kind !== 'Binary') return;
    if (e.op === 'AND') {
      visit(e.left);
      visit(e.right);
    } else if (e.op === '=') {
      const a = side(e.left);
      const b = side(e.right);
      if (a !== null && b !== null && a.t !== b.t) out.push([a, b]);
    }
  };
  visit(shape.where);
  return out;
}

/** Plans INSERT through a view, or null when the statement names no view (invariants 1, 2, 4). */
export function planViewInsert(stmt: Insert, state: DatabaseState): StatementPlan | null {
  const view = targetView(stmt.table, state);
  if (view === undefined) return null;
  const shape = shapeOf(view, state, stmt.position);
  const names = stmt.columns ?? shape.columns.filter((_, i) => shape.targets[i] !== null);
  const targets = names.map((n) => targetOf(shape, view, n, stmt.position));
  if (shape.tables.length === 1) {
    const base = shape.tables[0]!;
    const columns = stmt.source.kind === 'InsertDefaultValues' ? null : targets.map((x) => x.column);
    const plan = planInsert({ ...stmt, table: base.table.name, columns }, state, checksOf(shape), base.alias);
    return throughView(view, [plan], state);
  }
  const src = stmt.source;
  // each base column written and the position of its value; a join column left out takes the value of the
  // column it is equated with (invariant 4)
  const given = targets.map((x, i) => ({ ...x, i }));
  for (const [a, b] of joinEqualities(shape)) {
    const ga = given.find((g) => g.t === a.t && g.column === a.column);
    const gb = given.find((g) => g.t === b.t && g.column === b.column);
    if (ga !== undefined && gb === undefined) given.push({ ...b, i: ga.i });
    else if (gb !== undefined && ga === undefined) given.push({ ...a, i: gb.i });
  }
  const plans: StatementPlan[] = [];
  parentsFirst(shape, state).forEach((t) => {
    const base = shape.tables[t]!;
    const mine = given.filter((g) => g.t === t);
    if (mine.length === 0 && src.kind !== 'InsertDefaultValues') return;
    const picked = mine.map((g) => g.i);
    const columns = src.kind === 'InsertDefaultValues' ? null : mine.map((g) => g.column);
    let source: Insert['source'] = src;
    if (src.kind === 'InsertValues') {
      for (const row of src.rows) {
        if (row.length !== names.length) {
          throw new SqlError(SqlState.SyntaxErrorAt, `INSERT has ${row.length > names.length ? 'more' : 'fewer'} expressions than target columns`, { position: row[0]?.position ?? src.position });
        }
      }
      source = { ...src, rows: src.rows.map((row) => picked.map((i) => row[i]!)) };
    } else if (src.kind === 'InsertQuery') {
      const aliases = names.map((_, i) => `C${i}`);
      const items = picked.map((i) => ({ kind: 'SelectExpr' as const, expr: ref('S', aliases[i]!, src.position), alias: null, position: src.position, end: src.position }));
      const from: FromItem[] = [{ kind: 'SubqueryRef', query: src.query, alias: 'S', columnAliases: aliases, position: src.position, end: src.query.end }];
      const core: SelectCore = { kind: 'SelectCore', distinct: false, items, from, where: null, groupBy: [], having: null, windows: [], position: src.position, end: src.query.end };
      source = { ...src, query: { kind: 'QueryExpression', body: core, orderBy: [], limit: null, offset: null, position: src.position, end: src.query.end } };
    }
    plans.push(planInsert({ ...stmt, table: base.table.name, columns, source }, state));
  });
  return throughView(view, plans, state);
}
