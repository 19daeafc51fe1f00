/**
 * src/common/values/stored-row.test.ts — `storedRow` copies exactly `width` values (NULL past the source's
 * end), into a fresh array that can be changed without touching the source or any other row.
 */
import fc from 'fast-check';
import { storedRow } from './stored-row';
import type { Value } from './value';

describe('storedRow', () => {
  it('copies the first `width` values, padding with NULL, into a fresh array', () => {
    const value = fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.string(), fc.constant(null), fc.boolean());
    fc.assert(
      fc.property(fc.array(value, { maxLength: 12 }), fc.integer({ min: 0, max: 12 }), (from, width) => {
        const row = storedRow(from as Value[], width);
        expect(row).toHaveLength(width);
        for (let i = 0; i < width; i++) expect(row[i]).toBe(i < from.length ? from[i] : null);
        expect(row).not.toBe(from);
      }),
    );
  });

  it('gives a new array every time, whose changes reach neither its source nor an earlier row of the same width', () => {
    const blank: Value[] = [null, null, null, null];
    const a = storedRow(blank, 4);
    const b = storedRow(blank, 4);
    a[1] = 7;
    b[2] = 'x';
    expect(blank).toEqual([null, null, null, null]);
    expect(a).toEqual([null, 7, null, null]);
    expect(b).toEqual([null, null, 'x', null]);
    const short = storedRow([1], 3);
    short[2] = 2;
    expect(short).toEqual([1, null, 2]);
  });
});
