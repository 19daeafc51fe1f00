/** src/common/values/document/doc-json.test.ts — JSON text ↔ document values: exact numbers, wrappers, errors. */
import { ObjectId } from 'bson';
import fc from 'fast-check';
import { Decimal } from '../value';
import { docArbitraries } from './doc-arbitraries';
import { documentToJson, parseDocumentText } from './doc-json';
import { docEquals, type Doc, type DocValue } from './doc-value';
import { sqlStateAndMessageOf as code } from '../../testing/sql-state-of';

describe('parseDocumentText', () => {
  it('reads integers exactly: safe as number, beyond as bigint', () => {
    expect(parseDocumentText('{"a": 12, "b": -0, "c": 9007199254740991, "d": 9007199254740993}')).toEqual({
      a: 12,
      b: 0,
      c: 9007199254740991,
      d: 9007199254740993n,
    });
    expect(Object.is((parseDocumentText('[-0]') as DocValue[])[0], 0)).toBe(true);
    expect(parseDocumentText('123456789012345678901234567890')).toBe(123456789012345678901234567890n);
  });

  it('reads a fraction without exponent as an exact Decimal and an exponent as a double', () => {
    const v = parseDocumentText('{"p": 2.50, "q": 0.1000000000000000000000000000001, "r": 1e3, "s": 2.5E-1}') as Doc;
    expect(v.p).toBeInstanceOf(Decimal);
    expect((v.p as Decimal).toFixed()).toBe('2.5');
    expect((v.q as Decimal).toFixed()).toBe('0.1000000000000000000000000000001');
    expect(v.r).toBe(1000);
    expect(v.s).toBe(0.25);
    expect(code(() => parseDocumentText('{"x": 1e400}'))).toMatch(/^22D01 .*out of range at character 6/);
  });

  it('keeps field order and reads strings with every escape', () => {
    const v = parseDocumentText('{"z": 1, "a": "q\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00", "m": [true, false, null]}') as Doc;
    expect(Object.keys(v)).toEqual(['z', 'a', 'm']);
    expect(v.a).toBe('q"\\/\b\f\n\r\té😀');
    expect(v.m).toEqual([true, false, null]);
  });

  it('keeps a "__proto__" field as an own field', () => {
    const v = parseDocumentText('{"__proto__": {"x": 1}}') as Doc;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(documentToJson(v)).toBe('{"__proto__": {"x": 1}}');
  });

  it('reads Extended JSON wrappers but not $regex', () => {
    const v = parseDocumentText(
      '{"i": {"$oid": "0123456789abcdef01234567"}, "d": {"$date": "2024-01-31T10:20:30.123Z"}, ' +
        '"e": {"$date": {"$numberLong": "86400000"}}, "n": {"$numberDecimal": "1.50"}, "l": {"$numberLong": "-99999999999999999999"}, ' +
        '"b": {"$binary": {"base64": "AQID", "subType": "00"}}, "r": {"$regex": "a+", "$options": "i"}, ' +
        '"x": {"$regularExpression": {"pattern": "^q", "options": "m"}}}',
    ) as Doc;
    expect(v.i).toBeInstanceOf(ObjectId);
    expect((v.i as ObjectId).toHexString()).toBe('0123456789abcdef01234567');
    expect((v.d as Date).toISOString()).toBe('2024-01-31T10:20:30.123Z');
    expect((v.e as Date).getTime()).toBe(86400000);
    expect((v.n as Decimal).toFixed()).toBe('1.5');
    expect(v.l).toBe(-99999999999999999999n);
    expect(v.b).toEqual(new Uint8Array([1, 2, 3]));
    expect(v.r).toEqual({ $regex: 'a+', $options: 'i' });
    expect(v.x).toEqual(/^q/m);
  });

  it('refuses malformed wrappers with 22D01', () => {
    expect(code(() => parseDocumentText('{"a": {"$oid": "123"}}'))).toMatch(/^22D01 .*\$oid must be .* at character 6/);
    expect(code(() => parseDocumentText('{"$date": "yesterday"}'))).toMatch(/^22D01 .*\$date/);
    expect(code(() => parseDocumentText('{"$numberDecimal": "NaN"}'))).toMatch(/^22D01/);
    expect(code(() => parseDocumentText('{"$binary": "AQID"}'))).toMatch(/^22D01/);
    expect(code(() => parseDocumentText('{"$regularExpression": {"pattern": "(", "options": ""}}'))).toMatch(/^2201B/);
  });

  it.each([
    ['{"a": 1, "a": 2}', /^22D01 .*duplicate key "a" at character 9/],
    ['{"a": 1', /^22D01 .*unclosed object at character 0/],
    ['{"a": [1, 2}', /^22D01 .*unexpected character "}" at character 11/],
    ['[1, 2', /^22D01 .*unclosed array at character 0/],
    ['{"a": "x\\q"}', /^22D01 .*bad escape \\q at character 8/],
    ['{"a": "\\u12"}', /^22D01 .*bad \\u escape at character 7/],
    ['{"a": "x', /^22D01 .*unterminated string at character 6/],
    ['{"a": 1} x', /^22D01 .*unexpected text after the value at character 9/],
    ['{a: 1}', /^22D01 .*unexpected character "a" at character 1/],
    ['{"a": 01}', /^22D01 .*unexpected character "1" at character 7/],
    ['{"a": tru}', /^22D01 .*unexpected character "t" at character 6/],
    ['', /^22D01 .*unexpected end of text at character 0/],
    ['{"a": "\n"}', /^22D01 .*control character in a string at character 7/],
    ['{"a": .5}', /^22D01 .*unexpected character "\." at character 6/],
  ])('refuses %j', (text, expected) => {
    expect(code(() => parseDocumentText(text))).toMatch(expected);
  });

  it('stops at 100 levels of nesting with 54000, even for 10,000 levels', () => {
    const ok = '['.repeat(100) + ']'.repeat(100);
    expect(code(() => parseDocumentText(ok))).toBe('no error');
    expect(code(() => parseDocumentText('['.repeat(101) + ']'.repeat(101)))).toMatch(/^54000 .*100 levels/);
    expect(code(() => parseDocumentText('{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)))).toMatch(/^54000/);
    expect(code(() => parseDocumentText('['.repeat(1_000_000)))).toMatch(/^54000/);
  });

  it('refuses a million keys quickly with 54000', () => {
    const parts: string[] = [];
    for (let i = 0; i < 1_000_000; i++) parts.push(`"k${i}": ${i}`);
    const text = `{${parts.join(', ')}}`;
    const t0 = Date.now();
    expect(code(() => parseDocumentText(text))).toMatch(/^54000 .*at most 100000 fields/);
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});

describe('documentToJson', () => {
  it('prints one line with ": " and ", " and exact numbers', () => {
    const doc: Doc = {
      _id: 'd1',
      b: { C: 23 },
      d: [1, new Decimal('2.5'), 'x'],
      e: null,
      f: true,
      g: 2 ** 60,
      h: 123456789012345678901234567890n,
      i: new Decimal('1e-30'),
      j: new Decimal('12345678901234567890.123456789'),
      k: 0.1,
      l: -0,
      m: 'quote " and \\ and \n',
    };
    expect(documentToJson(doc)).toBe(
      '{"_id": "d1", "b": {"C": 23}, "d": [1, 2.5, "x"], "e": null, "f": true, "g": 1152921504606846976, ' +
        '"h": 123456789012345678901234567890, "i": 0.000000000000000000000000000001, ' +
        '"j": 12345678901234567890.123456789, "k": 0.1, "l": 0, "m": "quote \\" and \\\\ and \\n"}',
    );
    expect(documentToJson({})).toBe('{}');
    expect(documentToJson([])).toBe('[]');
  });

  it('prints wrappers for ObjectId, Date, RegExp and bytes', () => {
    const doc: Doc = {
      i: ObjectId.createFromHexString('0123456789abcdef01234567'),
      d: new Date(Date.UTC(2024, 0, 31)),
      r: /a"b/gi,
      b: new Uint8Array([1, 2, 3, 255]),
    };
    expect(documentToJson(doc)).toBe(
      '{"i": {"$oid": "0123456789abcdef01234567"}, "d": {"$date": "2024-01-31T00:00:00.000Z"}, ' +
        '"r": {"$regex": "a\\"b", "$options": "gi"}, "b": {"$binary": {"base64": "AQID/w==", "subType": "00"}}}',
    );
    // a printed regex reads back as the $regex query operator document
    expect(parseDocumentText(documentToJson({ r: /x/i }))).toEqual({ r: { $regex: 'x', $options: 'i' } });
  });

  it('round-trips: parse(print(v)) equals v and prints the same text again', () => {
    const { value } = docArbitraries(true);
    fc.assert(
      fc.property(value, (v) => {
        const text = documentToJson(v);
        const back = parseDocumentText(text);
        expect(docEquals(back, v)).toBe(true);
        expect(documentToJson(back)).toBe(text);
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('round-trips bigints beyond 64 bits and Decimals of 40+ digits by kind', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 64n, max: 2n ** 300n }), fc.bigInt({ min: 10n ** 40n, max: 10n ** 80n }), fc.integer({ min: 1, max: 60 }), (b, u, s) => {
        const d = new Decimal(`${u * 10n + 7n}e-${s}`);
        const back = parseDocumentText(documentToJson({ b: -b, d })) as Doc;
        expect(back.b).toBe(-b);
        expect(back.d).toBeInstanceOf(Decimal);
        expect((back.d as Decimal).toFixed()).toBe(d.toFixed());
      }),
      { numRuns: 300, seed: 12 },
    );
  });
});
