/**
 * src/level4-sql/plan/from-planner.ts — plans the FROM tree: places every WHERE and ON conjunct as low as it
 * may go, chooses each table's access path, and each join's algorithm.
 *
 * 1. Placement (pushdown). A WHERE conjunct may enter the preserved side of an outer join but never its
 *    NULL-supplying side; one that cannot go down is a filter above the join. An ON conjunct of an INNER/CROSS
 *    join may go to either side; of a LEFT join only to the right side (of a RIGHT join, the left), and
 *    otherwise stays a join condition. FULL keeps everything at the join.
 * 2. A join condition `l = r` with `l` reading only left leaves and `r` only right leaves (of hash-equal
 *    types) is an equi-join key. With keys: an index nested-loop join when the right side is a table read by
 *    a full scan that has an index on the key columns and the left side is estimated much smaller than the
 *    table; otherwise a hash join (an INNER join hashes the smaller side). Without keys: a nested loop.
 * 3. A chain of three or more inner joins is first put in a greedy join order (join-order.ts).
 * 5. A derived table that reads the FROM items before it (from-tree.ts invariant 4) is joined by a
 *    LateralJoinRowSet, which reads it once per left row; RIGHT and FULL joins of one are 42P10.
 * 4. A view or CTE leaf takes the conjuncts it can into its own query (plan/pushdown.ts); the rest filter it.
 */
import { isNumericKind } from '../../common/values/sql-type';
import type { Compiled } from '../eval/compiled';
import type { CompileEnv } from '../eval/compile-env';
import type { Scope } from '../eval/scope';
import { FilterRowSet } from '../exec/basic';
import type { KeyPart } from '../exec/index-key';
import { IndexJoinRowSet } from '../exec/index-join';
import { HashJoinRowSet, NestedLoopJoinRowSet, type JoinShape } from '../exec/join';
import { LateralJoinRowSet } from '../exec/lateral-join';
import { SqlError, SqlState } from '../../common/errors';
import { type RowSet, withEstimate } from '../exec/rowset';
import { NULL_TYPE } from '../../common/values/sql-type';
import { selectorOf } from '../eval/compile-selector';
import { chooseAccess, indexPartIds, keyCompatible, type OrderWish, partId } from './access-path';
import { conjFromExpr, type Conj } from './conjunct';
import { reorderChain } from './join-order';
import { splitAnd } from './expr-utils';
import type { FromNode, JoinNode, LeafNode } from './from-tree';

/** A planned FROM node, a rough estimate of its rows, and whether it already has the wished order. */
export interface PlannedNode {
  readonly rowset: RowSet;
  readonly estimate: number;
  readonly ordered?: boolean;
}

function subset(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  if (a.size === 0) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/**
 * Plans `node`, applying every conjunct in `pushed` (WHERE semantics at this node). `order` (for a lone
 * table) asks the access path for rows in ORDER BY order.
 */
export function planNode(
  node: FromNode,
  pushed: readonly Conj[],
  env: CompileEnv,
  order: OrderWish | null = null,
  transient = false,
): PlannedNode {
  return node.kind === 'leaf' ? planLeaf(node, pushed, order) : planJoin(node, pushed, env, transient);
}

function planLeaf(node: LeafNode, pushed: readonly Conj[], order: OrderWish | null): PlannedNode {
  if (node.table !== null) {
    const a = chooseAccess(node.table, node.label, node.scope, node.id, pushed, order);
    return { rowset: a.rowset, estimate: a.estimate, ordered: a.ordered };
  }
  let root = node.derived!.root;
  if (pushed.length === 0) return { rowset: root, estimate: node.rowsHint ?? 1000 };
  const moved = node.pushdown?.(pushed) ?? null; // a view or CTE takes what it can (pushdown.ts)
  if (moved !== null) {
    root = moved.root;
    pushed = moved.rest;
    if (pushed.length === 0) return { rowset: root, estimate: Math.min(100, node.rowsHint ?? 100) };
  }
  return { rowset: new FilterRowSet(root, pushed.map((c) => c.compileAt(node.scope))), estimate: Math.min(500, node.rowsHint ?? 500) };
}

interface Placement {
  toLeft: Conj[];
  toRight: Conj[];
  atJoin: Conj[];
  post: Conj[];
}

function place(node: JoinNode, pushed: readonly Conj[], onConjs: readonly Conj[]): Placement {
  const p: Placement = { toLeft: [], toRight: [], atJoin: [], post: [] };
  const L = node.left.leaves;
  const R = node.right.leaves;
  const t = node.joinType;
  const inner = t === 'INNER' || t === 'CROSS';
  for (const c of pushed) {
    const constant = c.leaves.size === 0;
    if (inner) {
      if (constant || subset(c.leaves, L)) p.toLeft.push(c);
      else if (subset(c.leaves, R)) p.toRight.push(c);
      else p.atJoin.push(c);
    } else if (t === 'LEFT' && (constant || subset(c.leaves, L))) p.toLeft.push(c);
    else if (t === 'RIGHT' && (constant || subset(c.leaves, R))) p.toRight.push(c);
    else p.post.push(c);
  }
  for (const c of onConjs) {
    if (inner) {
      if (c.leaves.size === 0 || subset(c.leaves, L)) p.toLeft.push(c);
      else if (subset(c.leaves, R)) p.toRight.push(c);
      else p.atJoin.push(c);
    } else if (t === 'LEFT' && subset(c.leaves, R)) p.toRight.push(c);
    else if (t === 'RIGHT' && subset(c.leaves, L)) p.toLeft.push(c);
    else p.atJoin.push(c);
  }
  return p;
}

interface EquiKey {
  readonly conj: Conj;
  readonly left: Compiled;
  readonly right: Compiled;
}

function hashable(a: Compiled, b: Compiled): boolean {
  // a document selector's `=` is equality in MongoDB's order, which hash keys respect (values of different
  // type classes never hash alike), so it may key a hash or index join
  const sa = selectorOf(a) !== undefined;
  const sb = selectorOf(b) !== undefined;
  if (sa || sb) return (sa || !a.dynamic) && (sb || !b.dynamic);
  if (a.dynamic || b.dynamic) return false;
  const x = a.type.kind;
  const y = b.type.kind;
  return (x === y && x !== 'NULL') || (isNumericKind(x) && isNumericKind(y));
}

function equiKeys(node: JoinNode, conjs: readonly Conj[]): EquiKey[] {
  const out: EquiKey[] = [];
  const L = node.left.leaves;
  const R = node.right.leaves;
  for (const c of conjs) {
    if (c.cmp === null || c.cmp.op !== '=') continue;
    const { left: a, right: b } = c.cmp;
    let lc: Compiled | null = null;
    let rc: Compiled | null = null;
    if (subset(a.leaves, L) && subset(b.leaves, R)) {
      lc = a.compileAt(node.left.scope);
      rc = b.compileAt(node.right.scope);
    } else if (subset(b.leaves, L) && subset(a.leaves, R)) {
      lc = b.compileAt(node.left.scope);
      rc = a.compileAt(node.right.scope);
    }
    if (lc !== null && rc !== null && hashable(lc, rc)) out.push({ conj: c, left: lc, right: rc });
  }
  return out;
}

/** `transient`: the consumer keeps no output row (exec/join.ts invariant 5); only ever true at the root. */
function planJoin(node: JoinNode, pushed: readonly Conj[], env: CompileEnv, transient: boolean): PlannedNode {
  const re = reorderChain(node, pushed, env);
  if (re !== null) {
    // the reordered tree's rows are copied into FROM order, so the join under it may reuse its row
    const planned = planJoin(re.tree, re.conjs, env, true);
    return { rowset: re.restore(planned.rowset), estimate: planned.estimate };
  }
  const onConjs = [...node.usingConjs, ...splitAnd(node.on).map((e) => conjFromExpr(e, node.scope, env, 'JOIN conditions'))];
  const p = place(node, pushed, onConjs);
  if (node.right.kind === 'leaf' && node.right.lateral === true) return planLateral(node, p, env, transient);
  const left = planNode(node.left, p.toLeft, env);
  const keys = equiKeys(node, p.atJoin);
  const t = node.joinType === 'CROSS' && keys.length > 0 ? 'INNER' : node.joinType;
  const shapeOf = (residual: readonly Conj[], right: RowSet): JoinShape => ({
    joinType: t,
    left: left.rowset,
    right,
    leftWidth: node.left.scope.width,
    rightWidth: node.right.scope.width,
    extras: node.extras,
    residual: residual.map((c) => c.compileAt(node.scope)),
    transient,
  });
  let planned: PlannedNode | null = null;
  if (keys.length > 0 && node.right.kind === 'leaf' && node.right.table !== null && (t === 'INNER' || t === 'LEFT')) {
    planned = tryIndexJoin(node, node.right, p, keys, left, shapeOf);
  }
  if (planned === null) {
    const right = planNode(node.right, p.toRight, env);
    if (keys.length > 0) {
      const used = new Set(keys.map((k) => k.conj));
      const shape = shapeOf(p.atJoin.filter((c) => !used.has(c)), right.rowset);
      const buildLeft = t === 'INNER' && left.estimate < right.estimate;
      const hk = { left: keys.map((k) => k.left), right: keys.map((k) => k.right) };
      const est = Math.max(left.estimate, right.estimate);
      planned = { rowset: withEstimate(new HashJoinRowSet(shape, hk, buildLeft), est), estimate: est };
    } else {
      const est = t === 'CROSS' || t === 'INNER' ? left.estimate * right.estimate : Math.max(left.estimate, right.estimate);
      planned = { rowset: withEstimate(new NestedLoopJoinRowSet(shapeOf(p.atJoin, right.rowset)), est), estimate: est };
    }
  }
  if (p.post.length === 0) return planned;
  return { rowset: new FilterRowSet(planned.rowset, p.post.map((c) => c.compileAt(node.scope))), estimate: planned.estimate };
}

/** A join whose right side is a derived table reading the left side's row (from-tree.ts invariant 4). */
function planLateral(node: JoinNode, p: Placement, env: CompileEnv, transient: boolean): PlannedNode {
  const t = node.joinType;
  if (t === 'RIGHT' || t === 'FULL') {
    throw SqlError.of(SqlState.InvalidColumnReference, [`${node.right.kind === 'leaf' ? node.right.label : 'a derived table'} reads the other side of a ${t} JOIN`], {
      detail: 'A derived table that reads columns of the FROM items before it can be joined by CROSS, INNER or LEFT JOIN only.',
    });
  }
  const left = planNode(node.left, p.toLeft, env);
  const right = planNode(node.right, p.toRight, env);
  const shape: JoinShape = {
    joinType: t === 'CROSS' && p.atJoin.length > 0 ? 'INNER' : t,
    left: left.rowset,
    right: right.rowset,
    leftWidth: node.left.scope.width,
    rightWidth: node.right.scope.width,
    extras: node.extras,
    residual: p.atJoin.map((c) => c.compileAt(node.scope)),
    transient,
  };
  const estimate = left.estimate * Math.max(1, right.estimate);
  const rs = withEstimate(new LateralJoinRowSet(shape, node.scope.level), estimate);
  const planned: PlannedNode = { rowset: rs, estimate };
  if (p.post.length === 0) return planned;
  return { rowset: new FilterRowSet(rs, p.post.map((c) => c.compileAt(node.scope))), estimate: planned.estimate };
}

/** An index nested-loop join when the right table has a usable index and the left side is small enough. */
function tryIndexJoin(
  node: JoinNode,
  right: LeafNode,
  p: Placement,
  keys: readonly EquiKey[],
  left: PlannedNode,
  shapeOf: (residual: readonly Conj[], right: RowSet) => JoinShape,
): PlannedNode | null {
  const table = right.table!;
  const alone = chooseAccess(table, right.label, right.scope, right.id, p.toRight);
  if (alone.rowset.kind !== 'TableScanRowSet') return null;
  // equi-keys by the key part they fix: a column of the right table, or a path in one (access-path.ts partId)
  const byPart = new Map<string, EquiKey>();
  for (const k of keys) {
    const col = k.right.column;
    const sel = col === null ? selectorOf(k.right) : undefined;
    let id: string | null = null;
    if (col !== null && col.level === right.scope.level && col.entry.leaf === right.id && keyCompatible(k.right.type, k.left)) {
      id = partId(col.entry.index, null);
    } else if (sel !== undefined && sel.resolved.level === right.scope.level && sel.resolved.entry.leaf === right.id) {
      id = partId(sel.resolved.entry.index, sel.steps);
    }
    if (id !== null && !byPart.has(id)) byPart.set(id, k);
  }
  let best: { ix: (typeof table.indexes)[number]; used: EquiKey[]; full: boolean } | null = null;
  for (const ix of table.indexes) {
    const used: EquiKey[] = [];
    for (const id of indexPartIds(ix)) {
      const k = byPart.get(id);
      if (k === undefined) break;
      used.push(k);
    }
    if (used.length === 0) continue;
    const full = ix.unique && used.length === ix.slots.length;
    if (best === null || (full && !best.full) || (full === best.full && used.length > best.used.length)) best = { ix, used, full };
  }
  if (best === null) return null;
  const size = table.rows.size;
  if (left.estimate * (best.full ? 4 : 16) > size) return null;
  const ix = best.ix;
  const parts: KeyPart[] = best.used.map((k, i) => {
    const p = ix.parts?.[i];
    const type = p !== undefined && p.path !== null ? (p.type ?? NULL_TYPE) : k.right.type;
    return { column: k.right.column?.entry.name ?? k.right.text, type, value: k.left };
  });
  // a conjunct on a path is re-tested on the rows found (access-path.ts invariant 5)
  const usedConjs = new Set(best.used.filter((k) => k.right.column !== null).map((k) => k.conj));
  const shape = shapeOf(p.atJoin.filter((c) => !usedConjs.has(c)), alone.rowset);
  const rs = new IndexJoinRowSet(shape, {
    tableDefpos: table.defpos,
    label: right.label,
    indexDefpos: best.ix.defpos,
    indexName: best.ix.name,
    unique: best.full,
    parts,
    rightFilter: p.toRight.map((c) => c.compileAt(right.scope)),
  });
  const estimate = left.estimate * (best.full ? 1 : 4);
  return { rowset: withEstimate(rs, estimate), estimate };
}

export type { Scope };
