/**
 * src/common/tree/btree.ts — `BTree<K, V>`, the persistent (immutable) B+-tree every table, index and
 * catalog is stored in.
 *
 * 1. A `BTree` never changes: `set` and `delete` copy the path from the root to the leaf they touch and
 *    return a new tree sharing every other node with this one.
 * 2. Keys are unique and ordered by `compare`, a total order that must never change for a tree.
 * 3. `size`, `at`, `rank` and `Bookmark.position` are exact and O(log n): inner nodes keep cumulative
 *    entry counts (node.ts invariant 2).
 * 4. Bulk changes go through `builder()` (mutates private copies in place) or `fromSorted` (O(n)).
 */
import { type Bookmark, SeekMode, bookmarkAt, seekBookmark } from './bookmark';
import { buildFromSorted, buildOverLeaves, leavesOf } from './from-sorted';
import { insertKey, lastInsert } from './insert';
import { type Inner, Leaf, type Node } from './node';
import { lastRemove, removeKey } from './remove';
import { contains, rankOf } from './search';
import { pointLookup } from './search-numbers';
import { TreeBuilder } from './tree-builder';
import { IterateWhat, TreeIterator } from './tree-iterator';

/** A total order on keys: negative, zero or positive as `a` sorts before, with or after `b`. */
export type Comparator<K> = (a: K, b: K) => number;

/** An immutable ordered map from unique keys to values. */
export class BTree<K, V> {
  /** @internal use `BTree.empty`, `BTree.fromSorted` or a builder */
  constructor(
    readonly compare: Comparator<K>,
    /** @internal */ readonly root: Node<K, V>,
    /** @internal 0 when the root is a leaf */ readonly height: number,
    /** The number of entries. */
    readonly size: number,
  ) {}

  /** The empty tree ordered by `compare`. */
  static empty<K, V>(compare: Comparator<K>): BTree<K, V> {
    return new BTree<K, V>(compare, new Leaf<K, V>([], [], null), 0, 0);
  }

  /** Builds a tree in O(n) from entries with strictly ascending keys (an `InternalError` otherwise). */
  static fromSorted<K, V>(compare: Comparator<K>, entries: Iterable<readonly [K, V]>): BTree<K, V> {
    const built = buildFromSorted(compare, entries);
    return new BTree(compare, built.root, built.height, built.size);
  }

  /**
   * @internal Builds a tree over frozen leaves made elsewhere, adopted as they are (from-sorted.ts invariant 4):
   * non-empty, at most `MAX_LEAF` entries each, keys strictly ascending across them.
   */
  static fromLeaves<K, V>(compare: Comparator<K>, leaves: Leaf<K, V>[]): BTree<K, V> {
    if (leaves.length === 0) return BTree.empty(compare);
    const built = buildOverLeaves(leaves);
    return new BTree(compare, built.root, built.height, built.size);
  }

  /** @internal The leaves of this tree, in key order (frozen: never change them). */
  leaves(): Leaf<K, V>[] {
    return this.size === 0 ? [] : leavesOf(this.root, this.height);
  }

  /** The value stored under `key`, or undefined. */
  get(key: K): V | undefined {
    // number keys and number-headed array keys take their own interpolating paths, string-headed keys the
    // head-code searches, as a builder's lookups do (search-numbers.ts `pointLookup`)
    return pointLookup(this.root, this.height, key, this.compare);
  }

  /** Whether `key` is present (also when its value is undefined). */
  has(key: K): boolean {
    return contains(this.root, this.height, key, this.compare);
  }

  /** This tree with `key → value` inserted or replaced; `this` when the key already holds `value`. */
  set(key: K, value: V): BTree<K, V> {
    const root = insertKey(this.root, this.height, key, value, this.compare, null);
    if (root === this.root) return this;
    const height = lastInsert.grew ? this.height + 1 : this.height;
    return new BTree(this.compare, root, height, lastInsert.added ? this.size + 1 : this.size);
  }

  /** This tree without `key`; `this` when the key is absent. */
  delete(key: K): BTree<K, V> {
    const root = removeKey(this.root, this.height, key, this.compare, null);
    if (root === null) return this;
    const height = lastRemove.shrank ? this.height - 1 : this.height;
    return new BTree(this.compare, root, height, this.size - 1);
  }

  /** The first (smallest) entry, or null when empty. */
  first(): Bookmark<K, V> | null {
    return this.size === 0 ? null : bookmarkAt(this.root, this.height, 0);
  }

  /** The last (largest) entry, or null when empty. */
  last(): Bookmark<K, V> | null {
    return this.size === 0 ? null : bookmarkAt(this.root, this.height, this.size - 1);
  }

  /** The greatest key, or undefined when empty (as `last()`, without making a bookmark). */
  lastKey(): K | undefined {
    return lastKeyOf(this.root, this.height, this.size);
  }

  /** The first entry with key >= `key`, or null. */
  seek(key: K): Bookmark<K, V> | null {
    return seekBookmark(this.root, this.height, key, this.compare, SeekMode.AtOrAfter);
  }

  /** The first entry with key > `key`, or null. */
  seekAfter(key: K): Bookmark<K, V> | null {
    return seekBookmark(this.root, this.height, key, this.compare, SeekMode.After);
  }

  /** The last entry with key <= `key`, or null. */
  seekLast(key: K): Bookmark<K, V> | null {
    return seekBookmark(this.root, this.height, key, this.compare, SeekMode.AtOrBefore);
  }

  /** The last entry with key < `key`, or null. */
  seekBefore(key: K): Bookmark<K, V> | null {
    return seekBookmark(this.root, this.height, key, this.compare, SeekMode.Before);
  }

  /** The entry at 0-based `position` in key order, or null when out of range (or not an integer). */
  at(position: number): Bookmark<K, V> | null {
    if (!(position >= 0 && position < this.size) || !Number.isInteger(position)) return null;
    return bookmarkAt(this.root, this.height, position);
  }

  /** The number of keys < `key`; so the count of keys in [lo, hi) is `rank(hi) - rank(lo)`. */
  rank(key: K): number {
    return rankOf(this.root, this.height, key, this.compare);
  }

  /** All entries in ascending key order. */
  entries(): IterableIterator<[K, V]> {
    return new TreeIterator<K, V, [K, V]>(this.root, this.height, IterateWhat.Entries);
  }

  /** All keys in ascending order. */
  keys(): IterableIterator<K> {
    return new TreeIterator<K, V, K>(this.root, this.height, IterateWhat.Keys);
  }

  /** All values in ascending key order. */
  values(): IterableIterator<V> {
    return new TreeIterator<K, V, V>(this.root, this.height, IterateWhat.Values);
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  /** A private, mutable copy of this tree for bulk changes; this tree is never affected. */
  builder(): TreeBuilder<K, V> {
    return new TreeBuilder(this.compare, this.root, this.height, this.size);
  }
}

/** The greatest key of the tree under `root` (of `height` and `size` entries), or undefined when empty. @internal */
export function lastKeyOf<K, V>(root: Node<K, V>, height: number, size: number): K | undefined {
  if (size === 0) return undefined;
  let node = root;
  for (let h = height; h > 0; h--) {
    const children = (node as Inner<K, V>).children;
    node = children[children.length - 1]!;
  }
  const keys = (node as Leaf<K, V>).keys;
  return keys[keys.length - 1];
}
