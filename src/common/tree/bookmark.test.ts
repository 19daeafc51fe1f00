/** src/common/tree/bookmark.test.ts — bookmarks step both ways across leaves, keep positions, and outlive changes. */
import { Walker } from './bookmark';
import { BTree } from './btree';
import { compareNumbers } from './compare-numbers';
import { MAX_CHILDREN, MAX_LEAF } from './node';

/** Keys 0, 10, 20 … in a tree deep enough to have inner nodes two levels up. */
const N = 2 * MAX_LEAF * MAX_CHILDREN + 3;
const tree = BTree.fromSorted<number, string>(
  compareNumbers,
  Array.from({ length: N }, (_, i) => [10 * i, `v${i}`] as const),
);

describe('Bookmark', () => {
  it('walks forward from first() through every entry with exact positions', () => {
    let count = 0;
    let ok = true;
    for (let b = tree.first(); b !== null; b = b.next()) {
      ok &&= b.key === 10 * count && b.value === `v${count}` && b.position === count;
      count++;
    }
    expect(ok).toBe(true);
    expect(count).toBe(N);
  });

  it('walks backward from last() through every entry with exact positions', () => {
    let count = 0;
    let ok = true;
    for (let b = tree.last(); b !== null; b = b.previous()) {
      const i = N - 1 - count;
      ok &&= b.key === 10 * i && b.position === i;
      count++;
    }
    expect(ok).toBe(true);
    expect(count).toBe(N);
  });

  it('steps back and forth across a leaf boundary', () => {
    const b = tree.at(MAX_LEAF - 1)!;
    const c = b.next()!;
    expect(c.position).toBe(MAX_LEAF);
    expect(c.key).toBe(10 * MAX_LEAF);
    expect(c.previous()!.key).toBe(b.key);
    expect(c.previous()!.previous()!.key).toBe(b.key - 10);
  });

  it('steps across a boundary two levels up', () => {
    const edge = MAX_LEAF * MAX_CHILDREN; // first entry of the second level-2 subtree
    const b = tree.at(edge - 1)!;
    expect(b.next()!.key).toBe(10 * edge);
    expect(b.next()!.next()!.position).toBe(edge + 1);
    expect(tree.at(edge)!.previous()!.position).toBe(edge - 1);
  });

  it('is immutable: next() returns a new bookmark and leaves this one where it was', () => {
    const b = tree.seek(500)!;
    const c = b.next()!;
    expect(c).not.toBe(b);
    expect(b.key).toBe(500);
    expect(c.key).toBe(510);
  });

  it('keeps reading its own version after the tree changes', () => {
    const b = tree.seek(1000)!;
    let t = tree;
    for (let k = 1001; k < 1100; k++) t = t.set(k, 'new');
    t = t.delete(1010).delete(1020);
    const seen: number[] = [];
    for (let c: typeof b | null = b; c !== null && c.key <= 1030; c = c.next()) seen.push(c.key);
    expect(seen).toEqual([1000, 1010, 1020, 1030]);
    expect(t.seek(1000)!.next()!.key).toBe(1001);
  });

  it('has null neighbours at the ends, also in a one-entry tree', () => {
    const one = BTree.empty<number, string>(compareNumbers).set(1, 'x');
    const b = one.first()!;
    expect(b).toMatchObject({ key: 1, value: 'x', position: 0 });
    expect(b.next()).toBeNull();
    expect(b.previous()).toBeNull();
    expect(tree.first()!.previous()).toBeNull();
    expect(tree.last()!.next()).toBeNull();
  });

  it('agrees with at() wherever a seek lands', () => {
    for (const k of [0, 5, 10, 635, 640, 645, 10 * (N - 1), 10 * N]) {
      const b = tree.seek(k);
      if (b === null) {
        expect(k).toBeGreaterThan(10 * (N - 1));
        continue;
      }
      expect(tree.at(b.position)!.key).toBe(b.key);
      expect(tree.rank(b.key)).toBe(b.position);
    }
  });
});

describe('Walker', () => {
  it('steps through the same entries as next() and previous(), both ways, across leaves, and stays at either end', () => {
    const n = MAX_LEAF * MAX_CHILDREN * 2 + 17; // three levels
    let t = BTree.fromSorted(compareNumbers, Array.from({ length: n }, (_, i) => [i * 3, -i] as [number, number]));
    for (let i = 0; i < n; i += 7) t = t.delete(i * 3); // uneven leaves
    const keys = [...t.keys()];
    for (const start of [0, 1, MAX_LEAF - 1, MAX_LEAF, Math.floor(keys.length / 2), keys.length - 2, keys.length - 1]) {
      for (const forward of [true, false]) {
        const w = new Walker(t.at(start)!);
        const seen: number[] = [w.key];
        while (w.step(forward)) {
          expect(w.value).toBe(t.get(w.key));
          seen.push(w.key);
        }
        const want = forward ? keys.slice(start) : keys.slice(0, start + 1).reverse();
        expect(seen).toEqual(want);
        // at the end it stays: the last entry, and stepping back the other way still works
        expect(w.key).toBe(want[want.length - 1]);
        expect(w.step(forward)).toBe(false);
        if (want.length > 1) {
          expect(w.step(!forward)).toBe(true);
          expect(w.key).toBe(want[want.length - 2]);
        }
      }
    }
  });
});
