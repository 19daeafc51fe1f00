/**
 * src/common/values/document/doc-shape.test.ts — a shaped document has the fields a field-by-field build makes:
 * the same own fields, values and order, nothing enumerable inherited, whatever the names (quotes,
 * backslashes, line separators, lone surrogates, text that would be code if it were not quoted, `__proto__`,
 * integer-like names), however many fields, and past the number of shapes that get a class; and its copy is
 * exactly that field-by-field object, plain, with every nested container copied.
 */
import { ObjectId } from 'bson';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { docArbitraries } from './doc-arbitraries';
import { copyDoc, makeDoc, mapDoc, MAX_SHAPED_FIELDS } from './doc-shape';
import { isDoc, type Doc, type DocValue } from './doc-value';

/** What makeDoc must equal: the document built one field at a time. */
function byHand(keys: readonly string[], values: readonly DocValue[]): Doc {
  const o: Doc = {};
  keys.forEach((k, i) => Object.defineProperty(o, k, { value: values[i], writable: true, enumerable: true, configurable: true }));
  return o;
}

/** `d` has exactly the fields `want` has, as own enumerable data properties in the same order. */
function expectFields(d: object, want: Doc): void {
  expect(Object.keys(d)).toEqual(Object.keys(want));
  const inherited: string[] = [];
  for (const k in d) if (!Object.prototype.hasOwnProperty.call(d, k)) inherited.push(k);
  expect(inherited).toEqual([]);
  for (const k of Object.keys(want)) {
    const p = Object.getOwnPropertyDescriptor(d, k)!;
    expect(p).toEqual({ value: want[k], writable: true, enumerable: true, configurable: true });
  }
}

/** makeDoc's document is a document with the fields of the field-by-field build, and so is its copy, plain. */
function expectSame(d: Doc, keys: readonly string[], values: readonly DocValue[]): void {
  const want = byHand(keys, values);
  expect(isDoc(d)).toBe(true);
  expectFields(d, want);
  const c = copyDoc(d);
  expect(c).not.toBe(d);
  expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
  expectFields(c, want);
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

describe('copyDoc', () => {
  it('copies every nested document and array, shaped or plain, and the mutable scalars', () => {
    const when = new Date(86_400_000);
    const bytes = new Uint8Array([1, 2]);
    const id = new ObjectId();
    const n = new Decimal('1.50');
    const inner = makeDoc(['zip', 'tags'], ['75001', ['a', makeDoc(['x'], [1])]]);
    const plain: Doc = { p: [when] };
    const d = makeDoc(['_id', 'address', 'plain', 'bytes', 'n', 'empty'], [id, inner, plain, bytes, n, []]);
    const c = copyDoc(d) as { [k: string]: unknown };
    expect(c).toEqual({ _id: id, address: { zip: '75001', tags: ['a', { x: 1 }] }, plain: { p: [when] }, bytes, n, empty: [] });
    // every container a new plain object or array; Dates and bytes copied; ObjectId and Decimal shared
    const address = c['address'] as { tags: unknown[] };
    expect(address).not.toBe(inner);
    expect(Object.getPrototypeOf(address)).toBe(Object.prototype);
    expect(address.tags).not.toBe(inner['tags']);
    expect(Object.getPrototypeOf(address.tags[1])).toBe(Object.prototype);
    expect(c['plain']).not.toBe(plain);
    expect((c['plain'] as { p: Date[] }).p[0]).not.toBe(when);
    expect(c['bytes']).not.toBe(bytes);
    expect(c['_id']).toBe(id);
    expect(c['n']).toBe(n);
    // changing the copy changes nothing in the original
    (address.tags[1] as { x: number }).x = 2;
    (c['bytes'] as Uint8Array)[0] = 9;
    expect(((inner['tags'] as DocValue[])[1] as Doc)['x']).toBe(1);
    expect(bytes[0]).toBe(1);
  });

  it('copies a field named __proto__ as a field, in plain and wide documents', () => {
    const d = makeDoc(['a', '__proto__'], [1, makeDoc(['polluted'], [true])]);
    const c = copyDoc(d) as { [k: string]: unknown };
    expect(Object.keys(c)).toEqual(['a', '__proto__']);
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect((c as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(c, '__proto__')?.value).toEqual({ polluted: true });
    // wider than a shape: built field by field, copied by the generic path
    const keys = [...Array.from({ length: MAX_SHAPED_FIELDS }, (_, i) => `f${i}`), '__proto__'];
    const wide = copyDoc(makeDoc(keys, keys.map((k) => (k === '__proto__' ? makeDoc(['polluted'], [true]) : k)))) as { [k: string]: unknown };
    expect(Object.keys(wide)).toEqual(keys);
    expect(Object.getPrototypeOf(wide)).toBe(Object.prototype);
    expect((wide as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(Object.getOwnPropertyDescriptor(wide, '__proto__')?.value)).toBe(Object.prototype);
  });

  it('copies each field as its kind when documents with the same names hold other kinds (invariant 7)', () => {
    const inner = makeDoc(['x'], [1]);
    const when = new Date(5);
    const id = new ObjectId();
    const values: DocValue[] = ['s', null, 7, id, ['a', 1, null, id], [inner], [['nested']], [], inner, { plain: 1 }, when, new Uint8Array([3])];
    // every kind after every other in one field, so each class is made and then met again
    for (const first of values) {
      for (const second of values) {
        for (const v of [first, second]) {
          const d = makeDoc(['f', 'g'], [v, 'tail']);
          const c = copyDoc(d) as { f: unknown; g: unknown };
          expect(c).toEqual({ f: v, g: 'tail' });
          expectFresh(v, c.f);
        }
      }
    }
  });

  it('copies generated documents made of shaped documents: equal, and sharing no container (invariant 7)', () => {
    fc.assert(
      fc.property(docArbitraries(false).doc, (plain) => {
        const shaped = reshape(plain) as Doc;
        const c = copyDoc(shaped);
        expect(c).toEqual(plain);
        expectFresh(shaped, c);
      }),
      { numRuns: 1500 },
    );
  });

  it('leaves scalars and class instances that are not documents as they are', () => {
    const id = new ObjectId();
    expect(copyDoc(id)).toBe(id);
    const r = /a/i;
    expect(copyDoc(r)).toBe(r);
  });
});

/** `v` with every document in it rebuilt by makeDoc, so that nested values give shapes their kinds. */
function reshape(v: DocValue): DocValue {
  if (Array.isArray(v)) return v.map(reshape);
  if (isDoc(v)) return mapDoc(v, (x) => reshape(x as DocValue));
  return v;
}

/** Every container, Date and byte array of `original` is a new object at the same place in `copy`; every
 *  other object is the same one. */
function expectFresh(original: unknown, copy: unknown): void {
  if (typeof original !== 'object' || original === null) {
    expect(copy).toBe(original);
    return;
  }
  const container = Array.isArray(original) || isDoc(original as DocValue);
  if (!container && !(original instanceof Date) && !(original instanceof Uint8Array)) {
    expect(copy).toBe(original);
    return;
  }
  expect(copy).not.toBe(original);
  if (!container) return;
  for (const k of Object.keys(original)) expectFresh((original as { [k: string]: unknown })[k], (copy as { [k: string]: unknown })[k]);
}
