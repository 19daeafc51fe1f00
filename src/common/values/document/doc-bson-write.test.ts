/**
 * src/common/values/document/doc-bson-write.test.ts — the BSON writer against the `bson` package's serialiser:
 * the same bytes for the same value (doc-bson-write.ts invariant 3), and the same refusals.
 */
import { Binary, BSON, BSONRegExp, Decimal128, ObjectId } from 'bson';
import fc from 'fast-check';
import { ByteWriter } from '../bytes';
import { Decimal, ExactDecimal } from '../value';
import { docArbitraries } from './doc-arbitraries';
import { encodeDocValue, writeDocValue } from './doc-bson-write';
import { isDoc, type Doc, type DocArray, type DocValue } from './doc-value';
import { sqlStateAndMessageOf as code } from '../../testing/sql-state-of';

/**
 * The oracle: `v` with every value BSON has no plain form for wrapped in the bson package's class (int64 as a
 * bigint, exact Decimals as Decimal128, the text binaries, regexes without g/y/d), then `BSON.serialize`. It
 * chooses Decimal128 by the writer's own rule, so that rule is checked apart from it: doc-bson.test.ts reads the
 * BSON types back raw and round-trips Decimals of up to 90 digits and exponents to ±7000.
 */
function wrapped(v: DocValue): unknown {
  if (Array.isArray(v)) return v.map(wrapped);
  if (v !== null && typeof v === 'object' && isDoc(v)) {
    const o: { [k: string]: unknown } = {};
    for (const k of Object.keys(v)) {
      Object.defineProperty(o, k, { value: wrapped((v as Doc)[k]!), enumerable: true, writable: true, configurable: true });
    }
    return o;
  }
  if (typeof v === 'number') return Number.isSafeInteger(v) && !Object.is(v, -0) && (v < -(2 ** 31) || v >= 2 ** 31) ? BigInt(v) : v;
  if (typeof v === 'bigint') {
    return v >= -(2n ** 63n) && v < 2n ** 63n ? v : new Binary(Buffer.from(v.toString(), 'latin1'), 0x81);
  }
  if (v instanceof Decimal) {
    if (v.isZero()) return Decimal128.fromString('0');
    const text = v.toExponential();
    const e = text.indexOf('e');
    const negative = text.startsWith('-');
    const digits = text.slice(negative ? 1 : 0, e).replace('.', '');
    const q = Number(text.slice(e + 1)) - (digits.length - 1);
    if (digits.length <= 34 && q >= -6176 && q <= 6111) return Decimal128.fromString(`${negative ? '-' : ''}${digits}E${q}`);
    return new Binary(Buffer.from(v.toFixed(), 'latin1'), 0x80);
  }
  if (v instanceof RegExp) return new BSONRegExp(v.source, v.flags.replace(/[gyd]/g, ''));
  return v;
}

function oracle(v: Doc | DocArray): Uint8Array {
  return BSON.serialize((Array.isArray(v) ? { v: wrapped(v) } : wrapped(v)) as BSON.Document);
}

describe('the BSON writer', () => {
  it('writes the bytes the bson package writes, for every kind of value', () => {
    const v: Doc = {
      i: 7,
      m: -(2 ** 31),
      M: 2 ** 31 - 1,
      l: 2 ** 31,
      L: -(2 ** 40),
      u: 2 ** 60,
      f: 2.5,
      neg: -0,
      b: 2n ** 62n,
      B: -(2n ** 64n),
      d: new ExactDecimal('1.50'),
      z: new ExactDecimal('0'),
      D: new ExactDecimal('1234567890123456789012345678901234567890.5'),
      E: new ExactDecimal('1e-7000'),
      s: 'text é😀 \ud800 lone',
      '': 'empty name',
      'ключ é': [1, 'two', [3, { deep: null }], true, false],
      t: new Date(Date.UTC(2020, 1, 29, 12)),
      early: new Date(-8.64e15),
      o: new ObjectId('0123456789abcdef01234567'),
      re: /a.b/gimsuyd,
      bin: new Uint8Array([0, 1, 255]),
      empty: {},
      none: [],
    };
    expect(Buffer.from(encodeDocValue(v)).equals(Buffer.from(oracle(v)))).toBe(true);
    const long = Array.from({ length: 25 }, (_, i) => i * 1.5);
    expect(Buffer.from(encodeDocValue(long)).equals(Buffer.from(oracle(long)))).toBe(true);
    const proto: Doc = {};
    Object.defineProperty(proto, '__proto__', { value: { x: 1 }, enumerable: true, writable: true, configurable: true });
    expect(Buffer.from(encodeDocValue(proto)).equals(Buffer.from(oracle(proto)))).toBe(true);
  });

  it('writes the bytes the bson package writes, for generated values (property)', () => {
    const { doc, value } = docArbitraries(false);
    fc.assert(
      fc.property(doc, fc.array(value, { maxLength: 12 }), (d, a) => {
        expect(Buffer.from(encodeDocValue(d)).equals(Buffer.from(oracle(d)))).toBe(true);
        expect(Buffer.from(encodeDocValue(a)).equals(Buffer.from(oracle(a)))).toBe(true);
      }),
      { numRuns: 800, seed: 41 },
    );
  });

  it('writes into a ByteWriter as writeBytes would, and keeps no large scratch buffer between documents', () => {
    const w = new ByteWriter(16);
    w.writeU8(9);
    const big: Doc = { s: 'x'.repeat(3 << 20), n: 1 };
    writeDocValue(w, big);
    writeDocValue(w, { a: 1 });
    const expected = new ByteWriter(16);
    expected.writeU8(9);
    expected.writeBytes(oracle(big));
    expected.writeBytes(oracle({ a: 1 }));
    expect(Buffer.from(w.finish()).equals(Buffer.from(expected.finish()))).toBe(true);
    // the copy a caller gets is its own
    const first = encodeDocValue({ a: 1 });
    encodeDocValue({ a: 2 });
    expect(Buffer.from(first).equals(Buffer.from(oracle({ a: 1 })))).toBe(true);
  });

  it('refuses what BSON cannot hold with 22D01 and what is too deep or too large with 54000', () => {
    const bad: [string, Doc][] = [
      ['NUL', { 'a\0b': 1 }],
      ['_bsontype', { _bsontype: 'x' }],
      ['NUL', { r: new RegExp('a\0') }],
      ['flag v', { r: new RegExp('a', 'v') }],
      ['invalid Date', { d: new Date(NaN) }],
      ['class Map', { m: new Map() as unknown as Doc }],
      ['undefined', { u: undefined as unknown as Doc }],
      ['function', { f: (() => 1) as unknown as Doc }],
      ['must be finite', { d: new ExactDecimal('NaN') }],
    ];
    for (const [what, d] of bad) expect(code(() => encodeDocValue(d))).toMatch(new RegExp(`^22D01 .*${what}`));
    let deep: Doc = { x: 1 };
    for (let i = 0; i < 100; i++) deep = { a: deep };
    expect(code(() => encodeDocValue(deep))).toMatch(/^54000 .*100 levels/);
    let fits: DocValue = 1;
    for (let i = 0; i < 100; i++) fits = [fits]; // 100 levels: the most allowed
    expect(code(() => encodeDocValue(fits as DocArray))).toBe('no error');
    expect(code(() => encodeDocValue([fits]))).toMatch(/^54000/);
    expect(code(() => encodeDocValue({ s: 'x'.repeat(16 * 1024 * 1024) }))).toMatch(/^54000 .*16777216 bytes encoded, not 16777229$/);
    // after an error the next document is written whole
    expect(Buffer.from(encodeDocValue({ ok: true })).equals(Buffer.from(oracle({ ok: true })))).toBe(true);
  });
});
