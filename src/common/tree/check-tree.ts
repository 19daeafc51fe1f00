/**
 * src/common/tree/check-tree.ts — a full structural check of a `BTree`, for tests and debugging.
 *
 * 1. It verifies node.ts invariants 1–3: key order within and across nodes, separator bounds, cumulative
 *    counts, node sizes, equal leaf depth, and that `size` matches the entries. It is O(n).
 * 2. A broken invariant is an `InternalError` naming what broke and where.
 */
import { assert } from '../assert';
import type { BTree, Comparator } from './btree';
import { type Inner, type Leaf, MAX_CHILDREN, MAX_LEAF, type Node, nodeSize } from './node';

/** Throws an `InternalError` if `tree` breaks any structural invariant. @internal */
export function checkTree<K, V>(tree: BTree<K, V>): void {
  const count = checkNode(tree.root, tree.height, tree.compare, undefined, undefined, true, 'root');
  assert(count === tree.size, `tree size ${tree.size} but ${count} entries`);
}

/** Checks the subtree and returns its entry count; keys must lie in [low, high) where given. */
function checkNode<K, V>(
  node: Node<K, V>,
  height: number,
  compare: Comparator<K>,
  low: K | undefined,
  high: K | undefined,
  isRoot: boolean,
  where: string,
): number {
  if (height === 0) return checkLeaf(node as Leaf<K, V>, compare, low, high, isRoot, where);
  const inner = node as Inner<K, V>;
  const { keys, children, ends } = inner;
  assert(children.length >= 2, `${where}: inner node with ${children.length} children`);
  assert(children.length <= MAX_CHILDREN, `${where}: inner node with ${children.length} children`);
  assert(keys.length === children.length - 1, `${where}: ${keys.length} separators for ${children.length} children`);
  assert(ends.length === children.length, `${where}: ${ends.length} counts for ${children.length} children`);
  checkAscending(keys, compare, low, high, where);
  let total = 0;
  for (let i = 0; i < children.length; i++) {
    const lo = i === 0 ? low : keys[i - 1];
    const hi = i === keys.length ? high : keys[i];
    total += checkNode(children[i]!, height - 1, compare, lo, hi, false, `${where}/${i}`);
    assert(ends[i] === total, `${where}: ends[${i}] = ${ends[i]} but ${total} entries`);
  }
  assert(nodeSize(inner, height) === total, `${where}: size mismatch`);
  return total;
}

function checkLeaf<K, V>(
  leaf: Leaf<K, V>,
  compare: Comparator<K>,
  low: K | undefined,
  high: K | undefined,
  isRoot: boolean,
  where: string,
): number {
  const n = leaf.keys.length;
  assert(n === leaf.values.length, `${where}: ${n} keys but ${leaf.values.length} values`);
  assert(isRoot || n >= 1, `${where}: empty non-root leaf`);
  assert(n <= MAX_LEAF, `${where}: leaf with ${n} entries`);
  checkAscending(leaf.keys, compare, low, high, where);
  return n;
}

function checkAscending<K>(
  keys: readonly K[],
  compare: Comparator<K>,
  low: K | undefined,
  high: K | undefined,
  where: string,
): void {
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as K;
    if (i > 0) assert(compare(keys[i - 1] as K, k) < 0, `${where}: keys out of order at ${i}`);
    if (low !== undefined) assert(compare(low, k) <= 0, `${where}: key ${i} below its lower bound`);
    if (high !== undefined) assert(compare(k, high) < 0, `${where}: key ${i} not below its upper bound`);
  }
}
