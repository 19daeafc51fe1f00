/** src/common/values/document/doc-bson.test.ts — BSON encoding of document values: exactness, old data, errors. */
import { Binary, BSON, Decimal128, Long, ObjectId } from 'bson';
import fc from 'fast-check';
import { Decimal, ExactDecimal } from '../value';
import { docArbitraries } from './doc-arbitraries';
import { decodeDocValue } from './doc-bson';
import { encodeDocValue } from './doc-bson-write';
import { checkDocLimits } from './doc-limits';
import { docEquals, bsonTypeName, type Doc, type DocArray, type DocValue } from './doc-value';
import { sqlStateAndMessageOf as code } from '../../testing/sql-state-of';

/** Same value and same JavaScript kind all the way down (stricter than docEquals). */
function sameKinds(a: DocValue, b: DocValue): boolean {
  if (!docEquals(a, b) || bsonTypeName(a) !== bsonTypeName(b)) return false;
  if (Array.isArray(a)) return (b as DocArray).every((x, i) => sameKinds(a[i]!, x));
  if (bsonTypeName(a) === 'object') {
    const kb = Object.keys(b as Doc);
    return Object.keys(a as Doc).every((k, i) => kb[i] === k && sameKinds((a as Doc)[k]!, (b as Doc)[k]!));
  }
  if (a instanceof RegExp) return (b as RegExp).flags === a.flags;
  return true;
}

function roundTrip<T extends Doc | DocArray>(v: T): T {
  return decodeDocValue(encodeDocValue(v), Array.isArray(v)) as T;
}

/** The raw BSON of `v` as the bson package reads it without the engine's conversions. */
function raw(v: Doc): BSON.Document {
  return BSON.deserialize(encodeDocValue(v), { promoteValues: false, promoteLongs: false, bsonRegExp: true });
}

describe('encodeDocValue / decodeDocValue', () => {
  it('chooses int32, int64, double, Decimal128 and the text binaries as documented', () => {
    const r = raw({
      i: 7,
      l: 2 ** 40,
      u: 2 ** 60,
      f: 2.5,
      b: 2n ** 62n,
      B: 2n ** 64n,
      d: new Decimal('1.50'),
      D: new Decimal('1234567890123456789012345678901234567890.5'),
      E: new Decimal('1e-7000'),
    });
    expect(r.i._bsontype).toBe('Int32');
    expect(r.l).toBeInstanceOf(Long);
    expect(r.u._bsontype).toBe('Double');
    expect(r.f._bsontype).toBe('Double');
    expect(r.b).toBeInstanceOf(Long);
    expect(r.B).toBeInstanceOf(Binary);
    expect((r.B as Binary).sub_type).toBe(0x81);
    expect(Buffer.from((r.B as Binary).buffer).toString('latin1')).toBe('18446744073709551616');
    expect(r.d).toBeInstanceOf(Decimal128);
    expect(r.d.toString()).toBe('1.5');
    expect((r.D as Binary).sub_type).toBe(0x80);
    expect(Buffer.from((r.D as Binary).buffer).toString('latin1')).toBe('1234567890123456789012345678901234567890.5');
    expect((r.E as Binary).sub_type).toBe(0x80);
  });

  it('round-trips every kind of value exactly, field order kept', () => {
    const v: Doc = {
      z: 1,
      _id: new ObjectId(),
      n: null,
      t: true,
      s: 'text é😀',
      neg: -0,
      big: -(2n ** 100n),
      long: 2n ** 62n,
      d: new Decimal('-0.000000000000000000000000000000000000000000001'),
      dt: new Date(Date.UTC(2020, 1, 29, 12)),
      re: /a.b/imsu,
      bin: new Uint8Array([0, 1, 255]),
      nested: { a: [1, [2, { b: 3 }]], '': 'empty name', 'x.y': 1 },
    };
    const back = roundTrip(v);
    expect(sameKinds(back, v)).toBe(true);
    expect(Object.keys(back)).toEqual(Object.keys(v));
    expect(Object.is(back.neg, -0)).toBe(true);
    expect(back.bin).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(back.bin)).toBe(false);
    expect(back.d).toBeInstanceOf(Decimal);
    expect(((back.d as Decimal).constructor as unknown) === ExactDecimal).toBe(true);
    expect(roundTrip([1, 'a', [2n ** 70n]])).toEqual([1, 'a', [2n ** 70n]]);
    expect(roundTrip([])).toEqual([]);
  });

  it('drops the regex flags g, y and d, which change no match, and refuses v', () => {
    expect(roundTrip({ r: /a/gimsuyd }).r).toEqual(/a/imsu);
    expect(code(() => checkDocLimits({ r: new RegExp('a', 'v') }))).toMatch(/^22D01 .*flag v/);
  });

  it('keeps a "__proto__" field as an own field', () => {
    const v: Doc = {};
    Object.defineProperty(v, '__proto__', { value: { x: new Decimal('1e-9000') }, enumerable: true, writable: true, configurable: true });
    const back = roundTrip(v);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['__proto__']);
    expect(sameKinds(back, v)).toBe(true);
  });

  it('round-trips generated values by kind (property)', () => {
    const { doc, value } = docArbitraries(false);
    fc.assert(
      fc.property(doc, fc.array(value, { maxLength: 4 }), (d, a) => {
        expect(sameKinds(roundTrip(d), d)).toBe(true);
        expect(sameKinds(roundTrip(a), a)).toBe(true);
      }),
      { numRuns: 600, seed: 21 },
    );
  });

  it('round-trips bigints beyond 64 bits and Decimals with 40+ digits (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 400n), max: 2n ** 400n }),
        fc.bigInt({ min: 10n ** 39n, max: 10n ** 90n }),
        fc.integer({ min: -7000, max: 7000 }),
        (b, u, e) => {
          const d = new ExactDecimal(`${u}e${e}`);
          const back = roundTrip({ b, d, a: [b, d] });
          expect(sameKinds(back, { b: typeof b === 'bigint' && b >= -(2n ** 53n) && b <= 2n ** 53n ? Number(b) : b, d, a: [back.b!, d] })).toBe(true);
          expect((back.d as Decimal).eq(d)).toBe(true);
        },
      ),
      { numRuns: 300, seed: 22 },
    );
  });

  it('decodes plain BSON written by older files', () => {
    const old = BSON.serialize({ a: 1, b: 2n ** 62n, c: 5n, d: Decimal128.fromString('2.50'), e: new Uint8Array([1]), f: /x/i, g: [1.5] });
    const v = decodeDocValue(old, false) as Doc;
    expect(v).toEqual({ a: 1, b: 2n ** 62n, c: 5, d: new ExactDecimal('2.5'), e: new Uint8Array([1]), f: /x/i, g: [1.5] });
    expect(v.d).toBeInstanceOf(Decimal);
    const arr = decodeDocValue(BSON.serialize({ v: [1, 'x'] }), true);
    expect(arr).toEqual([1, 'x']);
  });

  it('turns bad bytes into the caller’s corruption error', () => {
    const corrupt = (what: string) => new Error(`CORRUPT: ${what}`);
    const good = encodeDocValue({ a: 'hello' });
    expect(() => decodeDocValue(good.subarray(0, good.length - 2), false, corrupt)).toThrow(/^CORRUPT: invalid BSON document/);
    expect(() => decodeDocValue(encodeDocValue({ a: 1 }), true, corrupt)).toThrow(/^CORRUPT: document array without its array/);
    const badBig = BSON.serialize({ a: new Binary(Buffer.from('12x'), 0x81) });
    expect(() => decodeDocValue(badBig, false, corrupt)).toThrow(/^CORRUPT: bad integer text/);
    const badDec = BSON.serialize({ a: new Binary(Buffer.from('1.50'), 0x80) });
    expect(() => decodeDocValue(badDec, false, corrupt)).toThrow(/^CORRUPT: bad decimal text/);
    const nan = BSON.serialize({ a: Decimal128.fromString('NaN') });
    expect(() => decodeDocValue(nan, false, corrupt)).toThrow(/^CORRUPT: non-finite Decimal128/);
    const ts = BSON.serialize({ a: new BSON.Timestamp({ t: 1, i: 1 }) });
    expect(() => decodeDocValue(ts, false, corrupt)).toThrow(/^CORRUPT: unsupported BSON value Timestamp/);
    expect(code(() => decodeDocValue(new Uint8Array([1, 2, 3]), false))).toMatch(/^XX001/);
  });

  it('checks the exact size when encoding, and never fails with anything but an SqlError', () => {
    expect(code(() => encodeDocValue({ s: 'x'.repeat(17 * 1024 * 1024) }))).toMatch(/^54000 .*16777216 bytes/);
    // the limits and the representation are checked where a document enters a table (checkDocLimits); a
    // document that skipped that check still fails cleanly here
    let deep: Doc = { x: 1 };
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(code(() => checkDocLimits(deep))).toMatch(/^54000/);
    expect(code(() => encodeDocValue(deep))).toMatch(/^(22D01|54000)/);
    for (const bad of [{ n: NaN }, { 'a\0b': 1 }, { _bsontype: 'x' }] as Doc[]) {
      expect(code(() => checkDocLimits(bad))).toMatch(/^22D01/);
    }
    expect(code(() => checkDocLimits({ 'a\0b': 1 }))).toMatch(/^22D01 .*NUL/);
  });
});
