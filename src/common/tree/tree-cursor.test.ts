/** src/common/tree/tree-cursor.test.ts — the cursor visits exactly what `entries()` does, and keeps its tree version. */
import { BTree } from './btree';
import { compareNumbers } from './compare-numbers';
import { TreeCursor } from './tree-cursor';

function drain<K, V>(t: BTree<K, V>): [K, V][] {
  const out: [K, V][] = [];
  const c = new TreeCursor(t);
  while (c.advance()) out.push([c.key, c.value]);
  expect(c.advance()).toBe(false);
  expect(c.advance()).toBe(false);
  return out;
}

describe('TreeCursor', () => {
  it('gives nothing for an empty tree', () => {
    expect(drain(BTree.empty<number, string>(compareNumbers))).toEqual([]);
  });

  it('visits every entry in order, across leaves and levels', () => {
    for (const n of [1, 63, 64, 65, 2048, 20000]) {
      const t = BTree.fromSorted<number, number>(
        compareNumbers,
        Array.from({ length: n }, (_, i) => [3 * i, -i] as const),
      );
      expect(drain(t)).toEqual([...t.entries()]);
    }
  });

  it('matches entries() after random inserts and deletes (partly filled leaves)', () => {
    const b = BTree.empty<number, number>(compareNumbers).builder();
    let x = 7;
    for (let i = 0; i < 20000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      if (x % 3 === 0) b.delete(x % 5000);
      else b.set(x % 5000, i);
    }
    const t = b.build();
    expect(drain(t)).toEqual([...t.entries()]);
  });

  it('reads the version it was made from', () => {
    const t = BTree.fromSorted<number, string>(compareNumbers, Array.from({ length: 500 }, (_, i) => [i, `v${i}`] as const));
    const c = new TreeCursor(t);
    expect(c.advance()).toBe(true);
    let changed = t;
    for (let i = 0; i < 500; i += 2) changed = changed.delete(i);
    changed = changed.set(1, 'new');
    const seen = [c.value];
    while (c.advance()) seen.push(c.value);
    expect(seen).toEqual([...t.values()]);
  });
});
