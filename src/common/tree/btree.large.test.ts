/**
 * src/common/tree/btree.large.test.ts — one million keys: bulk builds (fromSorted and builder), then random
 * persistent and in-place changes checked against a presence bitmap with a Fenwick tree for ranks.
 */
import { BTree } from './btree';
import { checkTree } from './check-tree';
import { compareNumbers } from './compare-numbers';

const N = 1_000_000;
/** Keys live in [0, SPACE): the tree starts with the even ones. */
const SPACE = 2 * N;

/** Deterministic pseudo-random integers in [0, n). */
function randomInts(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

/** Which keys are present, with prefix counts for rank (a Fenwick tree). */
class KeySet {
  readonly present = new Uint8Array(SPACE);
  private readonly fenwick = new Int32Array(SPACE + 1);
  size = 0;

  add(k: number): void {
    if (this.present[k]) return;
    this.present[k] = 1;
    this.size++;
    for (let i = k + 1; i <= SPACE; i += i & -i) this.fenwick[i]!++;
  }

  remove(k: number): void {
    if (!this.present[k]) return;
    this.present[k] = 0;
    this.size--;
    for (let i = k + 1; i <= SPACE; i += i & -i) this.fenwick[i]!--;
  }

  /** The number of present keys < k. */
  rank(k: number): number {
    let sum = 0;
    for (let i = Math.min(k, SPACE); i > 0; i -= i & -i) sum += this.fenwick[i]!;
    return sum;
  }
}

function* evenEntries(): Generator<[number, number]> {
  for (let i = 0; i < N; i++) yield [2 * i, i];
}

/** Compares a tree with the key set: size, every entry in order, and sampled rank/at/get. */
function checkAgainst(tree: BTree<number, number>, keys: KeySet, valueOf: (k: number) => number): void {
  expect(tree.size).toBe(keys.size);
  let k = 0;
  let bad = 0;
  for (const [key, value] of tree) {
    while (k < SPACE && !keys.present[k]) k++;
    if (key !== k || value !== valueOf(k)) bad++;
    k++;
  }
  while (k < SPACE && !keys.present[k]) k++;
  expect(bad).toBe(0);
  expect(k).toBe(SPACE);
  const rnd = randomInts(99);
  for (let i = 0; i < 2000; i++) {
    const probe = rnd(SPACE + 10) - 5;
    const rank = keys.rank(Math.max(probe, 0));
    if (tree.rank(probe) !== rank) bad++;
    const b = tree.at(rank);
    const expected = tree.seek(probe);
    if ((b?.key ?? null) !== (expected?.key ?? null) || (b !== null && b.position !== rank)) bad++;
    if (probe >= 0 && probe < SPACE && (tree.get(probe) !== undefined) !== (keys.present[probe] === 1)) bad++;
  }
  expect(bad).toBe(0);
}

describe('a tree of 1,000,000 keys', () => {
  let sorted: BTree<number, number>;
  let built: BTree<number, number>;
  const evens = new KeySet();
  for (let k = 0; k < SPACE; k += 2) evens.add(k);
  /** value = half the key for the original keys; changed keys get -key. */
  const original = (k: number): number => k / 2;

  it('bulk builds with fromSorted', () => {
    sorted = BTree.fromSorted(compareNumbers, evenEntries());
    checkTree(sorted);
    checkAgainst(sorted, evens, original);
  });

  it('bulk builds with a builder, to the same entries', () => {
    const b = BTree.empty<number, number>(compareNumbers).builder();
    for (let i = 0; i < N; i++) b.set(2 * i, i);
    built = b.build();
    checkTree(built);
    const a = sorted.entries();
    let same = 0;
    for (const [k, v] of built) {
      const e = a.next().value as [number, number];
      if (e[0] === k && e[1] === v) same++;
    }
    expect(same).toBe(N);
  });

  it('takes 100,000 random persistent sets and deletes, and the original is untouched', () => {
    const keys = new KeySet();
    for (let k = 0; k < SPACE; k += 2) keys.add(k);
    const changed = new Map<number, number>();
    const rnd = randomInts(1);
    let t = sorted;
    for (let i = 0; i < 100_000; i++) {
      const k = rnd(SPACE);
      if (rnd(3) === 0) {
        t = t.delete(k);
        keys.remove(k);
      } else {
        t = t.set(k, -k);
        keys.add(k);
        changed.set(k, -k);
      }
    }
    checkTree(t);
    checkAgainst(t, keys, (k) => changed.get(k) ?? original(k));
    let back = 0;
    for (let b = t.last(); b !== null; b = b.previous()) back++;
    expect(back).toBe(keys.size);
    checkAgainst(sorted, evens, original);
  });

  it('takes 300,000 random in-place changes through a builder, and the tree it came from is untouched', () => {
    const keys = new KeySet();
    for (let k = 0; k < SPACE; k += 2) keys.add(k);
    const changed = new Map<number, number>();
    const rnd = randomInts(2);
    const b = built.builder();
    for (let i = 0; i < 300_000; i++) {
      const k = rnd(SPACE);
      if (rnd(2) === 0) {
        b.delete(k);
        keys.remove(k);
      } else {
        b.set(k, -k);
        keys.add(k);
        changed.set(k, -k);
      }
    }
    expect(b.size).toBe(keys.size);
    const t = b.build();
    checkTree(t);
    checkAgainst(t, keys, (k) => changed.get(k) ?? original(k));
    checkAgainst(built, evens, original);
  });
});
