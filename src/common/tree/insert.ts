/**
 * src/common/tree/insert.ts — insert-or-replace of one entry, shared by `BTree.set` (owner null: copy
 * the path) and `TreeBuilder.set` (owner = the builder's token: mutate owned nodes in place).
 *
 * 1. Nodes are never mutated unless `owner !== null && node.owner === owner` (node.ts invariant 4).
 * 2. A node that overflows splits in two; the separator pushed up is the right half's smallest key.
 * 3. Appending past the last key of the whole tree ("right edge") splits unevenly, leaving the left node
 *    full, so ascending inserts (row ids) build full leaves instead of half-full ones.
 * 4. `insertKey` reports what happened in `lastInsert` (no result object is allocated per call); read it
 *    straight after the call.
 */
import { assert } from '../assert';
import type { Comparator } from './btree';
import {
  Inner,
  Leaf,
  MAX_CHILDREN,
  MAX_LEAF,
  type Node,
  type Owner,
  editableInner,
  editableLeaf,
  bumpEnds,
  copyInsert,
  nodeSize,
  replaceChild,
} from './node';
import { search, upperBound } from './search';

/** What the last `insertKey` call did. */
export const lastInsert = {
  /** a new key was added (false: an existing key's value was replaced, or nothing changed) */
  added: false,
  /** the root split, so the tree is one level taller */
  grew: false,
};

/** The right half of a node split by the last `insertLeaf`/`insertInner` call, or null. */
let splitRight: Node<unknown, unknown> | null = null;
/** The smallest key under `splitRight`. */
let splitKey: unknown = undefined;

/**
 * Inserts or replaces `key → value` under `root` (of height `height`) and returns the new root, which is
 * `root` itself when nothing changed or everything changed in place. Sets `lastInsert`.
 */
export function insertKey<K, V>(
  root: Node<K, V>,
  height: number,
  key: K,
  value: V,
  compare: Comparator<K>,
  owner: Owner | null,
): Node<K, V> {
  const node =
    height === 0
      ? insertLeaf(root as Leaf<K, V>, key, value, compare, owner, true)
      : insertInner(root as Inner<K, V>, height, key, value, compare, owner, true);
  const right = splitRight as Node<K, V> | null;
  if (right === null) {
    lastInsert.grew = false;
    return node;
  }
  splitRight = null;
  lastInsert.grew = true;
  const leftSize = nodeSize(node, height);
  return new Inner([splitKey as K], [node, right], [leftSize, leftSize + nodeSize(right, height)], owner);
}

function insertLeaf<K, V>(
  leaf: Leaf<K, V>,
  key: K,
  value: V,
  compare: Comparator<K>,
  owner: Owner | null,
  rightEdge: boolean,
): Leaf<K, V> {
  const keys = leaf.keys;
  const n = keys.length;
  let i = search(keys, key, compare);
  splitRight = null;
  if (i >= 0) {
    lastInsert.added = false;
    if (leaf.values[i] === value) return leaf;
    if (owner !== null && leaf.owner === owner) {
      leaf.values[i] = value;
      return leaf;
    }
    const values = leaf.values.slice();
    values[i] = value;
    if (owner !== null) return new Leaf(keys.slice(), values, owner);
    // a frozen copy sharing the keys shares their codes (node.ts invariant 5)
    const copy = new Leaf(keys, values, null);
    copy.heads = leaf.heads;
    return copy;
  }
  i = ~i;
  lastInsert.added = true;
  if (n < MAX_LEAF) {
    if (owner === null || leaf.owner !== owner) {
      return new Leaf(copyInsert(keys, i, key), copyInsert(leaf.values, i, value), owner);
    }
    if (i === n) {
      keys.push(key);
      leaf.values.push(value);
    } else {
      keys.splice(i, 0, key);
      leaf.values.splice(i, 0, value);
    }
    return leaf;
  }
  if (rightEdge && i === n) {
    splitRight = new Leaf([key], [value], owner);
    splitKey = key;
    return leaf;
  }
  const e = editableLeaf(leaf, owner);
  e.keys.splice(i, 0, key);
  e.values.splice(i, 0, value);
  const half = (n + 1) >>> 1;
  const right = new Leaf(e.keys.splice(half), e.values.splice(half), owner);
  splitRight = right;
  splitKey = right.keys[0];
  return e;
}

function insertInner<K, V>(
  node: Inner<K, V>,
  height: number,
  key: K,
  value: V,
  compare: Comparator<K>,
  owner: Owner | null,
  rightEdge: boolean,
): Inner<K, V> {
  const i = upperBound(node.keys, key, compare);
  const child = node.children[i]!;
  const edge = rightEdge && i === node.children.length - 1;
  const newChild =
    height === 1
      ? insertLeaf(child as Leaf<K, V>, key, value, compare, owner, edge)
      : insertInner(child as Inner<K, V>, height - 1, key, value, compare, owner, edge);
  const right = splitRight as Node<K, V> | null;
  const delta = lastInsert.added ? 1 : 0;
  if (right === null) {
    if (newChild === child) {
      // unchanged, or changed in place, in which case this node is owned too (node.ts invariant 4)
      if (delta !== 0) {
        assert(owner !== null && node.owner === owner, 'B-tree child changed in place under a shared node');
        bumpEnds(node.ends, i, delta);
      }
      return node;
    }
    return replaceChild(node, i, newChild, delta, owner);
  }
  const e = editableInner(node, owner);
  const { children, ends } = e;
  children[i] = newChild;
  children.splice(i + 1, 0, right);
  e.keys.splice(i, 0, splitKey as K);
  const before = i === 0 ? 0 : ends[i - 1]!;
  const leftEnd = before + nodeSize(newChild, height - 1);
  ends.splice(i, 1, leftEnd, leftEnd + nodeSize(right, height - 1));
  if (delta !== 0) bumpEnds(ends, i + 2, delta);
  if (children.length <= MAX_CHILDREN) {
    splitRight = null;
    return e;
  }
  splitInner(e, edge);
  return e;
}

/** Splits an overfull editable inner node; the right half goes to `splitRight`, its lower bound to `splitKey`. */
function splitInner<K, V>(e: Inner<K, V>, appended: boolean): void {
  const count = e.children.length;
  const leftCount = appended ? count - 2 : (count + 1) >>> 1;
  const rightChildren = e.children.splice(leftCount);
  const rightKeys = e.keys.splice(leftCount);
  splitKey = e.keys.pop();
  const rightEnds = e.ends.splice(leftCount);
  const base = e.ends[leftCount - 1]!;
  for (let j = 0; j < rightEnds.length; j++) rightEnds[j] = rightEnds[j]! - base;
  splitRight = new Inner(rightKeys, rightChildren, rightEnds, e.owner) as Node<unknown, unknown>;
}
