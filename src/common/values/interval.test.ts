/** src/common/values/interval.test.ts — interval text both ways, month arithmetic, the value codec, and the public API's Interval. */
import { Database } from '../../database';
import { ByteReader, ByteWriter } from './bytes';
import { addInterval, formatInterval, Interval, parseInterval, scaleInterval } from './interval';
import { readSqlType, readValue, writeSqlType, writeValue } from './value-codec';
import { intervalType } from './sql-type';

describe('interval text', () => {
  it('reads the standard layouts of each qualifier and prints the canonical form', () => {
    expect(parseInterval('1-2', 'YEAR', 'MONTH')).toEqual(Interval.ofMonths(14));
    expect(parseInterval('3', 'DAY')).toEqual(Interval.ofMilliseconds(3 * 86_400_000));
    expect(parseInterval('02:00:00', 'HOUR', 'SECOND').toString()).toBe('0 02:00:00');
    expect(parseInterval('-1 02:03:04.5678', 'DAY', 'SECOND').toString()).toBe('-1 02:03:04.568');
    expect(parseInterval('100', 'MINUTE').toString()).toBe('0 01:40:00');
    expect(formatInterval(Interval.ofMonths(-6))).toBe('-0-6');
  });
  it('reads its own output and unit lists without a qualifier', () => {
    for (const iv of [Interval.ofMonths(27), Interval.ofMilliseconds(-90_061_500), Interval.ofMilliseconds(0)]) {
      expect(parseInterval(iv.toString())).toEqual(iv);
    }
    expect(parseInterval('1 week 2 days 3:04').toString()).toBe('9 03:04:00');
    expect(parseInterval('2 years 1 mon')).toEqual(Interval.ofMonths(25));
  });
  it('refuses bad text (22007) and fields out of range (22015)', () => {
    expect(() => parseInterval('x', 'DAY')).toThrow(expect.objectContaining({ sqlState: '22007' }));
    expect(() => parseInterval('1 year 1 day')).toThrow(expect.objectContaining({ sqlState: '22007' }));
    expect(() => parseInterval('1-12', 'YEAR', 'MONTH')).toThrow(expect.objectContaining({ sqlState: '22015' }));
    expect(() => parseInterval('1 24', 'DAY', 'HOUR')).toThrow(expect.objectContaining({ sqlState: '22015' }));
    expect(() => parseInterval('99999999999999999999', 'DAY')).toThrow(expect.objectContaining({ sqlState: '22015' }));
  });
});

describe('interval arithmetic', () => {
  const day = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));
  it('clamps the day of the month when adding months, in either direction', () => {
    expect(addInterval(day(2024, 1, 31), Interval.ofMonths(1), false)).toEqual(day(2024, 2, 29));
    expect(addInterval(day(2023, 3, 31), Interval.ofMonths(1), true)).toEqual(day(2023, 2, 28));
    expect(addInterval(day(2024, 2, 29), Interval.ofMonths(12), false)).toEqual(day(2025, 2, 28));
    expect(() => addInterval(day(9999, 12, 31), Interval.ofMonths(1), false)).toThrow(expect.objectContaining({ sqlState: '22008' }));
  });
  it('scales each field to a whole month or millisecond, half away from zero', () => {
    expect(scaleInterval(Interval.ofMonths(3), 0.5, false)).toEqual(Interval.ofMonths(2));
    expect(scaleInterval(Interval.ofMonths(-3), 0.5, false)).toEqual(Interval.ofMonths(-2));
    expect(scaleInterval(Interval.ofMilliseconds(1000), 3, true)).toEqual(Interval.ofMilliseconds(333));
    expect(() => scaleInterval(Interval.ofMonths(1), 0, true)).toThrow(expect.objectContaining({ sqlState: '22012' }));
  });
});

describe('interval storage and API', () => {
  it('round-trips values and qualified types through the codec', () => {
    const w = new ByteWriter();
    writeValue(w, Interval.ofMilliseconds(-123_456_789));
    writeValue(w, Interval.ofMonths(14));
    writeSqlType(w, intervalType('HOUR', 'SECOND'));
    const r = new ByteReader(w.finish());
    expect(readValue(r)).toEqual(Interval.ofMilliseconds(-123_456_789));
    expect(readValue(r)).toEqual(Interval.ofMonths(14));
    expect(readSqlType(r)).toEqual({ kind: 'INTERVAL', start: 'HOUR', end: 'SECOND' });
  });
  it('hands out Interval objects and takes them as parameters', () => {
    const db = Database.open(':memory:');
    db.execute('create table t (id int primary key, d interval day to second)');
    db.execute('insert into t values (?, ?)', [1, Interval.ofMilliseconds(3_600_000)]);
    const r = db.execute("select d, d * 2, timestamp '2024-01-01 00:00:00' + d from t where d = ?", [Interval.ofMilliseconds(3_600_000)]);
    expect(r.types).toEqual(['INTERVAL', 'INTERVAL', 'TIMESTAMP']);
    expect(r.declaredTypes).toEqual(['INTERVAL DAY TO SECOND', 'INTERVAL DAY TO SECOND', 'TIMESTAMP']);
    expect(r.rows[0]![0]).toBeInstanceOf(Interval);
    expect(r.rows[0]![1]).toEqual(Interval.ofMilliseconds(7_200_000));
    expect(String(r.rows[0]![0])).toBe('0 01:00:00');
    db.close();
  });
});
