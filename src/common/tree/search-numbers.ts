/**
 * src/common/tree/search-numbers.ts — the point lookups of `BTree.get` for number keys (`compareNumbers`
 * trees: row ids, positions) and for array keys headed by a number (index trees whose comparator is
 * marked with `withNumberHeads`): interpolation search inside each node, in functions of their own.
 *
 * 1. Within a node the first probe is where the key would sit if the node's keys were evenly spaced
 *    between its first and last key (row ids and integer keys nearly are), then its neighbour; if neither
 *    brackets the answer, an ordinary binary search runs over the half the probes left. So a lookup costs
 *    about two probes per node on evenly spaced keys, and never more than a binary search plus two.
 * 2. The probe position only steers the search: every answer is proven by comparisons, so any key
 *    distribution (duplicate heads, huge gaps, ±Infinity, mixed value kinds) gives the same result as
 *    `lookup` in search.ts.
 * 3. A comparator marked by `withNumberHeads` promises: two keys whose heads are numbers that differ (by
 *    `<`) are ordered by those numbers. The head of an array key is its first element; a key that is not an
 *    array is its own head (index trees store a unique single-column key as the value itself,
 *    table-index.ts invariant 5). Keys with equal or non-number heads are compared with the comparator.
 * 4. These are separate functions from the generic search (search.ts invariant 2): their call and element
 *    load sites only ever see one kind of key, so they stay monomorphic in a process that uses every kind.
 * 5. A lookup's descent carries the separators around each child (every key of child i is >= keys[i-1] and
 *    < keys[i], node.ts invariant 2), and the child's first probe is placed between them, so it reads one
 *    place of the child's keys instead of also its first and last key: in a tree the caches do not hold,
 *    that is one wait for memory per node instead of two in a row. A child at the tree's left or right edge
 *    has no separator on that side and probes from its own first and last key (invariant 1).
 * 6. A frozen leaf never changes (node.ts invariant 4), and the leaves hold the keys in order, each a run of
 *    them (node.ts invariants 1 and 2): a key between a leaf's first and last key is in that leaf or nowhere.
 *    `NumberFollower` keeps the last leaf it reached on that promise, for one frozen tree.
 */
import type { Comparator } from './btree';
import { compareNumbers } from './compare-numbers';
import type { Inner, Leaf, Node } from './node';
import { lookup } from './search';
import { lookupStringHead, stringHeadOf } from './search-strings';

/**
 * The point lookup of `BTree.get` and `TreeBuilder.get`: number keys and number-headed array keys take the
 * interpolating paths below, string-headed keys under a `withStringHeads` comparator search-strings.ts's,
 * every other key the generic `lookup` (search.ts).
 */
export function pointLookup<K, V>(root: Node<K, V>, height: number, key: K, compare: Comparator<K>): V | undefined {
  if ((compare as unknown) === compareNumbers) {
    return lookupNumber(root as unknown as Node<number, V>, height, key as unknown as number);
  }
  if (numberHeaded(compare, key)) return lookupNumberHead(root, height, key, compare);
  const s = stringHeadOf(compare, key);
  if (s !== undefined) return lookupStringHead(root, height, key, s, compare);
  return lookup(root, height, key, compare);
}

/** A comparator carrying the promise of invariant 3. */
interface NumberHeadsComparator<K> extends Comparator<K> {
  readonly numberHeads?: true;
}

/** Marks `compare` as keeping invariant 3, so `BTree.get` takes the number-head path; returns it. */
export function withNumberHeads<K>(compare: Comparator<K>): Comparator<K> {
  Object.defineProperty(compare, 'numberHeads', { value: true, enumerable: false });
  return compare;
}

/** The head of a key (invariant 3): a number key is its own head; an array key's is its first element. */
function headOf(key: unknown): unknown {
  return typeof key === 'number' ? key : Array.isArray(key) ? (key as readonly unknown[])[0] : undefined;
}

/** True when `compare` was marked by `withNumberHeads` and `key` is headed by a number. */
export function numberHeaded<K>(compare: Comparator<K>, key: K): boolean {
  return (compare as NumberHeadsComparator<K>).numberHeads === true && typeof headOf(key) === 'number';
}

/** Where `k` would sit among `n` keys spread evenly from `a` to `b` (a < k < b), as a probe in [1, n - 2]. */
function probeAt(n: number, a: number, b: number, k: number): number {
  const g = ((k - a) / (b - a)) * (n - 1);
  if (!(g >= 1)) return 1;
  if (g >= n - 2) return n - 2;
  return Math.floor(g);
}

/**
 * Where `k` would sit among `n` keys spread evenly over [low, high) — the separators around the node in its
 * parent (invariant 5) — as a probe in [0, n - 1].
 */
function probeWithin(n: number, low: number, high: number, k: number): number {
  const g = ((k - low) / (high - low)) * n;
  if (!(g >= 0)) return 0;
  if (g >= n - 1) return n - 1;
  return Math.floor(g);
}

/**
 * First index of ascending `ks` with `ks[i] > k` (`strict`) or `ks[i] >= k` (not `strict`); invariant 1.
 * `low` and `high`, when given, are the parent's separators around this node (invariant 5).
 */
export function boundNumber(ks: readonly number[], k: number, strict: boolean, low = Number.NaN, high = Number.NaN): number {
  const n = ks.length;
  let lo = 0;
  let hi = n;
  if (n > 3) {
    if (low < k && k < high) {
      // the first probe from the parent's separators, without reading this node's ends
      const p = probeWithin(n, low, high, k);
      const vp = ks[p]!;
      if (strict ? vp > k : vp >= k) {
        if (p === 0) return 0;
        const vq = ks[p - 1]!;
        if (strict ? vq <= k : vq < k) return p;
        hi = p - 1;
      } else {
        if (p === n - 1) return n;
        const vq = ks[p + 1]!;
        if (strict ? vq > k : vq >= k) return p + 1;
        lo = p + 2;
      }
    } else {
      const a = ks[0]!;
      const b = ks[n - 1]!;
      if (a < k && k < b) {
        // the answer is in [1, n - 1]; probe p and its neighbour
        const p = probeAt(n, a, b, k);
        const vp = ks[p]!;
        if (strict ? vp > k : vp >= k) {
          const vq = ks[p - 1]!;
          if (strict ? vq <= k : vq < k) return p;
          lo = 1;
          hi = p - 1;
        } else {
          const vq = ks[p + 1]!;
          if (strict ? vq > k : vq >= k) return p + 1;
          lo = p + 2;
          hi = n - 1;
        }
      }
    }
  }
  if (strict) {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ks[mid]! <= k) lo = mid + 1;
      else hi = mid;
    }
  } else {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ks[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
  }
  return lo;
}

/**
 * The separators around the leaf the last `numberLeaf` reached (invariant 5), for the leaf's first probe: in a
 * typed array, which holds doubles unboxed (a module variable would box each one, a heap number per lookup).
 */
const SEPARATORS = new Float64Array(2);

/** The leaf of a `compareNumbers` tree where `key` is or would be; its separators in `SEPARATORS`. */
function numberLeaf<V>(root: Node<number, V>, height: number, key: number): Leaf<number, V> {
  let node = root;
  let low = Number.NaN;
  let high = Number.NaN;
  for (let h = height; h > 0; h--) {
    const inner = node as Inner<number, V>;
    const seps = inner.keys;
    const c = boundNumber(seps, key, true, low, high);
    // the child's separators, for its first probe (invariant 5); at an edge, the child reads its own ends
    low = c > 0 ? seps[c - 1]! : Number.NaN;
    high = c < seps.length ? seps[c]! : Number.NaN;
    node = inner.children[c]!;
  }
  SEPARATORS[0] = low;
  SEPARATORS[1] = high;
  return node as Leaf<number, V>;
}

/** `lookup` for a tree ordered by `compareNumbers`. */
export function lookupNumber<V>(root: Node<number, V>, height: number, key: number): V | undefined {
  const leaf = numberLeaf(root, height, key);
  const ks = leaf.keys;
  const i = boundNumber(ks, key, false, SEPARATORS[0], SEPARATORS[1]);
  return i < ks.length && ks[i] === key ? leaf.values[i] : undefined;
}

/**
 * Point lookups in one frozen `compareNumbers` tree that remember the leaf the last one reached (invariant 6):
 * a key between that leaf's first and last key can only be in it, so keys that come in order (the row ids of
 * an index range, ascending or descending) mostly search one leaf instead of descending from the root.
 */
export class NumberFollower<V> {
  private leaf: Leaf<number, V> | null = null;

  constructor(
    private readonly root: Node<number, V>,
    private readonly height: number,
  ) {}

  get(key: number): V | undefined {
    let leaf = this.leaf;
    let low = Number.NaN;
    let high = Number.NaN;
    if (leaf !== null) {
      const ks = leaf.keys;
      if (!(ks[0]! <= key && key <= ks[ks.length - 1]!)) leaf = null;
    }
    if (leaf === null) {
      leaf = this.leaf = numberLeaf(this.root, this.height, key);
      low = SEPARATORS[0]!;
      high = SEPARATORS[1]!;
    }
    const ks = leaf.keys;
    const i = boundNumber(ks, key, false, low, high);
    return i < ks.length && ks[i] === key ? leaf.values[i] : undefined;
  }
}

/** The sign of `probe` against `key` (head `k`), by the heads alone when invariant 3 allows. */
function headOrder<K>(probe: K, key: K, k: number, compare: Comparator<K>): number {
  const h = headOf(probe);
  if (typeof h === 'number') {
    if (h < k) return -1;
    if (h > k) return 1;
  }
  return compare(probe, key);
}

/** The head of `key` when it is a number, else NaN (no probe position can be computed from it). */
function numberHead<K>(key: K): number {
  const h = headOf(key);
  return typeof h === 'number' ? h : Number.NaN;
}

/**
 * `boundNumber` over keys headed by numbers (invariant 3): `strict` = first key > `key`. `low` and `high`,
 * when given, are the heads of the parent's separators around this node (invariant 5).
 */
export function boundNumberHead<K>(keys: readonly K[], key: K, k: number, compare: Comparator<K>, strict: boolean, low = Number.NaN, high = Number.NaN): number {
  const n = keys.length;
  let lo = 0;
  let hi = n;
  if (n > 3 && low < k && k < high) {
    const p = probeWithin(n, low, high, k);
    const cp = headOrder(keys[p]!, key, k, compare);
    if (strict ? cp > 0 : cp >= 0) {
      if (p === 0) return 0;
      const cq = headOrder(keys[p - 1]!, key, k, compare);
      if (strict ? cq <= 0 : cq < 0) return p;
      hi = p - 1;
    } else {
      if (p === n - 1) return n;
      const cq = headOrder(keys[p + 1]!, key, k, compare);
      if (strict ? cq > 0 : cq >= 0) return p + 1;
      lo = p + 2;
    }
  } else if (n > 3) {
    const a = numberHead(keys[0]!);
    const b = numberHead(keys[n - 1]!);
    if (a < k && k < b) {
      const p = probeAt(n, a, b, k);
      const cp = headOrder(keys[p]!, key, k, compare);
      if (strict ? cp > 0 : cp >= 0) {
        const cq = headOrder(keys[p - 1]!, key, k, compare);
        if (strict ? cq <= 0 : cq < 0) return p;
        lo = 1;
        hi = p - 1;
      } else {
        const cq = headOrder(keys[p + 1]!, key, k, compare);
        if (strict ? cq > 0 : cq >= 0) return p + 1;
        lo = p + 2;
        hi = n - 1;
      }
    }
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = headOrder(keys[mid]!, key, k, compare);
    if (strict ? c <= 0 : c < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `lookup` for a tree whose comparator keeps invariant 3, with a key headed by a number. */
export function lookupNumberHead<K, V>(root: Node<K, V>, height: number, key: K, compare: Comparator<K>): V | undefined {
  const k = headOf(key) as number;
  let node = root;
  let low = Number.NaN;
  let high = Number.NaN;
  for (let h = height; h > 0; h--) {
    const inner = node as Inner<K, V>;
    const seps = inner.keys;
    const c = boundNumberHead(seps, key, k, compare, true, low, high);
    // the heads of the child's separators, for its first probe (invariant 5)
    low = c > 0 ? numberHead(seps[c - 1]!) : Number.NaN;
    high = c < seps.length ? numberHead(seps[c]!) : Number.NaN;
    node = inner.children[c]!;
  }
  const leaf = node as Leaf<K, V>;
  const ks = leaf.keys;
  const i = boundNumberHead(ks, key, k, compare, false, low, high);
  return i < ks.length && compare(ks[i]!, key) === 0 ? leaf.values[i] : undefined;
}
