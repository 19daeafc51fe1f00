/** src/common/values/document/doc-limits.test.ts — depth, field-count and size limits, and the representation check. */
import { ObjectId } from 'bson';
import { Decimal } from '../value';
import { encodeDocValue } from './doc-bson-write';
import { checkDocLimits, MAX_DOC_BYTES, MAX_DOC_DEPTH, MAX_DOC_FIELDS } from './doc-limits';
import type { Doc, DocValue } from './doc-value';
import { sqlStateAndMessageOf as code } from '../../testing/sql-state-of';

function nested(levels: number): DocValue {
  let v: DocValue = 1;
  for (let i = 0; i < levels; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

describe('checkDocLimits', () => {
  it('has MongoDB’s limits', () => {
    expect(MAX_DOC_DEPTH).toBe(100);
    expect(MAX_DOC_BYTES).toBe(16 * 1024 * 1024);
    expect(MAX_DOC_FIELDS).toBe(100_000);
  });

  it('allows 100 levels and refuses 101 with 54000, also 10,000 levels and cycles, without overflowing', () => {
    expect(code(() => checkDocLimits(nested(100)))).toBe('no error');
    expect(code(() => checkDocLimits(nested(101)))).toMatch(/^54000 .*at most 100 levels/);
    expect(code(() => checkDocLimits(nested(10_000)))).toMatch(/^54000/);
    const cyclic: Doc = { a: 1 };
    cyclic.self = cyclic;
    expect(code(() => checkDocLimits(cyclic))).toMatch(/^54000/);
  });

  it('refuses a million keys quickly with 54000', () => {
    const big: Doc = {};
    for (let i = 0; i < 1_000_000; i++) big[`k${i}`] = i;
    const t0 = Date.now();
    expect(code(() => checkDocLimits(big))).toMatch(/^54000 .*at most 100000 fields at one level, not 1000000/);
    expect(Date.now() - t0).toBeLessThan(3000);
    const ok: Doc = {};
    for (let i = 0; i < MAX_DOC_FIELDS; i++) ok[`k${i}`] = i;
    expect(code(() => checkDocLimits(ok))).toBe('no error');
  });

  it('refuses a document larger than 16 MiB and bounds the encoded size from above', () => {
    expect(code(() => checkDocLimits({ s: 'x'.repeat(MAX_DOC_BYTES) }))).toMatch(/^54000 .*16777216 bytes/);
    expect(code(() => checkDocLimits(Array.from({ length: 3 }, () => 'é'.repeat(3_000_000))))).toMatch(/^54000/);
    // the first walk bounds a string by 3 bytes a unit (26 MB here); the exact second walk lets these through
    const ascii = { s: 'x'.repeat(8_000_000), t: ['y'.repeat(800_000)] };
    expect(checkDocLimits(ascii)).toBeGreaterThanOrEqual(encodeDocValue(ascii).length);
    expect(checkDocLimits(ascii)).toBeLessThan(MAX_DOC_BYTES);
    expect(code(() => checkDocLimits({ s: 'é'.repeat(8_000_000), t: 'x'.repeat(800_000) }))).toMatch(
      /^54000 .*16777216 bytes encoded, not 16800021$/,
    );
    const samples: Doc[] = [
      { a: 1, b: 2 ** 40, c: 2.5, d: 'héllo', e: [true, null, 3n ** 50n], f: { g: new Date(0) } },
      { d: new Decimal('1.5'), D: new Decimal('1e-7000'), E: new Decimal('123456789012345678901234567890123456789'), o: new ObjectId() },
      { r: /ab+c/imsu, b: new Uint8Array(100), x: 2n ** 63n - 1n, y: -(2n ** 63n) },
    ];
    for (const s of samples) expect(checkDocLimits(s)).toBeGreaterThanOrEqual(encodeDocValue(s).length);
  });

  it.each([
    [{ a: undefined }, /undefined/],
    [{ a: NaN }, /NaN .*finite/],
    [{ a: [Infinity] }, /Infinity/],
    [{ a: new Decimal(NaN) }, /NaN/],
    [{ a: new Date(NaN) }, /invalid Date/],
    [{ 'a\0': 1 }, /NUL/],
    [{ r: new RegExp('a\0') }, /NUL/],
    [{ a: new Map() }, /class Map/],
    [{ a: () => 1 }, /function/],
    [{ _bsontype: 'ObjectId' }, /_bsontype/],
  ])('refuses %p with 22D01', (v, expected) => {
    const c = code(() => checkDocLimits(v as unknown as DocValue));
    expect(c).toMatch(/^22D01/);
    expect(c).toMatch(expected);
  });

  it('accepts scalars and null-prototype documents', () => {
    expect(code(() => checkDocLimits(5))).toBe('no error');
    const o = Object.create(null) as Doc;
    o.a = 1;
    expect(code(() => checkDocLimits({ o }))).toBe('no error');
  });
});
