/** src/common/values/value-codec.test.ts — tagged values and types: fixtures, property round trips, bad tags. */
import { BSON, Decimal128 } from 'bson';
import fc from 'fast-check';
import { SqlError } from '../errors';
import { ByteReader, ByteWriter } from './bytes';
import { DocDelta } from './document/doc-delta';
import { docEquals, type DocValue } from './document/doc-value';
import { BLOB, CHAR, DOCARRAY, INTEGER, NUMERIC, type SqlType, type TypeKind } from './sql-type';
import { Decimal, type Value } from './value';
import { TYPE_KIND_CODES, ValueTag, readSqlType, readUpdateValue, readValue, writeSqlType, writeValue } from './value-codec';

function encode(v: Value): Uint8Array {
  const w = new ByteWriter(8);
  writeValue(w, v);
  return w.finish().slice();
}

function roundTrip(v: Value): Value {
  const r = new ByteReader(encode(v));
  const out = readValue(r);
  expect(r.atEnd).toBe(true);
  return out;
}

/** Arbitrary values of every kind, integers normalised as the engine keeps them. */
const arbValue: fc.Arbitrary<Value> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.maxSafeInteger(),
  fc.oneof(fc.bigInt({ min: 2n ** 53n, max: 2n ** 300n }), fc.bigInt({ min: -(2n ** 300n), max: -(2n ** 53n) })),
  fc.double(),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.uint8Array({ maxLength: 50 }),
  fc.integer({ min: -100_000, max: 100_000 }).map((d) => new Date(d * 86_400_000)),
  fc.date({ noInvalidDate: true }),
  fc
    .tuple(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: -50, max: 50 }))
    .map(([u, s]) => new Decimal(`${u}e${s}`)),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), {
    maxKeys: 5,
  }),
);

function same(a: Value, b: Value): void {
  if (a instanceof Decimal) {
    expect(b).toBeInstanceOf(Decimal);
    expect((b as Decimal).equals(a) || (a.isNaN() && (b as Decimal).isNaN())).toBe(true);
    expect((b as Decimal).isNegative()).toBe(a.isNegative());
  } else if (typeof a === 'number') {
    expect(Object.is(a, b)).toBe(true);
  } else {
    expect(b).toEqual(a);
  }
}

describe('value fixtures', () => {
  test('tags and payloads', () => {
    expect(Array.from(encode(null))).toEqual([ValueTag.Null]);
    expect(Array.from(encode(true))).toEqual([ValueTag.True]);
    expect(Array.from(encode(false))).toEqual([ValueTag.False]);
    expect(Array.from(encode(-3))).toEqual([ValueTag.Int, 5]);
    expect(Array.from(encode(1.5))).toEqual([ValueTag.Real, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f]);
    expect(Array.from(encode('ab'))).toEqual([ValueTag.String, 2, 0x61, 0x62]);
    expect(Array.from(encode(new Date(86_400_000)))).toEqual([ValueTag.Date, 2]);
    expect(Array.from(encode(new Date(1)))).toEqual([ValueTag.Timestamp, 2]);
    expect(Array.from(encode(Uint8Array.of(7, 8)))).toEqual([ValueTag.Bytes, 2, 7, 8]);
    expect(Array.from(encode(new Decimal('-12.5')))).toEqual([ValueTag.Decimal, 2, 3, 125]);
    expect(Array.from(encode(2n ** 64n))).toEqual([ValueTag.BigInt, 18, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  test('a bigint in the safe range is written and read as a number', () => {
    expect(Array.from(encode(5n))).toEqual([ValueTag.Int, 10]);
    expect(roundTrip(5n)).toBe(5);
  });

  test('numbers keep -0, NaN and infinities', () => {
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
    expect(roundTrip(NaN)).toBeNaN();
    expect(roundTrip(Infinity)).toBe(Infinity);
    expect(roundTrip(-Infinity)).toBe(-Infinity);
    expect(roundTrip(2 ** 60)).toBe(2 ** 60);
  });

  test('decimals keep every digit whatever the precision setting', () => {
    const d = new Decimal('123456789012345678901234567890.123456789');
    same(d, roundTrip(d));
    same(new Decimal('1e+9000'), roundTrip(new Decimal('1e+9000')));
    same(new Decimal('-1.5e-300'), roundTrip(new Decimal('-1.5e-300')));
    same(new Decimal('0.00'), roundTrip(new Decimal('0.00')));
    for (const s of ['NaN', 'Infinity', '-Infinity', '-0']) same(new Decimal(s), roundTrip(new Decimal(s)));
  });

  test('documents and document arrays are BSON', () => {
    const doc = { a: 1, b: [1, 'x', { c: null }], d: { e: 2.5 }, big: 2n ** 62n };
    const bytes = encode(doc);
    expect(bytes[0]).toBe(ValueTag.Document);
    expect(roundTrip(doc)).toEqual(doc);
    expect(Object.keys(roundTrip({ z: 1, a: 2 }) as object)).toEqual(['z', 'a']);
    const arr = [1, 'two', { three: 3 }] as unknown as Value;
    expect(encode(arr)[0]).toBe(ValueTag.DocArray);
    expect(roundTrip(arr)).toEqual(arr);
  });

  test('documents keep exact numbers: bigints beyond 64 bits, Decimals of any length', () => {
    const doc = { n: -(2n ** 80n), d: new Decimal('1234567890123456789012345678901234567890.25'), s: new Decimal('1.5'), i: 2 ** 40 };
    const back = roundTrip(doc as unknown as Value) as { [k: string]: DocValue };
    expect(docEquals(back, doc)).toBe(true);
    expect(back.n).toBe(-(2n ** 80n));
    expect(back.d).toBeInstanceOf(Decimal);
    expect((back.d as Decimal).toFixed()).toBe('1234567890123456789012345678901234567890.25');
    expect(back.i).toBe(2 ** 40);
  });

  test('older files holding plain BSON still decode', () => {
    const old = BSON.serialize({ a: 1, b: 2n ** 62n, d: Decimal128.fromString('2.50'), e: new Uint8Array([9]) });
    const w = new ByteWriter();
    w.writeU8(ValueTag.Document);
    w.writeBytes(old);
    const v = readValue(new ByteReader(w.finish())) as { [k: string]: DocValue };
    expect(docEquals(v, { a: 1, b: 2n ** 62n, d: new Decimal('2.5'), e: new Uint8Array([9]) })).toBe(true);
    expect(v.e).toBeInstanceOf(Uint8Array);
  });

  test('a DocDelta is its template as BSON, read back only by readUpdateValue', () => {
    const delta = new DocDelta({ $inc: { n: 2n ** 70n }, $set: { 'a.b': new Decimal('0.1') } });
    const w = new ByteWriter();
    writeValue(w, delta);
    const bytes = w.finish().slice();
    expect(bytes[0]).toBe(ValueTag.DocDelta);
    const back = readUpdateValue(new ByteReader(bytes));
    expect(back).toBeInstanceOf(DocDelta);
    expect(docEquals((back as DocDelta).template, delta.template)).toBe(true);
    expect(docEquals((back as DocDelta).applyTo({ _id: 1, n: 1 }), { _id: 1, n: 2n ** 70n + 1n, a: { b: new Decimal('0.1') } })).toBe(true);
    expect(() => readValue(new ByteReader(bytes, 40, 'db.pfl'))).toThrow(
      'database file db.pfl is corrupt at offset 40: an update template where a value belongs',
    );
    expect(readUpdateValue(new ByteReader(encode(5)))).toBe(5);
    const bad = new ByteWriter();
    bad.writeU8(ValueTag.DocDelta);
    bad.writeBytes(BSON.serialize({ $frobnicate: { a: 1 } }));
    expect(() => readUpdateValue(new ByteReader(bad.finish(), 7, 'db.pfl'))).toThrow(
      /corrupt at offset 8: invalid update template \(unknown document operator \$frobnicate\)/,
    );
  });

  test('documents past the limits cannot be written (54000)', () => {
    let deep: Value = { x: 1 };
    for (let i = 0; i < 200; i++) deep = { a: deep };
    expect(() => encode(deep)).toThrow(/program limit exceeded/);
  });

  test('an invalid Date cannot be written', () => {
    expect(() => encode(new Date(NaN))).toThrow(/invalid Date/);
  });
});

describe('value round trips (property)', () => {
  test('every kind, alone and in sequence', () => {
    fc.assert(
      fc.property(fc.array(arbValue, { maxLength: 12 }), (values) => {
        const w = new ByteWriter(8);
        for (const v of values) writeValue(w, v);
        const r = new ByteReader(w.finish());
        for (const v of values) same(v, readValue(r));
        expect(r.atEnd).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('bad value bytes', () => {
  function corrupt(bytes: number[]): string {
    try {
      readValue(new ByteReader(Uint8Array.from(bytes), 500, 'db.pfl'));
    } catch (e) {
      expect((e as SqlError).sqlState).toBe('XX001');
      return (e as SqlError).message;
    }
    throw new Error('expected DataCorrupted');
  }

  test('unknown tag, truncated payloads, bad BSON', () => {
    expect(corrupt([99])).toBe('database file db.pfl is corrupt at offset 500: unknown value tag 99');
    expect(corrupt([ValueTag.String, 9, 1])).toMatch(/offset 502: truncated string/);
    expect(corrupt([ValueTag.Real, 1, 2])).toMatch(/truncated f64/);
    expect(corrupt([ValueTag.DecimalSpecial, 9])).toMatch(/offset 501: unknown special decimal/);
    expect(corrupt([ValueTag.Document, 3, 1, 2, 3])).toMatch(/offset 501: invalid BSON/);
    expect(corrupt([])).toMatch(/truncated byte/);
  });

  test('every truncation of an encoded row is DataCorrupted, never a TypeError', () => {
    const w = new ByteWriter();
    const row: Value[] = [1, 'hello', new Decimal('1.25'), 2n ** 70n, new Date(5), { a: 1 }, Uint8Array.of(1), 2.5];
    for (const v of row) writeValue(w, v);
    const bytes = w.finish();
    for (let cut = 0; cut < bytes.length; cut++) {
      const r = new ByteReader(bytes.subarray(0, cut));
      expect(() => {
        for (let i = 0; i < row.length; i++) readValue(r);
      }).toThrow(SqlError);
    }
  });
});

describe('SQL types', () => {
  const kinds = Object.keys(TYPE_KIND_CODES) as TypeKind[];

  test('each kind round-trips to its shared constant', () => {
    for (const kind of kinds) {
      const w = new ByteWriter();
      writeSqlType(w, { kind });
      const t = readSqlType(new ByteReader(w.finish()));
      expect(t).toEqual({ kind });
      expect(Object.isFrozen(t)).toBe(true);
    }
    const w = new ByteWriter();
    writeSqlType(w, INTEGER);
    expect(readSqlType(new ByteReader(w.finish()))).toBe(INTEGER);
  });

  test('parameters round-trip (property)', () => {
    const arbType: fc.Arbitrary<SqlType> = fc
      .record(
        {
          kind: fc.constantFrom(...kinds),
          length: fc.nat(),
          fixed: fc.boolean(),
          precision: fc.nat(1000),
          scale: fc.integer({ min: -100, max: 100 }),
        },
        { requiredKeys: ['kind'] },
      )
      .map((t) => t as SqlType);
    fc.assert(
      fc.property(arbType, (t) => {
        const w = new ByteWriter();
        writeSqlType(w, t);
        expect(readSqlType(new ByteReader(w.finish()))).toEqual(t);
      }),
    );
  });

  test('fixtures', () => {
    const w = new ByteWriter();
    writeSqlType(w, { kind: 'CHAR', length: 20, fixed: false });
    writeSqlType(w, { kind: 'NUMERIC', precision: 7, scale: 2 });
    writeSqlType(w, BLOB);
    writeSqlType(w, DOCARRAY);
    expect(Array.from(w.finish())).toEqual([4, 3, 20, 2, 24, 7, 4, 9, 0, 11, 0]);
    expect([CHAR, NUMERIC].map((t) => t.kind)).toEqual(['CHAR', 'NUMERIC']);
  });

  test('bad kind and flags', () => {
    expect(() => readSqlType(new ByteReader(Uint8Array.of(42, 0), 10, 'f'))).toThrow(
      'database file f is corrupt at offset 10: unknown type kind 42',
    );
    expect(() => readSqlType(new ByteReader(Uint8Array.of(1, 128), 10, 'f'))).toThrow(/offset 11: bad type flags 128/);
    expect(() => readSqlType(new ByteReader(Uint8Array.of(1, 64, 1, 65), 10, 'f'))).toThrow(/offset 10: a type name on a standard type/);
    expect(() => readSqlType(new ByteReader(Uint8Array.of(1, 4), 10, 'f'))).toThrow(/bad type flags 4/);
  });
});
