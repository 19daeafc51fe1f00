/**
 * src/common/tree/search-numbers.test.ts — the interpolating lookups give exactly what the generic descent
 * gives, for every key distribution (the probe only steers; comparisons decide).
 */
import fc from 'fast-check';
import { compareKeys, compareValues, type Value } from '../values/value';
import { BTree } from './btree';
import { compareNumbers } from './compare-numbers';
import { lookup } from './search';
import { boundNumber, boundNumberHead, NumberFollower, withNumberHeads } from './search-numbers';

/** compareKeys with the number-head mark (as Level 3's index comparator is). */
const marked = withNumberHeads<readonly Value[]>((a, b) => compareKeys(a, b));

function numberTree(keys: number[]): BTree<number, number> {
  const b = BTree.empty<number, number>(compareNumbers).builder();
  keys.forEach((k, i) => b.set(k, i));
  return b.build();
}

function checkNumbers(keys: number[], probes: number[]): void {
  const t = numberTree(keys);
  const generic = (k: number) => lookup(t.root, t.height, k, (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0));
  const wrong = [...probes, ...keys].filter((k) => t.get(k) !== generic(k));
  expect(wrong).toEqual([]);
}

describe('number keys', () => {
  it('boundNumber is lower/upper bound on any ascending array', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 70 }), fc.integer({ min: -60, max: 60 }), (raw, k) => {
        const ks = [...new Set(raw)].sort((a, b) => a - b);
        expect(boundNumber(ks, k, false)).toBe(ks.filter((x) => x < k).length);
        expect(boundNumber(ks, k, true)).toBe(ks.filter((x) => x <= k).length);
      }),
    );
  });

  it('boundNumber with any separators given for its first probe is still the bound (invariant 5: they only steer)', () => {
    const num = fc.oneof(fc.integer({ min: -60, max: 60 }), fc.constantFrom(Infinity, -Infinity, Number.NaN, 0.5, -0));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 70 }), fc.integer({ min: -60, max: 60 }), num, num, (raw, k, low, high) => {
        const ks = [...new Set(raw)].sort((a, b) => a - b);
        expect(boundNumber(ks, k, false, low, high)).toBe(ks.filter((x) => x < k).length);
        expect(boundNumber(ks, k, true, low, high)).toBe(ks.filter((x) => x <= k).length);
        const arrays = ks.map((x) => [x] as const);
        expect(boundNumberHead(arrays, [k], k, marked, false, low, high)).toBe(ks.filter((x) => x < k).length);
        expect(boundNumberHead(arrays, [k], k, marked, true, low, high)).toBe(ks.filter((x) => x <= k).length);
      }),
      { numRuns: 300 },
    );
  });

  it('lookups after deletes (separators no longer the first keys of their children) and appends', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3000, max: 12000 }), fc.array(fc.nat(), { minLength: 50, maxLength: 3000 }), fc.array(fc.integer({ min: -10, max: 13000 }), { maxLength: 200 }), (n, gone, probes) => {
        let t = numberTree(Array.from({ length: n }, (_, i) => i * 2));
        for (const g of gone) t = t.delete((g % n) * 2);
        for (let i = 0; i < 100; i++) t = t.set(n * 2 + i * 3, -i);
        const generic = (k: number) => lookup(t.root, t.height, k, (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0));
        const all = [...probes, ...probes.map((p) => p * 2), ...gone.map((g) => (g % n) * 2 + 2)];
        expect(all.filter((k) => t.get(k) !== generic(k))).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });

  it('a NumberFollower answers as get does, for keys in order (either way), repeated, absent and at random (invariant 6)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6000 }),
        fc.array(fc.nat(), { maxLength: 2000 }),
        fc.array(fc.integer({ min: -20, max: 13000 }), { maxLength: 300 }),
        fc.constantFrom('ascending', 'descending', 'as generated'),
        (n, gone, raw, order) => {
          let t = numberTree(Array.from({ length: n }, (_, i) => i * 2));
          for (const g of gone) t = t.delete((g % Math.max(n, 1)) * 2);
          const probes = order === 'ascending' ? [...raw].sort((a, b) => a - b) : order === 'descending' ? [...raw].sort((a, b) => b - a) : raw;
          const f = new NumberFollower(t.root, t.height);
          // each probe, its neighbours (present or deleted), and the probe again
          const wrong = probes.flatMap((k) => [k, k + 1, k - 1, k]).filter((k) => f.get(k) !== t.get(k));
          expect(wrong).toEqual([]);
          // every key and every gap, up and then down: each leaf's last key, the gap after it, the next's first
          const walk = Array.from({ length: 2 * n + 3 }, (_, i) => i - 1);
          const g = new NumberFollower(t.root, t.height);
          expect([...walk, ...walk.reverse()].filter((k) => g.get(k) !== t.get(k))).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
    // an empty tree, and one leaf
    expect(new NumberFollower(numberTree([]).root, 0).get(1)).toBeUndefined();
    const one = numberTree([5, 7]);
    const f = new NumberFollower(one.root, one.height);
    expect([f.get(5), f.get(6), f.get(7), f.get(8), f.get(4)]).toEqual([0, undefined, 1, undefined, undefined]);
  });

  it('evenly spaced, clustered, exponential and extreme keys', () => {
    const even = Array.from({ length: 30000 }, (_, i) => 1000 + 37 * i);
    checkNumbers(even, [0, 999, 1000, 1001, 1037, 1036, 1000 + 37 * 29999, 2e9, -1, 5000.5]);
    const clustered = [...Array.from({ length: 5000 }, (_, i) => i), ...Array.from({ length: 5000 }, (_, i) => 1e12 + i)];
    checkNumbers(clustered, [4999, 5000, 1e12, 1e12 - 1, 1e12 + 4999, 1e12 + 5000, 3e11]);
    const exp = Array.from({ length: 1000 }, (_, i) => 1.07 ** i);
    checkNumbers(exp, [0, 1, 1.5, 1.07 ** 500, 1.07 ** 500 + 1e-9, Infinity]);
    const extreme = [-Infinity, -Number.MAX_VALUE, -1e300, -1, -0.5, 0, 1e-300, 0.5, 1, 1e300, Number.MAX_VALUE, Infinity];
    checkNumbers(extreme, [-1e301, -0, 2, 1e299, Number.MIN_VALUE]);
  });

  it('random trees and probes', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { maxLength: 400 }), fc.array(fc.double({ noNaN: true }), { maxLength: 20 }), (raw, probes) => {
        checkNumbers([...new Set(raw.map((x) => (x === 0 ? 0 : x)))], probes);
      }),
      { numRuns: 60 },
    );
  });
});

describe('number-headed array keys', () => {
  function arrayTree(keys: (readonly Value[])[]): BTree<readonly Value[], number> {
    const b = BTree.empty<readonly Value[], number>(marked).builder();
    keys.forEach((k, i) => b.set(k, i));
    return b.build();
  }
  function check(keys: (readonly Value[])[], probes: (readonly Value[])[]): void {
    const t = arrayTree(keys);
    const plain = (a: readonly Value[], b: readonly Value[]) => compareKeys(a, b);
    const wrong = [...probes, ...keys].filter((k) => t.get(k) !== lookup(t.root, t.height, k, plain));
    expect(wrong).toEqual([]);
  }

  it('single integer keys, as a primary key holds them', () => {
    const keys = Array.from({ length: 20000 }, (_, i) => [i * 3] as const);
    check(keys, [[-1], [0], [1], [3], [59997], [59998], [1e9], [1.5]]);
  });

  it('duplicate heads (non-unique index keys) and NULL-keyed entries', () => {
    const keys: Value[][] = [];
    for (let r = 0; r < 6000; r++) keys.push([r % 50, 100000 + r]);
    for (let r = 0; r < 20; r++) keys.push([null, 200000 + r]);
    check(keys, [[7, 100007], [7, 100008], [49, 105999], [50, 1], [null, 200003], [-1, 0], [7]]);
  });

  it('heads of every kind mixed, compared as compareValues orders them', () => {
    const heads: Value[] = [null, false, true, -5, 0, 2.5, 7, 2n ** 64n, -(2n ** 64n), 'a', 'b', new Date(0), new Uint8Array([1])];
    const keys: Value[][] = [];
    heads.forEach((h, i) => {
      for (let j = 0; j < 40; j++) keys.push([h, j]);
      keys.push([h]);
      void i;
    });
    keys.sort((a, b) => compareKeys(a, b));
    const unique = keys.filter((k, i) => i === 0 || compareKeys(keys[i - 1]!, k) !== 0);
    check(unique, [[7, 3], [2.5], [3], [2n ** 64n, 5], [-(2n ** 63n)], [1e30], [-1e30, 1]]);
    expect(compareValues(7, 2n ** 64n)).toBeLessThan(0);
  });

  it('random integer pairs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 3 })), { maxLength: 500 }),
        fc.array(fc.tuple(fc.integer({ min: -1100, max: 1100 }), fc.integer({ min: 0, max: 3 })), { maxLength: 20 }),
        (raw, probes) => {
          const seen = new Map<string, Value[]>();
          for (const [a, b] of raw) seen.set(`${a}/${b}`, b === 0 ? [a] : [a, b]);
          check([...seen.values()], probes.map(([a, b]) => (b === 0 ? [a] : [a, b])));
        },
      ),
      { numRuns: 60 },
    );
  });
});
