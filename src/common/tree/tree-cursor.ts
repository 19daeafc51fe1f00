/**
 * src/common/tree/tree-cursor.ts — `TreeCursor`, a forward cursor over a tree's entries that allocates
 * nothing per entry: the scan loop of table rowsets, where `entries()`/`values()` would allocate an
 * iterator result (and for entries a pair) per row.
 *
 * 1. `advance()` moves to the next entry and returns false at the end; after a true `advance()`, `key` and
 *    `value` hold that entry. Before the first `advance()` and after the end they are unspecified.
 * 2. Like `TreeIterator` it reads the tree version it was made from, however the tree is changed afterwards,
 *    and crosses leaves with the same path frames (one frame allocated per leaf crossing, none per entry).
 */
import { PathFrame, stepLeaf } from './bookmark';
import { BTree } from './btree';
import { keepShape } from '../shapes';
import type { Inner, Leaf } from './node';

/** A forward, allocation-free cursor over the entries of a tree in ascending key order. */
export class TreeCursor<K, V> {
  /** the key of the current entry (invariant 1) */
  key: K;
  /** the value of the current entry (invariant 1) */
  value: V;
  private keys: readonly K[];
  private values: readonly V[];
  private index = -1;
  private frame: PathFrame<K, V> | null = null;
  private done = false;

  /** A cursor before the first entry of `tree`. */
  constructor(tree: BTree<K, V>) {
    let node = tree.root;
    for (let h = tree.height; h > 0; h--) {
      const inner = node as Inner<K, V>;
      this.frame = new PathFrame(inner, 0, this.frame);
      node = inner.children[0]!;
    }
    const leaf = node as Leaf<K, V>;
    this.keys = leaf.keys;
    this.values = leaf.values;
    this.key = undefined as K;
    this.value = undefined as V;
  }

  /** Moves to the next entry; false (and stays at the end) when there is none. */
  advance(): boolean {
    let i = this.index + 1;
    if (i >= this.keys.length) {
      if (this.done) return false;
      const f = stepLeaf(this.frame, true);
      if (f === null) {
        this.done = true;
        return false;
      }
      this.frame = f;
      const leaf = f.node.children[f.index] as Leaf<K, V>;
      this.keys = leaf.keys;
      this.values = leaf.values;
      i = 0;
    }
    this.index = i;
    this.key = this.keys[i]!;
    this.value = this.values[i]!;
    return true;
  }
}

// a cursor lives for one scan (shapes.ts)
keepShape(() => new TreeCursor(BTree.empty<number, number>((a, b) => a - b)));
