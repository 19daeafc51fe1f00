/** src/level3-objects/table-index.test.ts — stored index keys: one-column unique keys as single values
 *  (invariant 5), the comparator's order over both forms, and prefix arithmetic on stored keys. */
import fc from 'fast-check';
import { BTree } from '../common/tree/btree';
import { compareKeys, ExactDecimal as Decimal, type Value } from '../common/values/value';
import { compareIndexKeys, comparePrefix, entryKey, inRange, keyAt, keyWidth, startsWith, type TreeKey } from './table-index';

describe('stored keys (invariant 5)', () => {
  test('a unique one-column key is stored as its value; NULL, wider and non-unique keys as arrays', () => {
    expect(entryKey(true, [1], [9, 42], 100)).toBe(42);
    expect(entryKey(true, [1], [9, 'x'], 100)).toBe('x');
    expect(entryKey(true, [1], [9, null], 100)).toEqual([null, 100]);
    expect(entryKey(true, [0, 1], [9, 42], 100)).toEqual([9, 42]);
    expect(entryKey(false, [1], [9, 42], 100)).toEqual([42, 100]);
  });

  test('a value and the array holding it are the same key, whichever side each is on', () => {
    const same: [TreeKey, TreeKey][] = [
      [5, [5]],
      ['a', ['a']],
      [5, [5n]],
      [new Decimal('2.5'), [2.5]],
    ];
    for (const [a, b] of same) {
      expect(compareIndexKeys(a, b)).toBe(0);
      expect(compareIndexKeys(b, a)).toBe(0);
    }
    expect(compareIndexKeys(5, [6])).toBeLessThan(0);
    expect(compareIndexKeys([6], 5)).toBeGreaterThan(0);
    expect(compareIndexKeys([null, 7], 3)).toBeLessThan(0); // NULL keys first
    expect(compareIndexKeys(3, [3, 1])).toBeLessThan(0); // a shorter key first
  });

  test('the order over mixed forms is compareKeys on the arrays they stand for (property)', () => {
    const value = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom('a', 'b'), fc.constant(null));
    const key = fc.oneof(
      value.filter((v) => v !== null),
      fc.array(value, { minLength: 1, maxLength: 3 }),
    ) as fc.Arbitrary<TreeKey>;
    const asArray = (k: TreeKey): Value[] => (Array.isArray(k) ? (k as Value[]) : [k as Value]);
    fc.assert(
      fc.property(key, key, (a, b) => {
        expect(Math.sign(compareIndexKeys(a, b))).toBe(Math.sign(compareKeys(asArray(a), asArray(b))));
      }),
    );
  });

  test('a tree of single-value keys answers lookups by value and by one-element array', () => {
    const b = BTree.empty<TreeKey, number>(compareIndexKeys).builder();
    for (let i = 0; i < 1000; i++) b.set(i * 2, i);
    b.set([null, 5000], 5000);
    const tree = b.build();
    expect(tree.get(40)).toBe(20);
    expect(tree.get([40])).toBe(20);
    expect(tree.get(41)).toBeUndefined();
    expect(tree.get([41])).toBeUndefined();
    expect(tree.first()!.key).toEqual([null, 5000]);
    expect(tree.seek([7])!.key).toBe(8);
  });

  test('prefix arithmetic reads single-value keys as one-value keys', () => {
    expect(keyWidth(5)).toBe(1);
    expect(keyWidth([1, 2])).toBe(2);
    expect(keyAt('x', 0)).toBe('x');
    expect(keyAt([1, 2], 1)).toBe(2);
    expect(startsWith(5, [5])).toBe(true);
    expect(startsWith(5, [5, 1])).toBe(false);
    expect(comparePrefix(5, [4, 9])).toBeGreaterThan(0);
    expect(inRange(5, [1], [5])).toBe(true);
    expect(inRange(6, [1], [5])).toBe(false);
  });
});
