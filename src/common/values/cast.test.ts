/**
 * src/common/values/cast.test.ts — CAST between every pair of types, assignment into columns, implicit
 * widening, the natural type of JavaScript values and parameter intake.
 */
import { SqlError, SqlState } from '../errors';
import {
  assignValue,
  castValue,
  charLength,
  coerceValue,
  parseIntegerText,
  parseNumericText,
  parseRealText,
  truncateChars,
  typeOfValue,
  valueFromJs,
} from './cast';
import { docEquals, type DocValue } from './document/doc-value';
import { BLOB, BOOLEAN, CHAR, DATE, DOCARRAY, DOCUMENT, INTEGER, NULL_TYPE, NUMERIC, REAL, TIME, TIMESTAMP, type SqlType } from './sql-type';
import { Decimal, ExactDecimal, type Value } from './value';
import { formatDate, formatTimestamp, parseDate, parseTimestamp } from './datetime';
import { sqlStateOf as stateOf } from '../testing/sql-state-of';

const dec = (s: string): Decimal => new Decimal(s);
const n52: SqlType = { kind: 'NUMERIC', precision: 5, scale: 2 };
const varchar = (n: number): SqlType => ({ kind: 'CHAR', length: n });
const text = (v: Value): string => (v instanceof Decimal ? v.toFixed() : v instanceof Date ? v.toISOString() : String(v));

describe('text helpers', () => {
  it('count and cut code points, not UTF-16 units', () => {
    expect(charLength('abc')).toBe(3);
    expect(charLength('a😀b')).toBe(3);
    expect(truncateChars('a😀bc', 2)).toBe('a😀');
    expect(truncateChars('abc', 5)).toBe('abc');
  });

  it('parse numeric literal text', () => {
    expect(parseIntegerText(' -42 ')).toBe(-42);
    expect(parseIntegerText('-0')).toBe(0);
    expect(parseIntegerText('123456789012345678901')).toBe(123456789012345678901n);
    expect(parseIntegerText('9007199254740991')).toBe(9007199254740991);
    expect(parseIntegerText('1.5')).toBeNull();
    expect(text(parseNumericText('.5') as Value)).toBe('0.5');
    expect(text(parseNumericText('1.') as Value)).toBe('1');
    expect(text(parseNumericText('-1.25e3') as Value)).toBe('-1250');
    expect(parseNumericText('1,5')).toBeNull();
    expect(stateOf(() => parseRealText('-inf'))).toBe(SqlState.NumericValueOutOfRange);
    expect(stateOf(() => parseRealText('Infinity'))).toBe(SqlState.NumericValueOutOfRange);
    expect(parseRealText('1e-3')).toBe(0.001);
    expect(parseRealText('NaN')).toBeNull();
    expect(stateOf(() => parseRealText('1e999'))).toBe(SqlState.NumericValueOutOfRange);
    expect(stateOf(() => parseNumericText('1e999999'))).toBe(SqlState.NumericValueOutOfRange);
  });
});

describe('castValue: every pair that works', () => {
  const ts = parseTimestamp('2024-01-31 10:20:30.5');
  const d = parseDate('2024-01-31');
  const cases: Array<[string, Value, SqlType, string, SqlType?]> = [
    // to INTEGER
    ['INTEGER→INTEGER', 5, INTEGER, '5'],
    ['big→INTEGER', 2n ** 70n, INTEGER, '1180591620717411303424'],
    ['NUMERIC→INTEGER rounds up', dec('2.5'), INTEGER, '3'],
    ['NUMERIC→INTEGER rounds away from zero', dec('-2.5'), INTEGER, '-3'],
    ['NUMERIC→INTEGER rounds down', dec('2.49999999999999999999'), INTEGER, '2'],
    ['big NUMERIC→INTEGER', dec('12345678901234567890.5'), INTEGER, '12345678901234567891'],
    ['REAL→INTEGER', 2.5, INTEGER, '3'],
    ['REAL→INTEGER negative', -2.5, INTEGER, '-3'],
    ['REAL→INTEGER', 0.49999999999999994, INTEGER, '0'],
    ['REAL 1e300→INTEGER', 1e300, INTEGER, BigInt(1e300).toString()],
    ['CHAR→INTEGER', ' 42 ', INTEGER, '42'],
    ['long CHAR→INTEGER', '-99999999999999999999', INTEGER, '-99999999999999999999'],
    ['BOOLEAN→INTEGER', true, INTEGER, '1'],
    // to NUMERIC
    ['INTEGER→NUMERIC', 7, NUMERIC, '7'],
    ['INTEGER→NUMERIC(5,2)', 7, n52, '7'],
    ['REAL→NUMERIC', 0.1, NUMERIC, '0.1'],
    ['REAL→NUMERIC(5,2)', 2.675, n52, '2.68'],
    ['NUMERIC→NUMERIC(5,2)', dec('-999.994'), n52, '-999.99'],
    ['NUMERIC→NUMERIC(3)', dec('123.4'), { kind: 'NUMERIC', precision: 3 }, '123'],
    ['bigint→NUMERIC', 2n ** 64n, NUMERIC, '18446744073709551616'],
    ['CHAR→NUMERIC', '1.50', NUMERIC, '1.5'],
    ['CHAR→NUMERIC(5,2)', '1.005', n52, '1.01'],
    // to REAL
    ['INTEGER→REAL', 3, REAL, '3'],
    ['bigint→REAL', 2n ** 64n, REAL, String(2 ** 64)],
    ['NUMERIC→REAL', dec('0.1'), REAL, '0.1'],
    ['CHAR→REAL', '1.5e3', REAL, '1500'],
    // to CHAR
    ['INTEGER→CHAR', 42, CHAR, '42'],
    ['bigint→CHAR', 2n ** 64n, CHAR, '18446744073709551616'],
    ['REAL→CHAR', 2, CHAR, '2.0', REAL],
    ['NUMERIC(5,2)→CHAR', dec('1.5'), CHAR, '1.50', n52],
    ['BOOLEAN→CHAR', true, CHAR, 'TRUE'],
    ['DATE→CHAR', d, CHAR, '2024-01-31', DATE],
    ['TIMESTAMP→CHAR', ts, CHAR, '2024-01-31 10:20:30.5', TIMESTAMP],
    ['TIME→CHAR', '10:20:30', CHAR, '10:20:30', TIME],
    ['BLOB→CHAR', new Uint8Array([0x68, 0xc3, 0xa9]), CHAR, 'hé'],
    ['CHAR→VARCHAR(3) truncates', 'abcdef', varchar(3), 'abc'],
    ['INTEGER→VARCHAR(2) truncates', 12345, varchar(2), '12'],
    // to BOOLEAN
    ['CHAR→BOOLEAN', 'yes', BOOLEAN, 'true'],
    ['CHAR→BOOLEAN false', ' F ', BOOLEAN, 'false'],
    ['INTEGER→BOOLEAN', 0, BOOLEAN, 'false'],
    ['bigint→BOOLEAN', 2n ** 60n, BOOLEAN, 'true'],
    ['BOOLEAN→BOOLEAN', false, BOOLEAN, 'false'],
    // to DATE / TIMESTAMP / TIME
    ['CHAR→DATE', '2024-01-31', DATE, '2024-01-31T00:00:00.000Z'],
    ['timestamp CHAR→DATE', '2024-01-31 23:59:59', DATE, '2024-01-31T00:00:00.000Z'],
    ['TIMESTAMP→DATE', ts, DATE, '2024-01-31T00:00:00.000Z'],
    ['DATE→TIMESTAMP', d, TIMESTAMP, '2024-01-31T00:00:00.000Z'],
    ['CHAR→TIMESTAMP', '2024-01-31T10:20:30.5', TIMESTAMP, '2024-01-31T10:20:30.500Z'],
    ['CHAR→TIME', '9:05', TIME, '09:05:00'],
    ['TIMESTAMP→TIME', ts, TIME, '10:20:30.5'],
    // to BLOB
    ['CHAR→BLOB', 'hé', BLOB, '104,195,169'],
    ['BLOB→BLOB', new Uint8Array([1]), BLOB, '1'],
    // to DOCUMENT
    ['CHAR→DOCUMENT', '{"a":1}', DOCUMENT, '[object Object]'],
  ];
  // rest parameters: jest would take a fifth named parameter on a four-element row as a `done` callback
  it.each(cases)('%s', (...row) => {
    const [, v, to, want, from] = row;
    expect(text(castValue(v, to, from))).toBe(want);
  });

  it('reads JSON text as DOCUMENT and DOCARRAY with exact numbers, and prints documents as JSON', () => {
    const doc = castValue('{"_id": "d1", "n": 123456789012345678901234567890, "p": 2.50, "e": 1e2, "l": [1, {"x": null}]}', DOCUMENT);
    expect(docEquals(doc as DocValue, { _id: 'd1', n: 123456789012345678901234567890n, p: dec('2.5'), e: 100, l: [1, { x: null }] })).toBe(true);
    expect((doc as { p: unknown }).p).toBeInstanceOf(Decimal);
    expect(castValue(doc, CHAR)).toBe('{"_id": "d1", "n": 123456789012345678901234567890, "p": 2.5, "e": 100, "l": [1, {"x": null}]}');
    expect(castValue(doc, varchar(10))).toBe('{"_id": "d');
    expect(castValue('[1, [2]]', DOCARRAY)).toEqual([1, [2]]);
    expect(castValue([1, 'x'] as unknown as Value, CHAR)).toBe('[1, "x"]');
    expect(castValue(doc, DOCUMENT)).toBe(doc);
  });

  it('keeps NULL', () => {
    for (const t of [INTEGER, NUMERIC, REAL, CHAR, BOOLEAN, DATE, TIME, TIMESTAMP, BLOB, DOCUMENT, DOCARRAY]) {
      expect(castValue(null, t)).toBeNull();
    }
  });

  it('returns normalised INTEGERs and ExactDecimal NUMERICs', () => {
    expect(castValue(dec('42.4'), INTEGER)).toBe(42);
    expect(castValue('9007199254740991', INTEGER)).toBe(9007199254740991);
    expect(castValue(-0.4, INTEGER)).toBe(0);
    expect(Object.is(castValue(-0.4, INTEGER), 0)).toBe(true);
    const n = castValue(dec('1.5'), n52) as Decimal;
    expect(n.constructor).toBe(ExactDecimal);
  });
});

describe('castValue: failures', () => {
  const cases: Array<[string, Value, SqlType, string]> = [
    ['text→INTEGER', 'abc', INTEGER, SqlState.InvalidTextRepresentation],
    ['decimal text→INTEGER', '1.5', INTEGER, SqlState.InvalidTextRepresentation],
    ['inf text→INTEGER', 'inf', INTEGER, SqlState.InvalidTextRepresentation],
    ['empty→INTEGER', '', INTEGER, SqlState.InvalidTextRepresentation],
    ['Infinity→INTEGER', Infinity, INTEGER, SqlState.NumericValueOutOfRange],
    ['DATE→INTEGER', parseDate('2024-01-01'), INTEGER, SqlState.CannotCoerce],
    ['BLOB→INTEGER', new Uint8Array(1), INTEGER, SqlState.CannotCoerce],
    ['text→NUMERIC', '1.2.3', NUMERIC, SqlState.InvalidTextRepresentation],
    ['precision→NUMERIC(5,2)', 1000, n52, SqlState.NumericValueOutOfRange],
    ['rounding overflow→NUMERIC(5,2)', dec('999.995'), n52, SqlState.NumericValueOutOfRange],
    ['Infinity→NUMERIC', Infinity, NUMERIC, SqlState.NumericValueOutOfRange],
    ['BOOLEAN→NUMERIC', true, NUMERIC, SqlState.CannotCoerce],
    ['text→REAL', 'one', REAL, SqlState.InvalidTextRepresentation],
    ['huge bigint→REAL', 10n ** 400n, REAL, SqlState.NumericValueOutOfRange],
    ['huge NUMERIC→REAL', dec('1e400'), REAL, SqlState.NumericValueOutOfRange],
    ['Infinity text→REAL', '-Infinity', REAL, SqlState.NumericValueOutOfRange],
    ['Infinity→REAL', Infinity, REAL, SqlState.NumericValueOutOfRange],
    ['NaN→REAL', NaN, REAL, SqlState.NumericValueOutOfRange],
    ['DATE→REAL', parseDate('2024-01-01'), REAL, SqlState.CannotCoerce],
    ['text→BOOLEAN', 'maybe', BOOLEAN, SqlState.InvalidTextRepresentation],
    ['NUMERIC→BOOLEAN', dec('1'), BOOLEAN, SqlState.CannotCoerce],
    ['bad date', '2024-02-30', DATE, SqlState.InvalidDatetimeFormat],
    ['INTEGER→DATE', 20240101, DATE, SqlState.CannotCoerce],
    ['bad timestamp', '2024-01-01 25:00', TIMESTAMP, SqlState.InvalidDatetimeFormat],
    ['bad time', '25:00', TIME, SqlState.InvalidDatetimeFormat],
    ['INTEGER→TIME', 12, TIME, SqlState.CannotCoerce],
    ['INTEGER→BLOB', 1, BLOB, SqlState.CannotCoerce],
    ['bad UTF-8 BLOB→CHAR', new Uint8Array([0xff]), CHAR, SqlState.UntranslatableCharacter],
    ['bad JSON→DOCUMENT', '{a:', DOCUMENT, SqlState.InvalidDocument],
    ['INTEGER→DOCUMENT', 1, DOCUMENT, SqlState.CannotCoerce],
    ['JSON array→DOCUMENT', '[1, 2]', DOCUMENT, SqlState.InvalidDocument],
    ['JSON scalar→DOCUMENT', '5', DOCUMENT, SqlState.InvalidDocument],
    ['JSON object→DOCARRAY', '{"a": 1}', DOCARRAY, SqlState.InvalidDocument],
    ['DOCUMENT→DOCARRAY', { a: 1 }, DOCARRAY, SqlState.CannotCoerce],
    ['DOCARRAY→DOCUMENT', [1] as unknown as Value, DOCUMENT, SqlState.CannotCoerce],
    ['deep JSON→DOCUMENT', '{"a":'.repeat(10000) + '1' + '}'.repeat(10000), DOCUMENT, SqlState.ProgramLimitExceeded],
  ];
  it.each(cases)('%s', (_name, v, to, state) => {
    expect(stateOf(() => castValue(v, to))).toBe(state);
  });
});

describe('assignValue', () => {
  it('stores exact numbers across numeric columns', () => {
    expect(assignValue(5, INTEGER, 'A')).toBe(5);
    expect(assignValue(2n ** 64n, INTEGER, 'A')).toBe(2n ** 64n);
    expect(assignValue(dec('7'), INTEGER, 'A')).toBe(7);
    expect(assignValue(2.5, INTEGER, 'A')).toBe(3);
    expect(assignValue(dec('-2.5'), INTEGER, 'A')).toBe(-3);
    expect(assignValue('42', INTEGER, 'A')).toBe(42);
    expect(assignValue('4.6', INTEGER, 'A')).toBe(5);
    expect(text(assignValue(5, NUMERIC, 'N'))).toBe('5');
    expect(assignValue(5, NUMERIC, 'N')).toBeInstanceOf(Decimal);
    expect(text(assignValue(dec('1.234'), n52, 'N'))).toBe('1.23');
    expect(text(assignValue('1.235', n52, 'N'))).toBe('1.24');
    expect(assignValue(5, REAL, 'R')).toBe(5);
    expect(assignValue(dec('0.5'), REAL, 'R')).toBe(0.5);
    expect(assignValue(2n ** 64n, REAL, 'R')).toBe(2 ** 64);
    expect(assignValue(' 1e3 ', REAL, 'R')).toBe(1000);
  });

  it('refuses non-numbers in numeric columns with 42804 naming the column', () => {
    const err = (() => {
      try {
        assignValue('abc', INTEGER, 'PRICE');
      } catch (e) {
        return e as SqlError;
      }
      return null;
    })();
    expect(err?.sqlState).toBe(SqlState.DatatypeMismatch);
    expect(err?.message).toContain('PRICE');
    expect(stateOf(() => assignValue('abc', NUMERIC, 'N'))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => assignValue('abc', REAL, 'R'))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => assignValue(true, INTEGER, 'A'))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => assignValue(parseDate('2024-01-01'), NUMERIC, 'N'))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => assignValue(new Uint8Array(1), REAL, 'R'))).toBe(SqlState.DatatypeMismatch);
  });

  it('checks NUMERIC precision with 22003', () => {
    expect(stateOf(() => assignValue(1000, n52, 'N'))).toBe(SqlState.NumericValueOutOfRange);
    expect(stateOf(() => assignValue(Infinity, INTEGER, 'A'))).toBe(SqlState.NumericValueOutOfRange);
  });

  it('never stores a non-finite REAL (22003)', () => {
    expect(assignValue(1.5, REAL, 'R')).toBe(1.5);
    expect(stateOf(() => assignValue(Infinity, REAL, 'R'))).toBe(SqlState.NumericValueOutOfRange);
    expect(stateOf(() => assignValue(NaN, REAL, 'R'))).toBe(SqlState.NumericValueOutOfRange);
    expect(stateOf(() => assignValue('inf', REAL, 'R'))).toBe(SqlState.NumericValueOutOfRange);
    expect(stateOf(() => assignValue(dec('1e400'), REAL, 'R'))).toBe(SqlState.NumericValueOutOfRange);
    expect(stateOf(() => coerceValue(dec('1e400'), REAL))).toBe(SqlState.NumericValueOutOfRange);
    expect(coerceValue(dec('0.5'), REAL)).toBe(0.5);
  });

  it('enforces VARCHAR(n) with 22001 but drops excess spaces', () => {
    expect(assignValue('abc', varchar(3), 'S')).toBe('abc');
    expect(assignValue('abc   ', varchar(3), 'S')).toBe('abc');
    expect(assignValue('a😀c', varchar(3), 'S')).toBe('a😀c');
    expect(stateOf(() => assignValue('abcd', varchar(3), 'S'))).toBe(SqlState.StringDataRightTruncation);
    expect(stateOf(() => assignValue('abc d', { kind: 'CHAR', length: 3, fixed: true }, 'S'))).toBe(
      SqlState.StringDataRightTruncation,
    );
    expect(assignValue('ab', { kind: 'CHAR', length: 5, fixed: true }, 'S')).toBe('ab');
  });

  it('stores numbers, booleans and dates into CHAR columns as text', () => {
    expect(assignValue(42, CHAR, 'S')).toBe('42');
    expect(assignValue(dec('1.50'), CHAR, 'S')).toBe('1.5');
    expect(assignValue(true, CHAR, 'S')).toBe('TRUE');
    expect(assignValue(parseDate('2024-01-31'), CHAR, 'S')).toBe('2024-01-31');
    expect(stateOf(() => assignValue(123456, varchar(3), 'S'))).toBe(SqlState.StringDataRightTruncation);
    expect(stateOf(() => assignValue(new Uint8Array(1), CHAR, 'S'))).toBe(SqlState.DatatypeMismatch);
  });

  it('reads date text into date columns and truncates timestamps to dates', () => {
    expect(formatDate(assignValue('2024-01-31', DATE, 'D') as Date)).toBe('2024-01-31');
    expect(formatDate(assignValue(parseTimestamp('2024-01-31 12:00:00'), DATE, 'D') as Date)).toBe('2024-01-31');
    expect(formatTimestamp(assignValue('2024-01-31T01:02:03', TIMESTAMP, 'T') as Date)).toBe('2024-01-31 01:02:03');
    expect(assignValue('1:02', TIME, 'T')).toBe('01:02:00');
    expect(stateOf(() => assignValue('2024-02-30', DATE, 'D'))).toBe(SqlState.InvalidDatetimeFormat);
    expect(stateOf(() => assignValue(20240101, DATE, 'D'))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => assignValue(true, TIMESTAMP, 'T'))).toBe(SqlState.DatatypeMismatch);
  });

  it('handles BOOLEAN, BLOB, DOCUMENT and NULL', () => {
    expect(assignValue('true', BOOLEAN, 'B')).toBe(true);
    expect(stateOf(() => assignValue(1, BOOLEAN, 'B'))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => assignValue('perhaps', BOOLEAN, 'B'))).toBe(SqlState.DatatypeMismatch);
    const bytes = new Uint8Array([1, 2]);
    expect(assignValue(bytes, BLOB, 'X')).toBe(bytes);
    expect(stateOf(() => assignValue('01', BLOB, 'X'))).toBe(SqlState.DatatypeMismatch);
    expect(assignValue({ a: 1 }, DOCUMENT, 'J')).toEqual({ a: 1 });
    expect(stateOf(() => assignValue('x', DOCUMENT, 'J'))).toBe(SqlState.InvalidDocument);
    expect(stateOf(() => assignValue(5, DOCUMENT, 'J'))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => assignValue([1] as unknown as Value, DOCUMENT, 'J'))).toBe(SqlState.DatatypeMismatch);
    const parsed = assignValue('{"a": 12345678901234567890, "b": 1.50}', DOCUMENT, 'J') as DocValue;
    expect(docEquals(parsed, { a: 12345678901234567890n, b: dec('1.5') })).toBe(true);
    expect(assignValue('[1, "x"]', DOCARRAY, 'J')).toEqual([1, 'x']);
    expect(assignValue([1] as unknown as Value, DOCARRAY, 'J')).toEqual([1]);
    expect(stateOf(() => assignValue({ a: 1 }, DOCARRAY, 'J'))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => assignValue('{"a": 1}', DOCARRAY, 'J'))).toBe(SqlState.InvalidDocument);
    for (const t of [INTEGER, NUMERIC, REAL, CHAR, BOOLEAN, DATE, TIME, TIMESTAMP, BLOB, DOCUMENT]) {
      expect(assignValue(null, t, 'C')).toBeNull();
    }
  });
});

describe('coerceValue', () => {
  it('widens to a common type', () => {
    expect(coerceValue(3, NUMERIC)).toBeInstanceOf(Decimal);
    expect(text(coerceValue(2n ** 64n, NUMERIC))).toBe('18446744073709551616');
    expect(coerceValue(2n ** 64n, REAL)).toBe(2 ** 64);
    expect(coerceValue(dec('0.5'), REAL)).toBe(0.5);
    expect(coerceValue(3, INTEGER)).toBe(3);
    expect(coerceValue('x', CHAR)).toBe('x');
    expect(coerceValue(null, NUMERIC)).toBeNull();
  });
});

describe('typeOfValue', () => {
  it('gives the natural SQL type', () => {
    expect(typeOfValue(null)).toBe(NULL_TYPE);
    expect(typeOfValue(1)).toBe(INTEGER);
    expect(typeOfValue(1.5)).toBe(REAL);
    expect(typeOfValue(1e20)).toBe(REAL);
    expect(typeOfValue(1n)).toBe(INTEGER);
    expect(typeOfValue(dec('1'))).toBe(NUMERIC);
    expect(typeOfValue('a')).toBe(CHAR);
    expect(typeOfValue(true)).toBe(BOOLEAN);
    expect(typeOfValue(new Date(0))).toBe(TIMESTAMP);
    expect(typeOfValue(new Uint8Array())).toBe(BLOB);
    expect(typeOfValue({})).toBe(DOCUMENT);
    expect(typeOfValue([] as unknown as Value)).toBe(DOCARRAY);
  });
});

describe('valueFromJs', () => {
  it('accepts and normalises the supported kinds', () => {
    expect(valueFromJs(null, '?1')).toBeNull();
    expect(valueFromJs(5n, '?1')).toBe(5);
    expect(valueFromJs(2n ** 60n, '?1')).toBe(2n ** 60n);
    expect(Object.is(valueFromJs(-0, '?1'), 0)).toBe(true);
    expect(valueFromJs('x', '?1')).toBe('x');
    const d = valueFromJs(new Decimal('1.23456789012345678901234567890'), '@a') as Decimal;
    expect(d.constructor).toBe(ExactDecimal);
    expect(d.toFixed()).toBe('1.2345678901234567890123456789');
    const when = new Date('2024-01-31T00:00:00Z');
    const copied = valueFromJs(when, '@w') as Date;
    expect(copied).not.toBe(when);
    expect(copied.getTime()).toBe(when.getTime());
    const buf = valueFromJs(Buffer.from([1, 2]), '@b') as Uint8Array;
    expect(Array.from(buf)).toEqual([1, 2]);
    expect(valueFromJs({ a: [1] }, '@doc')).toEqual({ a: [1] });
    expect(valueFromJs([1, 2], '@arr')).toEqual([1, 2]);
  });

  it.each([
    ['undefined', undefined],
    ['function', (): number => 1],
    ['symbol', Symbol('s')],
    ['NaN', NaN],
    ['invalid Date', new Date('nope')],
    ['Map', new Map()],
    ['NaN Decimal', new Decimal(NaN)],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['Infinity Decimal', new Decimal(Infinity)],
  ])('refuses %s with 07006', (_name, v) => {
    expect(stateOf(() => valueFromJs(v, '?1'))).toBe(SqlState.RestrictedDataTypeViolation);
  });
});
