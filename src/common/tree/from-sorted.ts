/**
 * src/common/tree/from-sorted.ts — bottom-up bulk build of a tree from strictly ascending entries, in O(n).
 *
 * 1. Leaves are filled to `MAX_LEAF` and inner nodes to `MAX_CHILDREN`, except that when the last node
 *    of a level would be less than half full it shares evenly with the one before it (so node.ts
 *    invariant 3 holds: every non-root inner node gets at least 2 children).
 * 2. Keys that are not strictly ascending by `compare` are a programmer error (`InternalError`).
 * 3. The nodes built are frozen (owner null).
 * 4. `buildOverLeaves` builds the inner levels over leaves made elsewhere (adopted as they are: a bulk
 *    append's leaf-sized chunks, or a relocated copy of a tree's leaves), in O(number of leaves).
 */
import { assert } from '../assert';
import type { Comparator } from './btree';
import { Inner, Leaf, MAX_CHILDREN, MAX_LEAF, type Node, recountFrom } from './node';

/** A built tree's parts. @internal */
export interface BuiltTree<K, V> {
  readonly root: Node<K, V>;
  readonly height: number;
  readonly size: number;
}

/** Builds the tree holding `entries`, which must be strictly ascending by `compare`. @internal */
export function buildFromSorted<K, V>(compare: Comparator<K>, entries: Iterable<readonly [K, V]>): BuiltTree<K, V> {
  return buildOverLeaves(fillLeaves(compare, entries));
}

/**
 * Builds the inner levels over `leaves` (invariant 4): frozen, non-empty (but for a lone leaf), no larger
 * than `MAX_LEAF`, and in ascending key order, each leaf's keys above the one before. @internal
 */
export function buildOverLeaves<K, V>(leaves: Leaf<K, V>[]): BuiltTree<K, V> {
  let size = 0;
  for (let i = 0; i < leaves.length; i++) size += leaves[i]!.keys.length;
  let level: Node<K, V>[] = leaves;
  let mins: K[] = leaves.map((leaf) => leaf.keys[0] as K);
  let height = 0;
  while (level.length > 1) {
    const parents: Node<K, V>[] = [];
    const parentMins: K[] = [];
    let start = 0;
    for (const count of groupSizes(level.length, MAX_CHILDREN)) {
      const node = new Inner(mins.slice(start + 1, start + count), level.slice(start, start + count), [], null);
      recountFrom(node, 0, height);
      parents.push(node);
      parentMins.push(mins[start]!);
      start += count;
    }
    level = parents;
    mins = parentMins;
    height++;
  }
  return { root: level[0]!, height, size };
}

/** The leaves of a tree, in key order. @internal */
export function leavesOf<K, V>(root: Node<K, V>, height: number, out: Leaf<K, V>[] = []): Leaf<K, V>[] {
  if (height === 0) out.push(root as Leaf<K, V>);
  else for (const child of (root as Inner<K, V>).children) leavesOf(child, height - 1, out);
  return out;
}

/** Packs the entries into full leaves (at least one leaf, which is empty when there are no entries). */
function fillLeaves<K, V>(compare: Comparator<K>, entries: Iterable<readonly [K, V]>): Leaf<K, V>[] {
  const leaves: Leaf<K, V>[] = [];
  // leaves are made at full size and filled by index (growing by push reallocates several times a leaf)
  let keys: K[] = new Array<K>(MAX_LEAF);
  let values: V[] = new Array<V>(MAX_LEAF);
  let count = 0;
  let previous: K | undefined;
  let any = false;
  for (const entry of entries) {
    const key = entry[0];
    if (any) assert(compare(previous as K, key) < 0, 'BTree.fromSorted: keys are not strictly ascending');
    if (count === MAX_LEAF) {
      leaves.push(new Leaf(keys, values, null));
      keys = new Array<K>(MAX_LEAF);
      values = new Array<V>(MAX_LEAF);
      count = 0;
    }
    keys[count] = key;
    values[count] = entry[1];
    count++;
    previous = key;
    any = true;
  }
  keys.length = count;
  values.length = count;
  const before = leaves[leaves.length - 1];
  if (before !== undefined && keys.length < MAX_LEAF >>> 1) {
    // even out the last two leaves (invariant 1)
    const allKeys = before.keys.concat(keys);
    const allValues = before.values.concat(values);
    const half = allKeys.length >>> 1;
    leaves[leaves.length - 1] = new Leaf(allKeys.slice(0, half), allValues.slice(0, half), null);
    keys = allKeys.slice(half);
    values = allValues.slice(half);
  }
  leaves.push(new Leaf(keys, values, null));
  return leaves;
}

/** Sizes of the groups `count` nodes are packed into: full groups, the last two evened out if needed. */
function groupSizes(count: number, max: number): number[] {
  const groups = Math.ceil(count / max);
  const sizes = new Array<number>(groups).fill(max);
  const last = count - (groups - 1) * max;
  sizes[groups - 1] = last;
  if (groups > 1 && last < max >>> 1) {
    const pair = max + last;
    sizes[groups - 2] = pair - (pair >>> 1);
    sizes[groups - 1] = pair >>> 1;
  }
  return sizes;
}
