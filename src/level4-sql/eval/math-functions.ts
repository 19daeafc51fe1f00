/**
 * src/level4-sql/eval/math-functions.ts — trigonometry, PI, CBRT, DEGREES, RADIANS, GCD, LCM and DIV, the
 * numeric functions PostgreSQL users reach for beyond functions.ts's (registered there).
 *
 * 1. The trigonometric functions, PI, CBRT, DEGREES and RADIANS are REAL, whatever number they are given (as
 *    PostgreSQL's double precision ones). ASIN and ACOS outside [-1, 1] are 22003; so is a result that is not
 *    finite (COT(0)).
 * 2. GCD and LCM are exact on INTEGERs of any size and never negative (LCM(0, x) = 0); an LCM past what an
 *    INTEGER holds is still exact (a bigint), as INTEGER arithmetic is.
 * 3. DIV(a, b) is the quotient truncated toward zero: an INTEGER for INTEGERs, an integral NUMERIC when either
 *    is NUMERIC (REAL arguments are NUMERIC's, as PostgreSQL's div takes numeric); DIV by zero is 22012.
 */
import { SqlError, SqlState } from '../../common/errors';
import { INTEGER, NUMERIC, REAL, type SqlType } from '../../common/values/sql-type';
import { Decimal, ExactDecimal, normaliseInteger, toExactDecimal, type Value } from '../../common/values/value';
import { badArg, type Definition, expectKinds, fixed, num, NUMBER_KINDS } from './function-kit';
import { typeOfValue } from '../../common/values/cast';

function finite(x: number, name: string): number {
  if (!Number.isFinite(x)) throw SqlError.of(SqlState.NumericValueOutOfRange, [`${name} gives no finite value here`]);
  return x + 0;
}

/** A REAL function of REAL arguments (invariant 1). */
function real(arity: number, f: (...xs: number[]) => number, domain?: (x: number) => boolean): Definition {
  return fixed(
    arity,
    arity,
    (args, name) => {
      for (let i = 0; i < arity; i++) expectKinds(name, args, i, NUMBER_KINDS);
      return REAL;
    },
    (v, name) => {
      const xs = v.map((x, i) => Number(num(name, x, i)));
      if (domain !== undefined && !domain(xs[0]!)) throw SqlError.of(SqlState.NumericValueOutOfRange, [`${name}(${xs[0]}) is outside its domain`]);
      return finite(f(...xs), name);
    },
  );
}

function integer(v: Value, name: string, i: number): bigint {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'bigint') return v;
  throw badArg(name, typeOfValue(v), i);
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function integerPair(args: readonly SqlType[], name: string): SqlType {
  expectKinds(name, args, 0, ['INTEGER']);
  expectKinds(name, args, 1, ['INTEGER']);
  return INTEGER;
}

function divType(args: readonly SqlType[], name: string): SqlType {
  expectKinds(name, args, 0, NUMBER_KINDS);
  expectKinds(name, args, 1, NUMBER_KINDS);
  return args.every((t) => t.kind === 'INTEGER' || t.kind === 'NULL') ? INTEGER : NUMERIC;
}

function isZero(x: number | bigint | Decimal): boolean {
  return typeof x === 'object' ? x.isZero() : typeof x === 'bigint' ? x === 0n : x === 0;
}

/** DIV (invariant 3): exact integer division for INTEGERs, else an integral NUMERIC. */
const DIV: Definition = {
  minArgs: 2,
  maxArgs: 2,
  strict: true,
  resultType: divType,
  bind: (_args, result, name) => (v) => {
    const a = num(name, v[0]!, 0);
    const b = num(name, v[1]!, 1);
    if (isZero(b)) throw SqlError.of(SqlState.DivisionByZero);
    if (result.kind === 'INTEGER') return normaliseInteger(integer(a, name, 0) / integer(b, name, 1));
    const q = ExactDecimal.div(toExactDecimal(a), toExactDecimal(b)).toDecimalPlaces(0, Decimal.ROUND_DOWN);
    return q.isZero() ? new ExactDecimal(0) : q;
  },
};

/** The definitions this file adds, by name. */
export const MATH_FUNCTIONS: ReadonlyArray<readonly [string, Definition]> = [
  ['PI', fixed(0, 0, () => REAL, () => Math.PI)],
  ['SIN', real(1, Math.sin)],
  ['COS', real(1, Math.cos)],
  ['TAN', real(1, Math.tan)],
  ['COT', real(1, (x) => 1 / Math.tan(x))],
  ['ASIN', real(1, Math.asin, (x) => x >= -1 && x <= 1)],
  ['ACOS', real(1, Math.acos, (x) => x >= -1 && x <= 1)],
  ['ATAN', real(1, Math.atan)],
  ['ATAN2', real(2, Math.atan2)],
  ['CBRT', real(1, Math.cbrt)],
  ['DEGREES', real(1, (x) => (x * 180) / Math.PI)],
  ['RADIANS', real(1, (x) => (x * Math.PI) / 180)],
  ['GCD', fixed(2, 2, integerPair, (v, n) => normaliseInteger(gcd(integer(v[0]!, n, 0), integer(v[1]!, n, 1))))],
  ['LCM', fixed(2, 2, integerPair, (v, n) => {
    const a = integer(v[0]!, n, 0);
    const b = integer(v[1]!, n, 1);
    if (a === 0n || b === 0n) return 0;
    const l = (a * b) / gcd(a, b);
    return normaliseInteger(l < 0n ? -l : l);
  })],
  ['DIV', DIV],
]; // prettier-ignore
