/**
 * src/common/tree/btree.property.test.ts — fast-check runs of random set/delete/seek/at/rank/walk/builder
 * sequences against a sorted-array model, at the real fan-out (see btree.deep.property.test.ts for deep trees),
 * from an empty tree and from one over lazy leaves (node.ts invariant 6).
 */
import fc from 'fast-check';
import { compareKeys, type Value } from '../values/value';
import { BTree, type Comparator } from './btree';
import { compareNumbers } from './compare-numbers';
import { Leaf, MAX_LEAF } from './node';
import { type Change, type Op, opArbitrary, runOps } from './tree-test-model';

/** Fixed seed for reproducible runs; the time limit only cuts short the shrinking of a failure. */
const RUNS = { numRuns: 60, seed: 20251123, interruptAfterTimeLimit: 60_000 };

/** Keys drawn from a small range collide often, so replace and delete hit existing keys. */
const smallInt = fc.integer({ min: 0, max: 300 });
/** Probes also fall outside the stored range and between keys. */
const probeInt = fc.oneof(fc.integer({ min: -5, max: 305 }), fc.double({ min: -5, max: 305, noNaN: true }));

/** Composite keys as a non-unique index stores them: (nullable text, nullable int, row id). */
const compositeKey: fc.Arbitrary<readonly Value[]> = fc.tuple(
  fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { freq: 5, nil: null }),
  fc.option(fc.integer({ min: 0, max: 9 }), { freq: 5, nil: null }),
  fc.integer({ min: 1, max: 20 }),
);
/** Probes include prefixes, as index range scans use them. */
const compositeProbe: fc.Arbitrary<readonly Value[]> = fc.oneof(
  compositeKey,
  compositeKey.map((k) => k.slice(0, 1)),
  compositeKey.map((k) => k.slice(0, 2)),
  fc.constant([]),
);

function property<K>(compare: Comparator<K>, key: fc.Arbitrary<K>, probe: fc.Arbitrary<K>, maxBatch: number): void {
  const ops = fc.array(opArbitrary(key, probe, maxBatch), { maxLength: 80, size: 'max' });
  fc.assert(
    fc.property(ops, (list: Op<K>[]) => runOps(compare, list)),
    RUNS,
  );
}

describe('BTree against a sorted-array model', () => {
  it('number keys with compareNumbers (specialised search)', () => {
    property<number>(compareNumbers, smallInt, probeInt, 250);
  });

  it('number keys in descending order through a generic comparator', () => {
    property<number>((a, b) => b - a, smallInt, probeInt, 250);
  });

  it('composite keys with compareKeys, probed by prefixes', () => {
    property<readonly Value[]>(compareKeys, compositeKey, compositeProbe, 150);
  });

  it('a tree over lazy leaves behaves as one over loaded leaves, each leaf loaded at most once', () => {
    // leaves of 1..MAX_LEAF entries over keys 0, 2, 4, …, so that sets land both on and between stored keys
    const sizes = fc.array(fc.integer({ min: 1, max: MAX_LEAF }), { minLength: 1, maxLength: 12 });
    const ops = fc.array(opArbitrary(smallInt, probeInt, 12), { maxLength: 60, size: 'max' });
    fc.assert(
      fc.property(sizes, ops, (leafSizes, list: Op<number>[]) => {
        const entries: Array<[number, number]> = [];
        const loads: number[] = [];
        const leaves = leafSizes.map((size, l) => {
          const keys = Array.from({ length: size }, (_, i) => 2 * (entries.length + i));
          for (const k of keys) entries.push([k, k * 10]);
          loads.push(0);
          return Leaf.lazy<number, number>(keys, {
            load: () => {
              loads[l]!++;
              return keys.map((k) => k * 10);
            },
          });
        });
        runOps(compareNumbers, list, { tree: BTree.fromLeaves(compareNumbers, leaves), entries });
        expect(Math.max(...loads)).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it('sequential inserts then deletes from both ends (right-edge splits, merges)', () => {
    const ops: Op<number>[] = [];
    for (let k = 0; k < 3000; k++) ops.push({ kind: 'set', key: k, value: k });
    ops.push({ kind: 'walk', key: 1500, steps: 200, forward: false });
    for (let k = 0; k < 1000; k++) ops.push({ kind: 'delete', key: k }, { kind: 'delete', key: 2999 - k });
    ops.push({ kind: 'query', key: 1500, position: 500 });
    // keep the check affordable: the runner compares every version at the end, so use one builder batch
    const changes = ops.filter((o): o is Change<number> => o.kind === 'set' || o.kind === 'delete');
    runOps(compareNumbers, [
      { kind: 'batch', changes, buildAt: 3000 },
      ...ops.filter((o) => o.kind === 'walk' || o.kind === 'query'),
      { kind: 'delete', key: 1500 },
      { kind: 'set', key: 1500, value: -1 },
    ]);
  });
});
