/**
 * src/common/tree/tree-builder.ts — `TreeBuilder`, a transient B+-tree that changes in place, for bulk
 * loads and log replay, frozen into a `BTree` by `build()`.
 *
 * 1. Copy-on-write by ownership token (node.ts invariant 4): the builder starts from a frozen root; the
 *    first change to a node copies it (with its path) into nodes the builder owns, and later changes to
 *    owned nodes happen in place. The tree it started from is never disturbed.
 * 2. `build()` returns a `BTree` over the current nodes and gives the builder a fresh token, so the
 *    built tree's nodes are frozen from then on. The builder stays usable: later changes copy again and
 *    never affect any tree already built.
 */
import { BTree, type Comparator, lastKeyOf } from './btree';
import { keepShape } from '../shapes';
import { insertKey, lastInsert } from './insert';
import { type Node, Owner } from './node';
import { lastRemove, removeKey } from './remove';
import { contains } from './search';
import { pointLookup } from './search-numbers';

/** A mutable ordered map that nobody else can see, turned into a `BTree` by `build()`. */
export class TreeBuilder<K, V> {
  private owner = new Owner();

  /** @internal use `BTree.builder()` */
  constructor(
    readonly compare: Comparator<K>,
    private root: Node<K, V>,
    private height: number,
    private count: number,
  ) {}

  /** The number of entries. */
  get size(): number {
    return this.count;
  }

  /** The value stored under `key`, or undefined. */
  get(key: K): V | undefined {
    return pointLookup(this.root, this.height, key, this.compare);
  }

  /** Whether `key` is present. */
  has(key: K): boolean {
    return contains(this.root, this.height, key, this.compare);
  }

  /** The greatest key, or undefined when empty. */
  lastKey(): K | undefined {
    return lastKeyOf(this.root, this.height, this.count);
  }

  /** Inserts or replaces `key → value`. */
  set(key: K, value: V): void {
    this.root = insertKey(this.root, this.height, key, value, this.compare, this.owner);
    if (lastInsert.grew) this.height++;
    if (lastInsert.added) this.count++;
  }

  /** Removes `key` if present. */
  delete(key: K): void {
    const root = removeKey(this.root, this.height, key, this.compare, this.owner);
    if (root === null) return;
    this.root = root;
    if (lastRemove.shrank) this.height--;
    this.count--;
  }

  /** A `BTree` holding the current entries; later changes to this builder do not affect it (invariant 2). */
  build(): BTree<K, V> {
    this.owner.live = false;
    this.owner = new Owner();
    return new BTree(this.compare, this.root, this.height, this.count);
  }
}

// a builder and its owner live for one transaction's writes to a tree (shapes.ts)
keepShape(() => BTree.empty<number, number>((a, b) => a - b).builder());
keepShape(() => new Owner());
