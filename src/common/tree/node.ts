/**
 * src/common/tree/node.ts — the two node classes of the B+-tree, the fan-out constants, and the
 * copy-on-write rule shared by the persistent operations and the builder.
 *
 * 1. A `Leaf` holds parallel arrays `keys[i] → values[i]`, strictly ascending by the tree's comparator.
 * 2. An `Inner` node holds `children` (all of the same height), `keys` with one separator fewer than
 *    children, and `ends`, the cumulative entry counts: `ends[i]` = entries in children 0..i, so the
 *    node's size is `ends[last]`. Every key in child i is `>= keys[i-1]` and `< keys[i]`.
 * 3. Every non-root leaf has at least 1 entry and every non-root inner node at least 2 children; no node
 *    exceeds `MAX_LEAF` entries / `MAX_CHILDREN` children. All leaves are at the same depth.
 * 4. Ownership: a node whose `owner` is null is frozen forever and may share its arrays with other frozen
 *    nodes. A node whose `owner` is a builder's live `Owner` token owns its arrays outright and may be
 *    mutated in place by that builder only; its ancestors in that builder's tree are owned too.
 *    A builder that hands its tree out (`build()`) takes a fresh token, so old owned nodes freeze.
 * 5. `heads` is derived from a frozen node's keys by its searches with string-headed keys (a marker on the
 *    first, the codes on the second: search-strings.ts invariant 4) and never changes after; it is null in
 *    owned nodes. A frozen copy
 *    that shares its source's keys array (a persistent write's path copy) shares its codes as well: an
 *    autocommit write copies the nodes on its path, and the next lookup would otherwise make them again.
 * 6. A leaf may be lazy (`Leaf.lazy`): frozen, its keys present, its values made by a source the first time
 *    `values` is read (a checkpoint's rows are decoded leaf by leaf, on first use: checkpoint.ts). Reading
 *    `values` is the only way to them, so a lazy leaf behaves as any other; the source is dropped once it
 *    has run, and with it whatever it held. Until then `lazySource` shows it (a checkpoint writer copies the
 *    bytes of rows nobody has read).
 */
import { assert } from '../assert';
import type { HeadCodes } from './search-strings';

/** Most entries a leaf holds (measured: see README.md "Fan-out"). */
export const MAX_LEAF = 64;
/** A leaf with fewer entries than this after a delete is merged with or topped up from a sibling. */
export const MIN_LEAF = MAX_LEAF >> 2;
/** Most children an inner node holds. */
export const MAX_CHILDREN = 32;
/** An inner node with fewer children than this after a delete is merged with or topped up from a sibling
 *  (at least 2, so that invariant 3 holds). */
export const MIN_CHILDREN = Math.max(2, MAX_CHILDREN >> 2);

/** The identity of one builder's editing session; nodes carrying it may be mutated in place by it. */
export class Owner {
  /** False once the builder has handed its tree out: the nodes carrying this token are frozen (invariant 4). */
  live = true;
}

/** True when no builder may change `node` any more (invariant 4). */
export function isFrozen(owner: Owner | null): boolean {
  return owner === null || !owner.live;
}

/** What makes the values of a lazy leaf (invariant 6); its owner may read more from it than `load`. */
export interface LazyValues<V> {
  load(): V[];
}

/** A leaf: parallel key and value arrays. */
export class Leaf<K, V> {
  /** The codes of a frozen node's string heads, made by its string-headed searches (invariant 5). */
  heads: HeadCodes | null = null;
  /** The values; null until `load` has made them (invariant 6). */
  private vals: V[] | null;
  /** What makes the values of a leaf loaded lazily; null once they exist (invariant 6). */
  private source: LazyValues<V> | null = null;

  constructor(
    public keys: K[],
    values: V[],
    public owner: Owner | null,
  ) {
    this.vals = values;
  }

  /** A frozen leaf whose values `source` makes when they are first read (invariant 6). */
  static lazy<K, V>(keys: K[], source: LazyValues<V>): Leaf<K, V> {
    const leaf = new Leaf<K, V>(keys, [], null);
    leaf.vals = null;
    leaf.source = source;
    return leaf;
  }

  get values(): V[] {
    const v = this.vals;
    return v !== null ? v : this.loadValues();
  }

  set values(values: V[]) {
    this.vals = values;
    this.source = null;
  }

  /** True while the values have not been made (invariant 6). */
  get isLazy(): boolean {
    return this.vals === null;
  }

  /** What will make the values while they have not been made, else null (invariant 6). */
  get lazySource(): LazyValues<V> | null {
    return this.source;
  }

  private loadValues(): V[] {
    const values = (this.source as LazyValues<V>).load();
    assert(values.length === this.keys.length, `a lazy leaf made ${values.length} values for ${this.keys.length} keys`);
    this.vals = values;
    this.source = null;
    return values;
  }
}

/** An inner node: separators, children and cumulative entry counts (invariant 2). */
export class Inner<K, V> {
  /** As `Leaf.heads`. */
  heads: HeadCodes | null = null;

  constructor(
    public keys: K[],
    public children: Node<K, V>[],
    public ends: number[],
    public owner: Owner | null,
  ) {}

  /** Entries in this subtree. */
  get size(): number {
    return this.ends[this.ends.length - 1]!;
  }
}

/** A node of either kind; the tree's height says which (height 0 = leaf). */
export type Node<K, V> = Leaf<K, V> | Inner<K, V>;

/** Entries under `node`, which has height `height`. */
export function nodeSize<K, V>(node: Node<K, V>, height: number): number {
  return height === 0 ? (node as Leaf<K, V>).keys.length : (node as Inner<K, V>).size;
}

/** `node` itself if `owner` may mutate it, else a copy that `owner` owns (arrays copied). */
export function editableLeaf<K, V>(leaf: Leaf<K, V>, owner: Owner | null): Leaf<K, V> {
  if (owner !== null && leaf.owner === owner) return leaf;
  return new Leaf(leaf.keys.slice(), leaf.values.slice(), owner);
}

/** `node` itself if `owner` may mutate it, else a copy that `owner` owns (arrays copied). */
export function editableInner<K, V>(node: Inner<K, V>, owner: Owner | null): Inner<K, V> {
  if (owner !== null && node.owner === owner) return node;
  return new Inner(node.keys.slice(), node.children.slice(), node.ends.slice(), owner);
}

/** Recomputes `ends[from..]` of an editable inner node from its children's sizes. */
export function recountFrom<K, V>(node: Inner<K, V>, from: number, childHeight: number): void {
  const { children, ends } = node;
  let total = from === 0 ? 0 : ends[from - 1]!;
  for (let i = from; i < children.length; i++) {
    total += nodeSize(children[i]!, childHeight);
    ends[i] = total;
  }
  ends.length = children.length;
}

/** Adds `delta` to `ends[from..]` in place. */
export function bumpEnds(ends: number[], from: number, delta: number): void {
  for (let j = from; j < ends.length; j++) ends[j] = ends[j]! + delta;
}

/**
 * `node` with child `i` replaced by `child` and `delta` entries more from `i` on: in place when owned,
 * else a copy sharing the arrays that did not change (separators always; ends when delta is 0).
 */
export function replaceChild<K, V>(
  node: Inner<K, V>,
  i: number,
  child: Node<K, V>,
  delta: number,
  owner: Owner | null,
): Inner<K, V> {
  if (owner !== null && node.owner === owner) {
    node.children[i] = child;
    if (delta !== 0) bumpEnds(node.ends, i, delta);
    return node;
  }
  const children = node.children.slice();
  children[i] = child;
  let ends = node.ends;
  if (delta !== 0 || owner !== null) {
    ends = ends.slice();
    if (delta !== 0) bumpEnds(ends, i, delta);
  }
  if (owner !== null) return new Inner(node.keys.slice(), children, ends, owner);
  // a frozen copy shares the separators, so it can share their codes too (invariant 5)
  const copy = new Inner(node.keys, children, ends, null);
  copy.heads = node.heads;
  return copy;
}

/**
 * A copy of `a` with `x` inserted at `i`, made by the array builtins (`slice`, then `push` or `splice`), which
 * keep `a`'s elements kind. Measured (decision 0040): an autocommit INSERT, whose commit copies the right-edge
 * leaf of two trees, was 13% faster than with a copy loop into `new Array(n + 1)`, whose stores see every
 * tree's kinds of key and value arrays. The copy has spare capacity (V8 grows an array by half plus 16).
 */
export function copyInsert<T>(a: readonly T[], i: number, x: T): T[] {
  const r = a.slice();
  if (i === r.length) r.push(x);
  else r.splice(i, 0, x);
  return r;
}

/** A copy of `a` without element `i`, made by the array builtins, as `copyInsert` makes its copies. */
export function copyRemove<T>(a: readonly T[], i: number): T[] {
  const r = a.slice();
  r.splice(i, 1);
  return r;
}
