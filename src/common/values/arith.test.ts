/**
 * src/common/values/arith.test.ts — arithmetic: result types, INTEGER overflow to bigint and back, division
 * and remainder, NUMERIC exactness, REAL, dates; fast-check properties against BigInt and decimal.js.
 */
import fc from 'fast-check';
import { SqlError, SqlState } from '../errors';
import { arithmetic, arithmeticType, divideNumeric, negate, type ArithOp } from './arith';
import { DATE, INTEGER, NULL_TYPE, NUMERIC, REAL, CHAR, BOOLEAN, TIMESTAMP, type SqlType } from './sql-type';
import { addInteger, Decimal, normaliseInteger, type Value } from './value';
import { parseDate } from './datetime';
import { sqlStateOf as stateOf } from '../testing/sql-state-of';

const dec = (s: string): Decimal => new Decimal(s);
const int = (a: Value, op: ArithOp, b: Value): Value => arithmetic(op, a, b, INTEGER);
const num = (a: Value, op: ArithOp, b: Value): Value => arithmetic(op, a, b, NUMERIC);
const text = (v: Value): string => (v instanceof Decimal ? v.toFixed() : String(v));

describe('arithmeticType', () => {
  const cases: Array<[ArithOp, SqlType, SqlType, SqlType]> = [
    ['+', INTEGER, INTEGER, INTEGER],
    ['/', INTEGER, INTEGER, INTEGER],
    ['+', INTEGER, NUMERIC, NUMERIC],
    ['*', NUMERIC, INTEGER, NUMERIC],
    ['-', INTEGER, REAL, REAL],
    ['%', NUMERIC, REAL, REAL],
    ['+', NULL_TYPE, INTEGER, INTEGER],
    ['*', REAL, NULL_TYPE, REAL],
    ['+', NULL_TYPE, NULL_TYPE, NULL_TYPE],
    ['+', DATE, INTEGER, DATE],
    ['-', DATE, INTEGER, DATE],
    ['+', INTEGER, DATE, DATE],
    ['-', DATE, DATE, INTEGER],
    ['+', DATE, NULL_TYPE, DATE],
    ['-', NULL_TYPE, DATE, INTEGER],
  ];
  it.each(cases)('%s of %j and %j is %j', (op, l, r, t) => {
    expect(arithmeticType(op, l, r)).toEqual(t);
  });

  it('keeps NUMERIC scales as the standard says', () => {
    const n2: SqlType = { kind: 'NUMERIC', precision: 10, scale: 2 };
    const n3: SqlType = { kind: 'NUMERIC', precision: 8, scale: 3 };
    expect(arithmeticType('+', n2, n3)).toEqual({ kind: 'NUMERIC', precision: 12, scale: 3 });
    expect(arithmeticType('-', n3, n2)).toEqual({ kind: 'NUMERIC', precision: 12, scale: 3 });
    expect(arithmeticType('*', n2, n3)).toEqual({ kind: 'NUMERIC', precision: 18, scale: 5 });
    expect(arithmeticType('%', n2, n3)).toEqual({ kind: 'NUMERIC', precision: 11, scale: 3 });
    expect(arithmeticType('*', n2, INTEGER)).toEqual({ kind: 'NUMERIC', scale: 2 });
    expect(arithmeticType('/', n2, n3)).toEqual(NUMERIC);
    expect(arithmeticType('+', n2, NUMERIC)).toEqual(NUMERIC);
  });

  it.each([
    ['+', CHAR, INTEGER],
    ['*', BOOLEAN, INTEGER],
    ['+', DATE, DATE],
    ['*', DATE, INTEGER],
    ['-', INTEGER, DATE],
    ['+', TIMESTAMP, INTEGER],
    ['+', NULL_TYPE, CHAR],
  ] as Array<[ArithOp, SqlType, SqlType]>)('%s of %j and %j is 42804', (op, l, r) => {
    expect(stateOf(() => arithmeticType(op, l, r))).toBe(SqlState.DatatypeMismatch);
  });
});

describe('INTEGER arithmetic', () => {
  it('overflows into bigint exactly and comes back', () => {
    expect(int(9007199254740993n, '+', 1)).toBe(9007199254740994n);
    expect(int(Number.MAX_SAFE_INTEGER, '+', 1)).toBe(9007199254740992n);
    expect(int(Number.MIN_SAFE_INTEGER, '-', 1)).toBe(-9007199254740992n);
    expect(int(Number.MAX_SAFE_INTEGER, '*', Number.MAX_SAFE_INTEGER)).toBe(81129638414606663681390495662081n);
    expect(int(9007199254740993n, '-', 2)).toBe(9007199254740991);
    expect(int(2n ** 64n, '/', 2n ** 60n)).toBe(16);
    expect(int(2n ** 64n, '%', 10)).toBe(6);
  });

  it('truncates division toward zero; the remainder has the dividend sign', () => {
    expect(int(7, '/', 2)).toBe(3);
    expect(int(-7, '/', 2)).toBe(-3);
    expect(int(7, '/', -2)).toBe(-3);
    expect(int(-7, '/', -2)).toBe(3);
    expect(int(7, '%', 2)).toBe(1);
    expect(int(-7, '%', 2)).toBe(-1);
    expect(int(7, '%', -2)).toBe(1);
    expect(int(-(2n ** 70n) - 1n, '%', 2)).toBe(-1);
    expect(int(-(2n ** 70n), '/', 3n)).toBe(-393530540239137101141n);
  });

  it('never returns -0', () => {
    expect(Object.is(int(-4, '%', 2), 0)).toBe(true);
    expect(Object.is(int(0, '*', -5), 0)).toBe(true);
    expect(Object.is(int(-1, '/', 2), 0)).toBe(true);
    expect(Object.is(negate(0, INTEGER), 0)).toBe(true);
  });

  it('x / 0 and x % 0 are 22012', () => {
    expect(stateOf(() => int(1, '/', 0))).toBe(SqlState.DivisionByZero);
    expect(stateOf(() => int(1, '%', 0))).toBe(SqlState.DivisionByZero);
    expect(stateOf(() => int(2n ** 60n, '/', 0))).toBe(SqlState.DivisionByZero);
    expect(stateOf(() => int(0, '%', 0n))).toBe(SqlState.DivisionByZero);
  });

  it('NULL in gives NULL out', () => {
    expect(int(null, '+', 1)).toBeNull();
    expect(int(1, '/', null)).toBeNull();
    expect(int(null, '/', 0)).toBeNull();
  });

  it('computes a REAL or NUMERIC operand that reached an INTEGER context by its value', () => {
    expect(int(1.5, '+', 1)).toBe(2.5);
    expect(int(7.5, '/', 2)).toBe(3.75);
    expect(text(int(dec('1.5'), '*', 2))).toBe('3');
  });

  it('refuses non-numbers with 42804', () => {
    expect(stateOf(() => int('1', '+', 1))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => int(true, '+', 1))).toBe(SqlState.DatatypeMismatch);
  });
});

describe('addInteger (autokey and identity steps)', () => {
  test('is exact across 2^53 both ways, a number wherever the result is safe', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(addInteger(1, 1)).toBe(2);
    expect(addInteger(max - 1, 1)).toBe(max);
    expect(addInteger(max, 1)).toBe(2n ** 53n);
    expect(addInteger(2n ** 53n, -1)).toBe(max);
    expect(addInteger(2n ** 64n, 10)).toBe(2n ** 64n + 10n);
    expect(addInteger(-max, -1)).toBe(-(2n ** 53n));
  });

  test('agrees with bigint addition', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }), fc.integer({ min: -1000, max: 1000 }), (n, by) => {
        expect(addInteger(normaliseInteger(n), by)).toEqual(normaliseInteger(n + BigInt(by)));
      }),
    );
  });
});

describe('NUMERIC arithmetic', () => {
  it('is exact for + - * and mixes with INTEGER', () => {
    expect(text(num(dec('0.1'), '+', dec('0.2')))).toBe('0.3');
    expect(text(num(dec('1.50'), '*', 2))).toBe('3');
    expect(text(num(2n ** 80n, '+', dec('0.5')))).toBe('1208925819614629174706176.5');
    expect(text(num(dec('123456789012345678901234567890.123456789'), '*', dec('1e10')))).toBe(
      '1234567890123456789012345678901234567890',
    );
    expect(text(num(dec('5.5'), '%', 2))).toBe('1.5');
    expect(text(num(dec('-5.5'), '%', 2))).toBe('-1.5');
    expect(num(1, '+', 2)).toBeInstanceOf(Decimal);
  });

  it('divides to 20 places, or 20 significant digits below 1, ties away from zero', () => {
    expect(text(num(1, '/', 3))).toBe('0.33333333333333333333');
    expect(text(num(2, '/', 3))).toBe('0.66666666666666666667');
    expect(text(num(-2, '/', 3))).toBe('-0.66666666666666666667');
    expect(text(num(10, '/', 4))).toBe('2.5');
    expect(text(num(dec('1e-30'), '/', 3))).toBe('0.00000000000000000000000000000033333333333333333333');
    expect(text(num(dec('1e25'), '/', 3))).toBe('3333333333333333333333333.33333333333333333333');
    expect(text(num(dec('1.0000000000000000000000001'), '/', 1))).toBe('1.0000000000000000000000001');
    expect(text(num(dec('1e-40'), '/', dec('1e40')))).toBe('0.' + '0'.repeat(79) + '1');
  });

  it('is 22012 on division by zero and 22003 on overflow', () => {
    expect(stateOf(() => num(1, '/', dec('0')))).toBe(SqlState.DivisionByZero);
    expect(stateOf(() => num(1, '%', dec('0.000')))).toBe(SqlState.DivisionByZero);
    expect(stateOf(() => num(dec('1e100000'), '*', dec('1e100000')))).toBe(SqlState.NumericValueOutOfRange);
  });

  it('does not return negative zero', () => {
    const z = num(dec('-1.5'), '*', 0) as Decimal;
    expect(z.isZero() && !z.isNegative()).toBe(true);
  });
});

describe('REAL arithmetic', () => {
  const real = (a: Value, op: ArithOp, b: Value): Value => arithmetic(op, a, b, REAL);
  it('is floating point and converts exact operands', () => {
    expect(real(0.1, '+', 0.2)).toBe(0.30000000000000004);
    expect(real(7, '/', 2)).toBe(3.5);
    expect(real(2n ** 60n, '*', 0.5)).toBe(2 ** 59);
    expect(real(dec('1.5'), '+', 1)).toBe(2.5);
    expect(real(5.5, '%', 2)).toBe(1.5);
  });

  it('division by zero is 22012 and overflow 22003', () => {
    expect(stateOf(() => real(1.5, '/', 0))).toBe(SqlState.DivisionByZero);
    expect(stateOf(() => real(1.5, '%', 0))).toBe(SqlState.DivisionByZero);
    expect(stateOf(() => real(1e308, '*', 10))).toBe(SqlState.NumericValueOutOfRange);
  });

  it('never yields Infinity or NaN: a non-finite result is 22003', () => {
    expect(stateOf(() => real(1e308, '+', 1e308))).toBe(SqlState.NumericValueOutOfRange);
    expect(stateOf(() => real(-1e308, '-', 1e308))).toBe(SqlState.NumericValueOutOfRange);
    expect(stateOf(() => real(1e300, '/', 1e-300))).toBe(SqlState.NumericValueOutOfRange);
    // operands that are not finite (they cannot arise, but must not pass through)
    expect(stateOf(() => real(Infinity, '+', 1))).toBe(SqlState.NumericValueOutOfRange);
    expect(stateOf(() => real(Infinity, '*', 0))).toBe(SqlState.NumericValueOutOfRange);
    expect(stateOf(() => real(NaN, '-', 1))).toBe(SqlState.NumericValueOutOfRange);
  });

  it('names SQL types, never JavaScript ones, in mismatch messages', () => {
    const msg = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(msg(() => arithmetic('+', '1', 1, INTEGER))).toContain('CHAR and INTEGER');
    expect(msg(() => arithmetic('*', 1.5, true, REAL))).toContain('REAL and BOOLEAN');
    expect(msg(() => arithmetic('-', { a: 1 }, 2n, INTEGER))).toContain('DOCUMENT and INTEGER');
    expect(msg(() => negate('x', INTEGER))).toContain('CHAR');
  });
});

describe('DATE arithmetic', () => {
  const d = parseDate('2024-02-28');
  it('adds and subtracts days', () => {
    expect((arithmetic('+', d, 2, DATE) as Date).toISOString()).toBe('2024-03-01T00:00:00.000Z');
    expect((arithmetic('+', 1, d, DATE) as Date).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect((arithmetic('-', d, 28, DATE) as Date).toISOString()).toBe('2024-01-31T00:00:00.000Z');
    expect(arithmetic('-', parseDate('2025-02-28'), d, INTEGER)).toBe(366);
  });

  it('refuses other operators and overflow', () => {
    expect(stateOf(() => arithmetic('*', d, 2, DATE))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => arithmetic('-', 2, d, DATE))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => arithmetic('+', d, 10n ** 20n, DATE))).toBe(SqlState.DatetimeFieldOverflow);
  });
});

describe('negate', () => {
  it('keeps exactness and the representation rule', () => {
    expect(negate(5, INTEGER)).toBe(-5);
    expect(negate(Number.MIN_SAFE_INTEGER, INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    expect(negate(9007199254740992n, INTEGER)).toBe(-9007199254740992n);
    expect(text(negate(dec('1.25'), NUMERIC))).toBe('-1.25');
    expect(negate(1.5, REAL)).toBe(-1.5);
    expect(negate(null, INTEGER)).toBeNull();
    expect(stateOf(() => negate('x', CHAR))).toBe(SqlState.DatatypeMismatch);
  });
});

// ---------------------------------------------------------------- properties

/** INTEGER values around every interesting boundary, as bigints (the model). */
const bigModel = fc.oneof(
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }),
  fc.tuple(fc.boolean(), fc.bigInt({ min: 2n ** 53n - 5n, max: 2n ** 53n + 5n })).map(([neg, b]) => (neg ? -b : b)),
  fc.bigInt({ min: -(2n ** 130n), max: 2n ** 130n }),
);
const ops: ArithOp[] = ['+', '-', '*', '/', '%'];

function modelInteger(op: ArithOp, a: bigint, b: bigint): bigint {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
  }
}

describe('properties', () => {
  it('INTEGER arithmetic equals BigInt arithmetic and is always normalised', () => {
    fc.assert(
      fc.property(bigModel, bigModel, fc.constantFrom(...ops), (a, b, op) => {
        const run = (): Value => arithmetic(op, normaliseInteger(a), normaliseInteger(b), INTEGER);
        if (b === 0n && (op === '/' || op === '%')) {
          expect(stateOf(run)).toBe(SqlState.DivisionByZero);
          return true;
        }
        const got = run();
        const want = normaliseInteger(modelInteger(op, a, b));
        expect(got).toBe(want);
        return true;
      }),
      { numRuns: 5000 },
    );
  });

  const Model = Decimal.clone({ precision: 5000 });
  const decimalArb = fc
    .tuple(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: 0, max: 30 }))
    .map(([u, s]) => new Decimal(`${u}e-${s}`));

  it('NUMERIC + - * equal decimal.js at high precision', () => {
    fc.assert(
      fc.property(decimalArb, decimalArb, fc.constantFrom<ArithOp>('+', '-', '*'), (a, b, op) => {
        const got = arithmetic(op, a, b, NUMERIC) as Decimal;
        const want = op === '+' ? Model.add(a, b) : op === '-' ? Model.sub(a, b) : Model.mul(a, b);
        expect(got.eq(want)).toBe(true);
        return true;
      }),
      { numRuns: 3000 },
    );
  });

  it('NUMERIC division is within half a unit of the 20th decimal place', () => {
    const half = new Model('0.5e-20');
    fc.assert(
      fc.property(decimalArb, decimalArb, (a, b) => {
        fc.pre(!b.isZero());
        const got = divideNumeric(a, b);
        const exact = Model.div(a, b);
        expect(Model.sub(got, exact).abs().lte(half)).toBe(true);
        return true;
      }),
      { numRuns: 2000 },
    );
  });
});
