/**
 * src/common/values/document/doc-shape.test.ts — a shaped document is the object a field-by-field build makes:
 * the same own fields, values and order, an Object.prototype prototype, whatever the names (quotes,
 * backslashes, line separators, lone surrogates, text that would be code if it were not quoted, `__proto__`,
 * integer-like names), however many fields, and past the number of shapes that get a function.
 */
import fc from 'fast-check';
import { makeDoc, mapDoc, MAX_SHAPED_FIELDS } from './doc-shape';
import type { Doc, DocValue } from './doc-value';

/** What makeDoc must equal: the document built one field at a time. */
function byHand(keys: readonly string[], values: readonly DocValue[]): Doc {
  const o: Doc = {};
  keys.forEach((k, i) => Object.defineProperty(o, k, { value: values[i], writable: true, enumerable: true, configurable: true }));
  return o;
}

function expectSame(d: Doc, keys: readonly string[], values: readonly DocValue[]): void {
  const want = byHand(keys, values);
  expect(Object.getPrototypeOf(d)).toBe(Object.prototype);
  expect(Object.keys(d)).toEqual(Object.keys(want));
  for (const k of Object.keys(want)) {
    const p = Object.getOwnPropertyDescriptor(d, k)!;
    expect(p).toEqual({ value: want[k], writable: true, enumerable: true, configurable: true });
  }
}

describe('makeDoc', () => {
  it('builds the fields in order, names of any spelling taken as names', () => {
    const keys = ['_id', 'a"b', "c'd", 'e\\f', 'g\nh', 'i\u2028j', 'k\ud800l', '', '"}; throw new Error("x"); ({"', '2', '10', 'z'];
    const values: DocValue[] = keys.map((_, i) => i);
    expectSame(makeDoc(keys, values), keys, values);
  });

  it('keeps a field named __proto__ as a field, not the prototype', () => {
    const inner: Doc = { polluted: true };
    const d = makeDoc(['a', '__proto__', 'b'], [1, inner, 2]);
    expectSame(d, ['a', '__proto__', 'b'], [1, inner, 2]);
    expect((d as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('builds documents wider than a shape', () => {
    const keys = Array.from({ length: MAX_SHAPED_FIELDS + 5 }, (_, i) => `f${i}`);
    const values = keys.map((k) => k.toUpperCase());
    expectSame(makeDoc(keys, values), keys, values);
  });

  it('reuses a shape for the same names and tells apart names that differ only in order', () => {
    expectSame(makeDoc(['x', 'y'], [1, 2]), ['x', 'y'], [1, 2]);
    expectSame(makeDoc(['y', 'x'], [3, 4]), ['y', 'x'], [3, 4]);
    expectSame(makeDoc(['x', 'y'], [5, 6]), ['x', 'y'], [5, 6]);
    expectSame(makeDoc(['x'], [7]), ['x'], [7]);
    expectSame(makeDoc([], []), [], []);
  });

  it('equals the field-by-field build for generated names and values, shapes past the cache included', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('__proto__', '0', '1', 'constructor')), { maxLength: 12 }), (keys) => {
        const values: DocValue[] = keys.map((k, i) => (i % 2 === 0 ? k : i));
        expectSame(makeDoc(keys, values), keys, values);
      }),
      { numRuns: 3000 },
    );
  });

  it('mapDoc rebuilds a document with the same fields, each value mapped', () => {
    const d: Doc = {};
    for (let i = 0; i < 20; i++) d[`k${i}`] = i;
    delete d['k3'];
    const c = mapDoc(d);
    expect(c).not.toBe(d);
    expect(Object.entries(c)).toEqual(Object.entries(d));
  });
});
