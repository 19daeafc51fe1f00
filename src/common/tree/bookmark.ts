/**
 * src/common/tree/bookmark.ts — an immutable cursor position in one version of a `BTree`, and the
 * descents that make one (by key, by position, first, last).
 *
 * 1. A bookmark holds its leaf, the index in it and the path of (inner node, child index) frames up to
 *    the root; frames are immutable and shared, so `next()`/`previous()` inside a leaf allocate only the
 *    new bookmark, and crossing into a neighbouring leaf allocates only the frames that change.
 * 2. `position` is the entry's 0-based rank in the tree, kept exactly as the bookmark moves.
 * 3. A bookmark reads the tree version it came from; later `set`/`delete` calls never change it.
 * 4. A `Walker` starts at a bookmark and moves itself, for a scan that reads each entry once (an index range):
 *    `next()` makes a new bookmark per entry. It reads the same version as the bookmark it started from.
 */
import type { Comparator } from './btree';
import { keepShape } from '../shapes';
import { Leaf, type Inner, type Node } from './node';
import { childAt, lowerBound, upperBound } from './search';
import { boundStringNode, codedHeadIs, stringHeadOf } from './search-strings';

/** One step of a bookmark's path: `node.children[index]` is the next node down. @internal */
export class PathFrame<K, V> {
  constructor(
    readonly node: Inner<K, V>,
    readonly index: number,
    readonly parent: PathFrame<K, V> | null,
  ) {}
}

/** An entry of a tree together with the means to step to its neighbours. */
export class Bookmark<K, V> {
  readonly key: K;
  readonly value: V;

  /** @internal */
  constructor(
    /** @internal */ readonly leaf: Leaf<K, V>,
    /** @internal */ readonly index: number,
    /** @internal */ readonly frame: PathFrame<K, V> | null,
    /** 0-based rank of this entry in the tree. */
    readonly position: number,
  ) {
    this.key = leaf.keys[index] as K;
    this.value = leaf.values[index] as V;
  }

  /** The entry after this one, or null at the end. */
  next(): Bookmark<K, V> | null {
    const i = this.index + 1;
    if (i < this.leaf.keys.length) return new Bookmark(this.leaf, i, this.frame, this.position + 1);
    const f = stepLeaf(this.frame, true);
    return f === null ? null : new Bookmark(f.node.children[f.index] as Leaf<K, V>, 0, f, this.position + 1);
  }

  /**
   * Whether this entry's key has the head `s` (search-strings.ts invariant 1), told by its leaf's head codes
   * without reading the key: 1 yes, 0 no, -1 when the codes cannot tell (search-strings.ts invariant 5).
   */
  headIs(s: string): number {
    return codedHeadIs(this.leaf, this.index, s);
  }

  /** The entry before this one, or null at the start. */
  previous(): Bookmark<K, V> | null {
    if (this.index > 0) return new Bookmark(this.leaf, this.index - 1, this.frame, this.position - 1);
    const f = stepLeaf(this.frame, false);
    if (f === null) return null;
    const leaf = f.node.children[f.index] as Leaf<K, V>;
    return new Bookmark(leaf, leaf.keys.length - 1, f, this.position - 1);
  }
}

/**
 * A bookmark's place that moves (invariant 4): stepped forward or backward in place, allocating nothing per
 * entry and path frames only when it crosses into another leaf.
 */
export class Walker<K, V> {
  /** the entry's key and value (after a true `step`, the new entry's) */
  key: K;
  value: V;
  private leaf: Leaf<K, V>;
  private index: number;
  private frame: PathFrame<K, V> | null;

  /** A walker at `b`'s entry. */
  constructor(b: Bookmark<K, V>) {
    this.leaf = b.leaf;
    this.index = b.index;
    this.frame = b.frame;
    this.key = b.key;
    this.value = b.value;
  }

  /** Moves to the next entry (`forward`) or the one before; false, staying where it is, when there is none. */
  step(forward: boolean): boolean {
    let leaf = this.leaf;
    let i = forward ? this.index + 1 : this.index - 1;
    if (i < 0 || i >= leaf.keys.length) {
      const f = stepLeaf(this.frame, forward);
      if (f === null) return false;
      this.frame = f;
      leaf = this.leaf = f.node.children[f.index] as Leaf<K, V>;
      i = forward ? 0 : leaf.keys.length - 1;
    }
    this.index = i;
    this.key = leaf.keys[i] as K;
    this.value = leaf.values[i] as V;
    return true;
  }

  /** `Bookmark.headIs` of the entry the walker is at. */
  headIs(s: string): number {
    return codedHeadIs(this.leaf, this.index, s);
  }
}

/**
 * The path to the leaf after (`forward`) or before the leaf that `frame` leads to, or null when there
 * is none. The leaf is `result.node.children[result.index]`. @internal
 */
export function stepLeaf<K, V>(frame: PathFrame<K, V> | null, forward: boolean): PathFrame<K, V> | null {
  let f = frame;
  let depth = 0;
  while (f !== null && (forward ? f.index + 1 === f.node.children.length : f.index === 0)) {
    f = f.parent;
    depth++;
  }
  if (f === null) return null;
  let step = new PathFrame(f.node, forward ? f.index + 1 : f.index - 1, f.parent);
  for (; depth > 0; depth--) {
    const inner = step.node.children[step.index] as Inner<K, V>;
    step = new PathFrame(inner, forward ? 0 : inner.children.length - 1, step);
  }
  return step;
}

/** How `seekBookmark` picks its entry relative to the key. @internal */
export enum SeekMode {
  /** first entry >= key */
  AtOrAfter,
  /** first entry > key */
  After,
  /** last entry <= key */
  AtOrBefore,
  /** last entry < key */
  Before,
}

/** The bookmark `mode` picks for `key` in the tree rooted at `root`, or null when there is none. @internal */
export function seekBookmark<K, V>(
  root: Node<K, V>,
  height: number,
  key: K,
  compare: Comparator<K>,
  mode: SeekMode,
): Bookmark<K, V> | null {
  let node = root;
  let frame: PathFrame<K, V> | null = null;
  let position = 0;
  // string-headed index keys compare their heads inline (search-strings.ts)
  const s = stringHeadOf(compare, key);
  for (let h = height; h > 0; h--) {
    const inner = node as Inner<K, V>;
    const i = s === undefined ? upperBound(inner.keys, key, compare) : boundStringNode(inner, key, s, compare, true);
    if (i > 0) position += inner.ends[i - 1]!;
    frame = new PathFrame(inner, i, frame);
    node = inner.children[i]!;
  }
  const leaf = node as Leaf<K, V>;
  const upper = mode === SeekMode.After || mode === SeekMode.AtOrBefore;
  let i =
    s !== undefined
      ? boundStringNode(leaf, key, s, compare, upper)
      : upper
        ? upperBound(leaf.keys, key, compare)
        : lowerBound(leaf.keys, key, compare);
  if (mode === SeekMode.AtOrAfter || mode === SeekMode.After) {
    if (i < leaf.keys.length) return new Bookmark(leaf, i, frame, position + i);
    const f = stepLeaf(frame, true);
    return f === null ? null : new Bookmark(f.node.children[f.index] as Leaf<K, V>, 0, f, position + i);
  }
  i--;
  if (i >= 0) return new Bookmark(leaf, i, frame, position + i);
  const f = stepLeaf(frame, false);
  if (f === null) return null;
  const prev = f.node.children[f.index] as Leaf<K, V>;
  return new Bookmark(prev, prev.keys.length - 1, f, position - 1);
}

/** The bookmark of entry number `position` (0 <= position < tree size). @internal */
export function bookmarkAt<K, V>(root: Node<K, V>, height: number, position: number): Bookmark<K, V> {
  let node = root;
  let frame: PathFrame<K, V> | null = null;
  let rest = position;
  for (let h = height; h > 0; h--) {
    const inner = node as Inner<K, V>;
    const i = childAt(inner.ends, rest);
    if (i > 0) rest -= inner.ends[i - 1]!;
    frame = new PathFrame(inner, i, frame);
    node = inner.children[i]!;
  }
  return new Bookmark(node as Leaf<K, V>, rest, frame, position);
}

// Bookmarks, walkers and their frames live for one read (shapes.ts)
keepShape(() => new Bookmark(new Leaf<number, number>([0], [0], null), 0, new PathFrame<number, number>(null as never, 0, null), 0));
keepShape(() => new Walker(new Bookmark(new Leaf<number, number>([0], [0], null), 0, null, 0)));
