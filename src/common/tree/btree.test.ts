/** src/common/tree/btree.test.ts — example-based tests of every `BTree` method, on small and multi-level trees. */
import { InternalError } from '../errors';
import { compareKeys, Decimal, type Value } from '../values/value';
import { BTree, type Comparator } from './btree';
import { checkTree } from './check-tree';
import { compareNumbers } from './compare-numbers';
import { MAX_LEAF } from './node';

/** A number comparator that is not `compareNumbers`, so the generic search loop is used. */
const genericNumbers: Comparator<number> = (a, b) => a - b;

function range(from: number, to: number, step = 1): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i += step) out.push(i);
  return out;
}

/** A tree of the even numbers 0, 2, … 2(n-1), each mapped to its string. */
function evens(n: number, compare: Comparator<number> = compareNumbers): BTree<number, string> {
  let t = BTree.empty<number, string>(compare);
  for (const k of range(0, 2 * n, 2)) t = t.set(k, `v${k}`);
  checkTree(t);
  return t;
}

describe.each([
  ['compareNumbers', compareNumbers],
  ['a generic comparator', genericNumbers],
])('BTree with %s', (_name, compare) => {
  describe('empty tree', () => {
    const t = BTree.empty<number, string>(compare);
    it('has nothing in it', () => {
      expect(t.size).toBe(0);
      expect(t.get(1)).toBeUndefined();
      expect(t.has(1)).toBe(false);
      expect(t.first()).toBeNull();
      expect(t.last()).toBeNull();
      expect(t.seek(0)).toBeNull();
      expect(t.seekAfter(0)).toBeNull();
      expect(t.seekLast(0)).toBeNull();
      expect(t.seekBefore(0)).toBeNull();
      expect(t.at(0)).toBeNull();
      expect(t.at(-1)).toBeNull();
      expect(t.rank(5)).toBe(0);
      expect([...t]).toEqual([]);
      expect([...t.keys()]).toEqual([]);
      expect([...t.values()]).toEqual([]);
      checkTree(t);
    });
    it('returns itself when deleting an absent key', () => {
      expect(t.delete(3)).toBe(t);
    });
    it('keeps its comparator', () => {
      expect(t.compare).toBe(compare);
    });
  });

  describe('get / has / set', () => {
    it('inserts, replaces and keeps the old version', () => {
      const t0 = BTree.empty<number, string>(compare);
      const t1 = t0.set(5, 'five');
      const t2 = t1.set(5, 'FIVE');
      expect(t0.size).toBe(0);
      expect(t1.get(5)).toBe('five');
      expect(t2.get(5)).toBe('FIVE');
      expect(t2.size).toBe(1);
      expect(t1.has(5)).toBe(true);
      expect(t1.has(6)).toBe(false);
    });
    it('returns itself when the key already holds the same value', () => {
      const t = BTree.empty<number, string>(compare).set(1, 'a');
      expect(t.set(1, 'a')).toBe(t);
    });
    it('distinguishes a key holding undefined from an absent key', () => {
      const t = BTree.empty<number, string | undefined>(compare).set(1, undefined);
      expect(t.has(1)).toBe(true);
      expect(t.size).toBe(1);
      expect(t.get(1)).toBeUndefined();
    });
    it('holds many keys inserted in descending order', () => {
      let t = BTree.empty<number, number>(compare);
      for (let k = 3000; k > 0; k--) t = t.set(k, -k);
      checkTree(t);
      expect(t.size).toBe(3000);
      expect(t.get(1)).toBe(-1);
      expect(t.get(3000)).toBe(-3000);
      expect(t.get(0)).toBeUndefined();
      expect([...t.keys()]).toEqual(range(1, 3001));
    });
  });

  describe('delete', () => {
    it('removes keys and leaves older versions intact', () => {
      const t = evens(2000, compare);
      let u = t;
      for (const k of range(0, 4000, 4)) u = u.delete(k);
      checkTree(u);
      expect(u.size).toBe(1000);
      expect(u.has(0)).toBe(false);
      expect(u.get(2)).toBe('v2');
      expect(t.size).toBe(2000);
      expect(t.get(0)).toBe('v0');
      expect([...u.keys()]).toEqual(range(2, 4000, 4));
    });
    it('returns itself for absent keys', () => {
      const t = evens(500, compare);
      expect(t.delete(1)).toBe(t);
      expect(t.delete(-2)).toBe(t);
      expect(t.delete(5000)).toBe(t);
    });
    it('empties a multi-level tree down to nothing', () => {
      let t = evens(5000, compare);
      for (const k of range(0, 10000, 2).reverse()) t = t.delete(k);
      checkTree(t);
      expect(t.size).toBe(0);
      expect(t.first()).toBeNull();
      expect(t.set(7, 'x').get(7)).toBe('x');
    });
  });

  describe('seeks on 0, 2, 4 … 198', () => {
    const t = evens(100, compare);
    it('seek finds the first key >= the key', () => {
      expect(t.seek(4)!.key).toBe(4);
      expect(t.seek(5)!.key).toBe(6);
      expect(t.seek(-10)!.key).toBe(0);
      expect(t.seek(198)!.key).toBe(198);
      expect(t.seek(199)).toBeNull();
    });
    it('seekAfter finds the first key > the key', () => {
      expect(t.seekAfter(4)!.key).toBe(6);
      expect(t.seekAfter(5)!.key).toBe(6);
      expect(t.seekAfter(-1)!.key).toBe(0);
      expect(t.seekAfter(198)).toBeNull();
    });
    it('seekLast finds the last key <= the key', () => {
      expect(t.seekLast(4)!.key).toBe(4);
      expect(t.seekLast(5)!.key).toBe(4);
      expect(t.seekLast(1000)!.key).toBe(198);
      expect(t.seekLast(0)!.key).toBe(0);
      expect(t.seekLast(-1)).toBeNull();
    });
    it('seekBefore finds the last key < the key', () => {
      expect(t.seekBefore(4)!.key).toBe(2);
      expect(t.seekBefore(5)!.key).toBe(4);
      expect(t.seekBefore(199)!.key).toBe(198);
      expect(t.seekBefore(0)).toBeNull();
      expect(t.seekBefore(-5)).toBeNull();
    });
    it('gives each bookmark its position and value', () => {
      const b = t.seek(51)!;
      expect([b.key, b.value, b.position]).toEqual([52, 'v52', 26]);
      expect(t.seekBefore(51)!.position).toBe(25);
    });
  });

  describe('seeks across leaf boundaries', () => {
    const t = evens(20 * MAX_LEAF, compare);
    it('agree with the sorted keys for every key and every gap', () => {
      const end = 40 * MAX_LEAF; // one past the largest key
      const wrong: string[] = [];
      const same = (what: string, got: number | null, want: number | null): void => {
        if (got !== want) wrong.push(`${what}: got ${got}, want ${want}`);
      };
      for (let k = -1; k <= end; k++) {
        const ge = k <= 0 ? 0 : k % 2 === 0 ? k : k + 1; // smallest even >= k
        const le = k % 2 === 0 ? k : k - 1; // largest even <= k
        same(`seek(${k})`, t.seek(k)?.key ?? null, ge < end ? ge : null);
        same(`seek(${k}).position`, t.seek(k)?.position ?? null, ge < end ? ge / 2 : null);
        same(`seekAfter(${k})`, t.seekAfter(k)?.key ?? null, le + 2 < end ? Math.max(le + 2, 0) : null);
        same(`seekLast(${k})`, t.seekLast(k)?.key ?? null, le >= 0 ? Math.min(le, end - 2) : null);
        same(`seekBefore(${k})`, t.seekBefore(k)?.key ?? null, k > 0 ? Math.min(ge - 2, end - 2) : null);
      }
      expect(wrong).toEqual([]);
    });
  });

  describe('at / rank / first / last', () => {
    const n = 10 * MAX_LEAF * MAX_LEAF + 7;
    const t = evens(n, compare);
    it('at(i) is the i-th key and null out of range', () => {
      for (const i of [0, 1, MAX_LEAF - 1, MAX_LEAF, n >> 1, n - 2, n - 1]) {
        const b = t.at(i)!;
        expect([b.key, b.position]).toEqual([2 * i, i]);
      }
      expect(t.at(-1)).toBeNull();
      expect(t.at(n)).toBeNull();
      expect(t.at(1.5)).toBeNull();
      expect(t.at(Number.NaN)).toBeNull();
    });
    it('rank counts the keys below, present or absent', () => {
      expect(t.rank(-5)).toBe(0);
      expect(t.rank(0)).toBe(0);
      expect(t.rank(1)).toBe(1);
      expect(t.rank(2)).toBe(1);
      expect(t.rank(1001)).toBe(501);
      expect(t.rank(2 * n)).toBe(n);
      expect(t.rank(10 * n)).toBe(n);
      expect(t.rank(700) - t.rank(100)).toBe(300);
    });
    it('first and last are the ends', () => {
      expect([t.first()!.key, t.first()!.position]).toEqual([0, 0]);
      expect([t.last()!.key, t.last()!.position]).toEqual([2 * n - 2, n - 1]);
      expect(t.first()!.previous()).toBeNull();
      expect(t.last()!.next()).toBeNull();
    });
    it('lastKey is the last entry\'s key, at every size', () => {
      expect(t.lastKey()).toBe(2 * n - 2);
      let u = BTree.empty<number, number>(compareNumbers);
      expect(u.lastKey()).toBeUndefined();
      for (let i = 0; i < 3 * MAX_LEAF * 4; i++) {
        u = u.set((i * 7919) % 1000, i);
        expect(u.lastKey()).toBe(u.last()!.key);
      }
      for (let i = 0; i < 1000; i += 3) {
        u = u.delete(i);
        expect(u.lastKey()).toBe(u.size === 0 ? undefined : u.last()!.key);
      }
    });
  });

  describe('iteration', () => {
    const n = 3 * MAX_LEAF * MAX_LEAF;
    const t = evens(n, compare);
    it('entries, keys, values and the default iterator agree', () => {
      const keys = range(0, 2 * n, 2);
      const entries = [...t.entries()];
      expect(entries.length).toBe(n);
      expect(entries.every(([k, v], i) => k === keys[i] && v === `v${k}`)).toBe(true);
      expect([...t.keys()].join()).toBe(keys.join());
      expect([...t.values()].join()).toBe(keys.map((k) => `v${k}`).join());
      expect([...t].join()).toBe(entries.join());
    });
    it('an iterator is its own iterable and stays done', () => {
      const it = BTree.empty<number, number>(compare).set(1, 1).keys();
      expect(it[Symbol.iterator]()).toBe(it);
      expect(it.next()).toEqual({ done: false, value: 1 });
      expect(it.next().done).toBe(true);
      expect(it.next().done).toBe(true);
    });
    it('an iterator keeps reading the version it started on', () => {
      let u = t;
      const it = u.keys();
      it.next();
      for (let k = 1; k < 200; k += 2) u = u.set(k, 'odd');
      u = u.delete(4);
      expect([0, ...it]).toEqual([...t.keys()]);
    });
  });
});

describe('BTree.fromSorted', () => {
  it.each([0, 1, 2, MAX_LEAF - 1, MAX_LEAF, MAX_LEAF + 1, MAX_LEAF * MAX_LEAF + 1, 100_000])(
    'builds a valid tree of %i entries',
    (n) => {
      const t = BTree.fromSorted<number, number>(compareNumbers, range(0, n).map((k) => [k, k * 10] as const));
      checkTree(t);
      expect(t.size).toBe(n);
      expect(t.at(n - 1)?.value ?? null).toBe(n === 0 ? null : (n - 1) * 10);
      expect(t.rank(n >> 1)).toBe(n >> 1);
      const u = t.set(n + 1, 0).delete(0);
      checkTree(u);
      expect(u.size).toBe(n === 0 ? 1 : n);
    },
  );
  it('accepts any iterable, such as a generator', () => {
    function* gen(): Generator<[number, string]> {
      yield [1, 'a'];
      yield [3, 'b'];
    }
    expect([...BTree.fromSorted(compareNumbers, gen())]).toEqual([
      [1, 'a'],
      [3, 'b'],
    ]);
  });
  it('refuses unsorted or duplicate keys with an InternalError', () => {
    expect(() => BTree.fromSorted(compareNumbers, [[2, 'a'], [1, 'b']])).toThrow(InternalError);
    expect(() => BTree.fromSorted(compareNumbers, [[1, 'a'], [1, 'b']])).toThrow(/strictly ascending/);
  });
});

describe('composite keys ordered by compareKeys', () => {
  // an index on (city, age) with the row id appended, as non-unique indexes store it
  const rows: Array<[string | null, number | null, number]> = [
    ['Oslo', 30, 1],
    ['Bergen', 25, 2],
    ['Oslo', 25, 3],
    [null, 40, 4],
    ['Oslo', null, 5],
    ['Bergen', 25, 6],
    ['Trondheim', 50, 7],
  ];
  let t = BTree.empty<readonly Value[], number>(compareKeys);
  for (const [city, age, id] of rows) t = t.set([city, age, id], id);

  it('orders NULL first, then by each column, then by row id', () => {
    expect([...t.values()]).toEqual([4, 2, 6, 5, 3, 1, 7]);
    checkTree(t);
  });
  it('finds a whole key and misses a near one', () => {
    expect(t.get(['Oslo', 25, 3])).toBe(3);
    expect(t.get(['Oslo', 25, 4])).toBeUndefined();
    expect(t.get(['Oslo', 25])).toBeUndefined();
  });
  it('seeks by a prefix: the shorter key sorts before every longer key it starts', () => {
    const b = t.seek(['Oslo'])!;
    expect(b.value).toBe(5);
    const c = t.seek(['Oslo', 25])!;
    expect(c.key).toEqual(['Oslo', 25, 3]);
    expect(t.seekBefore(['Oslo'])!.value).toBe(6);
    expect(t.rank(['Oslo', 26]) - t.rank(['Oslo', 25])).toBe(1);
    expect(t.rank(['Pisa']) - t.rank(['Oslo'])).toBe(3);
  });
  it('treats 25, 25n and Decimal 25 as the same key', () => {
    expect(t.get(['Oslo', 25n, 3])).toBe(3);
    expect(t.get(['Oslo', new Decimal(25), 3])).toBe(3);
    const u = t.set(['Oslo', 25n, 3], 99);
    expect(u.size).toBe(t.size);
    expect(u.get(['Oslo', 25, 3])).toBe(99);
  });
  it('scans a range with bookmarks: all Bergen rows', () => {
    const found: number[] = [];
    for (let b = t.seek(['Bergen']); b !== null && b.key[0] === 'Bergen'; b = b.next()) found.push(b.value);
    expect(found).toEqual([2, 6]);
  });
});
