/** src/level3-objects/table-draft.test.ts — `Transient`: writes, appends queued above every key, lookups
 *  through the queue, `above`, freezing (with and without a rebuild), against a plain sorted-map model. */
import fc from 'fast-check';
import { BTree } from '../common/tree/btree';
import { compareNumbers } from '../common/tree/compare-numbers';
import { checkTree } from '../common/tree/check-tree';
import { AppendQueue, copyEntries, frozenGet, Transient } from './table-draft';

type Op =
  | { kind: 'set'; key: number; value: number }
  | { kind: 'delete'; key: number }
  | { kind: 'append'; step: number; value: number }
  | { kind: 'get'; key: number }
  | { kind: 'freeze' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 300 }), value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 300 }) }),
  fc.record({ kind: fc.constant('append' as const), step: fc.integer({ min: -3, max: 5 }), value: fc.integer() }),
  fc.record({ kind: fc.constant('get' as const), key: fc.integer({ min: 0, max: 400 }) }),
  fc.constant({ kind: 'freeze' as const }),
);

function entries(tree: BTree<number, number>): [number, number][] {
  return [...tree.entries()];
}

describe('Transient', () => {
  test('behaves as a sorted map whatever the mix of writes, appends and freezes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 40 }), fc.array(op, { maxLength: 300 }), (initial, ops) => {
        const model = new Map<number, number>();
        for (const k of initial) model.set(k, k);
        const start = BTree.fromSorted(compareNumbers, [...model.entries()].sort((a, b) => a[0] - b[0]));
        const t = new Transient(start);
        const frozen: [BTree<number, number>, [number, number][]][] = [];
        let next = 0;
        for (const o of ops) {
          if (o.kind === 'set') {
            t.set(o.key, o.value);
            model.set(o.key, o.value);
          } else if (o.kind === 'delete') {
            t.delete(o.key);
            model.delete(o.key);
          } else if (o.kind === 'append') {
            next += o.step;
            const above = [...model.keys()].every((k) => k < next);
            const appended = t.append(next, o.value);
            // an append may be refused when the bound is stale (a key was deleted), never accepted wrongly
            if (appended) {
              expect(above).toBe(true);
              model.set(next, o.value);
            }
          } else if (o.kind === 'get') {
            expect(t.get(o.key)).toBe(model.get(o.key));
            // `above` is exact whatever came before (table.ts invariant 5 depends on it)
            expect(t.above(o.key)).toBe([...model.keys()].every((k) => k < o.key));
          } else {
            const tree = t.frozen();
            checkTree(tree);
            frozen.push([tree, [...model.entries()].sort((a, b) => a[0] - b[0])]);
          }
          expect(t.size).toBe(model.size);
        }
        expect(entries(t.frozen())).toEqual([...model.entries()].sort((a, b) => a[0] - b[0]));
        for (const [tree, want] of frozen) expect(entries(tree)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  test.each([1, 31, 32, 63, 64, 65, 64 * 5 + 7, 64 * 40 + 40])(
    'a queue of %i appended entries is adopted leaf by leaf into a valid tree, over the entries already there',
    (n) => {
      for (const before of [0, 3, 200]) {
        const start = BTree.fromSorted(compareNumbers, Array.from({ length: before }, (_, i) => [i, -i] as [number, number]));
        const t = new Transient(start);
        let k = before;
        while (k < before + n) if (t.append(k, -k) || (t.set(k, -k), true)) k++;
        const tree = t.frozen();
        checkTree(tree);
        expect(entries(tree)).toEqual(Array.from({ length: before + n }, (_, i) => [i, -i]));
        // the tree handed out never changes: later writes go elsewhere
        t.set(-1, 1);
        for (let j = 0; j < 100; j++) if (!t.append(before + n + j, 0)) t.set(before + n + j, 0);
        expect(t.frozen().size).toBe(before + n + 101);
        expect(tree.size).toBe(before + n);
      }
    },
  );

  test('`above` stays exact after the greatest key is deleted from a tree that queued appends', () => {
    const t = new Transient(BTree.empty<number, number>(compareNumbers));
    for (let k = 1; k <= 100; k++) if (!t.append(k, k)) t.set(k, k);
    t.delete(100);
    t.delete(99);
    // the bound kept for appends was 100; the greatest key is now 98
    expect([t.above(98), t.above(99), t.above(100)]).toEqual([false, true, true]);
    expect(t.append(99, 0)).toBe(true);
    expect([t.above(99), t.above(100)]).toEqual([false, true]);
    expect(entries(t.frozen()).slice(-2)).toEqual([
      [98, 98],
      [99, 0],
    ]);
  });

  test('a long queue goes in by one rebuild; lookups see queued entries before that', () => {
    const t = new Transient(BTree.fromSorted(compareNumbers, [[1, 1], [2, 2]]));
    // the first few writes go straight into the tree (an append is refused), then appends queue
    for (let k = 10; k < 1010; k++) if (!t.append(k, k * 2)) t.set(k, k * 2);
    expect(t.append(500, 0)).toBe(false);
    expect(t.append(2, 0)).toBe(false);
    expect(t.get(2)).toBe(2);
    expect(t.get(777)).toBe(1554);
    expect(t.get(5)).toBeUndefined();
    // the last queued key, and keys above it (each append's uniqueness probe), answer without a search
    expect(t.get(1009)).toBe(2018);
    expect(t.get(1010)).toBeUndefined();
    expect(t.get(1008)).toBe(2016);
    expect(t.size).toBe(1002);
    const { tree, queue } = t.unqueued();
    expect(tree.size + queue.length).toBe(1002);
    expect(queue.length).toBeGreaterThan(990);
    const built = t.frozen();
    expect(built.size).toBe(1002);
    expect(built.get(1009)).toBe(2018);
    expect(t.unqueued().queue.length).toBe(0);
  });
});

describe('Transient lookups remembered (invariant 7)', () => {
  test('a remembered lookup in the builder never outlives a write to the key', () => {
    const start = BTree.fromSorted(compareNumbers, Array.from({ length: 500 }, (_, i) => [i, i] as [number, number]));
    const t = new Transient(start);
    // enough writes that the transient changes a builder in place
    for (let i = 0; i < 6; i++) t.set(1000 + i, i);
    expect(t.get(7)).toBe(7);
    t.set(7, 70);
    expect(t.get(7)).toBe(70);
    expect(t.get(7)).toBe(70);
    t.delete(7);
    expect(t.get(7)).toBeUndefined();
    t.set(7, 700);
    expect(t.get(7)).toBe(700);
    expect(t.get(2000)).toBeUndefined();
    expect(t.append(2000, 1)).toBe(true);
    expect(t.get(2000)).toBe(1);
    expect(t.frozen().get(7)).toBe(700);
    expect(t.get(7)).toBe(700);
    expect(start.get(7)).toBe(7);
  });

  test('frozenGet answers as the frozen tree does, for any tree and key in turn', () => {
    const a = BTree.fromSorted(compareNumbers, [[1, 'a'], [2, 'b']] as [number, string][]);
    const b = a.set(1, 'z');
    expect(frozenGet(a, 1)).toBe('a');
    expect(frozenGet(b, 1)).toBe('z');
    expect(frozenGet(a, 1)).toBe('a');
    expect(frozenGet(a, 3)).toBeUndefined();
    expect(frozenGet(a, 2)).toBe('b');
  });
});

describe('AppendQueue', () => {
  /** The entries as the queue answers them, and as the leaves it hands over hold them. */
  function contents<K, V>(q: AppendQueue<K, V>): { read: [K, V][]; leaves: [K, V][] } {
    const read: [K, V][] = [];
    for (let i = 0; i < q.length; i++) read.push([q.keyAt(i), q.valueAt(i)]);
    const leaves: [K, V][] = [];
    for (const leaf of q.takeLeaves()) leaf.keys.forEach((k, i) => leaves.push([k, leaf.values[i]!]));
    return { read, leaves };
  }

  test('keeps every entry exactly, whatever kinds of keys and values its chunks meet', () => {
    // chunks of numbers (invariant 6) that then meet a bigint, a string, an object, -0 and NaN, and chunks of
    // other values that then meet numbers; several chunks, the last one part-filled
    const values: unknown[] = [1, 2 ** 50 + 3, -0, 'x', 5n, NaN, [1, 2], null, 2.5, { a: 1 }];
    const q = new AppendQueue<unknown, unknown>();
    const expected: [unknown, unknown][] = [];
    for (let i = 0; i < 300; i++) {
      const key = i % 97 === 50 ? BigInt(i) : i < 150 ? i : `k${String(i).padStart(4, '0')}`;
      const value = values[(i * 7) % values.length];
      q.push(key, value);
      expected.push([key, value]);
    }
    const { read, leaves } = contents(q);
    expect(read).toEqual(expected);
    expect(leaves).toEqual(expected);
    expect(Object.is(read[expected.findIndex(([, v]) => Object.is(v, -0))]![1], -0)).toBe(true);
  });

  test('queues of numbers after queues of other values keep their numbers', () => {
    const rows = new AppendQueue<number, unknown[]>();
    for (let i = 0; i < 200; i++) rows.push(2 ** 50 + i, [i]);
    const ids = new AppendQueue<number, number>();
    for (let i = 0; i < 200; i++) ids.push(i, 2 ** 50 + i);
    const { read } = contents(ids);
    expect(read).toEqual([...Array(200).keys()].map((i) => [i, 2 ** 50 + i]));
    expect(contents(rows).read[199]).toEqual([2 ** 50 + 199, [199]]);
  });
});

describe('copyEntries', () => {
  test('is an equal, separate array, for numbers, other values and mixes, at and beyond a chunk', () => {
    const cases: unknown[][] = [
      [],
      [1, 2 ** 50, -0, NaN, 0.5, -7],
      Array.from({ length: 64 }, (_, i) => 2 ** 50 + i),
      Array.from({ length: 65 }, (_, i) => i),
      [1, 'two', 3],
      [[1, 2], [3]],
      [1, 2n, 3],
    ];
    for (const entries of cases) {
      const copy = copyEntries(entries);
      expect(copy).not.toBe(entries);
      expect(copy).toHaveLength(entries.length);
      copy.forEach((v, i) => expect(Object.is(v, entries[i])).toBe(true));
      if (copy.length > 0) {
        copy[0] = 'changed';
        expect(entries[0]).not.toBe('changed');
      }
    }
  });
});
