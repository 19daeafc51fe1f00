/** src/level4-sql/eval/aggregates.test.ts — COUNT, SUM, AVG, MIN, MAX: types, exactness, NULLs, empty input, DISTINCT. */
import fc from 'fast-check';
import { SqlError, SqlState } from '../../common/errors';
import { BLOB, BOOLEAN, CHAR, DATE, INTEGER, NULL_TYPE, NUMERIC, REAL, type SqlType } from '../../common/values/sql-type';
import { Decimal, normaliseInteger, type Value } from '../../common/values/value';
import { parseDate } from '../../common/values/datetime';
import { lookupAggregate } from './aggregates';
import { sqlStateOf as stateOf } from '../../common/testing/sql-state-of';

/** Runs aggregate `name` over `values` with the argument typed `arg` (null = `*`). */
function run(name: string, arg: SqlType | null, values: Value[], distinct = false): Value {
  const fn = lookupAggregate(name)!;
  fn.resultType(arg);
  const acc = fn.create(distinct);
  for (const v of values) acc.step(v);
  return acc.result();
}

function typeOf(name: string, arg: SqlType | null): SqlType {
  return lookupAggregate(name)!.resultType(arg);
}

const dec = (s: string): Decimal => new Decimal(s);
const show = (v: Value): string => (v instanceof Decimal ? `D${v.toFixed()}` : typeof v === 'bigint' ? `${v}n` : String(v));
const n52: SqlType = { kind: 'NUMERIC', precision: 5, scale: 2 };

describe('lookup and types', () => {
  it('knows COUNT SUM AVG MIN MAX only, as fresh call sites', () => {
    for (const n of ['COUNT', 'SUM', 'AVG', 'MIN', 'MAX']) expect(lookupAggregate(n)).toBeDefined();
    expect(lookupAggregate('MEDIAN')).toBeUndefined();
    expect(lookupAggregate('SUM')).not.toBe(lookupAggregate('SUM'));
  });

  it('result types', () => {
    expect(typeOf('COUNT', null)).toEqual(INTEGER);
    expect(typeOf('COUNT', CHAR)).toEqual(INTEGER);
    expect(typeOf('SUM', INTEGER)).toEqual(INTEGER);
    expect(typeOf('SUM', n52)).toEqual({ kind: 'NUMERIC', scale: 2 });
    expect(typeOf('SUM', NUMERIC)).toEqual(NUMERIC);
    expect(typeOf('SUM', REAL)).toEqual(REAL);
    expect(typeOf('AVG', INTEGER)).toEqual(NUMERIC);
    expect(typeOf('AVG', n52)).toEqual(NUMERIC);
    expect(typeOf('AVG', REAL)).toEqual(REAL);
    expect(typeOf('MIN', DATE)).toEqual(DATE);
    expect(typeOf('MAX', { kind: 'CHAR', length: 5 })).toEqual({ kind: 'CHAR', length: 5 });
  });

  it('refuses non-numbers in SUM/AVG (42804) and * outside COUNT (42883)', () => {
    expect(stateOf(() => typeOf('SUM', CHAR))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => typeOf('AVG', DATE))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => typeOf('SUM', BOOLEAN))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => typeOf('SUM', null))).toBe(SqlState.UndefinedFunction);
    expect(stateOf(() => typeOf('MAX', null))).toBe(SqlState.UndefinedFunction);
    expect(stateOf(() => run('SUM', NULL_TYPE, ['x']))).toBe(SqlState.DatatypeMismatch);
  });
});

describe('COUNT', () => {
  it('counts non-NULL values, rows for *, distinct values', () => {
    expect(run('COUNT', null, [true, true, true])).toBe(3);
    expect(run('COUNT', INTEGER, [1, null, 2, null])).toBe(2);
    expect(run('COUNT', INTEGER, [])).toBe(0);
    expect(run('COUNT', INTEGER, [null])).toBe(0);
    expect(run('COUNT', INTEGER, [1, 2, 1, null, 2, 3], true)).toBe(3);
    expect(run('COUNT', CHAR, ['a', 'b', 'a', 'A'], true)).toBe(3);
    expect(run('COUNT', NUMERIC, [dec('1.0'), dec('1'), 1, dec('1.5')], true)).toBe(2);
    expect(run('COUNT', DATE, [parseDate('2024-01-01'), parseDate('2024-01-01'), parseDate('2024-01-02')], true)).toBe(2);
    expect(run('COUNT', BLOB, [new Uint8Array([1]), new Uint8Array([1]), new Uint8Array([2])], true)).toBe(2);
  });
});

describe('SUM', () => {
  it('is NULL over no rows or only NULLs', () => {
    for (const t of [INTEGER, NUMERIC, REAL, NULL_TYPE]) {
      expect(run('SUM', t, [])).toBeNull();
      expect(run('SUM', t, [null, null])).toBeNull();
      expect(run('AVG', t, [])).toBeNull();
    }
  });

  it('INTEGER is exact past 2^53 and comes back to number', () => {
    expect(run('SUM', INTEGER, [1, 2, null, 3])).toBe(6);
    expect(run('SUM', INTEGER, [Number.MAX_SAFE_INTEGER, 1])).toBe(9007199254740992n);
    expect(run('SUM', INTEGER, [Number.MAX_SAFE_INTEGER, 2, -3])).toBe(Number.MAX_SAFE_INTEGER - 1);
    expect(run('SUM', INTEGER, [2n ** 64n, -(2n ** 64n), 5])).toBe(5);
    expect(run('SUM', INTEGER, [1, 1, 2, 2, 3], true)).toBe(6);
  });

  it('NUMERIC is exact', () => {
    const tenths = Array.from({ length: 10 }, () => dec('0.1'));
    expect(show(run('SUM', NUMERIC, tenths))).toBe('D1');
    expect(show(run('SUM', n52, [dec('1.25'), 3, null]))).toBe('D4.25');
    expect(run('SUM', NUMERIC, [1, 2])).toBeInstanceOf(Decimal);
    expect(show(run('SUM', NUMERIC, [dec('0.5'), dec('0.50'), dec('1.5')], true))).toBe('D2');
  });

  it('REAL is floating point, summed with compensation', () => {
    // the double nearest the exact sum of the doubles 0.1 and 0.2 is 0.30000000000000004
    expect(run('SUM', REAL, [0.1, 0.2])).toBe(0.30000000000000004);
    // plain addition drifts to 509000.0000000917; the compensated sum adds back what rounding lost (as SQLite)
    expect(run('SUM', REAL, new Array<Value>(10_000).fill(50.9))).toBe(509000);
    expect(run('AVG', REAL, new Array<Value>(10).fill(0.1))).toBe(0.1);
    expect(run('SUM', REAL, [1, 1e100, 1, -1e100])).toBe(2);
    expect(run('SUM', REAL, [1, 2])).toBe(3);
    expect(run('SUM', REAL, [1e308, -1e308, 1])).toBe(1);
    expect(stateOf(() => run('SUM', REAL, [1e308, 1e308]))).toBe(SqlState.NumericValueOutOfRange);
    expect(stateOf(() => run('AVG', REAL, [1e308, 1e308]))).toBe(SqlState.NumericValueOutOfRange);
    expect(stateOf(() => run('SUM', REAL, [1e308, 1e308, -1e308]))).toBe(SqlState.NumericValueOutOfRange);
  });

  it('decides from the values when the argument type is unknown', () => {
    expect(run('SUM', NULL_TYPE, [1, 2])).toBe(3);
    expect(run('SUM', NULL_TYPE, [1, 0.5])).toBe(1.5);
    expect(show(run('SUM', NULL_TYPE, [1, dec('0.5')]))).toBe('D1.5');
  });
});

describe('AVG', () => {
  it('INTEGER and NUMERIC average exactly as NUMERIC', () => {
    expect(show(run('AVG', INTEGER, [1, 2]))).toBe('D1.5');
    expect(show(run('AVG', INTEGER, [1, 2, 2]))).toBe('D1.66666666666666666667');
    expect(show(run('AVG', INTEGER, [2n ** 64n, 2n ** 64n]))).toBe('D18446744073709551616');
    expect(show(run('AVG', INTEGER, [1, null, 3]))).toBe('D2');
    expect(show(run('AVG', n52, [dec('0.10'), dec('0.20')]))).toBe('D0.15');
    expect(show(run('AVG', INTEGER, [1, 1, 3], true))).toBe('D2');
  });

  it('REAL averages as REAL', () => {
    expect(run('AVG', REAL, [1, 2])).toBe(1.5);
    expect(run('AVG', REAL, [1.5])).toBe(1.5);
    expect(run('AVG', NULL_TYPE, [1, 2.5])).toBe(1.75);
  });
});

describe('MIN and MAX', () => {
  it('take the extreme by SQL comparison and ignore NULLs', () => {
    expect(run('MIN', INTEGER, [3, null, 1, 2])).toBe(1);
    expect(run('MAX', INTEGER, [3, null, 1, 2])).toBe(3);
    expect(run('MAX', INTEGER, [1, 2n ** 60n, 5])).toBe(2n ** 60n);
    expect(show(run('MIN', NUMERIC, [dec('1.5'), dec('-0.5'), dec('0')]))).toBe('D-0.5');
    expect(run('MIN', CHAR, ['b', 'B', 'a'])).toBe('B');
    expect(run('MAX', CHAR, ['b', 'B', 'a'])).toBe('b');
    expect((run('MAX', DATE, [parseDate('2024-01-01'), parseDate('2023-12-31')]) as Date).toISOString()).toBe(
      '2024-01-01T00:00:00.000Z',
    );
    expect(run('MAX', BOOLEAN, [false, true, false])).toBe(true);
    expect(run('MIN', INTEGER, [])).toBeNull();
    expect(run('MAX', INTEGER, [null])).toBeNull();
    expect(run('MAX', INTEGER, [3, 3, 1], true)).toBe(3);
  });
});

describe('properties', () => {
  it('SUM and AVG of INTEGERs equal BigInt arithmetic', () => {
    const Model = Decimal.clone({ precision: 200 });
    const value = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }).map(BigInt),
      fc.bigInt({ min: -(2n ** 55n), max: 2n ** 55n }),
      fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
    );
    fc.assert(
      fc.property(fc.array(fc.option(value, { nil: null }), { maxLength: 40 }), (xs) => {
        const values = xs.map((x) => (x === null ? null : normaliseInteger(x)));
        const nonNull = xs.filter((x): x is bigint => x !== null);
        const sum = nonNull.reduce((a, b) => a + b, 0n);
        expect(run('SUM', INTEGER, values)).toBe(nonNull.length === 0 ? null : normaliseInteger(sum));
        expect(run('COUNT', INTEGER, values)).toBe(nonNull.length);
        const avg = run('AVG', INTEGER, values);
        if (nonNull.length === 0) expect(avg).toBeNull();
        else {
          const exact = Model.div(sum.toString(), nonNull.length);
          expect(Model.sub(avg as Decimal, exact).abs().lte('0.5e-20')).toBe(true);
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
});

describe('BOOL_AND, BOOL_OR, EVERY', () => {
  it('fold booleans, skip NULLs, are NULL over none, and refuse other types', () => {
    expect(run('BOOL_AND', BOOLEAN, [true, null, true])).toBe(true);
    expect(run('EVERY', BOOLEAN, [true, false, null])).toBe(false);
    expect(run('BOOL_OR', BOOLEAN, [false, null, true])).toBe(true);
    expect(run('BOOL_OR', BOOLEAN, [false, false])).toBe(false);
    expect(run('BOOL_AND', BOOLEAN, [null])).toBeNull();
    expect(typeOf('BOOL_OR', BOOLEAN)).toEqual(BOOLEAN);
    expect(stateOf(() => typeOf('BOOL_AND', INTEGER))).toBe(SqlState.DatatypeMismatch);
  });
});

describe('variances and standard deviations', () => {
  it('are exact NUMERICs of INTEGERs: the two-pass definition to 20 places, over random samples', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 1, maxLength: 30 }), (xs) => {
        const n = xs.length;
        const D = Decimal.clone({ precision: 80 });
        const mean = xs.reduce((a, x) => a.plus(x), new D(0)).div(n);
        const ss = xs.reduce((a, x) => a.plus(new D(x).minus(mean).pow(2)), new D(0));
        const pop = ss.div(n);
        expect((run('VAR_POP', INTEGER, xs) as Decimal).toFixed(20)).toBe(pop.toDecimalPlaces(20, Decimal.ROUND_HALF_UP).toFixed(20));
        expect((run('STDDEV_POP', INTEGER, xs) as Decimal).toFixed(20)).toBe(pop.sqrt().toDecimalPlaces(20, Decimal.ROUND_HALF_UP).toFixed(20));
        if (n === 1) expect(run('VAR_SAMP', INTEGER, xs)).toBeNull();
        else expect((run('VARIANCE', INTEGER, xs) as Decimal).toFixed(20)).toBe(ss.div(n - 1).toDecimalPlaces(20, Decimal.ROUND_HALF_UP).toFixed(20));
      }),
      { numRuns: 300 },
    );
  });

  it('are REAL for REALs, NULL for too few values, and refuse what is not a number', () => {
    expect(run('STDDEV_SAMP', REAL, [2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935, 9);
    expect(run('STDDEV_POP', REAL, [2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
    expect(typeOf('VAR_POP', REAL)).toEqual(REAL);
    expect(typeOf('STDDEV', NUMERIC)).toEqual(NUMERIC);
    expect(run('STDDEV', INTEGER, [5])).toBeNull();
    expect(run('VAR_POP', INTEGER, [])).toBeNull();
    expect(show(run('VAR_POP', INTEGER, [5]))).toBe('D0');
    expect(stateOf(() => typeOf('VARIANCE', CHAR))).toBe(SqlState.DatatypeMismatch);
  });
});
