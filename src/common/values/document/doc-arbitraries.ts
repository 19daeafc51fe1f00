/**
 * src/common/values/document/doc-arbitraries.ts — fast-check generators of document values, for the property
 * tests of the JSON and BSON codecs (test-only; imported by `*.test.ts` files and nothing else).
 *
 * 1. Generated values use only the representation of doc-value.ts: normalised integers (bigints only beyond
 *    ±2^53, some beyond 64 bits), finite doubles, ExactDecimals with up to 60 digits and large exponents,
 *    strings of any Unicode, valid Dates, ObjectIds, RegExps, byte arrays, nested documents and arrays.
 * 2. `jsonSafe` leaves out what JSON text cannot give back by type (RegExp) and field names beginning with '$'
 *    (an object of one such field may be an Extended JSON wrapper).
 */
import { ObjectId } from 'bson';
import fc from 'fast-check';
import { ExactDecimal, normaliseInteger } from '../value';
import type { Doc, DocValue } from './doc-value';

const TWO_53 = 2n ** 53n;

const bigInteger: fc.Arbitrary<DocValue> = fc
  .oneof(fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }))
  .map((b) => (b >= 0n ? b + TWO_53 : b - TWO_53))
  .map((b) => normaliseInteger(b));

const decimal: fc.Arbitrary<DocValue> = fc
  .tuple(fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n }), fc.integer({ min: -7000, max: 7000 }), fc.boolean())
  .map(([u, e, small]) => new ExactDecimal(`${u}e${small ? Math.trunc(e / 100) : e}`));

const double: fc.Arbitrary<DocValue> = fc
  .double({ noNaN: true, noDefaultInfinity: true })
  .filter((x) => Number.isFinite(x))
  .map((x) => x + 0);

const date: fc.Arbitrary<DocValue> = fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms));

const objectId: fc.Arbitrary<DocValue> = fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new ObjectId(b));

const regex: fc.Arbitrary<DocValue> = fc
  .tuple(fc.constantFrom('a+b', '^x.*y$', '\\d{2,3}', '[a-z]', '(?:ab)|c'), fc.subarray(['i', 'm', 's', 'u']))
  .map(([src, flags]) => new RegExp(src, flags.join('')));

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

function scalars(withRegex: boolean): fc.Arbitrary<DocValue> {
  const base: Array<fc.Arbitrary<DocValue>> = [
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.maxSafeInteger(),
    bigInteger,
    decimal,
    double,
    text,
    date,
    objectId,
    fc.uint8Array({ maxLength: 10 }),
  ];
  if (withRegex) base.push(regex);
  return fc.oneof(...base);
}

function fieldName(jsonSafe: boolean): fc.Arbitrary<string> {
  const name = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('_id', 'a', 'b', 'a.b', '0', '12', '__proto__', ''));
  return name.filter((k) => !k.includes('\0') && k !== '_bsontype' && !(jsonSafe && k.startsWith('$')));
}

function makeDoc(entries: Array<[string, DocValue]>): Doc {
  const o: Doc = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  return o;
}

/** Documents (and values inside them) of bounded depth; `jsonSafe` as the file header says (2). */
export function docArbitraries(jsonSafe: boolean): { value: fc.Arbitrary<DocValue>; doc: fc.Arbitrary<Doc> } {
  const { value, doc } = fc.letrec<{ value: DocValue; doc: Doc; array: DocValue[] }>((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalars(!jsonSafe), tie('doc'), tie('array')),
    doc: fc
      .uniqueArray(fc.tuple(fieldName(jsonSafe), tie('value')), { maxLength: 5, selector: (e) => e[0] })
      .map(makeDoc),
    array: fc.array(tie('value'), { maxLength: 5 }),
  }));
  return { value, doc };
}
