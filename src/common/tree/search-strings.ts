/**
 * src/common/tree/search-strings.ts — the descents of index trees whose keys are headed by strings (CHAR
 * keys, document paths holding strings) under a comparator marked with `withStringHeads`: binary searches
 * that order two keys by their head strings inline and call the comparator only when the heads are equal
 * or not both strings.
 *
 * 1. A comparator marked by `withStringHeads` promises: two keys whose heads are strings that differ are
 *    ordered as `<` orders those strings (code-unit order); and a one-value key (a key that is not an array,
 *    or an array of one element) is at or before every key with the same head, and equal to every other
 *    one-value key with that head. The head of a key is as in
 *    search-numbers.ts invariant 3: an array key's first element, any other key itself.
 * 2. Every answer is the one the generic searches in search.ts give: the inline test only replaces a
 *    comparator call whose result the promise fixes.
 * 3. Separate functions from the generic and number searches (search.ts invariant 2), so their load sites
 *    see string-headed keys only.
 * 4. Head codes: a frozen node (node.ts invariant 4) whose keys all have string heads gets, on its first
 *    search, `HeadCodes`: the heads' common prefix and, per key, a number that orders the next few code
 *    units after it (six of them in base 257 when they are all below 255, else three in base 65537; 0
 *    past a string's end). The search key's code is made the same way, its code units clamped to the
 *    largest a node's may hold plus one, so that a unit no key of the node has still orders after them.
 *    Codes order keys as their heads do, except that equal codes may hide different heads: a search is a
 *    binary search over the codes (one array of doubles, a few cache lines, where the keys are three
 *    dependent loads per probe — key array, head string, its characters), then the generic string test
 *    over the keys whose code equals the search key's, usually one or two. A search key that does not
 *    start with the prefix is below or above every key of the node. A node changed in place (owned by a
 *    live builder) has no codes; the codes remember the keys array they were made from. They are made on a
 *    node's second search, not its first: making them costs some 50 ns a key, which a node searched once
 *    (a path an autocommit write copied, about to be copied again) would never repay.
 * 5. Exact codes: when every head of a node ends within the units its codes hold (`HeadCodes.exact`, the
 *    prefix's length plus six narrow or three wide units), equal codes are equal heads for a search string
 *    that ends there too, and a longer search string equals no head. Then the codes alone say whether a key
 *    of the node has the head `s` (`codedHeadIs`), and a lower bound for a one-value key is the first key of
 *    its code (by invariant 1's second promise) — no key array, no string is read. Different codes are
 *    always different heads. A lookup by a one-value key in a leaf whose keys are all one-value keys
 *    (`HeadCodes.oneValued`) is then decided by the codes too.
 */
import type { Comparator } from './btree';
import { isFrozen, type Inner, type Leaf, type Node } from './node';

/** A comparator carrying the promises of invariant 1. */
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
export function boundStringHead<K>(
  keys: readonly K[],
  key: K,
  s: string,
  compare: Comparator<K>,
  strict: boolean,
  from = 0,
  to = keys.length,
): number {
  let lo = from;
  let hi = to;
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
    node = inner.children[boundStringNode(inner, key, s, compare, true)]!;
  }
  const leaf = node as Leaf<K, V>;
  const ks = leaf.keys;
  const i = boundStringNode(leaf, key, s, compare, false);
  if (i >= ks.length) return undefined;
  // a one-value key whose head the codes find in a leaf of one-value keys is found without reading it (5)
  const is = codedHeadIs(leaf, i, s);
  if (is === 0) return undefined;
  if (is === 1 && oneValue(key) && (leaf.heads as HeadCodes).oneValued) return leaf.values[i];
  return compare(ks[i]!, key) === 0 ? leaf.values[i] : undefined;
}

/** The head codes of one frozen node (invariant 4). */
export class HeadCodes {
  constructor(
    /** the keys array the codes were made from */
    readonly keys: readonly unknown[],
    /** the longest prefix every head has */
    readonly prefix: string,
    /** three code units in base 65537, not six in base 257 */
    readonly wide: boolean,
    readonly codes: readonly number[],
    /** the length up to which a head's code is exact, or -1 when some head is longer (invariant 5) */
    readonly exact: number,
    /** every key is a one-value key (invariant 1): a key with the head `s` is the key `s` */
    readonly oneValued: boolean,
  ) {}
}

/** What a node gets whose keys cannot be coded (a head that is not a string) or that is too small to gain. */
const NO_CODES = new HeadCodes([], '', false, [], -1, false);

/** What a frozen node gets on its first search: its codes are made on the second (invariant 4). */
const FIRST_SEARCH = new HeadCodes([], '', false, [], -1, false);

/**
 * The template the code arrays are cut from: an array of unboxed doubles, so the codes are too. (A
 * `Float64Array` of more than 64 bytes has its store outside the heap, which costs microseconds to make and to
 * free: an autocommit write makes new nodes, and the lookups after it make their codes.)
 */
const DOUBLES: readonly number[] = new Array<number>(256).fill(0.5);

/** Nodes with fewer keys than this are searched without codes: a few probes cost less than making them. */
const MIN_CODED = 8;

/**
 * Where `unitsCode` leaves its code: a double returned from a function that is not inlined is boxed, one
 * heap number per search of a node (about 140 bytes a zip lookup), and a typed array holds it unboxed.
 */
const CODE = new Float64Array(1);

/** `unitsCode`'s code, returned (where allocating does not matter: making a node's codes). */
function unitsCodeOf(s: string, from: number, wide: boolean, cap: number): number {
  unitsCode(s, from, wide, cap);
  return CODE[0]!;
}

/** The code of `s`'s units from `from` on (invariant 4), into `CODE[0]`; units above `cap` count as `cap + 1`. */
function unitsCode(s: string, from: number, wide: boolean, cap: number): void {
  const base = wide ? 65537 : 257;
  const k = wide ? 3 : 6;
  const n = s.length;
  let c = 0;
  for (let j = 0; j < k; j++) {
    const p = from + j;
    let d = 0;
    if (p < n) {
      const u = s.charCodeAt(p);
      d = (u > cap ? cap : u) + 1;
    }
    c = c * base + d;
  }
  CODE[0] = c;
}

/** The code of a search string `s` in the node whose codes are `hc` (whose prefix `s` has), into `CODE[0]`. */
function searchCode(hc: HeadCodes, s: string): void {
  unitsCode(s, hc.prefix.length, hc.wide, hc.wide ? 65535 : 255);
}

/** The head of a key (invariant 1), when it is a string. */
function stringHead(key: unknown): string | undefined {
  const h: unknown = Array.isArray(key) ? (key as readonly unknown[])[0] : key;
  return typeof h === 'string' ? h : undefined;
}

/**
 * The narrow code of `s`'s six units from `from` on (invariant 4), or -1 when one of them is 255 or above (the
 * node then needs wide codes).
 */
function narrowCode(s: string, from: number): number {
  const n = s.length;
  let c = 0;
  for (let p = from; p < from + 6; p++) {
    let d = 0;
    if (p < n) {
      const u = s.charCodeAt(p);
      if (u >= 255) return -1;
      d = u + 1;
    }
    c = c * 257 + d;
  }
  return c;
}

/** The codes of `keys` (ascending, invariant 1), or NO_CODES. */
export function headCodesOf(keys: readonly unknown[]): HeadCodes {
  const n = keys.length;
  if (n < MIN_CODED) return NO_CODES;
  const first = stringHead(keys[0]);
  const last = stringHead(keys[n - 1]);
  if (first === undefined || last === undefined) return NO_CODES;
  // the common prefix of sorted strings is that of the first and the last
  let p = 0;
  const m = Math.min(first.length, last.length);
  while (p < m && first.charCodeAt(p) === last.charCodeAt(p)) p++;
  const codes = n <= DOUBLES.length ? DOUBLES.slice(0, n) : new Array<number>(n).fill(0.5);
  // narrow codes in one pass; a unit of 255 or more anywhere makes them all wide
  let wide = false;
  let longest = 0;
  let oneValued = true;
  for (let i = 0; i < n; i++) {
    const h = stringHead(keys[i]);
    if (h === undefined) return NO_CODES;
    if (h.length > longest) longest = h.length;
    if (oneValued && !oneValue(keys[i])) oneValued = false;
    const c = narrowCode(h, p);
    if (c < 0) {
      wide = true;
      break;
    }
    codes[i] = c;
  }
  if (wide) {
    // the narrow pass stopped at the first wide unit: this one measures every head
    longest = 0;
    oneValued = true;
    for (let i = 0; i < n; i++) {
      const h = stringHead(keys[i]);
      if (h === undefined) return NO_CODES;
      if (h.length > longest) longest = h.length;
      if (oneValued && !oneValue(keys[i])) oneValued = false;
      codes[i] = unitsCodeOf(h, p, true, 65535);
    }
  }
  const exact = p + (wide ? 3 : 6);
  return new HeadCodes(keys, first.slice(0, p), wide, codes, longest <= exact ? exact : -1, oneValued);
}

/** True when `key` is a one-value key (invariant 1). */
function oneValue(key: unknown): boolean {
  return !Array.isArray(key) || key.length === 1;
}

/** `boundStringHead` over a node's keys, through its head codes when it has or can have them (invariant 4). */
export function boundStringNode<K, V>(node: Leaf<K, V> | Inner<K, V>, key: K, s: string, compare: Comparator<K>, strict: boolean): number {
  const keys = node.keys;
  let hc = node.heads;
  if (hc === null || hc === FIRST_SEARCH) {
    if (!isFrozen(node.owner)) return boundStringHead(keys, key, s, compare, strict);
    if (hc === null) {
      // a node searched once (a path an autocommit write has just copied, say) may never be searched again
      node.heads = FIRST_SEARCH;
      return boundStringHead(keys, key, s, compare, strict);
    }
    hc = node.heads = headCodesOf(keys);
  }
  const codes = hc.codes;
  const n = codes.length;
  if (n === 0 || hc.keys !== keys || n !== keys.length) return boundStringHead(keys, key, s, compare, strict);
  const prefix = hc.prefix;
  if (!s.startsWith(prefix)) return s < prefix ? 0 : n;
  searchCode(hc, s);
  const c = CODE[0]!;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (codes[mid]! < c) lo = mid + 1;
    else hi = mid;
  }
  if (lo === n || codes[lo] !== c) return lo;
  // every key from lo on with code c has the head s, and a one-value key is at or before them (invariant 5)
  if (!strict && s.length <= hc.exact && oneValue(key)) return lo;
  // the keys whose code is c: [lo, end)
  let end = n;
  for (let a = lo + 1; a < end; ) {
    const mid = (a + end) >>> 1;
    if (codes[mid] === c) a = mid + 1;
    else end = mid;
  }
  return boundStringHead(keys, key, s, compare, strict, lo, end);
}

/**
 * Whether the key at `index` of a leaf has the head `s`, by the leaf's head codes alone (invariant 5): 1 yes,
 * 0 no, -1 when the codes cannot tell (no codes, or a head or `s` longer than they hold).
 */
export function codedHeadIs<K, V>(leaf: Leaf<K, V>, index: number, s: string): number {
  const hc = leaf.heads;
  if (hc === null || hc.keys !== leaf.keys || hc.codes.length !== leaf.keys.length) return -1;
  const prefix = hc.prefix;
  if (!s.startsWith(prefix)) return 0;
  if (hc.exact >= 0 && s.length > hc.exact) return 0;
  searchCode(hc, s);
  if (hc.codes[index] !== CODE[0]) return 0;
  return s.length <= hc.exact ? 1 : -1;
}
