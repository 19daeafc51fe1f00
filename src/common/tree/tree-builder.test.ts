/** src/common/tree/tree-builder.test.ts — the builder mutates only its own copies and stays usable after build(). */
import { compareKeys, type Value } from '../values/value';
import { BTree } from './btree';
import { checkTree } from './check-tree';
import { compareNumbers } from './compare-numbers';

function keysOf<K, V>(t: BTree<K, V>): K[] {
  return [...t.keys()];
}

describe('TreeBuilder', () => {
  it('builds a tree from nothing', () => {
    const b = BTree.empty<number, string>(compareNumbers).builder();
    expect(b.size).toBe(0);
    for (let k = 0; k < 5000; k++) b.set(k, `v${k}`);
    expect(b.size).toBe(5000);
    expect(b.get(4999)).toBe('v4999');
    expect(b.has(5000)).toBe(false);
    const t = b.build();
    checkTree(t);
    expect(t.size).toBe(5000);
    expect(t.compare).toBe(compareNumbers);
    expect(t.at(1234)!.value).toBe('v1234');
  });

  it('never disturbs the tree it started from', () => {
    const base = BTree.fromSorted<number, number>(
      compareNumbers,
      Array.from({ length: 3000 }, (_, i) => [2 * i, i] as const),
    );
    const before = [...base.entries()];
    const b = base.builder();
    for (let k = 1; k < 6000; k += 2) b.set(k, -k); // odd keys in
    for (let k = 0; k < 6000; k += 6) b.delete(k); // some even keys out
    b.set(2, 999); // replace
    const built = b.build();
    checkTree(built);
    checkTree(base);
    expect([...base.entries()]).toEqual(before);
    expect(built.size).toBe(3000 + 3000 - 1000);
    expect(built.get(2)).toBe(999);
    expect(built.has(0)).toBe(false);
    expect(built.get(3)).toBe(-3);
  });

  it('keeps working after build() without changing the built tree', () => {
    const b = BTree.empty<number, string>(compareNumbers).builder();
    for (let k = 0; k < 2000; k++) b.set(k, 'a');
    const first = b.build();
    for (let k = 0; k < 2000; k += 2) b.delete(k);
    for (let k = 0; k < 2000; k += 3) b.set(k, 'b');
    b.set(5000, 'c');
    const second = b.build();
    checkTree(first);
    checkTree(second);
    expect(first.size).toBe(2000);
    expect([...first.values()].every((v) => v === 'a')).toBe(true);
    expect(second.get(0)).toBe('b');
    expect(second.has(2)).toBe(false);
    expect(second.get(1)).toBe('a');
    expect(second.get(5000)).toBe('c');
    expect(second.size).toBe(b.size);
  });

  it('leaves a tree built earlier alone when the built tree is then changed persistently', () => {
    const b = BTree.empty<number, number>(compareNumbers).builder();
    for (let k = 0; k < 1000; k++) b.set(k, k);
    const t = b.build();
    const u = t.set(5, -5).delete(6);
    b.set(7, -7);
    const v = b.build();
    expect([t.get(5), t.get(6), t.get(7)]).toEqual([5, 6, 7]);
    expect([u.get(5), u.has(6), u.get(7)]).toEqual([-5, false, 7]);
    expect([v.get(5), v.get(6), v.get(7)]).toEqual([5, 6, -7]);
  });

  it('ignores deletes of absent keys', () => {
    const b = BTree.empty<number, number>(compareNumbers).set(1, 1).builder();
    b.delete(2);
    expect(b.size).toBe(1);
    b.delete(1);
    b.delete(1);
    expect(b.size).toBe(0);
    const t = b.build();
    checkTree(t);
    expect(t.first()).toBeNull();
  });

  it('empties a large tree in place and fills it again', () => {
    const b = BTree.fromSorted<number, number>(
      compareNumbers,
      Array.from({ length: 20_000 }, (_, i) => [i, i] as const),
    ).builder();
    for (let k = 19_999; k >= 0; k -= 2) b.delete(k);
    for (let k = 0; k < 20_000; k += 2) b.delete(k);
    expect(b.size).toBe(0);
    checkTree(b.build());
    for (let k = 0; k < 300; k++) b.set((k * 7919) % 300, k);
    const t = b.build();
    checkTree(t);
    expect(keysOf(t)).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });

  it('works with composite keys', () => {
    const b = BTree.empty<readonly Value[], number>(compareKeys).builder();
    b.set(['b', 2], 1);
    b.set(['a', 9], 2);
    b.set([null, 1], 3);
    b.set(['a', 9], 4);
    const t = b.build();
    expect(keysOf(t)).toEqual([[null, 1], ['a', 9], ['b', 2]]);
    expect(t.get(['a', 9])).toBe(4);
  });
});
