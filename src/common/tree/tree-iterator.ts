/**
 * src/common/tree/tree-iterator.ts — the forward iterator behind `BTree.entries()`, `keys()` and `values()`.
 *
 * 1. It walks leaf by leaf with the same immutable path frames as bookmarks, but allocates no bookmark:
 *    per entry it costs one index increment (plus the `[k, v]` pair for `entries()`).
 * 2. It reads the tree version it was made from, however the tree is changed afterwards.
 */
import { unreachable } from '../assert';
import { PathFrame, stepLeaf } from './bookmark';
import type { Inner, Leaf, Node } from './node';

/** What each step yields. @internal */
export enum IterateWhat {
  Entries,
  Keys,
  Values,
}

/** Iterates a tree in ascending key order. @internal */
export class TreeIterator<K, V, T> implements IterableIterator<T> {
  private leaf: Leaf<K, V>;
  private index = 0;
  private frame: PathFrame<K, V> | null = null;

  constructor(
    root: Node<K, V>,
    height: number,
    private readonly what: IterateWhat,
  ) {
    let node = root;
    for (let h = height; h > 0; h--) {
      const inner = node as Inner<K, V>;
      this.frame = new PathFrame(inner, 0, this.frame);
      node = inner.children[0]!;
    }
    this.leaf = node as Leaf<K, V>;
  }

  next(): IteratorResult<T> {
    let leaf = this.leaf;
    let i = this.index;
    if (i >= leaf.keys.length) {
      const f = stepLeaf(this.frame, true);
      if (f === null) return { done: true, value: undefined };
      this.frame = f;
      leaf = this.leaf = f.node.children[f.index] as Leaf<K, V>;
      i = 0;
    }
    this.index = i + 1;
    switch (this.what) {
      case IterateWhat.Entries:
        return { done: false, value: [leaf.keys[i], leaf.values[i]] as T };
      case IterateWhat.Keys:
        return { done: false, value: leaf.keys[i] as T };
      case IterateWhat.Values:
        return { done: false, value: leaf.values[i] as T };
      default:
        return unreachable(this.what, 'iteration kind');
    }
  }

  [Symbol.iterator](): this {
    return this;
  }
}
