/**
 * src/common/values/arith.ts — the arithmetic operators + - * / % and unary minus, with their result types.
 *
 * 1. INTEGER is exact and unbounded: number arithmetic whose result is not a safe integer is redone in
 *    bigint, and every result is normalised (`normaliseInteger`), so 9007199254740993 + 1 is exact and
 *    (2^53 + 1) - 2 is a number again. `/` truncates toward zero; `%` takes the dividend's sign.
 * 2. NUMERIC is exact (decimal.js through `ExactDecimal`, 1000 significant digits) for + - * and %.
 *    Division rounds (ties away from zero) to 20 decimal places, or 20 significant digits when the
 *    quotient is below 1, or the larger scale of the operands — whichever keeps most (`divideNumeric`).
 * 3. Mixing: INTEGER with NUMERIC is NUMERIC; anything with REAL is REAL (JavaScript numbers).
 *    REAL values are always finite: a REAL result that would be ±Infinity or NaN (overflow) is
 *    NumericValueOutOfRange 22003, so no non-finite number is ever stored, compared or returned.
 * 4. x / 0 and x % 0 are DivisionByZero 22012 for every numeric type, REAL included.
 * 5. DATE ± INTEGER adds days; DATE - DATE is the INTEGER number of days between them.
 * 7. INTERVAL (interval.ts): DATE or TIMESTAMP ± INTERVAL and INTERVAL + DATE or TIMESTAMP give a TIMESTAMP, or a
 *    DATE for a DATE and an interval without time fields (year-month or DAY); TIMESTAMP - TIMESTAMP (or a DATE
 *    with a TIMESTAMP) is an INTERVAL DAY TO SECOND; INTERVAL ± INTERVAL of one class is an INTERVAL (a
 *    year-month with a day-time one is 42804); INTERVAL × or ÷ a number and a number × INTERVAL keep the
 *    interval's type. DATE - DATE stays the INTEGER number of days.
 * 6. The `type` passed to `arithmetic` is the static result type, but operand values decide where they
 *    must (an untyped parameter holding 1.5 in an INTEGER context computes as REAL): no TypeError can leak.
 */
import { SqlError, SqlState } from '../errors';
import { INTEGER, INTERVAL, intervalType, isYearMonthType, NULL_TYPE, NUMERIC, NUMERIC_MAX_PRECISION, REAL, DATE, TIMESTAMP, type SqlType, typeToSql } from './sql-type';
import { Decimal, ExactDecimal, normaliseInteger, toExactDecimal, type Value } from './value';
import { addDays, daysBetween } from './datetime';
import { addInterval, addIntervals, Interval, negateInterval, scaleInterval, timestampDifference } from './interval';
import { comparable, widerInterval } from './compare';

const DAY_TO_SECOND = intervalType('DAY', 'SECOND');

/** The binary arithmetic operators. */
export type ArithOp = '+' | '-' | '*' | '/' | '%';

/** Minimum decimal places (and, below 1, significant digits) of a NUMERIC quotient. */
export const NUMERIC_DIVISION_SCALE = 20;
/** NUMERIC quotients keep at most this many decimal places (PostgreSQL's display limit). */
const MAX_DIVISION_SCALE = 1000;

/** Division works in its own constructor, truncating; `divideNumeric` then rounds once. */
const DivisionDecimal = ExactDecimal.clone({ rounding: Decimal.ROUND_DOWN });

const ZERO = new ExactDecimal(0);

function mismatch(op: string, l: string, r: string): SqlError {
  return SqlError.of(SqlState.DatatypeMismatch, [`operator ${op} cannot be applied to ${l} and ${r}`]);
}

function divisionByZero(): SqlError {
  return SqlError.of(SqlState.DivisionByZero);
}

function scaleOf(t: SqlType): number | undefined {
  return t.kind === 'INTEGER' ? 0 : t.scale;
}

/**
 * NUMERIC result type with the SQL-standard scale: max for + - %, the sum for *, none for /. The precision
 * is known only when both operands are NUMERIC(p,s): for + - the wider integer part, plus the scale, plus one
 * carry digit; for * the sum; for % the wider operand. (It describes the result for `declaredTypes`; no result
 * is checked against it.)
 */
function numericResult(op: ArithOp, l: SqlType, r: SqlType): SqlType {
  const sl = scaleOf(l);
  const sr = scaleOf(r);
  if (op === '/' || sl === undefined || sr === undefined) return NUMERIC;
  const scale = op === '*' ? sl + sr : Math.max(sl, sr);
  const pl = l.kind === 'NUMERIC' ? l.precision : undefined;
  const pr = r.kind === 'NUMERIC' ? r.precision : undefined;
  if (pl === undefined || pr === undefined) return { kind: 'NUMERIC', scale };
  let precision: number;
  if (op === '*') precision = pl + pr;
  else if (op === '%') precision = Math.max(pl - sl, pr - sr) + scale;
  else precision = Math.max(pl - sl, pr - sr) + scale + 1;
  return { kind: 'NUMERIC', precision: Math.min(precision, NUMERIC_MAX_PRECISION), scale };
}

function isNumberKind(t: SqlType): boolean {
  return t.kind === 'INTEGER' || t.kind === 'NUMERIC' || t.kind === 'REAL';
}

function isDateTime(t: SqlType): boolean {
  return t.kind === 'DATE' || t.kind === 'TIMESTAMP';
}

/** DATE ± INTERVAL is a DATE when the interval has no time fields (year-month, or DAY), else a TIMESTAMP. */
function datePlusInterval(d: SqlType, iv: SqlType): SqlType {
  if (d.kind === 'TIMESTAMP') return TIMESTAMP;
  return isYearMonthType(iv) === true || (iv.start === 'DAY' && (iv.end ?? 'DAY') === 'DAY') ? DATE : TIMESTAMP;
}

/** The interval rules of the header (7); null when neither side is an interval or a TIMESTAMP difference. */
function intervalArithmeticType(op: ArithOp, l: SqlType, r: SqlType): SqlType | null {
  const additive = op === '+' || op === '-';
  if (isDateTime(l) && r.kind === 'INTERVAL' && additive) return datePlusInterval(l, r);
  if (l.kind === 'INTERVAL' && isDateTime(r) && op === '+') return datePlusInterval(r, l);
  if (op === '-' && isDateTime(l) && isDateTime(r) && (l.kind === 'TIMESTAMP' || r.kind === 'TIMESTAMP')) return DAY_TO_SECOND;
  if (l.kind === 'INTERVAL' && r.kind === 'INTERVAL' && additive && comparable(l, r)) return widerInterval(l, r);
  if (l.kind === 'INTERVAL' && isNumberKind(r) && (op === '*' || op === '/')) return l;
  if (isNumberKind(l) && r.kind === 'INTERVAL' && op === '*') return r;
  return null;
}

function dateArithmeticType(op: ArithOp, l: SqlType, r: SqlType): SqlType | null {
  const iv = intervalArithmeticType(op, l, r);
  if (iv !== null) return iv;
  if (l.kind === 'DATE' && r.kind === 'INTEGER' && (op === '+' || op === '-')) return DATE;
  if (l.kind === 'INTEGER' && r.kind === 'DATE' && op === '+') return DATE;
  if (l.kind === 'DATE' && r.kind === 'DATE' && op === '-') return INTEGER;
  return null;
}

/**
 * The result type of `l op r`: INTEGER∘INTEGER → INTEGER, with NUMERIC → NUMERIC, with REAL → REAL;
 * NULL_TYPE adopts the other side; DATE ± INTEGER → DATE, DATE - DATE → INTEGER; else 42804.
 */
export function arithmeticType(op: ArithOp, l: SqlType, r: SqlType): SqlType {
  if (l.kind === 'NULL' && r.kind === 'NULL') return NULL_TYPE;
  if (l.kind === 'NULL') return arithmeticType(op, r.kind === 'DATE' && op === '-' ? DATE : adopt(r, op), r);
  if (r.kind === 'NULL') return arithmeticType(op, l, l.kind === 'DATE' ? INTEGER : adopt(l, op));
  if (isNumberKind(l) && isNumberKind(r)) {
    if (l.kind === 'REAL' || r.kind === 'REAL') return REAL;
    if (l.kind === 'INTEGER' && r.kind === 'INTEGER') return INTEGER;
    return numericResult(op, l, r);
  }
  const d = dateArithmeticType(op, l, r);
  if (d !== null) return d;
  throw mismatch(op, typeToSql(l), typeToSql(r));
}

/** The type an untyped NULL operand takes beside `t`. */
function adopt(t: SqlType, op: ArithOp): SqlType {
  if (t.kind === 'DATE') return INTEGER;
  if (t.kind === 'TIMESTAMP') return INTERVAL;
  if (t.kind === 'INTERVAL' && (op === '*' || op === '/')) return INTEGER;
  return t;
}

// ---------------------------------------------------------------- INTEGER

/** An integral value as bigint (the caller has checked it is a number or bigint holding an integer). */
function big(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

function integerBig(op: ArithOp, a: bigint, b: bigint): number | bigint {
  switch (op) {
    case '+':
      return normaliseInteger(a + b);
    case '-':
      return normaliseInteger(a - b);
    case '*':
      return normaliseInteger(a * b);
    case '/':
      if (b === 0n) throw divisionByZero();
      return normaliseInteger(a / b);
    case '%':
      if (b === 0n) throw divisionByZero();
      return normaliseInteger(a % b);
  }
}

/** Exact INTEGER arithmetic on two integral numbers or bigints. */
export function integerArithmetic(op: ArithOp, a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') {
    let r: number;
    switch (op) {
      case '+':
        r = a + b;
        break;
      case '-':
        r = a - b;
        break;
      case '*':
        r = a * b;
        break;
      case '/':
        if (b === 0) throw divisionByZero();
        r = (a - (a % b)) / b; // exact: a - a % b is a multiple of b
        break;
      case '%':
        if (b === 0) throw divisionByZero();
        r = a % b;
        break;
    }
    // a result whose exact value is a safe integer is computed exactly; beyond, redo it in bigint
    if (Number.isSafeInteger(r)) return r + 0; // + 0 turns -0 into 0
  }
  return integerBig(op, big(a), big(b));
}

// ---------------------------------------------------------------- NUMERIC and REAL

/** a / b for NUMERIC, rounded as this file's header (2) says; b = 0 → 22012. */
export function divideNumeric(a: Decimal, b: Decimal): Decimal {
  if (!a.isFinite() || !b.isFinite()) throw SqlError.of(SqlState.NumericValueOutOfRange, ['NUMERIC']);
  if (b.isZero()) throw divisionByZero();
  if (a.isZero()) return ZERO;
  const magnitude = a.e - b.e; // the quotient's leading digit sits at 10^magnitude or 10^(magnitude-1)
  const places = Math.min(
    MAX_DIVISION_SCALE,
    Math.max(NUMERIC_DIVISION_SCALE, NUMERIC_DIVISION_SCALE - magnitude, a.decimalPlaces(), b.decimalPlaces()),
  );
  const precision = Math.min(1002, Math.max(1, magnitude + 1 + places + 2));
  DivisionDecimal.set({ precision });
  const q = DivisionDecimal.div(a, b); // truncated, with at least two guard digits
  return checkNumeric(new ExactDecimal(q).toDecimalPlaces(places, Decimal.ROUND_HALF_UP));
}

/** Turns overflow (decimal.js Infinity) into 22003 and -0 into 0. */
function checkNumeric(d: Decimal): Decimal {
  if (!d.isFinite()) throw SqlError.of(SqlState.NumericValueOutOfRange, ['NUMERIC']);
  return d.isZero() ? ZERO : d;
}

/** Exact NUMERIC arithmetic on Decimals (see the header for division). */
export function numericArithmetic(op: ArithOp, a: Decimal, b: Decimal): Decimal {
  switch (op) {
    case '+':
      return checkNumeric(ExactDecimal.add(a, b));
    case '-':
      return checkNumeric(ExactDecimal.sub(a, b));
    case '*':
      return checkNumeric(ExactDecimal.mul(a, b));
    case '/':
      return divideNumeric(a, b);
    case '%':
      if (b.isZero()) throw divisionByZero();
      return checkNumeric(ExactDecimal.mod(a, b));
  }
}

/** REAL arithmetic; a non-finite result (overflow) → 22003, division by zero → 22012. */
export function realArithmetic(op: ArithOp, a: number, b: number): number {
  let r: number;
  switch (op) {
    case '+':
      r = a + b;
      break;
    case '-':
      r = a - b;
      break;
    case '*':
      r = a * b;
      break;
    case '/':
      if (b === 0) throw divisionByZero();
      r = a / b;
      break;
    case '%':
      if (b === 0) throw divisionByZero();
      r = a % b;
      break;
  }
  // r - r is NaN exactly when r is ±Infinity or NaN
  if (r - r !== 0) throw SqlError.of(SqlState.NumericValueOutOfRange, [`REAL result of ${op} beyond ±1.8e308`]);
  return r;
}

// ---------------------------------------------------------------- dispatch

type Num = number | bigint | Decimal;

function isNum(v: Value): v is Num {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof Decimal;
}

function isIntegral(v: Num): v is number | bigint {
  return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
}

function toReal(v: Num): number {
  return typeof v === 'number' ? v : Number(v);
}

/** The SQL type name of a run-time value, for messages (never a JavaScript type name). */
function describeKind(v: Value): string {
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) ? 'INTEGER' : 'REAL';
    case 'bigint':
      return 'INTEGER';
    case 'string':
      return 'CHAR';
    case 'boolean':
      return 'BOOLEAN';
    default:
      if (v instanceof Date) return 'DATE';
      if (v instanceof Uint8Array) return 'BLOB';
      if (v instanceof Decimal) return 'NUMERIC';
      if (v instanceof Interval) return 'INTERVAL';
      return 'DOCUMENT';
  }
}

function intervalArithmetic(op: ArithOp, a: Value, b: Value): Value | undefined {
  if (a instanceof Date && b instanceof Interval && (op === '+' || op === '-')) return addInterval(a, b, op === '-');
  if (a instanceof Interval && b instanceof Date && op === '+') return addInterval(b, a, false);
  if (a instanceof Interval && b instanceof Interval && (op === '+' || op === '-')) {
    if ((a.months !== 0 && b.milliseconds !== 0) || (a.milliseconds !== 0 && b.months !== 0)) {
      throw mismatch(op, 'a year-month INTERVAL', 'a day-time INTERVAL');
    }
    return addIntervals(a, b, op === '-');
  }
  if (a instanceof Interval && isNum(b) && (op === '*' || op === '/')) return scaleInterval(a, toReal(b), op === '/');
  if (isNum(a) && b instanceof Interval && op === '*') return scaleInterval(b, toReal(a), false);
  return undefined;
}

function dateArithmetic(op: ArithOp, a: Value, b: Value, type: SqlType): Value {
  const iv = intervalArithmetic(op, a, b);
  if (iv !== undefined) return iv;
  if (a instanceof Date && b instanceof Date && op === '-') {
    return type.kind === 'INTERVAL' ? timestampDifference(a, b) : daysBetween(a, b);
  }
  if (a instanceof Date && (typeof b === 'number' || typeof b === 'bigint') && isIntegral(b)) {
    if (op === '+') return addDays(a, b);
    if (op === '-') return addDays(a, typeof b === 'bigint' ? -b : 0 - b);
  }
  if (b instanceof Date && (typeof a === 'number' || typeof a === 'bigint') && isIntegral(a) && op === '+') {
    return addDays(b, a);
  }
  throw mismatch(op, describeKind(a), describeKind(b));
}

/**
 * `a op b` for a result of static type `type` (from `arithmeticType`). NULL in → NULL out.
 * INTEGER exact (bigint on overflow, then normalised); NUMERIC exact; REAL floating; DATE days.
 */
export function arithmetic(op: ArithOp, a: Value, b: Value, type: SqlType): Value {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number' && type.kind === 'INTEGER') {
    if (Number.isInteger(a) && Number.isInteger(b)) return integerArithmetic(op, a, b);
  }
  if (!isNum(a) || !isNum(b)) return dateArithmetic(op, a, b, type);
  switch (type.kind) {
    case 'REAL':
      return realArithmetic(op, toReal(a), toReal(b));
    case 'NUMERIC':
      return numericArithmetic(op, toExactDecimal(a), toExactDecimal(b));
    default:
      // INTEGER (or an untyped context): decide by the operands
      if (isIntegral(a) && isIntegral(b)) return integerArithmetic(op, a, b);
      if (typeof a === 'number' || typeof b === 'number') {
        if (!(a instanceof Decimal) && !(b instanceof Decimal)) return realArithmetic(op, toReal(a), toReal(b));
      }
      return numericArithmetic(op, toExactDecimal(a), toExactDecimal(b));
  }
}

/** Unary minus: INTEGER stays exact (bigint where needed), NUMERIC exact, REAL floating; NULL → NULL. */
export function negate(v: Value, type: SqlType): Value {
  if (v === null) return null;
  if (typeof v === 'number') return type.kind === 'REAL' || !Number.isInteger(v) ? -v : 0 - v;
  if (typeof v === 'bigint') return normaliseInteger(-v);
  if (v instanceof Decimal) return checkNumeric(new ExactDecimal(v).neg());
  if (v instanceof Interval) return negateInterval(v);
  throw SqlError.of(SqlState.DatatypeMismatch, [`operator - cannot be applied to ${describeKind(v)}`]);
}
