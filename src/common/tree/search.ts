/**
 * src/common/tree/search.ts — binary searches within a node and the read-only descents from the root
 * (point lookup, membership, rank) that allocate nothing.
 *
 * 1. Inner nodes are searched with `upperBound` over their separators (node.ts invariant 2): the child
 *    holding `key`, if any does, is the one after the last separator <= key.
 * 2. Each search has two loops: one for trees ordered by `compareNumbers`, comparing with `<` inline,
 *    and one calling the comparator. Keeping number keys out of the generic loop keeps its call and
 *    element-load sites from going megamorphic (measured: 2.5–5× slower number-key lookups when they did).
 * 3. `search` answers "where is it, and is it there" in one pass, so no caller compares again.
 */
import type { Comparator } from './btree';
import { compareNumbers } from './compare-numbers';
import type { Inner, Leaf, Node } from './node';

/** The index of `key` in `keys` if present; otherwise `~i` (negative), where `i` is where it would go. */
export function search<K>(keys: readonly K[], key: K, compare: Comparator<K>): number {
  let lo = 0;
  let hi = keys.length;
  if ((compare as unknown) === compareNumbers) {
    const k = key as unknown as number;
    const ks = keys as unknown as readonly number[];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ks[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
    return lo < ks.length && ks[lo] === k ? lo : ~lo;
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compare(keys[mid]!, key);
    if (c < 0) lo = mid + 1;
    else if (c > 0) hi = mid;
    else return mid;
  }
  return ~lo;
}

/** Index of the first key in `keys` that is >= `key` (keys.length when none). */
export function lowerBound<K>(keys: readonly K[], key: K, compare: Comparator<K>): number {
  const i = search(keys, key, compare);
  return i >= 0 ? i : ~i;
}

/** Index of the first key in `keys` that is > `key` (keys.length when none). Over an inner node's
 *  separators this is the index of the child whose key range holds `key`. */
export function upperBound<K>(keys: readonly K[], key: K, compare: Comparator<K>): number {
  let lo = 0;
  let hi = keys.length;
  if ((compare as unknown) === compareNumbers) {
    const k = key as unknown as number;
    const ks = keys as unknown as readonly number[];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ks[mid]! <= k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(keys[mid]!, key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the child holding entry number `position` (0 <= position < size): first i with ends[i] > position. */
export function childAt(ends: readonly number[], position: number): number {
  let lo = 0;
  let hi = ends.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid]! <= position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The leaf whose key range holds `key`. */
export function findLeaf<K, V>(root: Node<K, V>, height: number, key: K, compare: Comparator<K>): Leaf<K, V> {
  let node = root;
  for (let h = height; h > 0; h--) {
    const inner = node as Inner<K, V>;
    node = inner.children[upperBound(inner.keys, key, compare)]!;
  }
  return node as Leaf<K, V>;
}

/** The value stored under `key`, or undefined. */
export function lookup<K, V>(root: Node<K, V>, height: number, key: K, compare: Comparator<K>): V | undefined {
  const leaf = findLeaf(root, height, key, compare);
  const i = search(leaf.keys, key, compare);
  return i >= 0 ? leaf.values[i] : undefined;
}

/** Whether `key` is present. */
export function contains<K, V>(root: Node<K, V>, height: number, key: K, compare: Comparator<K>): boolean {
  return search(findLeaf(root, height, key, compare).keys, key, compare) >= 0;
}

/** The number of keys < `key`. */
export function rankOf<K, V>(root: Node<K, V>, height: number, key: K, compare: Comparator<K>): number {
  let node = root;
  let rank = 0;
  for (let h = height; h > 0; h--) {
    const inner = node as Inner<K, V>;
    const i = upperBound(inner.keys, key, compare);
    if (i > 0) rank += inner.ends[i - 1]!;
    node = inner.children[i]!;
  }
  return rank + lowerBound((node as Leaf<K, V>).keys, key, compare);
}
