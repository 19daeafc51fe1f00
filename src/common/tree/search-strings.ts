/**
 * src/common/tree/search-strings.ts — the descents of index trees whose keys are headed by strings (CHAR
 * keys, document paths holding strings) under a comparator marked with `withStringHeads`: binary searches
 * that order two keys by their head strings inline and call the comparator only when the heads are equal
 * or not both strings.
 *
 * 1. A comparator marked by `withStringHeads` promises: two keys whose heads are strings that differ are
 *    ordered as `<` orders those strings (code-unit order). The head of a key is as in search-numbers.ts
 *    invariant 3: an array key's first element, any other key itself.
 * 2. Every answer is the one the generic searches in search.ts give: the inline test only replaces a
 *    comparator call whose result the promise fixes.
 * 3. Separate functions from the generic and number searches (search.ts invariant 2), so their load sites
 *    see string-headed keys only.
 */
import type { Comparator } from './btree';
import type { Inner, Leaf, Node } from './node';

/** A comparator carrying the promise of invariant 1. */
interface StringHeadsComparator<K> extends Comparator<K> {
  readonly stringHeads?: true;
}

/** Marks `compare` as keeping invariant 1, so seeks and lookups by string-headed keys take the paths below. */
export function withStringHeads<K>(compare: Comparator<K>): Comparator<K> {
  Object.defineProperty(compare, 'stringHeads', { value: true, enumerable: false });
  return compare;
}

/** The head of `key` when `compare` keeps invariant 1 and the head is a string, else undefined. */
export function stringHeadOf<K>(compare: Comparator<K>, key: K): string | undefined {
  if ((compare as StringHeadsComparator<K>).stringHeads !== true) return undefined;
  const h: unknown = Array.isArray(key) ? (key as readonly unknown[])[0] : key;
  return typeof h === 'string' ? h : undefined;
}

/**
 * First index of ascending `keys` whose key is > `key` (`strict`) or >= `key` (not `strict`), `s` being the
 * head string of `key` (invariant 2).
 */
export function boundStringHead<K>(keys: readonly K[], key: K, s: string, compare: Comparator<K>, strict: boolean): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const probe = keys[mid]!;
    const h: unknown = Array.isArray(probe) ? (probe as readonly unknown[])[0] : probe;
    let c: number;
    if (typeof h === 'string' && h !== s) c = h < s ? -1 : 1;
    else c = compare(probe, key);
    if (strict ? c <= 0 : c < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `lookup` (search.ts) for a key whose head is the string `s` under a comparator keeping invariant 1. */
export function lookupStringHead<K, V>(root: Node<K, V>, height: number, key: K, s: string, compare: Comparator<K>): V | undefined {
  let node = root;
  for (let h = height; h > 0; h--) {
    const inner = node as Inner<K, V>;
    node = inner.children[boundStringHead(inner.keys, key, s, compare, true)]!;
  }
  const leaf = node as Leaf<K, V>;
  const ks = leaf.keys;
  const i = boundStringHead(ks, key, s, compare, false);
  return i < ks.length && compare(ks[i]!, key) === 0 ? leaf.values[i] : undefined;
}
