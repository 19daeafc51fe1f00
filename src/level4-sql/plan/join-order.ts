/**
 * src/level4-sql/plan/join-order.ts — the order in which a chain of inner joins is evaluated: `FROM t46, t3,
 * t21, t40 WHERE a21 = b11 AND …` is joined along its join conditions, never as a cross product of tables
 * that nothing yet connects while a connected table is waiting.
 *
 * 1. A chain is a maximal subtree of INNER and CROSS joins without USING or NATURAL (those keep their merged
 *    columns' scope). Its items, in FROM order, are the subtrees below it: tables, derived tables, outer
 *    joins and USING/NATURAL joins, each joined as a unit. Its conjuncts are the WHERE conjuncts pushed to it
 *    and the ON conjuncts of the joins in it.
 * 2. Greedy order: first the item with the smallest estimate (a table's estimate is its access path's, with
 *    the conjuncts that read it alone; any other item counts 1,000), then, again and again, the cheapest item
 *    that a conjunct connects with the items already joined; when none is connected, the cheapest of all.
 *    Ties keep FROM order. A chain already in that order is left as it is.
 * 3. The reordered chain is a left-deep tree of new join nodes planned by the ordinary join planner (which
 *    places each conjunct at the lowest node holding its leaves and picks index, hash or nested-loop joins).
 *    Its rows are the items' rows in the new order; `ReorderRowSet` moves them back into FROM order, so
 *    everything compiled against the chain's scope reads the layout it expects.
 * 4. An ON conjunct names columns as its own join saw them: it is compiled in scopes restricted to the
 *    leaves of that join, so a column of a later item with the same name cannot make it ambiguous.
 */
import type { CompileEnv } from '../eval/compile-env';
import { Scope } from '../eval/scope';
import { ReorderRowSet } from '../exec/reorder';
import type { RowSet } from '../exec/rowset';
import { chooseAccess } from './access-path';
import { conjFromExpr, type Conj, type Side } from './conjunct';
import { splitAnd } from './expr-utils';
import type { FromNode, JoinNode } from './from-tree';

/** An item of a chain and what ordering knows of it. */
interface Item {
  readonly node: FromNode;
  /** position in FROM order */
  readonly rank: number;
  readonly estimate: number;
  /** offset of its columns in the chain's row in FROM order */
  readonly offset: number;
}

/** A chain reordered (invariant 3): the new tree, every conjunct, and how to put rows back in FROM order. */
export interface Reordered {
  readonly tree: JoinNode;
  readonly conjs: readonly Conj[];
  /** wraps the planned rowset of `tree` so its rows are in the original chain's layout */
  readonly restore: (planned: RowSet) => RowSet;
}

function isChainJoin(n: FromNode): n is JoinNode {
  return n.kind === 'join' && (n.joinType === 'INNER' || n.joinType === 'CROSS') && n.usingConjs.length === 0 && n.extras.length === 0;
}

/** The items of the chain at `node` in FROM order and the ON conjuncts of its joins (invariants 1 and 4). */
function flatten(node: FromNode, env: CompileEnv, items: FromNode[], conjs: Conj[]): void {
  if (!isChainJoin(node)) {
    items.push(node);
    return;
  }
  flatten(node.left, env, items, conjs);
  flatten(node.right, env, items, conjs);
  for (const e of splitAnd(node.on)) conjs.push(confine(conjFromExpr(e, node.scope, env, 'JOIN conditions'), node.leaves));
}

/** `s` with only the entries of `leaves` (invariant 4); indexes are unchanged. */
function restrict(s: Scope, leaves: ReadonlySet<number>): Scope {
  return new Scope(
    s.entries.filter((e) => leaves.has(e.leaf)),
    s.width,
    s.level,
    s.outer,
  );
}

function confineSide(side: Side, leaves: ReadonlySet<number>): Side {
  return { leaves: side.leaves, compileAt: (s) => side.compileAt(restrict(s, leaves)) };
}

/** A conjunct that compiles in the scope its join gave it (invariant 4). */
function confine(c: Conj, leaves: ReadonlySet<number>): Conj {
  return {
    leaves: c.leaves,
    compileAt: (s) => c.compileAt(restrict(s, leaves)),
    cmp: c.cmp === null ? null : { op: c.cmp.op, left: confineSide(c.cmp.left, leaves), right: confineSide(c.cmp.right, leaves) },
    between:
      c.between === null
        ? null
        : { operand: confineSide(c.between.operand, leaves), low: confineSide(c.between.low, leaves), high: confineSide(c.between.high, leaves) },
    templateKeys: c.templateKeys === undefined ? undefined : (s, leaf) => c.templateKeys!(restrict(s, leaves), leaf),
  };
}

function subsetOf(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function estimateOf(node: FromNode, conjs: readonly Conj[]): number {
  if (node.kind !== 'leaf') return 1000;
  if (node.table === null) return node.rowsHint ?? 1000;
  const own = conjs.filter((c) => c.leaves.size > 0 && subsetOf(c.leaves, node.leaves));
  return chooseAccess(node.table, node.label, node.scope, node.id, own).estimate;
}

/** True when some conjunct reads both `item` and what is already joined, and nothing else. */
function connected(item: FromNode, joined: ReadonlySet<number>, conjs: readonly Conj[]): boolean {
  for (const c of conjs) {
    let mine = false;
    let theirs = false;
    let other = false;
    for (const l of c.leaves) {
      if (item.leaves.has(l)) mine = true;
      else if (joined.has(l)) theirs = true;
      else other = true;
    }
    if (mine && theirs && !other) return true;
  }
  return false;
}

function cheapest(pool: readonly Item[]): Item {
  let best = pool[0]!;
  for (const it of pool) if (it.estimate < best.estimate || (it.estimate === best.estimate && it.rank < best.rank)) best = it;
  return best;
}

/** The greedy order (invariant 2). */
function greedy(items: readonly Item[], conjs: readonly Conj[]): Item[] {
  const left = [...items];
  const order: Item[] = [];
  const joined = new Set<number>();
  while (left.length > 0) {
    const linked = order.length === 0 ? [] : left.filter((it) => connected(it.node, joined, conjs));
    const next = cheapest(linked.length > 0 ? linked : left);
    order.push(next);
    left.splice(left.indexOf(next), 1);
    for (const l of next.node.leaves) joined.add(l);
  }
  return order;
}

/** A left-deep chain of the items in `order`, with scopes as from-tree.ts builds them (no USING columns). */
function leftDeep(order: readonly Item[], proto: JoinNode): JoinNode {
  let node: FromNode = order[0]!.node;
  for (let i = 1; i < order.length; i++) {
    const right = order[i]!.node;
    const entries = [...node.scope.entries, ...right.scope.shifted(node.scope.width)];
    const scope = new Scope(entries, node.scope.width + right.scope.width, proto.scope.level, proto.scope.outer);
    node = {
      kind: 'join',
      joinType: 'INNER',
      left: node,
      right,
      scope,
      leaves: new Set([...node.leaves, ...right.leaves]),
      on: null,
      usingConjs: [],
      extras: [],
      reordered: true,
    };
  }
  return node as JoinNode;
}

/**
 * The chain at `node` in a better order with all its conjuncts (`pushed` and its ON conjuncts), or null when
 * `node` heads no chain of three or more items or the chain is already in the greedy order.
 */
export function reorderChain(node: JoinNode, pushed: readonly Conj[], env: CompileEnv): Reordered | null {
  if (!isChainJoin(node) || node.reordered === true) return null;
  const nodes: FromNode[] = [];
  const onConjs: Conj[] = [];
  flatten(node, env, nodes, onConjs);
  // a lateral derived table reads what is joined before it: the chain keeps its order
  if (nodes.length < 3 || nodes.some((n) => n.kind === 'leaf' && n.lateral === true)) return null;
  const conjs = [...pushed, ...onConjs];
  let offset = 0;
  const items: Item[] = nodes.map((n, rank) => {
    const it = { node: n, rank, estimate: estimateOf(n, conjs), offset };
    offset += n.scope.width;
    return it;
  });
  const order = greedy(items, conjs);
  if (order.every((it, i) => it.rank === i)) return null;
  const tree = leftDeep(order, node);
  // moves: item columns at `from` in the new row go to `to` in the FROM-order row
  const moves: { from: number; to: number; width: number }[] = [];
  let at = 0;
  for (const it of order) {
    moves.push({ from: at, to: it.offset, width: it.node.scope.width });
    at += it.node.scope.width;
  }
  const labels = nodes.map((n) => (n.kind === 'leaf' ? n.label : 'join'));
  return { tree, conjs, restore: (rs) => new ReorderRowSet(rs, moves, node.scope.width, labels) };
}
