/**
 * src/common/tree/btree.deep.property.test.ts — the model-based property runs again with a tiny fan-out
 * (4 entries per leaf, 4 children per inner node), so a couple of hundred keys make trees three to five
 * levels deep and every split, merge, redistribution and root change happens many times per run.
 */
import fc from 'fast-check';
import { compareKeys, type Value } from '../values/value';
import { BTree } from './btree';
import { checkTree } from './check-tree';
import { compareNumbers } from './compare-numbers';
import * as node from './node';
import { type Op, opArbitrary, runOps } from './tree-test-model';

jest.mock('./node', () => ({
  ...jest.requireActual<typeof import('./node')>('./node'),
  MAX_LEAF: 4,
  MIN_LEAF: 2,
  MAX_CHILDREN: 4,
  MIN_CHILDREN: 2,
}));

/** Fixed seed for reproducible runs; the time limit only cuts short the shrinking of a failure. */
const RUNS = { numRuns: 60, seed: 7, interruptAfterTimeLimit: 60_000 };

function property<K>(compare: (a: K, b: K) => number, key: fc.Arbitrary<K>, probe: fc.Arbitrary<K>): void {
  const ops = fc.array(opArbitrary(key, probe, 120), { maxLength: 60, size: 'max' });
  fc.assert(
    fc.property(ops, (list: Op<K>[]) => runOps(compare, list)),
    RUNS,
  );
}

describe('BTree with fan-out 4 against a sorted-array model', () => {
  it('really runs with the tiny fan-out', () => {
    expect(node.MAX_LEAF).toBe(4);
    let t = BTree.empty<number, number>(compareNumbers);
    for (let k = 0; k < 1000; k++) t = t.set(k, k);
    checkTree(t);
    expect(t.height).toBeGreaterThanOrEqual(5);
  });

  it('number keys with compareNumbers', () => {
    property<number>(compareNumbers, fc.integer({ min: 0, max: 200 }), fc.integer({ min: -2, max: 202 }));
  });

  it('number keys through a generic comparator', () => {
    property<number>((a, b) => a - b, fc.integer({ min: 0, max: 200 }), fc.integer({ min: -2, max: 202 }));
  });

  it('composite keys with compareKeys', () => {
    const key: fc.Arbitrary<readonly Value[]> = fc.tuple(
      fc.option(fc.constantFrom('x', 'y', 'z'), { freq: 4, nil: null }),
      fc.integer({ min: 0, max: 40 }),
    );
    property<readonly Value[]>(compareKeys, key, fc.oneof(key, key.map((k) => k.slice(0, 1))));
  });

  it('fromSorted builds valid deep trees of every small size', () => {
    for (let n = 0; n <= 200; n++) {
      const t = BTree.fromSorted<number, number>(compareNumbers, Array.from({ length: n }, (_, i) => [i, i] as const));
      checkTree(t);
      expect(t.size).toBe(n);
      const u = t.builder();
      for (let k = 0; k < n; k += 3) u.delete(k);
      checkTree(u.build());
    }
  });
});
