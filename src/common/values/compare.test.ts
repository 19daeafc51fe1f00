/** src/common/values/compare.test.ts — comparability of types, three-valued comparison, common types. */
import { SqlError, SqlState } from '../errors';
import { commonType, comparable, parseBooleanText, sqlCompare, sqlEquals } from './compare';
import { BLOB, BOOLEAN, CHAR, DATE, DOCUMENT, INTEGER, NULL_TYPE, NUMERIC, REAL, TIME, TIMESTAMP, type SqlType } from './sql-type';
import { Decimal } from './value';
import { parseDate, parseTimestamp } from './datetime';
import { sqlStateOf as stateOf } from '../testing/sql-state-of';

describe('comparable', () => {
  const yes: Array<[SqlType, SqlType]> = [
    [INTEGER, NUMERIC],
    [REAL, INTEGER],
    [NUMERIC, REAL],
    [CHAR, CHAR],
    [{ kind: 'CHAR', length: 3 }, { kind: 'CHAR', length: 9, fixed: true }],
    [BOOLEAN, BOOLEAN],
    [DATE, TIMESTAMP],
    [DATE, CHAR],
    [CHAR, TIMESTAMP],
    [TIME, CHAR],
    [BOOLEAN, CHAR],
    [BLOB, BLOB],
    [NULL_TYPE, INTEGER],
    [CHAR, NULL_TYPE],
    [NULL_TYPE, NULL_TYPE],
    [DOCUMENT, INTEGER],
  ];
  it.each(yes)('%j with %j', (l, r) => {
    expect(comparable(l, r)).toBe(true);
  });

  const no: Array<[SqlType, SqlType]> = [
    [CHAR, INTEGER],
    [NUMERIC, CHAR],
    [BOOLEAN, INTEGER],
    [DATE, INTEGER],
    [TIME, TIMESTAMP],
    [BLOB, CHAR],
  ];
  it.each(no)('not %j with %j', (l, r) => {
    expect(comparable(l, r)).toBe(false);
  });
});

describe('sqlCompare', () => {
  it('is unknown when either side is NULL', () => {
    expect(sqlCompare(null, 1)).toBeNull();
    expect(sqlCompare('a', null)).toBeNull();
    expect(sqlCompare(null, null)).toBeNull();
    expect(sqlEquals(null, null)).toBeNull();
  });

  it('compares numbers by value across representations', () => {
    expect(sqlCompare(1, 2)).toBe(-1);
    expect(sqlCompare(9007199254740993n, 9007199254740992)).toBe(1);
    expect(sqlCompare(-(2n ** 64n), -1e30)).toBe(1);
    expect(sqlCompare(new Decimal('1.50'), 1.5)).toBe(0);
    expect(sqlCompare(new Decimal('0.1'), 0.1)).toBe(0);
    expect(sqlCompare(2n ** 70n, new Decimal('1180591620717411303424.5'))).toBe(-1);
    expect(sqlCompare(2.5, 2n)).toBe(1);
    expect(sqlEquals(3, new Decimal(3))).toBe(true);
    expect(sqlEquals(3, 3.000001)).toBe(false);
  });

  it('compares strings by code unit, case-sensitively', () => {
    expect(sqlCompare('a', 'b')).toBe(-1);
    expect(sqlCompare('B', 'a')).toBe(-1);
    expect(sqlCompare('abc', 'ab')).toBe(1);
    expect(sqlCompare('', '')).toBe(0);
    expect(sqlCompare('\uFFFF', '\u{10000}')).toBe(1);
  });

  it('compares booleans, dates, blobs', () => {
    expect(sqlCompare(false, true)).toBe(-1);
    expect(sqlCompare(true, true)).toBe(0);
    expect(sqlCompare(parseDate('2024-01-01'), parseTimestamp('2024-01-01 00:00:01'))).toBe(-1);
    expect(sqlCompare(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(-1);
  });

  it('reads a string against a date or boolean as a literal of that type', () => {
    expect(sqlCompare(parseDate('2024-01-31'), '2024-01-31')).toBe(0);
    expect(sqlCompare('2024-02-01', parseDate('2024-01-31'))).toBe(1);
    expect(sqlCompare(parseTimestamp('2024-01-31 10:00:00'), '2024-01-31 09:59:59.999')).toBe(1);
    expect(sqlCompare(true, 'yes')).toBe(0);
    expect(sqlCompare('f', true)).toBe(-1);
    expect(stateOf(() => sqlCompare(parseDate('2024-01-31'), 'soon'))).toBe(SqlState.InvalidDatetimeFormat);
    expect(stateOf(() => sqlCompare(true, 'maybe'))).toBe(SqlState.InvalidTextRepresentation);
  });

  it('refuses values that cannot be compared with 42804', () => {
    expect(stateOf(() => sqlCompare('10', 9))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => sqlCompare(1, true))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => sqlCompare(new Uint8Array(1), parseDate('2024-01-01')))).toBe(SqlState.DatatypeMismatch);
  });
});

describe('parseBooleanText', () => {
  it('reads the PostgreSQL spellings', () => {
    for (const t of ['true', 'TRUE', ' t ', 'yes', 'Y', 'on', '1']) expect(parseBooleanText(t)).toBe(true);
    for (const t of ['false', 'F', 'no', 'n', 'OFF', '0']) expect(parseBooleanText(t)).toBe(false);
    for (const t of ['', 'tru', '2', 'null']) expect(parseBooleanText(t)).toBeNull();
  });
});

describe('commonType', () => {
  it('widens numbers INTEGER < NUMERIC < REAL and ignores NULL', () => {
    expect(commonType([INTEGER, INTEGER])).toEqual(INTEGER);
    expect(commonType([INTEGER, NUMERIC])).toEqual(NUMERIC);
    expect(commonType([INTEGER, REAL, NUMERIC])).toEqual(REAL);
    expect(commonType([NULL_TYPE, INTEGER])).toEqual(INTEGER);
    expect(commonType([NULL_TYPE, NULL_TYPE])).toEqual(NULL_TYPE);
    expect(commonType([])).toEqual(NULL_TYPE);
    expect(commonType([{ kind: 'NUMERIC', precision: 5, scale: 2 }, INTEGER])).toEqual({ kind: 'NUMERIC', scale: 2 });
  });

  it('widens CHAR lengths and DATE to TIMESTAMP', () => {
    expect(commonType([{ kind: 'CHAR', length: 3 }, { kind: 'CHAR', length: 7 }])).toEqual({ kind: 'CHAR', length: 7 });
    expect(commonType([{ kind: 'CHAR', length: 3 }, CHAR])).toEqual({ kind: 'CHAR' });
    expect(commonType([DATE, TIMESTAMP])).toEqual(TIMESTAMP);
    expect(commonType([DATE, DATE])).toEqual(DATE);
  });

  it('refuses mixtures with 42804', () => {
    expect(stateOf(() => commonType([INTEGER, CHAR], 'COALESCE'))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => commonType([BOOLEAN, INTEGER]))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => commonType([TIME, TIMESTAMP]))).toBe(SqlState.DatatypeMismatch);
  });
});
