/**
 * src/level4-sql/eval/functions.ts — the built-in scalar functions: argument checking, result types and
 * evaluation. (Clock functions such as CURRENT_DATE need the statement's clock and live with the compiler.)
 *
 * 1. `lookupFunction` returns a fresh `ScalarFunction` per call site. Its `resultType(argTypes)` checks the
 *    argument count (42883) and types (42804) and specialises `call` to those types (COALESCE widens its
 *    result to the common type, MOD computes in the result type); `call` before `resultType` infers the
 *    types from the values.
 * 2. NULL in → NULL out for every function except COALESCE, IFNULL, NULLIF, CONCAT (which skips NULLs) and
 *    GREATEST / LEAST (which ignore NULLs, as PostgreSQL's do, and are NULL only when every argument is).
 * 3. Strings count Unicode code points: LENGTH('😀') = 1; SUBSTRING and POSITION are 1-based, in
 *    characters, with SQL's rules (SUBSTRING('abc', 0, 2) = 'a'; a negative length is SubstringError 22011).
 * 4. TRIM/LTRIM/RTRIM take the string first and an optional set of characters to remove (default: spaces),
 *    as PostgreSQL's btrim/ltrim/rtrim; POSITION(sub, s) takes the needle first, INSTR(s, sub) second.
 * 5. Rounding is half away from zero for every type (ROUND(2.5) = 3, ROUND(-2.5) = -3, ROUND(1.005, 2)
 *    on a REAL rounds its shortest decimal text, giving 1.01). FLOOR/CEIL of a NUMERIC and SIGN of anything
 *    are exact INTEGERs. POWER is REAL with a REAL argument, else NUMERIC (exact for integer exponents;
 *    a negative exponent divides as NUMERIC division does); SQRT is REAL, or NUMERIC for a NUMERIC argument.
 *    POWER(0, negative) and a negative number to a fractional power are 2201F; LN / LOG10 of x <= 0 are 2201E;
 *    EXP, LN, LOG10 are REAL, or NUMERIC to 20 decimal places for a NUMERIC argument. TRUNC truncates toward
 *    zero as ROUND rounds (TRUNC(-2.7) = -2).
 */
import { createHash } from 'node:crypto';
import { SqlError, SqlState } from '../../common/errors';
import { arithmetic, arithmeticType, divideNumeric, NUMERIC_DIVISION_SCALE } from '../../common/values/arith';
import { charLength, coerceValue, typeOfValue } from '../../common/values/cast';
import { commonType, comparable, sqlCompare, sqlEquals } from '../../common/values/compare';
import { formatValue } from '../../common/values/format';
import { CHAR, DATE, INTEGER, NUMERIC, REAL, type SqlType, TIMESTAMP } from '../../common/values/sql-type';
import { DATE_FUNCTIONS, dateTrunc } from './extract';
import { ARRAY_FUNCTIONS } from './array-functions';
import { MATH_FUNCTIONS } from './math-functions';
import { STRING_FUNCTIONS } from './string-functions';
import { FORMAT_FUNCTIONS } from './format-function';
import { PRODUCT_NAME } from '../../common/version';
import { formatDate, formatNumber, parseDateWith } from './to-char';
import { cardinalityCall, cardinalityType, JSON_BUILD_OBJECT, keysCall, keysType, typeofCall, typeofType } from './document-functions';
import { Decimal, ExactDecimal, normaliseInteger, toExactDecimal, type Value } from '../../common/values/value';
import {
  badArg,
  count,
  type Definition,
  expectKinds,
  fixed,
  type Impl,
  num,
  NUMBER_KINDS,
  numberType,
  SURROGATE,
  text,
  TEXT_KINDS,
  textFn,
} from './function-kit';

/** A built-in scalar function, specialised to one call site by `resultType`. */
export interface ScalarFunction {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** checks argument count (42883) and types (42804); returns the result type */
  resultType(args: readonly SqlType[]): SqlType;
  call(args: readonly Value[]): Value;
}

/** Numeric working precision for results that cannot be exact (roots, fractional powers). */
const Inexact = ExactDecimal.clone({ precision: NUMERIC_DIVISION_SCALE * 2 });
/** Square roots set their own precision per call (digits before the point + the division scale). */
const SqrtDecimal = ExactDecimal.clone({ rounding: Decimal.ROUND_DOWN });

// ---------------------------------------------------------------- definitions

function trimDefinition(start: boolean, end: boolean): Definition {
  return fixed(
    1,
    2,
    (args, name) => (expectKinds(name, args, 0, TEXT_KINDS), expectKinds(name, args, 1, TEXT_KINDS), CHAR),
    (v, name) => trim(text(name, v[0]!, 0), v.length > 1 ? text(name, v[1]!, 1) : ' ', start, end),
  );
}

function trim(s: string, chars: string, start: boolean, end: boolean): string {
  const set = new Set(Array.from(chars));
  const cs = SURROGATE.test(s) ? Array.from(s) : s;
  let i = 0;
  let j = cs.length;
  if (start) while (i < j && set.has(cs[i]!)) i++;
  if (end) while (j > i && set.has(cs[j - 1]!)) j--;
  return typeof cs === 'string' ? cs.slice(i, j) : cs.slice(i, j).join('');
}

function substring(s: string, start: number, length: number | null): string {
  if (length !== null && length < 0) {
    throw SqlError.of(SqlState.SubstringError, ['negative substring length not allowed']);
  }
  const end = length === null ? Infinity : start + length; // exclusive, 1-based
  const from = Math.max(start, 1);
  if (end <= from) return '';
  if (!SURROGATE.test(s)) return s.substring(from - 1, end === Infinity ? s.length : end - 1);
  const cs = Array.from(s);
  return cs.slice(from - 1, end === Infinity ? cs.length : end - 1).join('');
}

/**
 * LEFT(s, n): the first `n` characters (code points) of `s`, or all but the last -n when `n` is negative;
 * RIGHT(s, n): the last `n`, or all but the first -n (PostgreSQL's and MySQL's LEFT and RIGHT).
 */
function leftOrRight(s: string, n: number, left: boolean): string {
  const cs = SURROGATE.test(s) ? Array.from(s) : null;
  const len = cs === null ? s.length : cs.length;
  const keep = n >= 0 ? Math.min(n, len) : Math.max(len + n, 0);
  const from = left ? 0 : len - keep;
  if (cs === null) return s.substring(from, from + keep);
  return cs.slice(from, from + keep).join('');
}

/** 1-based character position of `sub` in `s`, 0 when absent. */
function position(sub: string, s: string): number {
  const at = s.indexOf(sub);
  if (at <= 0) return at + 1;
  return SURROGATE.test(s) ? charLength(s.slice(0, at)) + 1 : at + 1;
}

/** Rounds half away from zero to `places` decimal places (negative: tens, hundreds …). */
function roundValue(x: number | bigint | Decimal, places: number): Value {
  const p = Math.max(-100_000, Math.min(100_000, places));
  if (typeof x === 'bigint' || (typeof x === 'number' && Number.isSafeInteger(x))) {
    if (p >= 0) return x;
    const m = 10n ** BigInt(-p);
    const b = BigInt(x);
    const q = b / m;
    const r = b % m;
    const up = (r < 0n ? -r : r) * 2n >= m ? (b < 0n ? -1n : 1n) : 0n;
    return normaliseInteger((q + up) * m);
  }
  if (typeof x === 'number' && !Number.isFinite(x)) return x;
  const d = toExactDecimal(x);
  const r =
    p >= 0
      ? d.toDecimalPlaces(p, Decimal.ROUND_HALF_UP)
      : ExactDecimal.mul(ExactDecimal.div(d, ExactDecimal.pow(10, -p)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP), ExactDecimal.pow(10, -p));
  if (typeof x === 'number') return r.toNumber() + 0;
  return r.isZero() ? new ExactDecimal(0) : r;
}

function floorOrCeil(x: number | bigint | Decimal, ceil: boolean): Value {
  if (typeof x === 'bigint') return x;
  if (typeof x === 'number') return (ceil ? Math.ceil(x) : Math.floor(x)) + 0;
  const r = x.toDecimalPlaces(0, ceil ? Decimal.ROUND_CEIL : Decimal.ROUND_FLOOR).toFixed();
  return normaliseInteger(BigInt(r));
}

function signOf(x: number | bigint | Decimal): number {
  if (typeof x === 'number') return x > 0 ? 1 : x < 0 ? -1 : 0;
  if (typeof x === 'bigint') return x > 0n ? 1 : x < 0n ? -1 : 0;
  return x.isZero() ? 0 : x.isNegative() ? -1 : 1;
}

function invalid(what: string): SqlError {
  return SqlError.of(SqlState.InvalidParameterValue, [what]);
}

function zeroToNegative(): SqlError {
  return SqlError.of(SqlState.InvalidArgumentForPowerFunction, ['zero raised to a negative power is undefined']);
}

function negativeToFraction(a: unknown, b: unknown): SqlError {
  return SqlError.of(SqlState.InvalidArgumentForPowerFunction, [`a negative number raised to a non-integer power (${a} ^ ${b})`]);
}

function realPower(a: number, b: number): number {
  if (a === 0 && b < 0) throw zeroToNegative();
  const r = Math.pow(a, b);
  if (Number.isNaN(r)) throw negativeToFraction(a, b);
  if (r - r !== 0) throw SqlError.of(SqlState.NumericValueOutOfRange, ['POWER']);
  return r;
}

function numericPower(a: Decimal, b: Decimal): Decimal {
  if (a.isZero() && b.isNegative()) throw zeroToNegative();
  let r: Decimal;
  if (b.isInteger()) {
    r = ExactDecimal.pow(a, b.abs());
    if (b.isNegative() && r.isFinite()) r = divideNumeric(new ExactDecimal(1), r);
  } else {
    if (a.isNegative()) throw negativeToFraction(a, b);
    r = new ExactDecimal(Inexact.pow(a, b)).toSignificantDigits(NUMERIC_DIVISION_SCALE, Decimal.ROUND_HALF_UP);
  }
  if (!r.isFinite()) throw SqlError.of(SqlState.NumericValueOutOfRange, ['POWER']);
  return r;
}

function sqrt(x: number | bigint | Decimal): Value {
  if (signOf(x) < 0) throw invalid('the square root of a negative number');
  if (!(x instanceof Decimal)) {
    const r = Math.sqrt(Number(x)); // an INTEGER beyond ±1.8e308 has no finite REAL root here
    if (r - r !== 0) throw SqlError.of(SqlState.NumericValueOutOfRange, ['SQRT']);
    return r;
  }
  const digits = Math.max(1, Math.ceil((x.e + 1) / 2)) + NUMERIC_DIVISION_SCALE + 2;
  SqrtDecimal.set({ precision: digits });
  const r = new ExactDecimal(SqrtDecimal.sqrt(x));
  return r.toDecimalPlaces(NUMERIC_DIVISION_SCALE, Decimal.ROUND_HALF_UP);
}

/** EXP, LN, LOG10: REAL, or NUMERIC (to the division scale) for a NUMERIC argument; LN/LOG10 of x <= 0 is 2201E. */
function logExp(kind: 'EXP' | 'LN' | 'LOG10'): Definition {
  return fixed(
    1,
    1,
    (a, n) => (numberType(n, a).kind === 'NUMERIC' ? NUMERIC : REAL),
    (v, n) => {
      const x = num(n, v[0]!, 0);
      if (kind !== 'EXP' && signOf(x) <= 0) {
        throw SqlError.of(SqlState.InvalidArgumentForLogarithm, [`${kind} of ${signOf(x) === 0 ? 'zero' : 'a negative number'}`]);
      }
      if (x instanceof Decimal) {
        const r = kind === 'EXP' ? Inexact.exp(x) : kind === 'LN' ? Inexact.ln(x) : Inexact.log(x, 10);
        if (!r.isFinite()) throw SqlError.of(SqlState.NumericValueOutOfRange, [kind]);
        return new ExactDecimal(r).toDecimalPlaces(NUMERIC_DIVISION_SCALE, Decimal.ROUND_HALF_UP);
      }
      const f = Number(x);
      const r = kind === 'EXP' ? Math.exp(f) : kind === 'LN' ? Math.log(f) : Math.log10(f);
      if (r - r !== 0) throw SqlError.of(SqlState.NumericValueOutOfRange, [kind]);
      return r;
    },
  );
}

/** TRUNC(x [, places]): toward zero to `places` decimal places (negative: tens …); the type of x. */
function truncValue(x: number | bigint | Decimal, places: number): Value {
  const p = Math.max(-100_000, Math.min(100_000, places));
  if (typeof x === 'bigint' || (typeof x === 'number' && Number.isSafeInteger(x))) {
    if (p >= 0) return x;
    const m = 10n ** BigInt(-p);
    return normaliseInteger((BigInt(x) / m) * m);
  }
  if (typeof x === 'number' && !Number.isFinite(x)) return x;
  const d = toExactDecimal(x);
  const r =
    p >= 0
      ? d.toDecimalPlaces(p, Decimal.ROUND_DOWN)
      : ExactDecimal.mul(ExactDecimal.div(d, ExactDecimal.pow(10, -p)).toDecimalPlaces(0, Decimal.ROUND_DOWN), ExactDecimal.pow(10, -p));
  if (typeof x === 'number') return r.toNumber() + 0;
  return r.isZero() ? new ExactDecimal(0) : r;
}

/** LPAD/RPAD(s, n [, fill]): `s` padded with `fill` (default a space) to n characters, or cut to n. */
function pad(left: boolean): Definition {
  return fixed(
    2,
    3,
    (a, n) => (expectKinds(n, a, 0, TEXT_KINDS), expectKinds(n, a, 1, ['INTEGER']), expectKinds(n, a, 2, TEXT_KINDS), CHAR),
    (v, n) => {
      const cs = Array.from(text(n, v[0]!, 0));
      const width = count(n, v[1]!, 1);
      if (width > 10_000_000) throw SqlError.of(SqlState.ProgramLimitExceeded, [`${n} to ${width} characters`]);
      const fill = Array.from(v.length > 2 ? text(n, v[2]!, 2) : ' ');
      if (width <= cs.length) return cs.slice(0, Math.max(0, width)).join('');
      if (fill.length === 0) return cs.join('');
      const padding: string[] = [];
      for (let i = 0; padding.length < width - cs.length; i++) padding.push(fill[i % fill.length]!);
      return left ? padding.join('') + cs.join('') : cs.join('') + padding.join('');
    },
  );
}

/** OVERLAY(s PLACING r FROM start [FOR n]): s with n characters from `start` replaced by r (n defaults to r's length). */
const OVERLAY: Definition = fixed(
  3,
  4,
  (a, n) => (expectKinds(n, a, 0, TEXT_KINDS), expectKinds(n, a, 1, TEXT_KINDS), expectKinds(n, a, 2, ['INTEGER']), expectKinds(n, a, 3, ['INTEGER']), CHAR),
  (v, n) => {
    const s = text(n, v[0]!, 0);
    const r = text(n, v[1]!, 1);
    const start = count(n, v[2]!, 2);
    const len = v.length > 3 ? count(n, v[3]!, 3) : charLength(r);
    if (start < 1) throw SqlError.of(SqlState.SubstringError, ['OVERLAY starts before the first character']);
    return substring(s, 1, start - 1) + r + substring(s, start + Math.max(len, 0), null);
  },
);

/** GREATEST / LEAST: the largest / smallest non-NULL argument, in the arguments' common type (NULL when all are). */
function extreme(greatest: boolean): Definition {
  return {
    minArgs: 1,
    maxArgs: Infinity,
    strict: false,
    resultType: (args, name) => commonType(args, name),
    bind: (_args, result) => (values) => {
      let best: Value = null;
      for (const v of values) {
        if (v === null) continue;
        if (best === null) best = v;
        else {
          const c = sqlCompare(v, best);
          if (c !== null && (greatest ? c > 0 : c < 0)) best = v;
        }
      }
      return coerceValue(best, result);
    },
  };
}

const sameNumber = (args: readonly SqlType[], name: string): SqlType => numberType(name, args);

function roundType(args: readonly SqlType[], name: string): SqlType {
  expectKinds(name, args, 1, ['INTEGER']);
  return numberType(name, args);
}

function floorType(args: readonly SqlType[], name: string): SqlType {
  const t = numberType(name, args);
  return t.kind === 'NUMERIC' ? INTEGER : t;
}

function coalesceDefinition(minArgs: number, maxArgs: number): Definition {
  return {
    minArgs,
    maxArgs,
    strict: false,
    resultType: (args, name) => commonType(args, name),
    bind: (_args, result) => (values) => {
      for (const v of values) if (v !== null) return coerceValue(v, result);
      return null;
    },
  };
}

const NULLIF: Definition = {
  minArgs: 2,
  maxArgs: 2,
  strict: false,
  resultType: (args, name) => {
    if (!comparable(args[0]!, args[1]!)) throw badArg(name, args[1]!, 1);
    return args[0]!.kind === 'NULL' ? args[1]! : args[0]!;
  },
  bind: () => (values) => (values[0] === null || sqlEquals(values[0]!, values[1]!) !== true ? values[0]! : null),
};

const CONCAT: Definition = {
  minArgs: 1,
  maxArgs: Infinity,
  strict: false,
  resultType: () => CHAR,
  bind: (args) => (values) => {
    let s = '';
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v !== null) s += formatValue(v, args[i]);
    }
    return s;
  },
};

/** CONCAT_WS(separator, a, …): the values that are not NULL, as CONCAT writes them, joined by the separator
 *  (NULL when the separator is). */
const CONCAT_WS: Definition = {
  minArgs: 2,
  maxArgs: Infinity,
  strict: false,
  resultType: (args, name) => (expectKinds(name, args, 0, TEXT_KINDS), CHAR),
  bind: (args, _result, name) => (values) => {
    if (values[0] === null) return null;
    const sep = text(name, values[0]!, 0);
    const parts: string[] = [];
    for (let i = 1; i < values.length; i++) {
      const v = values[i]!;
      if (v !== null) parts.push(formatValue(v, args[i]));
    }
    return parts.join(sep);
  },
};

/** SPLIT_PART(s, delimiter, n): the n-th field of s (from the end when n < 0), '' past the last; n = 0 is 22023. */
function splitPart(s: string, delimiter: string, n: number, name: string): string {
  if (n === 0) throw SqlError.of(SqlState.InvalidParameterValue, [`the field position of ${name} must not be zero`]);
  const fields = delimiter === '' ? [s] : s.split(delimiter);
  const i = n > 0 ? n - 1 : fields.length + n;
  return fields[i] ?? '';
}

const MOD: Definition = {
  minArgs: 2,
  maxArgs: 2,
  strict: true,
  resultType: (args, name) => {
    expectKinds(name, args, 0, NUMBER_KINDS);
    expectKinds(name, args, 1, NUMBER_KINDS);
    return arithmeticType('%', args[0]!, args[1]!);
  },
  bind: (_args, result, name) => (v) => arithmetic('%', num(name, v[0]!, 0), num(name, v[1]!, 1), result),
};

const POWER: Definition = {
  minArgs: 2,
  maxArgs: 2,
  strict: true,
  resultType: (args, name) => {
    expectKinds(name, args, 1, NUMBER_KINDS);
    const t = numberType(name, args);
    return t.kind === 'REAL' || args[1]!.kind === 'REAL' ? REAL : NUMERIC;
  },
  bind: (_args, result, name) => (v) => {
    const a = num(name, v[0]!, 0);
    const b = num(name, v[1]!, 1);
    if (result.kind === 'REAL') return realPower(Number(a), Number(b));
    return numericPower(toExactDecimal(a), toExactDecimal(b));
  },
};

/**
 * LOG(x) is LOG10(x) (PostgreSQL's); LOG(b, x) is the logarithm of x to base b, REAL (2201E when b or x is not
 * positive or b is 1).
 */
const LOG: Definition = {
  minArgs: 1,
  maxArgs: 2,
  strict: true,
  resultType: (args, name) => {
    if (args.length === 1) return logExp('LOG10').resultType(args, name);
    expectKinds(name, args, 0, NUMBER_KINDS);
    expectKinds(name, args, 1, NUMBER_KINDS);
    return REAL;
  },
  bind: (args, result, name) => {
    if (args.length === 1) return logExp('LOG10').bind(args, result, name);
    return (v) => {
      const b = Number(num(name, v[0]!, 0));
      const x = Number(num(name, v[1]!, 1));
      if (!(b > 0) || b === 1 || !(x > 0)) throw SqlError.of(SqlState.InvalidArgumentForLogarithm, [`LOG(${b}, ${x})`]);
      return Math.log(x) / Math.log(b) + 0;
    };
  },
};

const DEFINITIONS: ReadonlyMap<string, Definition> = new Map<string, Definition>([
  // a new value per call: compiled calls are never folded (compile-calls.ts)
  ['RANDOM', fixed(0, 0, () => REAL, () => Math.random())],
  ['DATE_TRUNC', fixed(2, 2, (a, n) => (expectKinds(n, a, 0, TEXT_KINDS), expectKinds(n, a, 1, ['DATE', 'TIMESTAMP']), TIMESTAMP), (v, n) => {
    if (!(v[1] instanceof Date)) throw badArg(n, typeOfValue(v[1]!), 1);
    return dateTrunc(text(n, v[0]!, 0), v[1]);
  })],
  ['ABS', fixed(1, 1, sameNumber, (v, n) => {
    const x = num(n, v[0]!, 0);
    if (typeof x === 'number') return Math.abs(x);
    return typeof x === 'bigint' ? (x < 0n ? -x : x) : ExactDecimal.abs(x);
  })],
  ['COALESCE', coalesceDefinition(1, Infinity)],
  ['IFNULL', coalesceDefinition(2, 2)],
  ['NULLIF', NULLIF],
  ['CONCAT', CONCAT],
  ['LENGTH', fixed(1, 1, (a, n) => (expectKinds(n, a, 0, ['CHAR', 'BLOB']), INTEGER), (v, n) =>
    v[0] instanceof Uint8Array ? v[0].length : charLength(text(n, v[0]!, 0)))],
  ['CHAR_LENGTH', textFn(charLength, INTEGER)],
  ['CHARACTER_LENGTH', textFn(charLength, INTEGER)],
  ['OCTET_LENGTH', fixed(1, 1, (a, n) => (expectKinds(n, a, 0, ['CHAR', 'BLOB']), INTEGER), (v, n) =>
    v[0] instanceof Uint8Array ? v[0].length : Buffer.byteLength(text(n, v[0]!, 0), 'utf8'))],
  ['UPPER', textFn((s) => s.toUpperCase(), CHAR)],
  ['LOWER', textFn((s) => s.toLowerCase(), CHAR)],
  ['LEFT', fixed(2, 2, substringType, (v, n) => leftOrRight(text(n, v[0]!, 0), count(n, v[1]!, 1), true))],
  ['RIGHT', fixed(2, 2, substringType, (v, n) => leftOrRight(text(n, v[0]!, 0), count(n, v[1]!, 1), false))],
  ['SUBSTRING', fixed(2, 3, substringType, substringCall)],
  ['SUBSTR', fixed(2, 3, substringType, substringCall)],
  ['TRIM', trimDefinition(true, true)],
  ['BTRIM', trimDefinition(true, true)],
  ['LTRIM', trimDefinition(true, false)],
  ['RTRIM', trimDefinition(false, true)],
  ['REPLACE', fixed(3, 3, (a, n) => (a.forEach((_t, i) => expectKinds(n, a, i, TEXT_KINDS)), CHAR), (v, n) => {
    const s = text(n, v[0]!, 0);
    const from = text(n, v[1]!, 1);
    return from === '' ? s : s.split(from).join(text(n, v[2]!, 2));
  })],
  ['POSITION', fixed(2, 2, textPairType, (v, n) => position(text(n, v[0]!, 0), text(n, v[1]!, 1)))],
  ['STRPOS', fixed(2, 2, textPairType, (v, n) => position(text(n, v[1]!, 1), text(n, v[0]!, 0)))],
  ['CONCAT_WS', CONCAT_WS],
  ['SPLIT_PART', fixed(3, 3, (a, n) => (expectKinds(n, a, 0, TEXT_KINDS), expectKinds(n, a, 1, TEXT_KINDS), expectKinds(n, a, 2, ['INTEGER']), CHAR), (v, n) =>
    splitPart(text(n, v[0]!, 0), text(n, v[1]!, 1), count(n, v[2]!, 2), n))],
  ['REVERSE', textFn((s) => Array.from(s).reverse().join(''), CHAR)],
  ['MD5', textFn((s) => createHash('md5').update(s, 'utf8').digest('hex'), CHAR)],
  ['INSTR', fixed(2, 2, textPairType, (v, n) => position(text(n, v[1]!, 1), text(n, v[0]!, 0)))],
  ['ROUND', fixed(1, 2, roundType, (v, n) => roundValue(num(n, v[0]!, 0), v.length > 1 ? count(n, v[1]!, 1) : 0))],
  ['FLOOR', fixed(1, 1, floorType, (v, n) => floorOrCeil(num(n, v[0]!, 0), false))],
  ['CEIL', fixed(1, 1, floorType, (v, n) => floorOrCeil(num(n, v[0]!, 0), true))],
  ['CEILING', fixed(1, 1, floorType, (v, n) => floorOrCeil(num(n, v[0]!, 0), true))],
  ['SIGN', fixed(1, 1, (a, n) => (numberType(n, a), INTEGER), (v, n) => signOf(num(n, v[0]!, 0)))],
  ['MOD', MOD],
  ['EXP', logExp('EXP')],
  ['LN', logExp('LN')],
  ['LOG10', logExp('LOG10')],
  ['TRUNC', fixed(1, 2, roundType, (v, n) => truncValue(num(n, v[0]!, 0), v.length > 1 ? count(n, v[1]!, 1) : 0))],
  ['TRUNCATE', fixed(1, 2, roundType, (v, n) => truncValue(num(n, v[0]!, 0), v.length > 1 ? count(n, v[1]!, 1) : 0))],
  ['LPAD', pad(true)],
  ['RPAD', pad(false)],
  ['OVERLAY', OVERLAY],
  ['GREATEST', extreme(true)],
  ['LEAST', extreme(false)],
  ['POWER', POWER],
  ['POW', POWER],
  ['KEYS', fixed(1, 1, keysType, keysCall)],
  ['CARDINALITY', fixed(1, 1, cardinalityType, cardinalityCall)],
  ['ARRAY_LENGTH', fixed(1, 1, cardinalityType, cardinalityCall)],
  ['TYPEOF', fixed(1, 1, typeofType, typeofCall)],
  ['JSON_BUILD_OBJECT', JSON_BUILD_OBJECT],
  ['JSONB_BUILD_OBJECT', JSON_BUILD_OBJECT],
  // constant for the process: fold it where it is written
  ['VERSION', fixed(0, 0, () => CHAR, () => `${PRODUCT_NAME} on Node.js ${process.version}`)],
  ['SQRT', fixed(1, 1, (a, n) => (numberType(n, a).kind === 'NUMERIC' ? NUMERIC : REAL), (v, n) => sqrt(num(n, v[0]!, 0)))],
  ['LOG', LOG],
  ['TO_CHAR', fixed(2, 2, (a, n) => (expectKinds(n, a, 0, ['DATE', 'TIMESTAMP', ...NUMBER_KINDS]), expectKinds(n, a, 1, TEXT_KINDS), CHAR), (v, n) => {
    const x = v[0]!;
    const format = text(n, v[1]!, 1);
    return x instanceof Date ? formatDate(x, format) : formatNumber(num(n, x, 0), format);
  })],
  ['TO_DATE', fixed(2, 2, (a, n) => (expectKinds(n, a, 0, TEXT_KINDS), expectKinds(n, a, 1, TEXT_KINDS), DATE), (v, n) => parseDateWith(text(n, v[0]!, 0), text(n, v[1]!, 1)))],
  ...STRING_FUNCTIONS,
  ...MATH_FUNCTIONS,
  ...DATE_FUNCTIONS,
  ...ARRAY_FUNCTIONS,
  ...FORMAT_FUNCTIONS,
]); // prettier-ignore

function substringType(args: readonly SqlType[], name: string): SqlType {
  expectKinds(name, args, 0, TEXT_KINDS);
  expectKinds(name, args, 1, ['INTEGER']);
  expectKinds(name, args, 2, ['INTEGER']);
  return CHAR;
}

function substringCall(v: readonly Value[], name: string): Value {
  return substring(text(name, v[0]!, 0), count(name, v[1]!, 1), v.length > 2 ? count(name, v[2]!, 2) : null);
}

function textPairType(args: readonly SqlType[], name: string): SqlType {
  expectKinds(name, args, 0, TEXT_KINDS);
  expectKinds(name, args, 1, TEXT_KINDS);
  return INTEGER;
}

// ---------------------------------------------------------------- call sites

class BuiltinFunction implements ScalarFunction {
  readonly minArgs: number;
  readonly maxArgs: number;
  private impl: Impl | null = null;

  constructor(
    readonly name: string,
    private readonly def: Definition,
  ) {
    this.minArgs = def.minArgs;
    this.maxArgs = def.maxArgs;
  }

  resultType(args: readonly SqlType[]): SqlType {
    if (args.length < this.minArgs || args.length > this.maxArgs) {
      throw SqlError.of(SqlState.UndefinedFunction, [`function ${this.name} with ${args.length} argument(s)`]);
    }
    const result = this.def.resultType(args, this.name);
    this.impl = this.def.bind(args, result, this.name);
    return result;
  }

  call(args: readonly Value[]): Value {
    if (this.def.strict) {
      for (let i = 0; i < args.length; i++) if (args[i] === null) return null;
    }
    if (this.impl === null) this.resultType(args.map(typeOfValue));
    return this.impl!(args);
  }
}

/** The built-in scalar function `name` (upper case) as a fresh call site, or undefined. */
export function lookupFunction(name: string): ScalarFunction | undefined {
  const def = DEFINITIONS.get(name);
  return def === undefined ? undefined : new BuiltinFunction(name, def);
}

/** Names of all built-in scalar functions (for messages and documentation). */
export function functionNames(): string[] {
  return [...DEFINITIONS.keys()].sort();
}
