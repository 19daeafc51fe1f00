/** Tests of doc-value.ts: the BSON order, equality and hash keys, by example and by fast-check properties. */
import fc from 'fast-check';
import { ObjectId } from 'bson';
import Decimal from 'decimal.js';
import {
  bsonTypeName,
  compareDocValues,
  docEquals,
  docHashKey,
  docTypeRank,
  isDoc,
  isDocArray,
  sameTypeClass,
  type Doc,
  type DocValue,
} from './doc-value';

const oid = (hex: string): ObjectId => new ObjectId(hex.padStart(24, '0'));

describe('docTypeRank and isDoc', () => {
  test('MongoDB order of type classes', () => {
    const inOrder: DocValue[] = [
      null, 1, 'a', { a: 1 }, [1], new Uint8Array([1]), oid('1'), false, new Date(0), /a/,
    ]; // prettier-ignore
    for (let i = 1; i < inOrder.length; i++) {
      expect(docTypeRank(inOrder[i - 1]!)).toBeLessThan(docTypeRank(inOrder[i]!));
      expect(compareDocValues(inOrder[i - 1]!, inOrder[i]!)).toBe(-1);
      expect(compareDocValues(inOrder[i]!, inOrder[i - 1]!)).toBe(1);
    }
    expect(docTypeRank(undefined)).toBe(docTypeRank(null));
    expect(docTypeRank(5n)).toBe(docTypeRank(new Decimal('2.5')));
  });

  test('isDoc accepts plain objects only', () => {
    expect(isDoc({})).toBe(true);
    expect(isDoc(Object.create(null))).toBe(true);
    for (const v of [null, [], new Date(), oid('1'), /a/, new Uint8Array(), new Decimal(1), 'x', 1]) {
      expect(isDoc(v)).toBe(false);
    }
    expect(isDocArray([])).toBe(true);
    expect(isDocArray({})).toBe(false);
  });

  test('sameTypeClass', () => {
    expect(sameTypeClass(1, 2n)).toBe(true);
    expect(sameTypeClass(1, new Decimal('1.5'))).toBe(true);
    expect(sameTypeClass(1, '1')).toBe(false);
    expect(sameTypeClass(null, null)).toBe(true);
  });
});

describe('compareDocValues', () => {
  test('numbers by value across representations', () => {
    expect(compareDocValues(1, 1n)).toBe(0);
    expect(compareDocValues(1, new Decimal('1.000'))).toBe(0);
    expect(compareDocValues(1.5, new Decimal('1.5'))).toBe(0);
    expect(compareDocValues(9007199254740993n, 9007199254740992)).toBe(1);
    expect(compareDocValues(2 ** 60, BigInt(2) ** 60n)).toBe(0);
    expect(compareDocValues(2 ** 60, new Decimal((2n ** 60n).toString()))).toBe(0);
    expect(compareDocValues(new Decimal('0.1'), 0.1)).toBe(0);
    expect(compareDocValues(-0, 0)).toBe(0);
    expect(compareDocValues(-Infinity, -(10n ** 400n))).toBe(-1);
    expect(compareDocValues(Infinity, new Decimal('1e400'))).toBe(1);
  });

  test('NaN is the lowest number and equals itself', () => {
    expect(compareDocValues(NaN, -Infinity)).toBe(-1);
    expect(compareDocValues(NaN, NaN)).toBe(0);
    expect(compareDocValues(NaN, new Decimal(NaN))).toBe(0);
    expect(compareDocValues(new Decimal(NaN), -1n)).toBe(-1);
    expect(docEquals(NaN, new Decimal(NaN))).toBe(true);
    expect(docHashKey(NaN)).toBe(docHashKey(new Decimal(NaN)));
  });

  test('documents field by field: type, then name, then value; a prefix first', () => {
    expect(compareDocValues({ a: 1 }, { a: 2 })).toBe(-1);
    expect(compareDocValues({ a: 1 }, { b: 0 })).toBe(-1);
    expect(compareDocValues({ b: 1 }, { a: 'x' })).toBe(-1); // number before string, whatever the names
    expect(compareDocValues({ a: 1 }, { a: 1, b: 0 })).toBe(-1);
    expect(compareDocValues({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(-1); // field order matters
    expect(docEquals({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(docEquals({ a: 1, b: [1, { c: 2n }] }, { a: 1n, b: [new Decimal(1), { c: 2 }] })).toBe(true);
  });

  test('arrays element by element, a prefix first', () => {
    expect(compareDocValues([1, 2], [1, 3])).toBe(-1);
    expect(compareDocValues([1, 2], [1])).toBe(1);
    expect(compareDocValues([], [null])).toBe(-1);
    expect(compareDocValues([2], [1, 9])).toBe(1);
  });

  test('binary by length then bytes; ObjectIds by bytes; regexes by source then flags; dates by time', () => {
    expect(compareDocValues(new Uint8Array([9]), new Uint8Array([1, 1]))).toBe(-1);
    expect(compareDocValues(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(-1);
    expect(compareDocValues(oid('0a'), oid('0b'))).toBe(-1);
    expect(compareDocValues(oid('ff'), oid('ff'))).toBe(0);
    expect(compareDocValues(/a/i, /b/)).toBe(-1);
    expect(compareDocValues(/a/, /a/i)).toBe(-1);
    expect(compareDocValues(/a/gi, /a/gi)).toBe(0);
    expect(compareDocValues(new Date(5), new Date(6))).toBe(-1);
    expect(compareDocValues(new Date(NaN), new Date(-1e15))).toBe(-1);
    expect(compareDocValues(new Date(NaN), new Date(NaN))).toBe(0);
  });

  test('booleans: false before true; strings by code unit', () => {
    expect(compareDocValues(false, true)).toBe(-1);
    expect(compareDocValues('B', 'a')).toBe(-1);
    expect(compareDocValues('a', 'ab')).toBe(-1);
  });
});

describe('bsonTypeName', () => {
  test('names of each kind', () => {
    const cases: Array<[DocValue, string]> = [
      [1, 'int'], [-2147483648, 'int'], [2147483648, 'long'], [2 ** 60, 'long'], [10n ** 30n, 'long'],
      [1.5, 'double'], [NaN, 'double'], [Infinity, 'double'], [new Decimal('1.5'), 'decimal'], ['x', 'string'],
      [true, 'bool'], [null, 'null'], [{}, 'object'], [[], 'array'], [new Uint8Array(), 'binData'],
      [oid('1'), 'objectId'], [new Date(0), 'date'], [/x/, 'regex'],
    ]; // prettier-ignore
    for (const [v, name] of cases) expect(bsonTypeName(v)).toBe(name);
  });
});

// ---- properties ---------------------------------------------------------------------------------------------

const KEYS = ['a', 'b', 'c', 'B', '0'];

const numberArb: fc.Arbitrary<DocValue> = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(0.5, -0.5, 1.5, 0.1, 2 ** 53, 2 ** 60, -(2 ** 60), NaN, Infinity, -Infinity, -0),
  fc.double({ noNaN: false }),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.integer({ min: -5, max: 5 }).map((n) => BigInt(n)),
  fc.constantFrom('1', '1.50', '0.1', '-2', '1e30', '1152921504606846976', 'NaN', 'Infinity', '-0').map(
    (s) => new Decimal(s),
  ),
);

const scalarArb: fc.Arbitrary<DocValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  numberArb,
  fc.constantFrom('', 'a', 'b', 'A', 'ab', '\u00e9', '\ud83d\ude00', '\uffff'),
  fc.integer({ min: -3, max: 3 }).map((t) => new Date(t * 1000)),
  fc.constantFrom('01', '02', 'ff').map(oid),
  fc.constantFrom(/a/, /a/i, /b/, /a/m),
  fc.uint8Array({ maxLength: 3 }),
);

const { value: valueArb } = fc.letrec<{ value: DocValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarArb,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 3 }).map((d) => d as DocValue),
  ),
}));

/** The same value in other representations: numbers as bigint/Decimal where exact, copies of containers. */
function reRepresent(v: DocValue, flip: boolean): DocValue {
  if (typeof v === 'number' && Number.isInteger(v) && flip) return BigInt(v);
  if (typeof v === 'number' && Number.isInteger(v) && !flip) return new Decimal(BigInt(v).toString());
  if (typeof v === 'number' && Number.isFinite(v) && !flip) return new Decimal(v); // its shortest text
  if (typeof v === 'bigint') return flip ? new Decimal(v.toString()) : v;
  if (Array.isArray(v)) return v.map((e, i) => reRepresent(e, (i % 2 === 0) === flip));
  if (isDoc(v)) {
    const out: Doc = {};
    for (const k of Object.keys(v)) out[k] = reRepresent(v[k]!, !flip);
    return out;
  }
  return v;
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

describe('properties of the order', () => {
  const params = { numRuns: 1000, seed: 4242 };

  test('antisymmetric and reflexive; equality and hash keys agree with it', () => {
    fc.assert(
      fc.property(valueArb, valueArb, (a, b) => {
        const c = compareDocValues(a, b);
        expect([-1, 0, 1]).toContain(c);
        expect(sign(compareDocValues(b, a))).toBe(-c || 0);
        expect(compareDocValues(a, a)).toBe(0);
        expect(docEquals(a, b)).toBe(c === 0);
        expect(docHashKey(a) === docHashKey(b)).toBe(c === 0);
      }),
      params,
    );
  });

  test('a value equals its re-representations', () => {
    fc.assert(
      fc.property(valueArb, fc.boolean(), (a, flip) => {
        const b = reRepresent(a, flip);
        expect(compareDocValues(a, b)).toBe(0);
        expect(docEquals(b, a)).toBe(true);
        expect(docHashKey(b)).toBe(docHashKey(a));
      }),
      params,
    );
  });

  test('transitive: a sorted list is ordered pairwise', () => {
    fc.assert(
      fc.property(fc.array(valueArb, { minLength: 3, maxLength: 12 }), (xs) => {
        const sorted = [...xs].sort(compareDocValues);
        for (let i = 0; i < sorted.length; i++) {
          for (let j = i + 1; j < sorted.length; j++) {
            expect(compareDocValues(sorted[i]!, sorted[j]!)).toBeLessThanOrEqual(0);
          }
        }
      }),
      { numRuns: 300, seed: 77 },
    );
  });

  test('numbers: the order matches exact rational order of the values', () => {
    const exact = (v: DocValue): Decimal | null => {
      if (typeof v === 'number') return Number.isFinite(v) ? new Decimal(v) : null;
      if (typeof v === 'bigint') return new Decimal(v.toString());
      if (v instanceof Decimal) return v.isFinite() ? v : null;
      return null;
    };
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 0, max: 3 }), (n, k) => {
        const reps: DocValue[] = [n, BigInt(n), new Decimal(n), new Decimal(n).div(10 ** k), n / 10 ** k];
        for (const a of reps) {
          for (const b of reps) {
            const da = exact(a)!;
            const db = exact(b)!;
            const expected = typeof a === 'number' && typeof b === 'number' ? sign(a - b) : da.comparedTo(db);
            if (typeof a !== 'number' || typeof b !== 'number') {
              // a double reads as its shortest decimal text, so compare against that reading
              expect(compareDocValues(a, b)).toBe(sign(expected));
            }
          }
        }
      }),
      { numRuns: 150, seed: 5 },
    );
  });
});
