/**
 * src/level4-sql/plan/from-tree.ts — builds the tree of FROM items (tables, derived tables, joins) with the
 * row layout and scope of every node, before anything is planned.
 *
 * 1. Leaves are numbered in FROM order; a node's row is its left child's row followed by its right child's
 *    (shifted by the left width), then any computed columns (the merged columns of FULL JOIN … USING).
 * 2. `a, b, c` is a left-deep chain of CROSS joins.
 * 3. NATURAL / USING: each joined column pair is hidden from bare names and `*` (still reachable qualified),
 *    and one merged column is added first in `*` order: the left column for INNER and LEFT, the right for
 *    RIGHT, COALESCE(left, right) for FULL. The pair's equality becomes an ON conjunct.
 * 4. A FROM name is a CTE in scope, else a table, else a view (plan/cte.ts, views/view-leaf.ts), else a
 *    system table (system/system-tables.ts); views have a derived plan and a `pushdown` hook, system tables a
 *    derived plan over their rows.
 * 5. `TABLE(f(args))` is a leaf whose derived plan calls the table-valued function (routines/table-function.ts).
 */
import { SqlError, SqlState } from '../../common/errors';
import type { Table } from '../../level3-objects/table';
import { compiled, type Compiled } from '../eval/compiled';
import type { CompileEnv } from '../eval/compile-env';
import { Scope, type ScopeEntry } from '../eval/scope';
import { unifyTypes } from '../eval/type-rules';
import type { JoinType } from '../exec/join';
import type { FromItem, Join, QueryExpression } from '../parse';
import { hasAggregate } from './expr-utils';
import { equalityConj, type Conj } from './conjunct';
import { planSubqueryAt, type PlannedQuery } from './subquery-plan';
import type { RowSet } from '../exec/rowset';
import { findView, viewLeaf } from '../views/view-leaf';
import { cteLeaf } from './cte';
import { findSystemTable, type SystemTable } from '../system/system-tables';
import { SystemTableRowSet } from '../system/system-rowset';
import { tableFunctionLeaf } from '../routines/table-function';
import { noteTable } from '../access/access-recorder';
import { Privilege } from '../../level3-objects/security';

export interface LeafNode {
  readonly kind: 'leaf';
  readonly id: number;
  readonly scope: Scope;
  readonly leaves: ReadonlySet<number>;
  readonly table: Table | null;
  readonly label: string;
  readonly derived: PlannedQuery | null;
  /** a derived table that reads the FROM items to its left (invariant 4): joined per row of its left side */
  readonly lateral?: boolean;
  /** for a derived table, the rows its query can give at most when that is plain from its text (invariant 5) */
  readonly rowsHint?: number;
  /** for a view or CTE: its plan with these WHERE conjuncts moved inside, and those left (pushdown.ts) */
  readonly pushdown?: (conjs: readonly Conj[]) => { readonly root: RowSet; readonly rest: readonly Conj[] } | null;
}

export interface JoinNode {
  readonly kind: 'join';
  readonly joinType: JoinType;
  readonly left: FromNode;
  readonly right: FromNode;
  readonly scope: Scope;
  readonly leaves: ReadonlySet<number>;
  readonly on: Join['on'];
  /** equalities of NATURAL / USING */
  readonly usingConjs: readonly Conj[];
  /** computed columns appended to the row (FULL JOIN USING) */
  readonly extras: readonly Compiled[];
  /** made by join-order.ts in its chosen order: not reordered again */
  readonly reordered?: boolean;
}

export type FromNode = LeafNode | JoinNode;

/** What building needs: the env, the query level and the scope of the enclosing query. */
export interface TreeContext {
  readonly env: CompileEnv;
  readonly level: number;
  readonly outer: Scope | null;
  nextLeaf: number;
}

/** The FROM list as one tree (invariant 2). */
export function buildFromTree(items: readonly FromItem[], tc: TreeContext): FromNode {
  let node = buildItem(items[0]!, tc, null);
  for (let i = 1; i < items.length; i++) node = joinNode('CROSS', node, buildItem(items[i]!, tc, node), null, null, false, tc);
  return node;
}

/** The most rows `q` can give, when its text says (invariant 5); null when it does not. */
function rowsHint(q: QueryExpression): number | null {
  let n: number | null = null;
  const b = q.body;
  if (b.kind === 'SelectCore' && b.groupBy.length === 0 && b.items.some((i) => i.kind === 'SelectExpr' && hasAggregate(i.expr))) n = 1;
  const lim = q.limit;
  if (lim !== null && lim.kind === 'Literal' && lim.value.type === 'integer') {
    const l = Number(lim.value.text);
    n = n === null ? l : Math.min(n, l);
  }
  return n;
}

/**
 * For a name no table has: a hint naming a table spelled the same but for case (a collection's table keeps its
 * name as written, `db.collection('people')` is `"people"`), else undefined.
 */
function caseHint(tc: TreeContext, name: string): string | undefined {
  const folded = name.toUpperCase();
  for (const t of tc.env.state.tables()) {
    if (t.name !== name && t.name.toUpperCase() === folded) {
      return `A table named "${t.name}" exists: unquoted names are folded to upper case, so write "${t.name}" in double quotes.`;
    }
  }
  return undefined;
}

function findTable(tc: TreeContext, name: string): Table | undefined {
  const state = tc.env.state;
  let t = state.tableByName(name);
  if (t === undefined && name.includes('.')) t = state.tableByName(name.slice(name.lastIndexOf('.') + 1));
  return t;
}

/** `item` as a node; `left` is what it is joined to, whose columns a derived table may read (invariant 4). */
function buildItem(item: FromItem, tc: TreeContext, left: FromNode | null): FromNode {
  switch (item.kind) {
    case 'TableRef': {
      // a CTE hides a table of its name; a view is looked for after the tables (plan/cte.ts, views/view-leaf.ts)
      const cte = cteLeaf(item, tc);
      if (cte !== null) return cte;
      const table = findTable(tc, item.name);
      if (table === undefined) {
        const view = findView(tc, item.name);
        if (view !== undefined) return viewLeaf(view, item, tc);
        const sys = findSystemTable(item.name);
        if (sys !== undefined) return systemLeaf(sys, item.alias ?? item.name, tc);
        throw SqlError.of(SqlState.UndefinedTable, [item.name], { position: item.position, hint: caseHint(tc, item.name) });
      }
      noteTable(Privilege.Select, table.defpos); // access/access-recorder.ts: columns are noted as they resolve
      const id = tc.nextLeaf++;
      const alias = item.alias ?? table.name;
      const scope = Scope.forTableAt(table, alias, tc.level, tc.outer, id);
      const label = alias === table.name ? table.name : `${table.name} ${alias}`;
      return { kind: 'leaf', id, scope, leaves: new Set([id]), table, label, derived: null };
    }
    case 'SubqueryRef': {
      // the FROM items to the left are the derived query's innermost outer scope (invariant 4)
      const outer = left === null ? tc.outer : new Scope(left.scope.entries, left.scope.width, tc.level, tc.outer);
      const derived = planSubqueryAt(item.query, tc.env, outer, tc.level + 1);
      const lateral = left !== null && derived.outerRef === tc.level;
      let names = derived.columns;
      if (item.columnAliases !== null) {
        if (item.columnAliases.length !== names.length) {
          throw SqlError.of(SqlState.InvalidColumnReference, [`${item.alias ?? 'subquery'} has ${names.length} columns but ${item.columnAliases.length} names`], { position: item.position });
        }
        names = item.columnAliases;
      }
      const id = tc.nextLeaf++;
      const scope = Scope.forColumns(item.alias, names, derived.types, tc.level, tc.outer, id);
      const label = item.alias ?? 'subquery';
      const hint = rowsHint(item.query);
      return { kind: 'leaf', id, scope, leaves: new Set([id]), table: null, label, derived, ...(lateral ? { lateral } : {}), ...(hint === null ? {} : { rowsHint: hint }) };
    }
    case 'TableFunctionRef':
      return tableFunctionLeaf(item, tc);
    case 'Join': {
      const l = buildItem(item.left, tc, null);
      return joinNode(item.joinKind, l, buildItem(item.right, tc, l), item.on, item.using, item.natural, tc);
    }
  }
}

/** A system table in FROM: a leaf whose rows its rowset makes when opened. */
function systemLeaf(sys: SystemTable, name: string, tc: TreeContext): LeafNode {
  const id = tc.nextLeaf++;
  const scope = Scope.forColumns(name, sys.columns, sys.types, tc.level, tc.outer, id);
  const derived = { root: new SystemTableRowSet(sys), columns: sys.columns, types: sys.types };
  return { kind: 'leaf', id, scope, leaves: new Set([id]), table: null, label: sys.name, derived };
}

function uniqueEntry(entries: readonly ScopeEntry[], name: string, side: string, position?: number): ScopeEntry | null {
  const found = entries.filter((e) => e.unqualified && e.name === name);
  if (found.length > 1) throw SqlError.of(SqlState.AmbiguousColumn, [name], { position, detail: `in the ${side} side of the join` });
  return found[0] ?? null;
}

function joinNode(
  joinType: JoinType,
  left: FromNode,
  right: FromNode,
  on: Join['on'],
  using: string[] | null,
  natural: boolean,
  tc: TreeContext,
): JoinNode {
  const lw = left.scope.width;
  const le = left.scope.entries;
  const re = right.scope.shifted(lw);
  let names: string[] = using ?? [];
  if (natural) names = le.filter((e) => e.unqualified && re.some((r) => r.unqualified && r.name === e.name)).map((e) => e.name);
  const hidden = new Set<string>();
  const merged: ScopeEntry[] = [];
  const usingConjs: Conj[] = [];
  const extras: Compiled[] = [];
  const base = lw + right.scope.width;
  for (const name of names) {
    const l = uniqueEntry(le, name, 'left');
    const r = uniqueEntry(re, name, 'right');
    if (l === null || r === null) throw SqlError.of(SqlState.UndefinedColumn, [name], { detail: 'a USING column must exist on both sides of the join' });
    hidden.add(l.key).add(r.key);
    usingConjs.push(equalityConj(l, r));
    const type = unifyTypes(l.type, r.type, 'JOIN USING');
    if (joinType === 'FULL') {
      const index = base + extras.length;
      extras.push(coalesceRead(l.index, r.index, type, name));
      merged.push({ ...l, table: null, type, index, leaf: -2, key: `m${tc.nextLeaf}.${index}`, unqualified: true, star: true });
    } else {
      const src = joinType === 'RIGHT' ? r : l;
      merged.push({ ...src, table: null, type, unqualified: true, star: true });
    }
  }
  const hide = (e: ScopeEntry): ScopeEntry => (hidden.has(e.key) ? { ...e, unqualified: false, star: false } : e);
  const entries = [...merged, ...le.map(hide), ...re.map(hide)];
  const scope = new Scope(entries, base + extras.length, tc.level, tc.outer);
  const leaves = new Set([...left.leaves, ...right.leaves]);
  tc.nextLeaf++;
  return { kind: 'join', joinType, left, right, scope, leaves, on, usingConjs, extras };
}

function coalesceRead(li: number, ri: number, type: Compiled['type'], name: string): Compiled {
  return compiled({
    type,
    text: `COALESCE(${name}, ${name})`,
    eval: (_c, row) => {
      const a = row![li];
      if (a !== undefined && a !== null) return a;
      const b = row![ri];
      return b === undefined ? null : b;
    },
  });
}
