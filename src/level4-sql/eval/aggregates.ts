/**
 * src/level4-sql/eval/aggregates.ts — the aggregate functions COUNT, SUM, AVG, MIN, MAX, STRING_AGG, GROUP_CONCAT,
 * BOOL_AND / EVERY, BOOL_OR and the variances and standard deviations, and their accumulators.
 *
 * 1. `lookupAggregate` returns a fresh `AggregateFunction` per call site; `resultType(argType)` checks the
 *    argument (42804; `*` is only for COUNT, else 42883) and specialises `create` to that type.
 * 2. NULLs are skipped; over no (non-NULL) rows COUNT is 0 and the others are NULL.
 * 3. COUNT → INTEGER. SUM(INTEGER) → INTEGER, exact (bigint once past 2^53, normalised); SUM(NUMERIC) →
 *    NUMERIC, exact, keeping the column's scale; SUM(REAL) → REAL, summed with compensation (a sum beyond
 *    ±1.8e308 → 22003).
 *    AVG(INTEGER or NUMERIC) → NUMERIC: the exact sum divided as NUMERIC division does (20 places);
 *    AVG(REAL) → REAL. MIN/MAX → the argument's type, any comparable type, by SQL comparison (values SQL
 *    cannot compare, from a document selector, by `compareValues`: MongoDB's type order).
 * 4. DISTINCT filters values through a Set of `hashKey`s (hash-key.ts), so 1 and 1.0 count once and
 *    plain numbers and strings are their own keys (no string building per value).
 * 5. An accumulator created without a known argument type (an untyped parameter) decides from the values:
 *    any fractional JavaScript number makes SUM/AVG REAL, else any Decimal makes it NUMERIC.
 * 6. `remove(v)` undoes an earlier `step(v)` exactly, for window frames that slide (exec/window-aggregate.ts):
 *    COUNT, and SUM/AVG over INTEGER or NUMERIC. Others have no `remove`, or return false and change nothing
 *    (an undecided SUM, which might be summing REAL values).
 * 7. STRING_AGG(text, separator) (PostgreSQL's) and GROUP_CONCAT(value [, separator]) (SQLite's; any scalar,
 *    as its text, and ',' when no separator is given) join the group's non-NULL values in the order the rows
 *    come, CHAR. The separator is the second argument, fixed for the execution (a constant or a parameter:
 *    `create`'s `separator`); these two are the only aggregates with one (`maxArgs`). Over no values, NULL.
 * 8. BOOL_AND (EVERY, the standard's name) and BOOL_OR fold BOOLEANs: FALSE as soon as one is false (AND), TRUE
 *    as soon as one is true (OR); over no non-NULL values, NULL.
 * 9. VAR_SAMP (VARIANCE), VAR_POP, STDDEV_SAMP (STDDEV) and STDDEV_POP: of INTEGERs or NUMERICs exact sums
 *    divided as NUMERIC division does — the variance exact to its 20 places, the deviation its square root to
 *    as many — NUMERIC; of REALs, REAL (Welford's running mean). The sample forms are NULL for fewer than two
 *    values, the population forms for none.
 * 10. ARRAY_AGG (PostgreSQL's) gathers a group's values into a DOCARRAY, NULLs included, in the order the rows
 *    come (or its ORDER BY's); over no rows, NULL. An INTERVAL or a structured value cannot be an element (42804).
 *    JSON_AGG and JSONB_AGG (PostgreSQL's JSON names) are ARRAY_AGG.
 * 11. The ordered-set aggregates PERCENTILE_CONT, PERCENTILE_DISC and MODE (ordered-set-aggregates.ts) are called
 *    `f(direct) WITHIN GROUP (ORDER BY x)`: x is their argument, fed in that order, and the direct argument (a
 *    percentile's fraction) is passed as the separator is.
 */
import { SqlError, SqlState } from '../../common/errors';
import { keepShape } from '../../common/shapes';
import { divideNumeric, NUMERIC_DIVISION_SCALE } from '../../common/values/arith';
import { castValue, typeOfValue } from '../../common/values/cast';
import { sqlCompare } from '../../common/values/compare';
import { BOOLEAN, CHAR, DOCARRAY, INTEGER, NUMERIC, REAL, type SqlType, typeToSql } from '../../common/values/sql-type';
import { compareValues, Decimal, ExactDecimal, normaliseInteger, toExactDecimal, type Value } from '../../common/values/value';
import { hashKey, type HashKey } from './hash-key';
import { ORDERED_SET_AGGREGATES } from './ordered-set-aggregates';

/** Folds the values of one group. */
export interface Accumulator {
  /** adds one value (NULL is ignored; COUNT(*) is stepped with any non-null marker) */
  step(v: Value): void;
  result(): Value;
  /** undoes one earlier `step(v)`; false (and no change) when it cannot be undone exactly (invariant 6) */
  remove?(v: Value): boolean;
}

/** An aggregate function at one call site. */
export interface AggregateFunction {
  readonly name: string;
  /** 2 for the aggregates that take a separator (invariant 7) or a direct argument (invariant 11), else 1 */
  readonly maxArgs: number;
  /** an ordered-set aggregate's number of direct arguments, called WITHIN GROUP (invariant 11); null for the others */
  readonly orderedSet: number | null;
  /** `arg` null means `*` (COUNT only); `separator` is the second argument's type, when given */
  resultType(arg: SqlType | null, separator?: SqlType): SqlType;
  /** `separator`: the second argument's value for this execution (invariant 7) */
  create(distinct: boolean, separator?: Value): Accumulator;
}

type Mode = 'INTEGER' | 'NUMERIC' | 'REAL' | 'AUTO';

function modeOf(t: SqlType | null): Mode {
  if (t === null) return 'AUTO';
  return t.kind === 'INTEGER' || t.kind === 'NUMERIC' || t.kind === 'REAL' ? t.kind : 'AUTO';
}

function notANumber(name: string, v: Value): SqlError {
  const kind = typeToSql(typeOfValue(v));
  return SqlError.of(SqlState.DatatypeMismatch, [`function ${name} cannot take ${kind} values`]);
}

/** `x` when finite; 22003 naming the aggregate when the REAL result overflowed. */
function finiteReal(name: string, x: number): number {
  if (x - x !== 0) throw SqlError.of(SqlState.NumericValueOutOfRange, [`${name} of REAL values`]);
  return x;
}

// ---------------------------------------------------------------- accumulators

class CountAccumulator implements Accumulator {
  private n = 0;
  step(v: Value): void {
    if (v !== null) this.n++;
  }
  remove(v: Value): boolean {
    if (v !== null) this.n--;
    return true;
  }
  result(): Value {
    return this.n;
  }
}

/** SUM and AVG over exact values (INTEGER, NUMERIC, or undecided): exact integer part plus a Decimal part. */
class ExactSum implements Accumulator {
  private n = 0;
  private big: bigint | null = null;
  private dec: Decimal | null = null;
  private fraction = 0;
  private sawFraction = false;
  private count = 0;

  constructor(
    private readonly name: string,
    private readonly mode: Mode,
    private readonly average: boolean,
  ) {}

  step(v: Value): void {
    if (v === null) return;
    this.count++;
    if (typeof v === 'number') {
      if (Number.isSafeInteger(v) || (this.mode !== 'AUTO' && Number.isInteger(v))) {
        if (this.big === null) {
          const r = this.n + v;
          if (Number.isSafeInteger(r)) {
            this.n = r;
            return;
          }
        }
        this.addBig(BigInt(v));
      } else if (this.mode === 'AUTO') {
        this.sawFraction = true;
        this.fraction += v;
      } else {
        this.addDecimal(toExactDecimal(v));
      }
    } else if (typeof v === 'bigint') {
      this.addBig(v);
    } else if (v instanceof Decimal) {
      this.addDecimal(v);
    } else {
      this.count--;
      throw notANumber(this.name, v);
    }
  }

  remove(v: Value): boolean {
    if (this.mode === 'AUTO') return false;
    if (v === null) return true;
    if (typeof v === 'number' || typeof v === 'bigint') this.step(-v);
    else if (v instanceof Decimal) this.step(v.neg());
    else return false;
    this.count -= 2; // the step above counted the negated value; the removed one goes too
    return true;
  }

  private addBig(b: bigint): void {
    this.big = (this.big === null ? BigInt(this.n) : this.big) + b;
  }

  private addDecimal(d: Decimal): void {
    this.dec = this.dec === null ? d : ExactDecimal.add(this.dec, d);
  }

  private exactTotal(): number | bigint | Decimal {
    const i = this.big === null ? this.n : normaliseInteger(this.big);
    if (this.dec === null) return i;
    const total = ExactDecimal.add(this.dec, toExactDecimal(i));
    if (!total.isFinite()) throw SqlError.of(SqlState.NumericValueOutOfRange, [this.name]);
    return total;
  }

  result(): Value {
    if (this.count === 0) return null;
    const exact = this.exactTotal();
    if (this.sawFraction) {
      const s = finiteReal(this.name, this.fraction + Number(exact instanceof Decimal ? exact.toNumber() : exact));
      return this.average ? s / this.count : s;
    }
    if (this.average) return divideNumeric(toExactDecimal(exact), new ExactDecimal(this.count));
    return this.mode === 'NUMERIC' ? toExactDecimal(exact) : exact;
  }
}

/**
 * SUM and AVG over REAL values, summed with compensation (Neumaier's variant of Kahan's): `c` gathers the
 * low-order bits each addition rounds away, and the result adds them back, so the sum of 10,000 values of
 * 50.9 is 509000, not 509000.0000000917 — as SQLite (3.43 and later) sums. An overflow makes `s` infinite
 * and `c` NaN, so the result is still 22003.
 */
class RealSum implements Accumulator {
  private s = 0;
  private c = 0;
  private count = 0;

  constructor(
    private readonly name: string,
    private readonly average: boolean,
  ) {}

  step(v: Value): void {
    if (v === null) return;
    let x: number;
    if (typeof v === 'number') x = v;
    else if (typeof v === 'bigint' || v instanceof Decimal) x = Number(v.toString());
    else throw notANumber(this.name, v);
    const s = this.s;
    const t = s + x;
    this.c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    this.s = t;
    this.count++;
  }

  result(): Value {
    if (this.count === 0) return null;
    const s = finiteReal(this.name, this.s + this.c);
    return this.average ? s / this.count : s;
  }
}

/**
 * SQL comparison, or — for values of kinds SQL cannot compare, which only a document selector yields (`MAX(doc.x)`
 * over numbers and strings) — the total order of `compareValues`, which is MongoDB's type order.
 */
export function extremeCompare(a: Value, b: Value): number {
  try {
    return sqlCompare(a, b)!;
  } catch (e) {
    if (e instanceof SqlError && e.sqlState === SqlState.DatatypeMismatch) return compareValues(a, b);
    throw e;
  }
}

/** MIN and MAX by SQL comparison. */
class ExtremeAccumulator implements Accumulator {
  private best: Value = null;

  constructor(private readonly max: boolean) {}

  step(v: Value): void {
    if (v === null) return;
    if (this.best === null) {
      this.best = v;
      return;
    }
    const c = extremeCompare(v, this.best);
    if (this.max ? c > 0 : c < 0) this.best = v;
  }

  result(): Value {
    return this.best;
  }
}

/** Passes each distinct non-null value to the inner accumulator once. */
/** STRING_AGG and GROUP_CONCAT (invariant 7). */
class JoinAccumulator implements Accumulator {
  private parts: string[] | null = null;

  constructor(
    private readonly separator: string,
    private readonly asText: boolean,
  ) {}

  step(v: Value): void {
    if (v === null) return;
    const s = typeof v === 'string' ? v : this.asText ? (castValue(v, CHAR) as string) : String(v);
    (this.parts ??= []).push(s);
  }

  result(): Value {
    return this.parts === null ? null : this.parts.join(this.separator);
  }
}

/** ARRAY_AGG (invariant 10). */
class ArrayAccumulator implements Accumulator {
  private values: Value[] | null = null;

  step(v: Value): void {
    (this.values ??= []).push(v);
  }

  result(): Value {
    return this.values as unknown as Value;
  }
}

/** BOOL_AND / EVERY and BOOL_OR (invariant 8). */
class BoolAccumulator implements Accumulator {
  private state: boolean | null = null;

  constructor(
    private readonly name: string,
    private readonly and: boolean,
  ) {}

  step(v: Value): void {
    if (v === null) return;
    if (typeof v !== 'boolean') throw notANumber(this.name, v);
    this.state = this.state === null ? v : this.and ? this.state && v : this.state || v;
  }

  result(): Value {
    return this.state;
  }
}

/** The variances and standard deviations (invariant 9). */
class VarianceAccumulator implements Accumulator {
  private n = 0;
  // exact: Σx and Σx² as Decimals; REAL: Welford's mean and sum of squared deviations
  private sum: Decimal = new ExactDecimal(0);
  private squares: Decimal = new ExactDecimal(0);
  private mean = 0;
  private m2 = 0;

  constructor(
    private readonly name: string,
    private readonly real: boolean,
    private readonly sample: boolean,
    private readonly root: boolean,
  ) {}

  step(v: Value): void {
    if (v === null) return;
    if (typeof v !== 'number' && typeof v !== 'bigint' && !(v instanceof Decimal)) throw notANumber(this.name, v);
    this.n++;
    if (this.real) {
      const x = Number(v);
      const d = x - this.mean;
      this.mean += d / this.n;
      this.m2 += d * (x - this.mean);
      return;
    }
    const x = toExactDecimal(v);
    this.sum = this.sum.plus(x);
    this.squares = this.squares.plus(x.times(x));
  }

  result(): Value {
    const n = this.n;
    const divisor = this.sample ? n - 1 : n;
    if (divisor <= 0) return null;
    if (this.real) {
      const variance = Math.max(this.m2 / divisor, 0);
      return finiteReal(this.name, this.root ? Math.sqrt(variance) : variance);
    }
    // (nΣx² − (Σx)²) / (n · divisor): exact up to the one division
    const numerator = this.squares.times(n).minus(this.sum.times(this.sum));
    const variance = divideNumeric(numerator, new ExactDecimal(n * divisor));
    if (!this.root) return variance;
    return variance.isZero() ? new ExactDecimal(0) : variance.sqrt().toDecimalPlaces(NUMERIC_DIVISION_SCALE, Decimal.ROUND_HALF_UP);
  }
}

class DistinctAccumulator implements Accumulator {
  private readonly seen = new Set<HashKey>();

  constructor(private readonly inner: Accumulator) {}

  step(v: Value): void {
    if (v === null) return;
    const k = hashKey(v);
    if (this.seen.has(k)) return;
    this.seen.add(k);
    this.inner.step(v);
  }

  result(): Value {
    return this.inner.result();
  }
}

// ---------------------------------------------------------------- definitions

/** An aggregate's rules: its types, and an accumulator for one call site, given the types `resultType` saw. */
export interface Definition {
  readonly maxArgs?: number;
  /** an ordered-set aggregate's number of direct arguments (ordered-set-aggregates.ts); absent for the others */
  readonly orderedSet?: number;
  resultType(arg: SqlType | null, name: string, separator?: SqlType): SqlType;
  create(arg: SqlType | null, name: string, separator?: Value, separatorType?: SqlType): Accumulator;
}

/** STRING_AGG (text only, `separator` required) or GROUP_CONCAT (any scalar, ',' by default): invariant 7. */
function joining(anyValue: boolean): Definition {
  return {
    maxArgs: 2,
    resultType(arg, name, separator) {
      const t = requireArg(arg, name);
      const textual = (x: SqlType): boolean => x.kind === 'CHAR' || x.kind === 'NULL';
      if (!anyValue && separator === undefined) throw SqlError.of(SqlState.UndefinedFunction, [`function ${name} with 1 argument`]);
      if ((!anyValue && !textual(t)) || (anyValue && (t.kind === 'DOCUMENT' || t.kind === 'DOCARRAY' || t.kind === 'BLOB'))) {
        throw SqlError.of(SqlState.DatatypeMismatch, [`function ${name} cannot take ${typeToSql(t)}`], { hint: 'CAST the values to VARCHAR.' });
      }
      if (separator !== undefined && !textual(separator)) {
        throw SqlError.of(SqlState.DatatypeMismatch, [`the separator of ${name} must be a string, not ${typeToSql(separator)}`]);
      }
      return CHAR;
    },
    create: (_arg, _name, separator) => new JoinAccumulator(typeof separator === 'string' ? separator : separator === null ? '' : ',', anyValue),
  };
}

function requireArg(arg: SqlType | null, name: string): SqlType {
  if (arg === null) throw SqlError.of(SqlState.UndefinedFunction, [`function ${name}(*)`]);
  return arg;
}

function numericArg(arg: SqlType | null, name: string): SqlType {
  const t = requireArg(arg, name);
  if (t.kind !== 'NULL' && t.kind !== 'INTEGER' && t.kind !== 'NUMERIC' && t.kind !== 'REAL') {
    throw SqlError.of(SqlState.DatatypeMismatch, [`function ${name} cannot take ${typeToSql(t)}`]);
  }
  return t;
}

function sumOrAvg(average: boolean): Definition {
  return {
    resultType: (arg, name) => {
      const t = numericArg(arg, name);
      if (t.kind === 'REAL') return REAL;
      if (average) return NUMERIC;
      if (t.kind === 'NUMERIC') return t.scale === undefined ? NUMERIC : { kind: 'NUMERIC', scale: t.scale };
      return t;
    },
    create: (arg, name) => {
      const mode = modeOf(arg);
      return mode === 'REAL' ? new RealSum(name, average) : new ExactSum(name, mode, average);
    },
  };
}

function extreme(max: boolean): Definition {
  return { resultType: requireArg, create: () => new ExtremeAccumulator(max) };
}

function boolean(and: boolean): Definition {
  return {
    resultType: (arg, name) => {
      const t = requireArg(arg, name);
      if (t.kind !== 'BOOLEAN' && t.kind !== 'NULL') throw SqlError.of(SqlState.DatatypeMismatch, [`function ${name} cannot take ${typeToSql(t)}`]);
      return BOOLEAN;
    },
    create: (_arg, name) => new BoolAccumulator(name, and),
  };
}

const ARRAY_AGG: Definition = {
  resultType: (arg, name) => {
    const t = requireArg(arg, name);
    if (t.kind === 'INTERVAL' || t.kind === 'TYPE') throw SqlError.of(SqlState.DatatypeMismatch, [`function ${name} cannot take ${typeToSql(t)}: an array cannot hold it`]);
    return DOCARRAY;
  },
  create: () => new ArrayAccumulator(),
};

function variance(sample: boolean, root: boolean): Definition {
  return {
    resultType: (arg, name) => (numericArg(arg, name).kind === 'REAL' ? REAL : NUMERIC),
    create: (arg, name) => new VarianceAccumulator(name, arg?.kind === 'REAL', sample, root),
  };
}

const DEFINITIONS: ReadonlyMap<string, Definition> = new Map<string, Definition>([
  ['COUNT', { resultType: () => INTEGER, create: () => new CountAccumulator() }],
  ['SUM', sumOrAvg(false)],
  ['AVG', sumOrAvg(true)],
  ['MIN', extreme(false)],
  ['MAX', extreme(true)],
  ['STRING_AGG', joining(false)],
  ['GROUP_CONCAT', joining(true)],
  ['ARRAY_AGG', ARRAY_AGG],
  ['JSON_AGG', ARRAY_AGG],
  ['JSONB_AGG', ARRAY_AGG],
  ['BOOL_AND', boolean(true)],
  ['EVERY', boolean(true)],
  ['BOOL_OR', boolean(false)],
  ['VAR_SAMP', variance(true, false)],
  ['VARIANCE', variance(true, false)],
  ['VAR_POP', variance(false, false)],
  ['STDDEV_SAMP', variance(true, true)],
  ['STDDEV', variance(true, true)],
  ['STDDEV_POP', variance(false, true)],
  ...ORDERED_SET_AGGREGATES,
]);

class BuiltinAggregate implements AggregateFunction {
  private arg: SqlType | null = null;
  private separator: SqlType | undefined = undefined;
  readonly maxArgs: number;
  readonly orderedSet: number | null;

  constructor(
    readonly name: string,
    private readonly def: Definition,
  ) {
    this.maxArgs = def.maxArgs ?? 1;
    this.orderedSet = def.orderedSet ?? null;
  }

  resultType(arg: SqlType | null, separator?: SqlType): SqlType {
    const t = this.def.resultType(arg, this.name, separator);
    this.arg = arg;
    this.separator = separator;
    return t;
  }

  create(distinct: boolean, separator?: Value): Accumulator {
    const acc = this.def.create(this.arg, this.name, separator, this.separator);
    return distinct ? new DistinctAccumulator(acc) : acc;
  }
}

/** The aggregate function `name` (upper case) as a fresh call site, or undefined. */
export function lookupAggregate(name: string): AggregateFunction | undefined {
  const def = DEFINITIONS.get(name);
  return def === undefined ? undefined : new BuiltinAggregate(name, def);
}

// accumulators live for one execution (shapes.ts)
keepShape(() => new CountAccumulator());
keepShape(() => new ExactSum('SUM', 'AUTO', false));
keepShape(() => new RealSum('SUM', false));
keepShape(() => new ExtremeAccumulator(true));
