/**
 * src/level4-sql/plan/cte.ts — WITH and WITH RECURSIVE: which common table expressions a FROM name can see,
 * and the plan of a reference to one.
 *
 * 1. Scope: a CTE is visible in the body of its query expression (and in everything nested in it, subqueries
 *    included) and in the CTEs after it in the same WITH; under WITH RECURSIVE also in itself. A CTE name hides a
 *    table or view of the same name. A view's query never sees the CTEs of the statement using it, and a
 *    CTE's query cannot read columns of the query that uses it (it is planned with no outer scope).
 * 2. Each reference plans the CTE's query afresh, as a derived table named by the CTE, with the column list
 *    (42P10 when its length differs from the query's columns) or the query's names; WHERE conjuncts on it are
 *    pushed into it when simple (pushdown.ts).
 * 3. A CTE of a WITH RECURSIVE that names itself is recursive. Its query must be `anchor UNION [ALL] step`,
 *    the anchor not naming it and the step naming it exactly once (else InvalidRecursion 42P19); the step
 *    reads the previous iteration's rows through a WorkingTableRowSet. Column types are the anchor's,
 *    widened to the step's where they differ (the step is then planned once more with the widened types).
 * 4. Two CTEs of one WITH with the same name are DuplicateObject (42710).
 */
import { SqlError, SqlState } from '../../common/errors';
import type { SqlType } from '../../common/values/sql-type';
import type { CompileEnv } from '../eval/compile-env';
import { Scope } from '../eval/scope';
import { unifyTypes } from '../eval/type-rules';
import { ProjectRowSet } from '../exec/basic';
import { NamedQueryRowSet } from '../exec/named-query';
import { RecursiveUnionRowSet, WorkingTableRowSet, type WorkingTable } from '../exec/recursive-union';
import type { RowSet } from '../exec/rowset';
import { compiled } from '../eval/compiled';
import { widen } from '../eval/compile-calls';
import type { CommonTableExpression, Expr, FromItem, QueryBody, QueryExpression, TableRef, WithClause } from '../parse';
import { walkExpr } from '../statements/ast-walk';
import type { LeafNode, TreeContext } from './from-tree';
import { pushIntoQuery } from './pushdown';
import { planSubqueryAt, type PlannedQuery } from './subquery-plan';

/** One visible CTE (invariant 1). */
export interface CteEntry {
  readonly def: CommonTableExpression;
  /** the CTEs its own query sees */
  scope: CteScope | null;
  readonly recursive: boolean;
  /** set while its recursive step is being planned: references read the working table */
  working: { readonly holder: WorkingTable; readonly types: readonly SqlType[]; readonly names: readonly string[]; uses: number } | null;
}

/** The CTEs visible at some point of a statement (a chain of WITH clauses). */
export interface CteScope {
  readonly parent: CteScope | null;
  readonly entries: ReadonlyMap<string, CteEntry>;
}

function lookup(scope: CteScope | null, name: string): CteEntry | undefined {
  for (let s = scope; s !== null; s = s.parent) {
    const e = s.entries.get(name);
    if (e !== undefined) return e;
  }
  return undefined;
}

/** How often `q` names `name` in a FROM anywhere (subqueries included; a nested WITH of that name hides it). */
function mentions(q: QueryExpression, name: string): number {
  if (q.with?.ctes.some((c) => c.name === name)) return 0;
  let n = q.with?.ctes.reduce((acc, c) => acc + mentions(c.query, name), 0) ?? 0;
  n += bodyMentions(q.body, name);
  return n;
}

function bodyMentions(b: QueryBody, name: string): number {
  switch (b.kind) {
    case 'SelectCore': {
      let n = b.from.reduce((acc, f) => acc + fromMentions(f, name), 0);
      for (const e of [b.where, b.having, ...b.groupBy, ...(b.distinctOn ?? [])]) n += exprMentions(e, name);
      for (const i of b.items) if (i.kind === 'SelectExpr') n += exprMentions(i.expr, name);
      return n;
    }
    case 'Values':
      return 0;
    case 'SetOperation':
      return bodyMentions(b.left, name) + bodyMentions(b.right, name);
    case 'NestedQuery':
      return mentions(b.query, name);
  }
}

function fromMentions(f: FromItem, name: string): number {
  switch (f.kind) {
    case 'TableRef':
      return f.name === name ? 1 : 0;
    case 'SubqueryRef':
      return mentions(f.query, name);
    case 'TableFunctionRef':
      return exprMentions(f.call, name);
    case 'Join':
      return fromMentions(f.left, name) + fromMentions(f.right, name) + exprMentions(f.on, name);
  }
}

/** References to `name` inside subqueries of `e`. */
function exprMentions(e: Expr | null, name: string): number {
  if (e === null) return 0;
  let n = 0;
  walkExpr(e, (x) => {
    if (x.kind !== 'InSubquery' && x.kind !== 'Exists' && x.kind !== 'ScalarSubquery') return true;
    if (x.kind === 'InSubquery') n += exprMentions(x.operand, name);
    n += mentions(x.query, name);
    return false;
  });
  return n;
}

/** Plans `fn` with the CTEs of `w` visible (invariant 1). */
export function withCtes<T>(w: WithClause, env: CompileEnv, fn: () => T): T {
  const saved = env.ctes;
  const entries = new Map<string, CteEntry>();
  const scope: CteScope = { parent: saved, entries };
  for (const def of w.ctes) {
    if (entries.has(def.name)) throw SqlError.of(SqlState.DuplicateObject, [`common table expression ${def.name}`], { position: def.position });
    const recursive = w.recursive && mentions(def.query, def.name) > 0;
    // a non-recursive CTE sees the ones before it: a snapshot of the map so far
    const own: CteScope | null = w.recursive ? scope : { parent: saved, entries: new Map(entries) };
    entries.set(def.name, { def, scope: own, recursive, working: null });
  }
  env.ctes = scope;
  try {
    return fn();
  } finally {
    env.ctes = saved;
  }
}

/** Runs `fn` with no CTE visible (a view's query, invariant 1). */
export function withoutCtes<T>(env: CompileEnv, fn: () => T): T {
  const saved = env.ctes;
  env.ctes = null;
  try {
    return fn();
  } finally {
    env.ctes = saved;
  }
}

function columnNames(def: CommonTableExpression, planned: readonly string[]): readonly string[] {
  if (def.columns === null) return planned;
  if (def.columns.length !== planned.length) {
    throw SqlError.of(SqlState.InvalidColumnReference, [`${def.name} has ${planned.length} columns but ${def.columns.length} names`], { position: def.position });
  }
  return def.columns;
}

function widenRoot(root: RowSet, from: readonly SqlType[], to: readonly SqlType[], names: readonly string[]): RowSet {
  if (from.every((t, i) => t.kind === to[i]!.kind || t.kind === 'NULL')) return root;
  const items = from.map((t, i) =>
    widen(compiled({ type: t, text: names[i]!, refs: 0, eval: (_c, row) => row![i] ?? null }), to[i]!),
  );
  return new ProjectRowSet(root, items, names);
}

/** Plans a recursive CTE (invariant 3) at `level`. */
function planRecursive(entry: CteEntry, env: CompileEnv, level: number): PlannedQuery {
  const { def } = entry;
  const q = def.query;
  const b = q.body;
  const bad = (why: string): SqlError => SqlError.of(SqlState.InvalidRecursion, [`${def.name}: ${why}`], { position: def.position });
  if (b.kind !== 'SetOperation' || b.op !== 'UNION' || q.orderBy.length > 0 || q.limit !== null || q.offset !== null) {
    throw bad('a recursive query must be anchor UNION [ALL] recursive step, without ORDER BY or LIMIT');
  }
  if (bodyMentions(b.left, def.name) > 0) throw bad('the anchor (left of UNION) must not name the query itself');
  if (bodyMentions(b.right, def.name) !== 1) throw bad('the recursive step must name the query exactly once');
  const planPart = (body: QueryBody): PlannedQuery =>
    planSubqueryAt({ kind: 'QueryExpression', body, orderBy: [], limit: null, offset: null, position: body.position, end: body.end }, env, null, level);
  const anchor = planPart(b.left);
  const names = columnNames(def, anchor.columns);
  const holder: WorkingTable = { rows: [] };
  const stepWith = (types: readonly SqlType[]): PlannedQuery => {
    entry.working = { holder, types, names, uses: 0 };
    try {
      return planPart(b.right);
    } finally {
      entry.working = null;
    }
  };
  let step = stepWith(anchor.types);
  if (step.columns.length !== anchor.columns.length) {
    throw SqlError.of(SqlState.SyntaxError, [`each UNION query must have the same number of columns`], { position: b.position });
  }
  const types = anchor.types.map((t, i) => unifyTypes(t, step.types[i]!, 'UNION'));
  if (types.some((t, i) => t.kind !== anchor.types[i]!.kind)) step = stepWith(types);
  const root = new RecursiveUnionRowSet(
    def.name,
    widenRoot(anchor.root, anchor.types, types, names),
    widenRoot(step.root, step.types, types, names),
    holder,
    b.all,
    names.length,
  );
  return { root, columns: names, types };
}

/**
 * The leaf for a FROM name that is a visible CTE, or null when it is not one (invariant 2). Called by
 * from-tree.ts before tables and views are looked up.
 */
export function cteLeaf(item: TableRef, tc: TreeContext): LeafNode | null {
  const env = tc.env;
  const entry = item.name.includes('.') ? undefined : lookup(env.ctes, item.name);
  if (entry === undefined) return null;
  const alias = item.alias ?? item.name;
  const id = tc.nextLeaf++;
  const w = entry.working;
  if (w !== null) {
    w.uses++;
    const scope = Scope.forColumns(alias, w.names, w.types, tc.level, tc.outer, id);
    const derived = { root: new WorkingTableRowSet(w.holder, entry.def.name), columns: w.names, types: w.types };
    return { kind: 'leaf', id, scope, leaves: new Set([id]), table: null, label: alias, derived };
  }
  const saved = env.ctes;
  env.ctes = entry.scope;
  let planned: PlannedQuery;
  try {
    planned = entry.recursive ? planRecursive(entry, env, tc.level + 1) : planSubqueryAt(entry.def.query, env, null, tc.level + 1);
  } finally {
    env.ctes = saved;
  }
  const names = columnNames(entry.def, planned.columns);
  const scope = Scope.forColumns(alias, names, planned.types, tc.level, tc.outer, id);
  const label = `CTE ${entry.def.name}${alias === entry.def.name ? '' : ` ${alias}`}`;
  const derived = { ...planned, root: new NamedQueryRowSet(planned.root, label) };
  const pushdown = entry.recursive
    ? undefined
    : (conjs: Parameters<typeof pushIntoQuery>[3]) => {
        const p = pushIntoQuery(entry.def.query, planned.columns, scope, conjs);
        if (p === null) return null;
        env.ctes = entry.scope;
        try {
          const again = planSubqueryAt(p.query, env, null, tc.level + 1);
          return { root: new NamedQueryRowSet(again.root, `${label} (conditions pushed in)`), rest: p.rest };
        } finally {
          env.ctes = saved;
        }
      };
  return { kind: 'leaf', id, scope, leaves: new Set([id]), table: null, label, derived, ...(pushdown === undefined ? {} : { pushdown }) };
}
