/** src/common/values/format.test.ts — values as text for people and as SQL literals. */
import { formatBlob, formatNumeric, formatReal, formatValue, sqlLiteral } from './format';
import { BLOB, BOOLEAN, CHAR, DATE, INTEGER, NUMERIC, REAL, TIME, TIMESTAMP, type SqlType } from './sql-type';
import { Decimal, type Value } from './value';
import { parseDate, parseTimestamp } from './datetime';

const n52: SqlType = { kind: 'NUMERIC', precision: 5, scale: 2 };

describe('formatValue', () => {
  it('prints NULL and strings as they are', () => {
    expect(formatValue(null)).toBe('NULL');
    expect(formatValue(null, INTEGER)).toBe('NULL');
    expect(formatValue('it\'s', CHAR)).toBe("it's");
    expect(formatValue('')).toBe('');
  });

  it('prints INTEGER exactly', () => {
    expect(formatValue(42, INTEGER)).toBe('42');
    expect(formatValue(-9007199254740991, INTEGER)).toBe('-9007199254740991');
    expect(formatValue(2n ** 100n, INTEGER)).toBe('1267650600228229401496703205376');
    expect(formatValue(-0, INTEGER)).toBe('0');
    expect(formatValue(12345678901234567890n)).toBe('12345678901234567890');
  });

  it('prints NUMERIC exactly with its scale', () => {
    expect(formatValue(new Decimal('1.5'), n52)).toBe('1.50');
    expect(formatValue(new Decimal('1.50'), NUMERIC)).toBe('1.5');
    expect(formatValue(new Decimal('-0.001'), n52)).toBe('0.00');
    expect(formatValue(new Decimal('1e-7'), NUMERIC)).toBe('0.0000001');
    expect(formatValue(new Decimal('1e30'), NUMERIC)).toBe('1000000000000000000000000000000');
    expect(formatValue(new Decimal('123456789012345678901234567890.123456789'))).toBe(
      '123456789012345678901234567890.123456789',
    );
    expect(formatValue(3, n52)).toBe('3.00');
    expect(formatValue(3n, { kind: 'NUMERIC', scale: 1 })).toBe('3.0');
    expect(formatValue(2.675, n52)).toBe('2.68');
  });

  it('prints REAL shortest round-trip with .0 on integral values', () => {
    expect(formatValue(2, REAL)).toBe('2.0');
    expect(formatValue(0.1, REAL)).toBe('0.1');
    expect(formatValue(0.1 + 0.2, REAL)).toBe('0.30000000000000004');
    expect(formatValue(-0, REAL)).toBe('-0.0');
    expect(formatValue(1e20, REAL)).toBe('100000000000000000000.0');
    expect(formatValue(1e21, REAL)).toBe('1e+21');
    expect(formatValue(1.5e-7, REAL)).toBe('1.5e-7');
    expect(formatValue(Infinity, REAL)).toBe('Infinity');
    expect(formatValue(2n, REAL)).toBe('2.0');
    expect(formatValue(new Decimal('0.5'), REAL)).toBe('0.5');
    expect(formatReal(-3)).toBe('-3.0');
  });

  it('prints numbers without a type by their kind', () => {
    expect(formatValue(2)).toBe('2');
    expect(formatValue(2.5)).toBe('2.5');
  });

  it('prints dates, timestamps and times', () => {
    const ts = parseTimestamp('2024-03-07 08:09:10.5');
    expect(formatValue(parseDate('2024-03-07'), DATE)).toBe('2024-03-07');
    expect(formatValue(ts, DATE)).toBe('2024-03-07');
    expect(formatValue(ts, TIMESTAMP)).toBe('2024-03-07 08:09:10.5');
    expect(formatValue(parseDate('2024-03-07'), TIMESTAMP)).toBe('2024-03-07 00:00:00');
    expect(formatValue(ts, TIME)).toBe('08:09:10.5');
    expect(formatValue('08:09:10', TIME)).toBe('08:09:10');
    expect(formatValue(parseDate('2024-03-07'))).toBe('2024-03-07');
    expect(formatValue(ts)).toBe('2024-03-07 08:09:10.5');
  });

  it('prints booleans, blobs and documents', () => {
    expect(formatValue(true, BOOLEAN)).toBe('TRUE');
    expect(formatValue(false)).toBe('FALSE');
    expect(formatValue(new Uint8Array([0, 10, 255]), BLOB)).toBe("X'000AFF'");
    expect(formatBlob(new Uint8Array())).toBe("X''");
    expect(formatValue({ b: 1, a: [1, 'x', null], big: 5n })).toBe('{"b": 1, "a": [1, "x", null], "big": 5}');
  });

  it('never throws on a value that does not fit the type', () => {
    expect(formatValue(true, INTEGER)).toBe('TRUE');
    expect(formatValue(5, DATE)).toBe('5');
    expect(formatValue(new Uint8Array([1]), CHAR)).toBe("X'01'");
  });

  it('formatNumeric takes any exact representation', () => {
    expect(formatNumeric(7)).toBe('7');
    expect(formatNumeric(0.25)).toBe('0.25');
    expect(formatNumeric(-5n, 2)).toBe('-5.00');
    expect(formatNumeric(new Decimal('-0'), 0)).toBe('0');
  });
});

describe('sqlLiteral', () => {
  it('quotes and tags values so they read back', () => {
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral('10:00:00', TIME)).toBe("TIME '10:00:00'");
    expect(sqlLiteral(parseDate('2024-01-31'))).toBe("DATE '2024-01-31'");
    expect(sqlLiteral(parseDate('2024-01-31'), TIMESTAMP)).toBe("TIMESTAMP '2024-01-31 00:00:00'");
    expect(sqlLiteral(parseTimestamp('2024-01-31 10:00:00'))).toBe("TIMESTAMP '2024-01-31 10:00:00'");
    expect(sqlLiteral(new Decimal('1.5'), n52)).toBe('1.50');
    expect(sqlLiteral(-7)).toBe('-7');
    expect(sqlLiteral(true)).toBe('TRUE');
    expect(sqlLiteral(new Uint8Array([171]))).toBe("X'AB'");
    expect(sqlLiteral({ a: 1 })).toBe('{"a": 1}');
    expect(sqlLiteral([1, "it's"] as unknown as Value)).toBe(`CAST('[1, "it''s"]' AS DOCARRAY)`);
  });
});
