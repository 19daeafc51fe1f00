/**
 * src/common/tree/remove.ts — deletion of one key, shared by `BTree.delete` (owner null: copy the path)
 * and `TreeBuilder.delete` (mutate owned nodes in place).
 *
 * 1. A child left with fewer than `MIN_LEAF` entries / `MIN_CHILDREN` children is merged with a sibling
 *    when both fit in one node, and otherwise shares entries evenly with it; so node.ts invariant 3
 *    (non-root leaves >= 1 entry, non-root inner nodes >= 2 children) holds after every delete.
 * 2. Separators are left alone unless children merge or share: a stale separator is still a valid bound.
 * 3. An inner root left with one child is replaced by that child (`lastRemove.shrank`).
 */
import type { Comparator } from './btree';
import {
  Inner,
  Leaf,
  MAX_CHILDREN,
  MAX_LEAF,
  MIN_CHILDREN,
  MIN_LEAF,
  type Node,
  type Owner,
  bumpEnds,
  copyRemove,
  editableInner,
  recountFrom,
  replaceChild,
} from './node';
import { search, upperBound } from './search';

/** What the last successful `removeKey` call did. */
export const lastRemove = {
  /** the root had one child left and was replaced by it, so the tree is one level shorter */
  shrank: false,
};

/** Removes `key` from under `root`; returns the new root, or null when the key is absent. Sets `lastRemove`. */
export function removeKey<K, V>(
  root: Node<K, V>,
  height: number,
  key: K,
  compare: Comparator<K>,
  owner: Owner | null,
): Node<K, V> | null {
  lastRemove.shrank = false;
  if (height === 0) return removeLeaf(root as Leaf<K, V>, key, compare, owner);
  const node = removeInner(root as Inner<K, V>, height, key, compare, owner);
  if (node === null || node.children.length > 1) return node;
  lastRemove.shrank = true;
  return node.children[0]!;
}

function removeLeaf<K, V>(leaf: Leaf<K, V>, key: K, compare: Comparator<K>, owner: Owner | null): Leaf<K, V> | null {
  const i = search(leaf.keys, key, compare);
  if (i < 0) return null;
  if (owner === null || leaf.owner !== owner) {
    return new Leaf(copyRemove(leaf.keys, i), copyRemove(leaf.values, i), owner);
  }
  leaf.keys.splice(i, 1);
  leaf.values.splice(i, 1);
  return leaf;
}

function removeInner<K, V>(
  node: Inner<K, V>,
  height: number,
  key: K,
  compare: Comparator<K>,
  owner: Owner | null,
): Inner<K, V> | null {
  const i = upperBound(node.keys, key, compare);
  const child = node.children[i]!;
  let small: boolean;
  let newChild: Node<K, V> | null;
  if (height === 1) {
    const leaf = removeLeaf(child as Leaf<K, V>, key, compare, owner);
    small = leaf !== null && leaf.keys.length < MIN_LEAF;
    newChild = leaf;
  } else {
    const inner = removeInner(child as Inner<K, V>, height - 1, key, compare, owner);
    small = inner !== null && inner.children.length < MIN_CHILDREN;
    newChild = inner;
  }
  if (newChild === null) return null;
  if (!small) return replaceChild(node, i, newChild, -1, owner);
  const e = editableInner(node, owner);
  e.children[i] = newChild;
  bumpEnds(e.ends, i, -1);
  const left = i > 0 ? i - 1 : i;
  if (height === 1) rebalanceLeaves(e, left, owner);
  else rebalanceInners(e, left, height - 1, owner);
  return e;
}

/** Merges or evens out leaves `l` and `l + 1` of the editable node `parent`. */
function rebalanceLeaves<K, V>(parent: Inner<K, V>, l: number, owner: Owner | null): void {
  const a = parent.children[l] as Leaf<K, V>;
  const b = parent.children[l + 1] as Leaf<K, V>;
  const keys = a.keys.concat(b.keys);
  const values = a.values.concat(b.values);
  if (keys.length <= MAX_LEAF) {
    mergeInto(parent, l, new Leaf(keys, values, owner));
    return;
  }
  const half = keys.length >>> 1;
  const right = new Leaf(keys.slice(half), values.slice(half), owner);
  keys.length = half;
  values.length = half;
  parent.children[l] = new Leaf(keys, values, owner);
  parent.children[l + 1] = right;
  parent.keys[l] = right.keys[0]!;
  parent.ends[l] = (l === 0 ? 0 : parent.ends[l - 1]!) + half;
}

/** Merges or evens out inner nodes `l` and `l + 1` (of height `height`) of the editable node `parent`. */
function rebalanceInners<K, V>(parent: Inner<K, V>, l: number, height: number, owner: Owner | null): void {
  const a = parent.children[l] as Inner<K, V>;
  const b = parent.children[l + 1] as Inner<K, V>;
  const keys = a.keys.concat([parent.keys[l]!], b.keys);
  const children = a.children.concat(b.children);
  if (children.length <= MAX_CHILDREN) {
    const merged = new Inner(keys, children, [], owner);
    recountFrom(merged, 0, height - 1);
    mergeInto(parent, l, merged);
    return;
  }
  const half = children.length >>> 1;
  const right = new Inner(keys.slice(half), children.slice(half), [], owner);
  recountFrom(right, 0, height - 1);
  const up = keys[half - 1]!;
  keys.length = half - 1;
  children.length = half;
  const left = new Inner(keys, children, [], owner);
  recountFrom(left, 0, height - 1);
  parent.children[l] = left;
  parent.children[l + 1] = right;
  parent.keys[l] = up;
  parent.ends[l] = (l === 0 ? 0 : parent.ends[l - 1]!) + left.size;
}

/** Replaces children `l` and `l + 1` of the editable node `parent` by `merged`. */
function mergeInto<K, V>(parent: Inner<K, V>, l: number, merged: Node<K, V>): void {
  parent.children.splice(l, 2, merged);
  parent.keys.splice(l, 1);
  parent.ends.splice(l, 1);
}
