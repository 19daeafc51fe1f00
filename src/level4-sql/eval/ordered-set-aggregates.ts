/**
 * src/level4-sql/eval/ordered-set-aggregates.ts — the standard's ordered-set aggregates, called with WITHIN GROUP:
 * PERCENTILE_CONT(f), PERCENTILE_DISC(f) and MODE() WITHIN GROUP (ORDER BY x).
 *
 * 1. The values are WITHIN GROUP's expression, fed to the accumulator in its order (exec/group.ts's ordered
 *    aggregates sort them; NULLs are skipped); the fraction is the direct argument, fixed for the execution and
 *    passed as `create`'s `direct`. Over no values the result is NULL, as it is for a NULL fraction.
 * 2. PERCENTILE_DISC(f): the first value, in that order, whose position p (1 … n) has p / n ≥ f — any type
 *    that sorts. PERCENTILE_CONT(f): the value at position f · (n − 1) from 0, interpolated linearly between the
 *    two values around it — numbers only (42804), exact for INTEGER and NUMERIC values (a NUMERIC result:
 *    PostgreSQL gives DOUBLE PRECISION) and REAL for REAL ones.
 * 3. A fraction outside [0, 1] is 22003. An array of fractions (`ARRAY[0.25, 0.5]`) gives an array of results,
 *    one per fraction (NULL for a NULL one); an array given where the fraction's type was not known to be one (a
 *    parameter) is 42804, since the result's type was fixed as one value's.
 * 4. MODE(): the most frequent value; of equally frequent ones the first in the order. Values equal as keys
 *    (`compareValues`: 1 and 1.0) count as one.
 */
import { SqlError, SqlState } from '../../common/errors';
import { keepShape } from '../../common/shapes';
import { typeOfValue } from '../../common/values/cast';
import { DOCARRAY, NUMERIC, REAL, type SqlType, typeToSql } from '../../common/values/sql-type';
import { compareValues, Decimal, ExactDecimal, toExactDecimal, type Value } from '../../common/values/value';
import type { Accumulator, Definition } from './aggregates';

/** Keeps the values in the order they come; `pick` makes the result from them (invariant 1). */
class PercentileAccumulator implements Accumulator {
  private readonly values: Value[] = [];

  constructor(
    private readonly name: string,
    private readonly fraction: Value,
    private readonly pick: (values: readonly Value[], f: Decimal) => Value,
  ) {}

  step(v: Value): void {
    if (v !== null) this.values.push(v);
  }

  result(): Value {
    const vs = this.values;
    const f = this.fraction;
    if (vs.length === 0 || f === null) return null;
    if (!Array.isArray(f)) return this.pick(vs, fractionOf(this.name, f));
    return (f as Value[]).map((x) => (x === null || x === undefined ? null : this.pick(vs, fractionOf(this.name, x)))) as unknown as Value;
  }
}

/** The fraction `f` as an exact Decimal in [0, 1] (invariant 3). */
function fractionOf(name: string, f: Value): Decimal {
  if (typeof f !== 'number' && typeof f !== 'bigint' && !(f instanceof Decimal)) {
    throw SqlError.of(SqlState.DatatypeMismatch, [`the fraction of ${name} must be a number, not ${typeToSql(typeOfValue(f))}`]);
  }
  const d = toExactDecimal(f);
  if (d.isNaN() || d.lessThan(0) || d.greaterThan(1)) {
    throw SqlError.of(SqlState.NumericValueOutOfRange, [`the fraction of ${name}, ${d.toString()}, is not between 0 and 1`]);
  }
  return d;
}

/** PERCENTILE_DISC's pick (invariant 2). */
function discrete(values: readonly Value[], f: Decimal): Value {
  const p = f.times(values.length).ceil().toNumber();
  return values[Math.max(p, 1) - 1]!;
}

/** PERCENTILE_CONT's pick over exact values (invariant 2). */
function continuousExact(values: readonly Value[], f: Decimal): Value {
  const pos = f.times(values.length - 1);
  const lo = pos.floor();
  const a = toExactDecimal(values[lo.toNumber()] as number | bigint | Decimal);
  if (pos.equals(lo)) return a;
  const b = toExactDecimal(values[lo.toNumber() + 1] as number | bigint | Decimal);
  return ExactDecimal.add(a, ExactDecimal.mul(pos.minus(lo), b.minus(a)));
}

/** PERCENTILE_CONT's pick over REAL values (invariant 2). */
function continuousReal(values: readonly Value[], f: Decimal): Value {
  const pos = f.toNumber() * (values.length - 1);
  const lo = Math.floor(pos);
  const a = Number(values[lo]);
  if (pos === lo) return a;
  return a + (pos - lo) * (Number(values[lo + 1]) - a);
}

/** The result's type for a fraction of type `direct`: an array of results for an array of fractions (invariant 3). */
function perFraction(name: string, one: SqlType, direct: SqlType | undefined): SqlType {
  const k = direct?.kind;
  if (k === 'DOCARRAY') return DOCARRAY;
  if (k !== undefined && k !== 'NULL' && k !== 'INTEGER' && k !== 'NUMERIC' && k !== 'REAL') {
    throw SqlError.of(SqlState.DatatypeMismatch, [`the fraction of ${name} must be a number or an array of numbers, not ${typeToSql(direct!)}`]);
  }
  return one;
}

/** A fraction that is an array where one value was expected (invariant 3). */
function checkScalar(name: string, direct: SqlType | undefined, f: Value): void {
  if (Array.isArray(f) && direct?.kind !== 'DOCARRAY') {
    throw SqlError.of(SqlState.DatatypeMismatch, [`the fraction of ${name} is an array where one number was expected`], { hint: 'Write several fractions as ARRAY[…].' });
  }
}

function percentile(continuous: boolean): Definition {
  return {
    maxArgs: 2,
    orderedSet: 1,
    resultType(arg, name, direct) {
      const t = arg ?? REAL;
      if (!continuous) return perFraction(name, t, direct);
      if (t.kind !== 'NULL' && t.kind !== 'INTEGER' && t.kind !== 'NUMERIC' && t.kind !== 'REAL') {
        throw SqlError.of(SqlState.DatatypeMismatch, [`function ${name} interpolates numbers, not ${typeToSql(t)}`], { hint: 'PERCENTILE_DISC picks a value of any type.' });
      }
      return perFraction(name, t.kind === 'REAL' ? REAL : NUMERIC, direct);
    },
    create(arg, name, direct, directType) {
      const f = direct ?? null;
      checkScalar(name, directType, f);
      const pick = !continuous ? discrete : arg?.kind === 'REAL' ? continuousReal : continuousExact;
      return new PercentileAccumulator(name, f, pick);
    },
  };
}

/** MODE() (invariant 4). */
class ModeAccumulator implements Accumulator {
  private run: Value = null;
  private runLength = 0;
  private best: Value = null;
  private bestLength = 0;

  step(v: Value): void {
    if (v === null) return;
    if (this.runLength > 0 && compareValues(v, this.run) === 0) this.runLength++;
    else {
      this.run = v;
      this.runLength = 1;
    }
    if (this.runLength > this.bestLength) {
      this.best = this.run;
      this.bestLength = this.runLength;
    }
  }

  result(): Value {
    return this.best;
  }
}

const MODE: Definition = {
  orderedSet: 0,
  resultType: (arg) => arg ?? REAL,
  create: () => new ModeAccumulator(),
};

/** The ordered-set aggregates by name, for aggregates.ts's table. */
export const ORDERED_SET_AGGREGATES: ReadonlyArray<readonly [string, Definition]> = [
  ['PERCENTILE_CONT', percentile(true)],
  ['PERCENTILE_DISC', percentile(false)],
  ['MODE', MODE],
];

// accumulators live for one execution (shapes.ts)
keepShape(() => new PercentileAccumulator('PERCENTILE_DISC', null, discrete));
keepShape(() => new ModeAccumulator());
